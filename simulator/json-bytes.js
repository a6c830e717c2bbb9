// @ts-check

const BACKSLASH = 0x5c

/** For each byte: 0 when it stays as is, else the letter of its two-character escape, or 1 for `\u00XX`. */
const ESCAPES = new Uint8Array(256)
for (let byte = 0; byte < 0x20; byte++) ESCAPES[byte] = 1
for (const [byte, letter] of /** @type {const} */ ([
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x22, '"'],
  [BACKSLASH, '\\']
])) {
  ESCAPES[byte] = letter.charCodeAt(0)
}

const HEX = '0123456789abcdef'

/**
 * The bytes of a JSON string literal (quotes excluded) holding `utf8[start, end)`.
 *
 * Works on the UTF-8 bytes directly: decoding a megabyte to a JS string, stringifying it and
 * encoding it again costs several times more, and JSON allows raw UTF-8 in strings, so only
 * quotes, backslashes and control bytes need rewriting. Bytes of multi-byte sequences are all
 * 0x80 or above, so they pass through untouched.
 *
 * @param {Buffer} utf8
 * @param {number} start
 * @param {number} end
 * @returns {Buffer} a view of `utf8` when nothing needs escaping, else a new Buffer
 */
export function jsonStringBytes(utf8, start, end) {
  let extra = 0
  for (let i = start; i < end; i++) {
    const escape = ESCAPES[utf8[i]]
    if (escape !== 0) extra += escape === 1 ? 5 : 1
  }
  if (extra === 0) return utf8.subarray(start, end)

  const out = Buffer.allocUnsafe(end - start + extra)
  let written = 0
  for (let i = start; i < end; i++) {
    const byte = utf8[i]
    const escape = ESCAPES[byte]
    if (escape === 0) {
      out[written++] = byte
    } else if (escape === 1) {
      out[written++] = BACKSLASH
      out[written++] = 0x75 // u
      out[written++] = 0x30
      out[written++] = 0x30
      out[written++] = HEX.charCodeAt(byte >> 4)
      out[written++] = HEX.charCodeAt(byte & 15)
    } else {
      out[written++] = BACKSLASH
      out[written++] = escape
    }
  }
  return out
}
