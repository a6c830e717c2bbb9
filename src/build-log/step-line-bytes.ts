import { NextOccurrence } from '../text/next-occurrence.js'

/**
 * Step lines read on the log's bytes, for the lines that need no string: most of a real
 * CodeArts log is the engine's chatter, every line tagged with the step it belongs to,
 *   [2023/12/21 15:44:18.793 GMT+08:00] [INFO] [Maven build: external_post_maven]: text
 * and such a line changes nothing but the open step's tail when its tag is the open step's,
 * its level is no ERROR and its text does not say "this step". Those three things are told
 * here from the bytes; every other line is parsed in full by parseStepLine (step-markers.ts),
 * whose pattern this file must agree with: a line said routine here is one parseStepLine
 * reads as an `other` line of the same step, not failed, with the message starting where
 * this file says.
 */

const CLOSE = 93 /* ] */
const OPEN = 91 /* [ */
const SPACE = 32
const TAB = 9
const COLON = 58
/** A line longer than this is classified by its start only (LONG_LINE_BYTES): parsed in full. */
const ROUTINE_MAX_BYTES = 4096

/** `this step` as the step pattern's case-insensitive test sees it, lower case. */
const THIS_STEP = Buffer.from('this step')

/**
 * Where the third tag (the step's) starts, after `[<8 to 40 characters>] [<letters>] `; -1 for
 * any other start, and for the level ERROR when `refuseError`. The pattern counts the
 * timestamp in UTF-16 code units, the bytes here: a timestamp of 24 to 40 bytes is 8 to 40
 * units whatever its characters (at most 3 bytes a unit), so only a shorter one must be ASCII
 * to be told here (a non-ASCII one is parsed in full).
 */
function thirdTagStart(text: Buffer, start: number, end: number, refuseError: boolean): number {
  if (text[start] !== OPEN) return -1
  let at = start + 1
  const stampLimit = Math.min(end, start + 42)
  while (at < stampLimit && text[at] !== CLOSE) at++
  const width = at - start - 1
  if (width < 8 || width > 40 || text[at] !== CLOSE) return -1
  if (width < 24 && !isAscii(text, start + 1, at)) return -1
  if (text[at + 1] !== SPACE || text[at + 2] !== OPEN) return -1
  const levelStart = at + 3
  at = levelStart
  while (at < end && (text[at] | 0x20) >= 97 /* a */ && (text[at] | 0x20) <= 122 /* z */) at++
  if (at === levelStart || text[at] !== CLOSE || text[at + 1] !== SPACE) return -1
  if (refuseError && at - levelStart === 5 && isError(text, levelStart)) return -1
  return text[at + 2] === OPEN ? at + 2 : -1
}

/** Whether `text[from, to)` holds ASCII bytes only. */
function isAscii(text: Uint8Array, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (text[at] >= 0x80) return false
  return true
}

/** `ERROR` in any case, the level that fails a step. */
function isError(text: Uint8Array, at: number): boolean {
  return (
    (text[at] | 0x20) === 101 /* e */ &&
    (text[at + 1] | 0x20) === 114 /* r */ &&
    (text[at + 2] | 0x20) === 114 &&
    (text[at + 3] | 0x20) === 111 /* o */ &&
    (text[at + 4] | 0x20) === 114
  )
}

/**
 * The bytes of a step line's step tag, brackets included (`[Maven build: external_post_maven]`),
 * copied; undefined when they cannot be told from the bytes. Asked only of a line
 * parseStepLine has read as a step line.
 */
export function stepTagBytes(text: Buffer, start: number, end: number): Buffer | undefined {
  const tagStart = thirdTagStart(text, start, end, false)
  if (tagStart < 0) return undefined
  let at = tagStart + 1
  while (at < end && text[at] !== CLOSE) at++
  return at < end ? Buffer.from(text.subarray(tagStart, at + 1)) : undefined
}

/** What the pattern's `.` refuses besides `\n`: a line of the step is parsed in full then. */
const REFUSED_BY_DOT = [Buffer.from('\r'), Buffer.from('\u2028'), Buffer.from('\u2029')]

/**
 * Tells routine lines of the open step (see the file's comment) from the bytes. The line
 * terminators the pattern refuses are found by searches over the whole text, made once and
 * remembered while the lines are asked in order; `this step` is searched for within the
 * message, skipping most bytes. A line costs no allocation.
 */
export class RoutineLines {
  private readonly refusedByDot = REFUSED_BY_DOT.map((bytes) => new NextOccurrence(bytes))

  /**
   * Where the message of `text[start, end)` starts when the line is a routine line of the
   * step whose tag is `openTag`; -1 when the line must be parsed in full.
   */
  messageStart(text: Buffer, start: number, end: number, openTag: Uint8Array): number {
    if (text[start] !== OPEN || end - start > ROUTINE_MAX_BYTES) return -1
    const tagStart = thirdTagStart(text, start, end, true)
    if (tagStart < 0 || tagStart + openTag.length > end) return -1
    for (let i = 0; i < openTag.length; i++) if (text[tagStart + i] !== openTag[i]) return -1
    // `\s*:\s?` after the tag, on its plain ASCII forms; anything else is parsed in full.
    let at = tagStart + openTag.length
    while (at < end && (text[at] === SPACE || text[at] === TAB)) at++
    if (text[at] !== COLON) return -1
    at++
    const lineEnd = end > at && text[end - 1] === 13 ? end - 1 : end
    if (at < lineEnd && (text[at] === SPACE || text[at] === TAB)) at++
    else if (at < lineEnd && (text[at] < 0x21 || text[at] >= 0x80)) return -1
    for (const refused of this.refusedByDot) if (refused.within(text, at, lineEnd) !== -1) return -1
    return saysThisStep(text, at, lineEnd) ? -1 : at
  }

  /** The text's bytes are about to be reused: nothing found in them holds any longer. */
  newText(): void {
    for (const refused of this.refusedByDot) refused.reset()
  }
}

const LAST = THIS_STEP.length - 1

/** Whether `byte` matches the pattern's `want` as the case-insensitive test has it. */
function matches(byte: number, want: number): boolean {
  return byte === want || (want !== SPACE && (byte | 0x20) === want)
}

/**
 * How far the search window may move on when its last byte is this one (Horspool): its
 * distance from the end of `this step` at the last place it matches, the final byte not counted.
 */
const SHIFT = new Uint8Array(256).fill(THIS_STEP.length)
for (let byte = 0; byte < 256; byte++) {
  for (let i = 0; i < LAST; i++) if (matches(byte, THIS_STEP[i])) SHIFT[byte] = LAST - i
}

/**
 * `this step`, in any case, within `text[from, to)` (a start or end marker may say it). Most
 * bytes are skipped, not read: a log's messages are long and almost none says it.
 */
function saysThisStep(text: Uint8Array, from: number, to: number): boolean {
  for (let last = from + LAST; last < to; last += SHIFT[text[last]]) {
    let i = LAST
    while (i >= 0 && matches(text[last - LAST + i], THIS_STEP[i])) i--
    if (i < 0) return true
  }
  return false
}
