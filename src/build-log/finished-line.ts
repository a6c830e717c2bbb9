import { isKnownBuildResult } from './build-result.js'

/** How the log's own last line starts: `Finished: SUCCESS`, as Jenkins-style logs end. */
const FINISHED_PREFIX = 'Finished: '
const FINISHED_PREFIX_BYTES = Buffer.from(FINISHED_PREFIX)

/** The final `Finished: <RESULT>` line of the log, the fallback when no status call exists. */
export function finishedLineResult(line: string): string | undefined {
  const match = /^Finished: ([A-Za-z_]+)\s*$/.exec(line)
  return match ? match[1] : undefined
}

/**
 * Whether a line may be the Finished line, from its first bytes and without making a string
 * of it: the hot path asks this of every line.
 */
export function mayBeFinishedLine(text: Buffer, start: number): boolean {
  return startsWithBytes(text, start, FINISHED_PREFIX_BYTES)
}

/** Whether `text` holds `prefix` at `start`: a comparison of bytes, no string made. */
export function startsWithBytes(text: Uint8Array, start: number, prefix: Uint8Array): boolean {
  if (start + prefix.length > text.length) return false
  for (let i = 0; i < prefix.length; i++) if (text[start + i] !== prefix[i]) return false
  return true
}

/**
 * The result of a `Finished: <RESULT>` line that is the log's last line so far but has no
 * newline yet (`line` without its trailing `\r`). Only the caller knows whether the log is
 * caught up, and so whether this line is the log's end. While the log may still grow, only a
 * known final word counts (`Finished: SUCC` may be a word still being written); once it is
 * complete, any word does.
 */
export function unterminatedFinishedResult(line: string, logComplete: boolean): string | undefined {
  if (!line.startsWith(FINISHED_PREFIX)) return undefined
  const word = finishedLineResult(line)
  return logComplete || isKnownBuildResult(word) ? word : undefined
}
