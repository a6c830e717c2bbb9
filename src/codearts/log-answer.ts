/**
 * Reads a real-time-log answer without ever holding its content as one string. A 1 MB answer
 * parsed whole makes two megabyte-sized strings (the body, then the content) that pile up
 * until a full garbage collection; decoded here piece by piece (16 KiB at most) as the pieces
 * are taken, the content becomes small, short-lived strings that the cheap young-generation
 * collection takes care of without promoting them.
 *
 * Pure functions over the body's bytes: no I/O.
 */

/**
 * The largest piece of content decoded at once, in bytes of the answer: even as two-byte text
 * it stays well below V8's large-object size (128 KiB), so it never leaves the young generation.
 */
export const PIECE_BYTES = 16 * 1024

const QUOTE = 0x22
const BACKSLASH = 0x5c
const LETTER_U = 0x75
/** Stands in for the content while the rest of the answer is parsed. */
const PLACEHOLDER = '\u0000codearts-content\u0000'
const PLACEHOLDER_JSON = Buffer.from(JSON.stringify(PLACEHOLDER).slice(1, -1))

/** An answer split into its small envelope (content emptied) and its content, in pieces. */
export interface SplitAnswer {
  readonly envelope: Record<string, unknown>
  /** False when the content is empty. */
  readonly hasContent: boolean
  /**
   * The content's pieces, decoded one at a time as they are taken (iterate once): only the
   * piece in hand is alive, so the young generation collects the rest without promoting it.
   */
  readonly pieces: Iterable<string>
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t'
}

/**
 * Decodes the text of a JSON string. JSON.parse does it natively; text that is not valid JSON
 * (a raw control character, an unknown escape) is decoded leniently instead of refused, since
 * pieces before it may already have been shown.
 */
function decodeJsonString(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string
  } catch {
    return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (escape, code: string) =>
      code.length === 5
        ? String.fromCharCode(parseInt(code.slice(1), 16))
        : (ESCAPES[code] ?? escape)
    )
  }
}

function* decodePieces(body: Buffer, start: number, end: number): Generator<string> {
  for (let at = start; at < end;) {
    const cut = end - at <= PIECE_BYTES ? end : safeCut(body, at, at + PIECE_BYTES)
    yield decodeJsonString(body.toString('utf8', at, cut))
    at = cut
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d
}

/** True when the byte at `at` is escaped: an odd number of backslashes stands before it. */
function isEscaped(body: Buffer, at: number): boolean {
  let backslashes = 0
  for (let i = at - 1; i >= 0 && body[i] === BACKSLASH; i--) backslashes++
  return backslashes % 2 === 1
}

/** Where the string value of the first `"<key>":` starts (after its quote), or -1. */
function findStringValue(body: Buffer, keyName: string): number {
  const quotedKey = Buffer.from(JSON.stringify(keyName))
  for (let key = body.indexOf(quotedKey); key !== -1; key = body.indexOf(quotedKey, key + 1)) {
    if (isEscaped(body, key)) continue
    let at = key + quotedKey.length
    while (isSpace(body[at])) at++
    if (body[at] !== 0x3a /* : */) continue
    at++
    while (isSpace(body[at])) at++
    if (body[at] === QUOTE) return at + 1
  }
  return -1
}

/** Where the JSON string starting at `start` ends (its closing quote), or -1. */
function findStringEnd(body: Buffer, start: number): number {
  for (let at = body.indexOf(QUOTE, start); at !== -1; at = body.indexOf(QUOTE, at + 1)) {
    if (!isEscaped(body, at)) return at
  }
  return -1
}

function isHighSurrogateEscape(body: Buffer, at: number): boolean {
  const hex = body.toString('latin1', at + 2, at + 6).toLowerCase()
  return hex >= 'd800' && hex <= 'dbff'
}

/**
 * Moves a cut back so that it splits neither a UTF-8 character, nor an escape sequence, nor
 * the two `\uXXXX` halves of a surrogate pair.
 */
export function safeCut(body: Buffer, start: number, proposed: number): number {
  let cut = proposed
  while (cut > start && (body[cut] & 0xc0) === 0x80) cut--
  for (;;) {
    // Only the last backslash before the cut can start an escape that crosses it.
    let last = cut - 1
    while (last >= Math.max(start, cut - 12) && body[last] !== BACKSLASH) last--
    if (last < Math.max(start, cut - 12) || isEscaped(body, last)) return cut
    const isUnicode = body[last + 1] === LETTER_U
    const length = isUnicode ? 6 : 2
    const crosses =
      last + length > cut || (isUnicode && isHighSurrogateEscape(body, last) && last + 12 > cut)
    if (!crosses) return cut
    cut = last
  }
}

/**
 * Splits the answer's log text (`result.<key>`: `content` on the v3 route, `log` on the v1
 * one) into decoded pieces and parses the rest; undefined when the body is not a plain JSON
 * object with a string at `result.<key>` (an error answer, say), for the caller to read the
 * usual way. The key's value is emptied in the envelope.
 */
export function splitLogAnswer(body: Buffer, key = 'content'): SplitAnswer | undefined {
  const valueStart = findStringValue(body, key)
  if (valueStart === -1) return undefined
  const valueEnd = findStringEnd(body, valueStart)
  if (valueEnd === -1) return undefined
  let envelope: unknown
  try {
    const rest = Buffer.concat([
      body.subarray(0, valueStart),
      PLACEHOLDER_JSON,
      body.subarray(valueEnd)
    ])
    envelope = JSON.parse(rest.toString('utf8'))
  } catch {
    return undefined
  }
  const result = (envelope as { result?: Record<string, unknown> } | null)?.result
  if (typeof result !== 'object' || result === null || result[key] !== PLACEHOLDER) return undefined

  result[key] = ''
  return {
    envelope: envelope as Record<string, unknown>,
    hasContent: valueEnd > valueStart,
    pieces: decodePieces(body, valueStart, valueEnd)
  }
}
