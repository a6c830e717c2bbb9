import type { ErrorBody } from './errors.js'
import type { SplitAnswer } from './log-answer.js'
import type { KnownNewlines } from '../text/known-newlines.js'

/**
 * The JSON shapes of CodeArts answers, read defensively: a field of the wrong type reads as
 * missing, and the caller decides whether that is a transient failure. Pure functions, no I/O.
 */

/** A JSON object as parsed. */
export type Json = Record<string, unknown>

/** One answer of the real-time log: its content covers the old cursor up to `nextOffset`. */
export interface LogChunk {
  /**
   * The content as UTF-8 bytes (empty for none). Lent: it is the answer's own memory, valid
   * until `release`; what must outlive that is copied.
   */
  readonly content: Buffer
  /** The content's newlines, when the decoder took them down; `release` forgets them too. */
  readonly newlines?: KnownNewlines
  /** Gives the answer's memory back for the next read. The follower calls it, once it took the chunk. */
  readonly release: () => void
  /** Sent back verbatim on the next read: its unit (bytes or characters) is the server's. */
  readonly nextOffset: string
  readonly hasMoreData: boolean
  /** Where the server says this answer starts (v3 `current_offset`, v1 `start_offset`). */
  readonly startOffset?: string
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The body's JSON object, or undefined when it is not JSON or not an object. */
export function parseJsonBody(body: Buffer): Json | undefined {
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
    // Some gateways answer with the JSON document serialised once more as a string.
    if (typeof value === 'string') value = JSON.parse(value)
  } catch {
    return undefined
  }
  return isObject(value) ? value : undefined
}

/** A JSON document that is not an object (an array, a number) still comes from an API. */
export function looksLikeJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'))
    return true
  } catch {
    return false
  }
}

/** The error code and message of a body, whichever of the documented shapes it has. */
export function errorFields(body: Json): ErrorBody {
  const nested = isObject(body.error) ? body.error : {}
  const code = body.error_code ?? nested.error_code ?? nested.code
  const message = body.error_msg ?? nested.error_msg ?? nested.message
  return {
    errorCode: typeof code === 'string' && code ? code : undefined,
    // Not shortened here: a cut through an echoed secret would slip past redaction.
    errorMessage: typeof message === 'string' && message ? message : undefined
  }
}

/** A boolean, also when sent as the string "true" or "false". */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  return undefined
}

/** A non-negative whole number as its decimal text (a log cursor, a build number). */
export function asCursor(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  if (typeof value === 'string' && /^\d+$/.test(value)) return value
  return undefined
}

/** A digit-string cursor as a number to compare; undefined for one that is not (opaque). */
export function cursorValue(cursor: string | undefined): bigint | undefined {
  return cursor !== undefined && /^\d+$/.test(cursor) ? BigInt(cursor) : undefined
}

/** Where each real-time-log route puts the same four things in its `result`. */
export interface LogFieldNames {
  readonly nextOffset: string
  readonly hasMoreData: string
  readonly startOffset: string
  readonly content: string
}

/** The v3 route (`/v3/jobs/{job_id}/{build_no}/real-time-log`). */
export const V3_LOG_FIELDS: LogFieldNames = {
  nextOffset: 'offset',
  hasMoreData: 'has_more_data',
  startOffset: 'current_offset',
  content: 'content'
}

/** The v1 route (`/v1/log/{job_id}/{build_no}/real-time-log`). */
export const V1_LOG_FIELDS: LogFieldNames = {
  nextOffset: 'end_offset',
  hasMoreData: 'has_more',
  startOffset: 'start_offset',
  content: 'log'
}

/**
 * The chunk a log answer's envelope stands for, or undefined when a field it needs is missing.
 * `split` carries the content when the answer was read without parsing it whole; `release`
 * gives the answer's memory back.
 */
export function toLogChunk(
  envelope: Json,
  fields: LogFieldNames,
  split: SplitAnswer | undefined,
  release: () => void
): LogChunk | undefined {
  const result = isObject(envelope.result) ? envelope.result : undefined
  const nextOffset = asCursor(result?.[fields.nextOffset])
  const hasMoreData = asBoolean(result?.[fields.hasMoreData])
  const content = result?.[fields.content] ?? ''
  if (!result || nextOffset === undefined || hasMoreData === undefined) return undefined
  if (typeof content !== 'string') return undefined
  const startOffset = asCursor(result[fields.startOffset])
  return {
    content: split ? split.content : Buffer.from(content, 'utf8'),
    newlines: split?.newlines,
    release: () => {
      split?.newlines?.release()
      release()
    },
    nextOffset,
    hasMoreData,
    startOffset
  }
}

/** The fields a log answer lacks, named for the message of its transient failure. */
export function missingLogFields(fields: LogFieldNames): string {
  return `it lacks result.${fields.nextOffset}, result.${fields.hasMoreData} or result.${fields.content}`
}
