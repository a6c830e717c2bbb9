/** Edits and reads of generated build logs that several suites share. */
import { logLines } from './runner-lines.js'

/** The log's lines, each with its own line ending. */
export function splitKeepingEnds(text: string): string[] {
  return text.split(/(?<=\n)/)
}

export const isStepLine = (line: string, name: string): boolean =>
  line.startsWith('[') && (line.includes(`] [${name}: `) || line.includes(`] [${name}:`))

/**
 * Inserts whole lines into a generated log: right after the step's start marker, or right
 * before its first marker after that (its end or its failure).
 */
export function insertIntoStep(
  text: string,
  stepName: string,
  newLines: readonly string[],
  where: 'start' | 'end'
): string {
  const lines = splitKeepingEnds(text)
  const start = lines.findIndex((line) => isStepLine(line, stepName))
  if (start < 0) throw new Error(`no step '${stepName}' in the log`)
  let at = start + 1
  if (where === 'end') {
    while (at < lines.length && !isStepLine(lines[at], stepName)) at++
  }
  lines.splice(at, 0, ...newLines.map((line) => line + '\n'))
  return lines.join('')
}

/** The lines of one step, from its start marker to its last marker, as the runner shows them. */
export function stepLines(log: Buffer | string, stepName: string): string[] {
  const lines = logLines(log)
  const first = lines.findIndex((line) => isStepLine(line, stepName))
  let last = first
  lines.forEach((line, i) => {
    if (isStepLine(line, stepName)) last = i
  })
  return lines.slice(first, last + 1)
}
