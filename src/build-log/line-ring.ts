/**
 * The last N lines of a step, for the failure excerpt. A line of tool output is kept as a
 * place in the bytes it came in (bytes, start, end), not as a string of its own: remembering a
 * line allocates nothing, which matters when a log has millions of them. The bytes are lent
 * (their memory is reused once a chunk is taken), so `detach` copies the few remembered lines
 * before that. Only the lines asked for become strings.
 */
export class LineRing {
  private readonly texts: Array<string | Buffer> = []
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  private next = 0

  constructor(private readonly capacity: number) {}

  /** Remembers `text[start, end)` without copying it. */
  push(text: string | Buffer, start: number, end: number): void {
    if (this.capacity === 0) return
    if (this.texts.length < this.capacity) {
      this.texts.push(text)
      this.starts.push(start)
      this.ends.push(end)
      return
    }
    this.texts[this.next] = text
    this.starts[this.next] = start
    this.ends[this.next] = end
    // Not `% capacity`: a division for every line of the log.
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1
  }

  /**
   * Copies the remembered lines that lie in `bytes`, which is about to be reused: at most
   * `maxBytes` of each (see `lines`).
   */
  detach(bytes: Buffer, maxBytes: number): void {
    for (let i = 0; i < this.texts.length; i++) {
      if (this.texts[i] !== bytes) continue
      let end = Math.min(this.ends[i], this.starts[i] + maxBytes)
      // A character cut in two would show as U+FFFD: the cut moves before it.
      while (end < this.ends[i] && end > this.starts[i] && (bytes[end] & 0xc0) === 0x80) end--
      this.texts[i] = Buffer.from(bytes.subarray(this.starts[i], end))
      this.ends[i] = end - this.starts[i]
      this.starts[i] = 0
    }
  }

  /**
   * The remembered lines, oldest first, each cut to `maxChars` characters (or bytes, for a
   * line of bytes) and without a trailing `\r`.
   */
  lines(maxChars: number): string[] {
    const lines: string[] = []
    for (let i = 0; i < this.texts.length; i++) {
      const at = (this.next + i) % this.texts.length
      const text = this.texts[at]
      let end = Math.min(this.ends[at], this.starts[at] + maxChars)
      if (typeof text === 'string') {
        if (text.charCodeAt(end - 1) === 13) end--
        lines.push(text.slice(this.starts[at], end))
      } else {
        if (text[end - 1] === 13) end--
        // A character cut by `maxChars` would end in U+FFFD: cut before it instead.
        if (end < this.ends[at]) while (end > this.starts[at] && (text[end] & 0xc0) === 0x80) end--
        lines.push(text.toString('utf8', this.starts[at], end))
      }
    }
    return lines
  }

  clear(): void {
    this.texts.length = 0
    this.starts.length = 0
    this.ends.length = 0
    this.next = 0
  }
}
