/**
 * Reads a real-time-log answer without ever making its content a string. The content's JSON
 * string escapes are decoded straight into UTF-8 bytes, in place in the answer's own buffer:
 * a decoded escape is never longer than the escape (`\n` is 1 byte for 2, `\uXXXX` at most 3
 * for 6, a surrogate pair 4 for 12), so the bytes written never overtake the bytes still to be
 * read. Raw UTF-8 between escapes is moved, not re-encoded. The log then travels as bytes to
 * the file and to stdout; only the few lines that need text are decoded.
 *
 * Pure functions over the body's bytes: no I/O.
 */

import { KnownNewlines } from '../text/known-newlines.js'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const LETTER_U = 0x75
/** Stands in for the content while the rest of the answer is parsed. */
const PLACEHOLDER = '\u0000codearts-content\u0000'
const PLACEHOLDER_JSON = Buffer.from(JSON.stringify(PLACEHOLDER).slice(1, -1))
/** U+FFFD, what a lone surrogate becomes in UTF-8 (as Node's encoder writes it). */
const REPLACEMENT = [0xef, 0xbf, 0xbd]

/** An answer split into its small envelope (content emptied) and its content. */
export interface SplitAnswer {
  readonly envelope: Record<string, unknown>
  /**
   * The content as UTF-8 bytes, decoded in place: a view of the answer's own body. A surrogate
   * half at the content's very start or end is written as its three-byte form (ED A0..BF xx)
   * for SurrogateCarry to join with its other half; anywhere else it is U+FFFD.
   */
  readonly content: Buffer
  /** The content's newlines, as the decoder wrote them; absent when they are not all known. */
  readonly newlines?: KnownNewlines
}

/**
 * The single-character escapes of JSON, by their letter: the byte each stands for (0: none;
 * any other is kept as written, leniently, as before). A table: it is read once a line.
 */
const SIMPLE_ESCAPES = new Uint8Array(256)
for (const [letter, byte] of [
  [QUOTE, QUOTE],
  [BACKSLASH, BACKSLASH],
  [0x2f /* / */, 0x2f],
  [0x62 /* b */, 0x08],
  [0x66 /* f */, 0x0c],
  [0x6e /* n */, 0x0a],
  [0x72 /* r */, 0x0d],
  [0x74 /* t */, 0x09]
]) {
  SIMPLE_ESCAPES[letter] = byte
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** The code unit of a `\uXXXX` escape at `at` (its backslash), or -1 if it is not one. */
function unicodeEscape(body: Buffer, at: number, end: number): number {
  if (at + 6 > end || body[at] !== BACKSLASH || body[at + 1] !== LETTER_U) return -1
  let value = 0
  for (let i = at + 2; i < at + 6; i++) {
    const digit = hexValue(body[i])
    if (digit === -1) return -1
    value = value * 16 + digit
  }
  return value
}

/** Writes a code point as UTF-8 (surrogates as their three-byte form); returns the length. */
function writeCodePoint(body: Buffer, at: number, code: number): number {
  if (code < 0x80) {
    body[at] = code
    return 1
  }
  if (code < 0x800) {
    body[at] = 0xc0 | (code >> 6)
    body[at + 1] = 0x80 | (code & 0x3f)
    return 2
  }
  if (code < 0x10000) {
    body[at] = 0xe0 | (code >> 12)
    body[at + 1] = 0x80 | ((code >> 6) & 0x3f)
    body[at + 2] = 0x80 | (code & 0x3f)
    return 3
  }
  body[at] = 0xf0 | (code >> 18)
  body[at + 1] = 0x80 | ((code >> 12) & 0x3f)
  body[at + 2] = 0x80 | ((code >> 6) & 0x3f)
  body[at + 3] = 0x80 | (code & 0x3f)
  return 4
}

/**
 * Decodes the JSON string text `body[start, end)` into UTF-8 in place, from `start`; returns
 * the decoded length. Lenient where JSON is strict: a raw control character is kept, and an
 * unknown or cut escape is kept as written, since content before it may already be shown.
 * `newlines` takes down every newline an escape becomes (a raw one is not looked for).
 */
export function decodeJsonStringInPlace(
  body: Buffer,
  start: number,
  end: number,
  newlines?: KnownNewlines
): number {
  let read = start
  let write = start
  while (read < end) {
    // None before `end` means the rest is plain text.
    let slash = body.indexOf(BACKSLASH, read)
    if (slash === -1 || slash > end) slash = end
    if (slash > read) {
      if (write !== read) body.copyWithin(write, read, slash)
      write += slash - read
    }
    if (slash === end) break
    // Past the body's end the letter is undefined, and so is its entry.
    const simple = SIMPLE_ESCAPES[body[slash + 1]]
    if (simple > 0) {
      if (simple === 0x0a) newlines?.add(body.byteOffset + write)
      body[write++] = simple
      read = slash + 2
      continue
    }
    const unit = unicodeEscape(body, slash, end)
    if (unit === -1) {
      // Kept as written: the backslash now, what follows it as ordinary text.
      body[write++] = BACKSLASH
      read = slash + 1
      continue
    }
    read = slash + 6
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = unicodeEscape(body, read, end)
      if (low >= 0xdc00 && low <= 0xdfff) {
        write += writeCodePoint(body, write, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))
        read += 6
        continue
      }
      // The high half at the very end may find its low half in the next answer.
      if (read === end) {
        write += writeCodePoint(body, write, unit)
        continue
      }
    } else if (unit >= 0xdc00 && unit <= 0xdfff && slash !== start) {
      for (const byte of REPLACEMENT) body[write++] = byte
      continue
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      for (const byte of REPLACEMENT) body[write++] = byte
      continue
    }
    if (unit === 0x0a) newlines?.add(body.byteOffset + write)
    write += writeCodePoint(body, write, unit)
  }
  return write - start
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

/**
 * Splits the answer's log text (`result.<key>`: `content` on the v3 route, `log` on the v1
 * one) from the rest and parses the rest; undefined when the body is not a plain JSON object
 * with a string at `result.<key>` (an error answer, say), for the caller to read the usual
 * way. The key's value is emptied in the envelope; the content is decoded in the body's own
 * memory, which the body's owner releases.
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
  // The decoder takes down the newlines it writes; a raw one in the text (lenient JSON) it
  // passes over, so with one there none are known.
  const raw = body.indexOf(0x0a, valueStart)
  const newlines = raw === -1 || raw >= valueEnd ? new KnownNewlines() : undefined
  newlines?.begin(body.buffer, body.byteOffset + valueStart)
  const length = decodeJsonStringInPlace(body, valueStart, valueEnd, newlines)
  newlines?.end(body.byteOffset + valueStart + length)
  return {
    envelope: envelope as Record<string, unknown>,
    content: body.subarray(valueStart, valueStart + length),
    newlines
  }
}
