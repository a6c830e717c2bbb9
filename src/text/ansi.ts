/** Colour and cursor codes (CSI sequences) as build tools print them. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g

/** The text without terminal escape codes, for places that do not render them. */
export function stripAnsi(text: string): string {
  return text.indexOf('\u001b') === -1 ? text : text.replace(ANSI_ESCAPE, '')
}

const ESC = 27

/** A byte ANSI_ESCAPE allows between `ESC [` and the final letter: a digit, `;` or `?`. */
function isParameterByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || byte === 0x3b || byte === 0x3f
}

/** Where the code that ANSI_ESCAPE matches at `at` ends, within `text[at, end)`; -1: none there. */
function codeEnd(text: Uint8Array, at: number, end: number): number {
  if (text[at] !== ESC || text[at + 1] !== 0x5b /* [ */) return -1
  let i = at + 2
  while (i < end && isParameterByte(text[i])) i++
  const letter = text[i] | 0x20
  return i < end && letter >= 0x61 /* a */ && letter <= 0x7a /* z */ ? i + 1 : -1
}

/**
 * Whether `text[start, end)`, stripped as stripAnsi strips it, starts with `prefix`: the codes
 * before and between its bytes are passed over, and no string is made.
 */
export function startsWithStripped(
  text: Uint8Array,
  start: number,
  end: number,
  prefix: Uint8Array
): boolean {
  let at = start
  for (let i = 0; i < prefix.length;) {
    const afterCode = text[at] === ESC ? codeEnd(text, at, end) : -1
    if (afterCode !== -1) {
      at = afterCode
      continue
    }
    if (at >= end || text[at] !== prefix[i]) return false
    at++
    i++
  }
  return true
}

/**
 * Where the text of a coloured line `text[start, end)` starts: after the codes it opens with
 * (any number, as stripAnsi removes them). -1 when an escape there is no such code.
 */
export function afterLeadingCodes(text: Uint8Array, start: number, end: number): number {
  let at = start
  while (at !== -1 && at < end && text[at] === ESC) at = codeEnd(text, at, end)
  return at
}

/**
 * Where the text that starts at `from` ends when the line `text[.., end)` has colour codes
 * only after it (and perhaps a `\r` after those): then the line's text, codes stripped, is
 * `text[from, <answer>)` exactly. -1 when an escape inside it (or one that is no code) says
 * the codes are interleaved with the text: it must be stripped as a string.
 */
export function beforeTrailingCodes(text: Uint8Array, from: number, end: number): number {
  let textEnd = from
  while (textEnd < end && text[textEnd] !== ESC) textEnd++
  let at = textEnd
  while (at < end && text[at] === ESC) {
    at = codeEnd(text, at, end)
    if (at === -1) return -1
  }
  return at === end || (at === end - 1 && text[at] === 13) ? textEnd : -1
}
