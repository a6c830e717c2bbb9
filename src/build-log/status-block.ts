/**
 * The block CodeArts writes once every step is over, before `Finished: <RESULT>`:
 *   ==================== All Tasks Status ====================
 *   buildImage:buildImage state: ABORTED, status: error
 * Its heading ends the steps: whatever step is still open (an aborted one has no end marker)
 * is over, and the block belongs to no step. Pure functions: no I/O, no state.
 */
import { finishedLineResult } from './finished-line.js'

const HEADING = /^=+\s*All Tasks Status\s*=+\s*$/i

/**
 * A cheap test on the log's bytes, with no allocation: a heading starts and ends with `=`
 * (the line is `text[start, end)`, a `\r` before its end allowed). Only such lines are decoded
 * and given to isStatusBlockHeading.
 */
export function mayBeStatusBlockHeading(text: Uint8Array, start: number, end: number): boolean {
  const last = end - 1 > start && text[end - 1] === 13 ? end - 2 : end - 1
  return text[start] === 61 /* = */ && last > start && text[last] === 61
}

/** Whether a line (without its line break) is the status block's heading. */
function isStatusBlockHeading(line: string): boolean {
  return line.charCodeAt(0) === 61 /* = */ && HEADING.test(line)
}

/** Whether a line ends the steps: the status block's heading, or the `Finished:` line. */
export function endsTheSteps(line: string): boolean {
  return isStatusBlockHeading(line) || finishedLineResult(line) !== undefined
}
