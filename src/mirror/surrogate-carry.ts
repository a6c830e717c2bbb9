/**
 * Joins a character cut between two log answers. When the cursor counts UTF-16 code units, an
 * answer can end with the high half of a surrogate pair and the next start with the low half.
 * The answer decoder writes such a half, at the very end or start of its content, in its
 * three-byte form (ED A0..AF xx for a high half, ED B0..BF xx for a low one); here a trailing
 * high half is held back and joined with a leading low half into the pair's four UTF-8 bytes,
 * and a half that finds no partner becomes U+FFFD (EF BF BD), as the UTF-8 encoder writes it.
 */
export class SurrogateCarry {
  private held: Buffer | undefined

  /**
   * The bytes to pass on now (possibly empty). Usually `content` itself or a part of it; a
   * lone low half at its start is replaced in place.
   */
  take(content: Buffer): Buffer {
    let bytes = content
    const held = this.held
    this.held = undefined
    if (held) {
      const low = surrogateAt(bytes, 0)
      if (low !== undefined && low >= 0xdc00) {
        const joined = Buffer.alloc(4)
        joined.write(String.fromCharCode(surrogateAt(held, 0) as number, low), 'utf8')
        bytes = Buffer.concat([joined, bytes.subarray(3)])
      } else {
        bytes = Buffer.concat([REPLACEMENT, bytes])
      }
    } else if ((surrogateAt(bytes, 0) ?? 0) >= 0xdc00) {
      REPLACEMENT.copy(bytes, 0)
    }
    const last = bytes.length - 3
    const high = last >= 0 ? surrogateAt(bytes, last) : undefined
    if (high !== undefined && high < 0xdc00) {
      this.held = Buffer.from(bytes.subarray(last))
      return bytes.subarray(0, last)
    }
    return bytes
  }

  /** The log is over: a half still held is passed on as U+FFFD (once). */
  flush(): Buffer {
    const rest = this.held ? REPLACEMENT : Buffer.alloc(0)
    this.held = undefined
    return rest
  }
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd])

/** The surrogate code unit whose three-byte form starts at `at`, if one does. */
function surrogateAt(bytes: Buffer, at: number): number | undefined {
  if (bytes.length < at + 3 || bytes[at] !== 0xed || bytes[at + 1] < 0xa0) return undefined
  return 0xd000 | ((bytes[at + 1] & 0x3f) << 6) | (bytes[at + 2] & 0x3f)
}
