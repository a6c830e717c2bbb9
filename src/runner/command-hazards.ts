/**
 * Which remote lines the runner could take for a workflow command, decided on bytes. The
 * runner reads a line as a command when, after leading whitespace, it starts with `::`, or
 * when it holds `##[` anywhere; it starts a new line at `\r` as at `\n`. Its search is
 * culture-sensitive (ICU), which skips characters the collation ignores (soft hyphens, zero
 * width characters, most controls), so `:\u00AD:` may count as `::`. The test here is wider
 * than the runner's on purpose: any byte outside printable ASCII may stand for whitespace or
 * an ignorable character. A false alarm costs two fence lines; a miss would run a command.
 */

const COLON = 0x3a
const HASH = 0x23
const BRACKET = 0x5b
const CR = 0x0d

/** Whitespace, an ignorable control, or part of a non-ASCII character. */
export function mayBeBlank(byte: number): boolean {
  return byte < 0x21 || byte >= 0x7f
}

/** A control other than whitespace, or part of a non-ASCII character: possibly ignorable. */
export function mayBeIgnorable(byte: number): boolean {
  return byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte >= 0x7f
}

/** Whether the runner's line that starts at `at` may start with `::` once trimmed. */
function startsLikeCommand(text: Uint8Array, at: number, end: number): boolean {
  let i = at
  while (i < end && mayBeBlank(text[i])) i++
  if (i >= end || text[i] !== COLON) return false
  i++
  while (i < end && mayBeIgnorable(text[i])) i++
  return i < end && text[i] === COLON
}

/** Whether `##[` (perhaps with ignorable characters between) starts at the `#` at `at`. */
function legacyCommandAt(text: Uint8Array, at: number, end: number): boolean {
  let i = at + 1
  while (i < end && mayBeIgnorable(text[i])) i++
  if (i >= end || text[i] !== HASH) return false
  i++
  while (i < end && mayBeIgnorable(text[i])) i++
  return i < end && text[i] === BRACKET
}

/**
 * Tells, line after line of one text, whether a line needs the stop-commands fence. Where the
 * next `\r` and `#` are is remembered, so a text of many lines is searched once per byte.
 */
export class FenceNeeds {
  private nextCr = -1
  private nextHash = -1

  constructor(private readonly text: Buffer) {
    this.nextCr = text.indexOf(CR)
    this.nextHash = text.indexOf(HASH)
  }

  /** Whether the line `text[start, end)` (its `\n` included or not) needs the fence. */
  line(start: number, end: number): boolean {
    const { text } = this
    const first = text[start]
    if (mayBeBlank(first) || first === COLON) {
      if (startsLikeCommand(text, start, end)) return true
    }
    while (this.nextCr !== -1 && this.nextCr < start) this.nextCr = text.indexOf(CR, start)
    for (let cr = this.nextCr; cr !== -1 && cr < end; cr = text.indexOf(CR, cr + 1)) {
      this.nextCr = cr
      if (startsLikeCommand(text, cr + 1, end)) return true
    }
    while (this.nextHash !== -1 && this.nextHash < start) this.nextHash = text.indexOf(HASH, start)
    for (let hash = this.nextHash; hash !== -1 && hash < end; hash = text.indexOf(HASH, hash + 1)) {
      this.nextHash = hash
      if (legacyCommandAt(text, hash, end)) return true
    }
    return false
  }
}

const ZERO_WIDTH_SPACE = Buffer.from('\u200b')
/** As bytes: Buffer#indexOf would encode a string needle on every call. */
const LEGACY_MARK = Buffer.from('##[')

/**
 * The bytes with a zero-width space after every `##` that comes before `[`, so that the log
 * page does not draw remote text as a group or an annotation; `hashesBefore` counts the `#`
 * that ended the previous piece of the same line. Returns `bytes` itself when there is none.
 */
export function neutralizeRemoteBytes(bytes: Buffer, hashesBefore = 0): Buffer {
  const cuts: number[] = []
  if (hashesBefore >= 2 && bytes[0] === BRACKET) cuts.push(0)
  else if (hashesBefore >= 1 && bytes[0] === HASH && bytes[1] === BRACKET) cuts.push(1)
  for (let at = bytes.indexOf(LEGACY_MARK); at !== -1; at = bytes.indexOf(LEGACY_MARK, at + 3)) {
    cuts.push(at + 2)
  }
  if (cuts.length === 0) return bytes
  const parts: Buffer[] = []
  let from = 0
  for (const cut of cuts) {
    parts.push(bytes.subarray(from, cut), ZERO_WIDTH_SPACE)
    from = cut
  }
  parts.push(bytes.subarray(from))
  return Buffer.concat(parts)
}

/** How many `#` (0 to 2) end `bytes`, counting those before it when it is all `#`. */
export function trailingHashes(bytes: Uint8Array, hashesBefore = 0): number {
  let count = 0
  while (count < 2 && count < bytes.length && bytes[bytes.length - 1 - count] === HASH) count++
  return count === bytes.length ? Math.min(2, count + hashesBefore) : count
}
