import { mayBeFinishedLine } from '../build-log/finished-line.js'
import { mayBeStatusBlockHeading } from '../build-log/status-block.js'
import { mayBeStepLine } from '../build-log/step-markers.js'
import { startsAsErrorLine } from '../report/annotations.js'

/**
 * A line that can be neither a step line, an error line, the status block's heading nor the
 * Finished line: decided from its first bytes, without making a string of it.
 */
export function isPlainLine(text: Buffer, start: number, end: number): boolean {
  const first = text[start]
  if (first === 91 /* [ */)
    return !startsAsErrorLine(text, start, end) && !mayBeStepLine(text, start, end)
  if (first === 70 /* F */) return !mayBeFinishedLine(text, start)
  if (first === 61 /* = */) return !mayBeStatusBlockHeading(text, start, end)
  // Most lines end here, so this is the one test they pay. A line that opens with colour
  // codes is no step, Finished or heading line (those need their own first character); its
  // codes may hide an `[ERROR]`.
  return first !== 27 /* ESC */ || !startsAsErrorLine(text, start, end)
}
