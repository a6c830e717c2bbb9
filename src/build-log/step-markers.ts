/**
 * Recognises the lines CodeArts writes about its build steps, in both wordings seen:
 *   [2023/12/21 15:44:18.793 GMT+08:00] [INFO] [Maven build: external_post_maven]: This step starts.
 *   [Sep 14, 2026 02:29:37.820 GMT+08:00] [INFO] [Cache Check:cacheCheck] : This step is start
 * Pure functions: no I/O, no state.
 */
export interface StepLine {
  /** The display name, e.g. "Maven build". */
  readonly name: string
  /** The step's id, e.g. "external_post_maven". */
  readonly id: string
  /** INFO, ERROR, WARN, ... as written. */
  readonly level: string
  /** start/end: the step's own markers; other: any other line tagged with the step. */
  readonly kind: 'start' | 'end' | 'other'
  /** The marker or line reports a failure of the step. */
  readonly failed: boolean
  /** The timestamp text between the first brackets. */
  readonly timestamp: string
  /** What the line says after its tags. */
  readonly message: string
}

const STEP_LINE = /^\[([^\]]{8,40})\] \[([A-Za-z]+)\] \[([^\]]+)\]\s*:\s?(.*)$/
const MENTIONS_THIS_STEP = /this step/i
const STARTS = /\b(start|starts|started|starting|begin|begins)\b/i
const ENDS =
  /\b(complete|completed|finish|finished|end|ended|fail|failed|failure|succeeded|success)\b/i
const FAILS = /\b(fail|failed|failure|error)\b/i

/**
 * A cheap test on the log's UTF-8 bytes, with no allocation, that rules out almost every line
 * before parseStepLine: a step line starts with `[`, a timestamp of 8 to 40 characters (up to
 * 120 bytes), `] [`. Looks at no more than the first 124 bytes of `text` from `start` (the
 * line ends at `end`).
 */
export function mayBeStepLine(text: Uint8Array, start: number, end: number): boolean {
  if (text[start] !== 91 /* [ */) return false
  const limit = Math.min(end, start + 122)
  for (let at = start + 1; at < limit; at++) {
    if (text[at] !== 93 /* ] */) continue
    const width = at - start - 1
    return width >= 8 && text[at + 1] === 32 && text[at + 2] === 91
  }
  return false
}

/** Parses a line tagged with a build step; undefined for every other line. */
export function parseStepLine(line: string): StepLine | undefined {
  // Almost every line is tool output: one character decides before any regex runs.
  if (line.charCodeAt(0) !== 91 /* [ */) return undefined
  const match = STEP_LINE.exec(line)
  if (!match) return undefined
  const [, timestamp, level, tag, message] = match
  const separator = tag.lastIndexOf(':')
  if (separator <= 0) return undefined
  const name = tag.slice(0, separator).trim()
  const id = tag.slice(separator + 1).trim()
  if (!name || !id || /\s/.test(id)) return undefined

  const isError = level.toUpperCase() === 'ERROR'
  let kind: StepLine['kind'] = 'other'
  if (MENTIONS_THIS_STEP.test(message)) {
    if (ENDS.test(message)) kind = 'end'
    else if (STARTS.test(message)) kind = 'start'
  }
  const failed = isError || (kind === 'end' && FAILS.test(message))
  return { name, id, level, kind, failed, timestamp, message }
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11
}

function zoneOffsetMs(sign: string, hours: string, minutes: string | undefined): number {
  const magnitude = (Number(hours) * 60 + Number(minutes ?? 0)) * 60_000
  return sign === '-' ? -magnitude : magnitude
}

/**
 * Epoch milliseconds of a marker's timestamp, in either style:
 * `2023/12/21 15:44:18.793 GMT+08:00` or `Sep 14, 2026 02:29:37.820 GMT+08:00`.
 */
export function parseLogTimestamp(text: string): number | undefined {
  const numeric =
    /^(\d{4})[/-](\d{1,2})[/-](\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: GMT([+-])(\d{1,2}):?(\d{2})?)?$/.exec(
      text
    )
  const named =
    /^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: GMT([+-])(\d{1,2}):?(\d{2})?)?$/.exec(
      text
    )
  let fields: [number, number, number, string, string, string, string?, string?, string?, string?]
  if (numeric) {
    const [, year, month, day, h, m, s, ms, sign, zh, zm] = numeric
    fields = [Number(year), Number(month) - 1, Number(day), h, m, s, ms, sign, zh, zm]
  } else if (named) {
    const [, monthName, day, year, h, m, s, ms, sign, zh, zm] = named
    const month = MONTHS[monthName.toLowerCase()]
    if (month === undefined) return undefined
    fields = [Number(year), month, Number(day), h, m, s, ms, sign, zh, zm]
  } else {
    return undefined
  }
  const [year, month, day, h, m, s, ms, sign, zh, zm] = fields
  // Date.UTC rolls impossible values over (month 13 becomes next January): refuse them.
  if (month > 11 || day < 1 || day > 31 || Number(h) > 23 || Number(m) > 59 || Number(s) > 59) {
    return undefined
  }
  const utc = Date.UTC(
    year,
    month,
    day,
    Number(h),
    Number(m),
    Number(s),
    Number((ms ?? '0').padEnd(3, '0'))
  )
  const offset = sign && zh ? zoneOffsetMs(sign, zh, zm) : 0
  return Number.isNaN(utc) ? undefined : utc - offset
}
