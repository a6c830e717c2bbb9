import { stripAnsi } from '../text/ansi.js'

/**
 * What test and failure lines look like once the build's wrappers are taken off: colour codes,
 * the timestamp CodeArts may put first, the level tag of Maven and the like. Also the byte
 * tests the mirror's pre-filter asks before a line of tool output is decoded.
 */

// CodeArts may put its own timestamp before a tool's line: `[2026/09/14 02:29:41.002 GMT+08:00] `.
const TIMESTAMP_PREFIX = /^\[[^\]]{0,38}\d:\d\d[^\]]{0,38}\] /
const LEVEL_PREFIX = /^\[(?:INFO|ERROR|WARNING|WARN)\] /

/** `FAILED` as Gradle ends a failed test's line, seen on bytes (a colour reset after it allowed). */
const FAILED_BYTES = Buffer.from('FAILED')

/**
 * A cheap test on the bytes of a line `text[start, end)` that may name a failed Gradle test:
 * it ends with `FAILED`, perhaps followed by colour codes and a `\r`. Asked by the mirror's
 * pre-filter, so that a line of this form always reaches the collector.
 */
export function mayBeGradleFailedTest(text: Uint8Array, start: number, end: number): boolean {
  let last = end - 1
  if (last >= start && text[last] === 13) last--
  // Colour codes after the word: `FAILED\x1b[39m\x1b[0m`.
  while (last >= start && text[last] === 109 /* m */) {
    let at = last - 1
    while (at >= start && ((text[at] >= 48 && text[at] <= 57) || text[at] === 59)) at--
    if (at - 1 < start || text[at] !== 91 || text[at - 1] !== 27) break
    last = at - 2
  }
  const from = last - FAILED_BYTES.length + 1
  if (from < start) return false
  for (let i = 0; i < FAILED_BYTES.length; i++) if (text[from + i] !== FAILED_BYTES[i]) return false
  return true
}

/**
 * The line as its tool printed it: no colour codes, CodeArts timestamp or level tag; `error`
 * tells whether the tag was `[ERROR]`.
 */
export function toolText(rawLine: string): { line: string; error: boolean } {
  const plain = stripAnsi(rawLine).trimEnd()
  const untimed = plain.charCodeAt(0) === 91 ? plain.replace(TIMESTAMP_PREFIX, '') : plain
  return { line: untimed.replace(LEVEL_PREFIX, ''), error: untimed.startsWith('[ERROR] ') }
}
