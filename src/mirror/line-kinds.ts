import { mayBeFinishedLine } from '../build-log/finished-line.js'
import { mayBeStatusBlockHeading } from '../build-log/status-block.js'
import { mayBeStepLine } from '../build-log/step-markers.js'
import { mayBeToolErrorLine, startsAsErrorLine } from '../report/annotations.js'
import { afterLeadingCodes, beforeTrailingCodes } from '../text/ansi.js'

/**
 * A line that can be neither a step line, an error line, the status block's heading nor the
 * Finished line: decided from its first bytes, without making a string of it.
 */
export function isPlainLine(text: Buffer, start: number, end: number): boolean {
  const first = text[start]
  if (first === 91 /* [ */)
    return !mayBeToolErrorLine(text, start) && !mayBeStepLine(text, start, end)
  if (first === 70 /* F */) return !mayBeFinishedLine(text, start)
  if (first === 61 /* = */) return !mayBeStatusBlockHeading(text, start, end)
  // Most lines end here, so this is the one test they pay.
  return first !== 27 /* ESC */ || isPlainColouredLine(text, start, end)
}

/**
 * A line that opens with colour codes is no step, Finished or heading line (those start with
 * their own character); it is an error line when its text, codes stripped, is. Told here when
 * the codes only wrap the text (`\x1b[32m+ docker pull …\x1b[0m`, most coloured lines): codes
 * within the text are stripped as a string, in full.
 */
function isPlainColouredLine(text: Buffer, start: number, end: number): boolean {
  const textStart = afterLeadingCodes(text, start, end)
  return (
    textStart !== -1 &&
    beforeTrailingCodes(text, textStart, end) !== -1 &&
    !startsAsErrorLine(text, textStart)
  )
}
