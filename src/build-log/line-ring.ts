/**
 * The last N lines of a step, for the failure excerpt. A line is kept as a place in the text
 * it came in (text, start, end), not as a string of its own: remembering a line allocates
 * nothing, which matters when a log has millions of them. Only the lines asked for become
 * strings.
 */
export class LineRing {
  private readonly texts: string[] = []
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  private next = 0

  constructor(private readonly capacity: number) {}

  /** Remembers `text.slice(start, end)` without making it. */
  push(text: string, start: number, end: number): void {
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
    this.next = (this.next + 1) % this.capacity
  }

  /** The remembered lines, oldest first, each cut to `maxChars` and without a trailing `\r`. */
  lines(maxChars: number): string[] {
    const lines: string[] = []
    for (let i = 0; i < this.texts.length; i++) {
      const at = (this.next + i) % this.texts.length
      let end = Math.min(this.ends[at], this.starts[at] + maxChars)
      if (this.texts[at].charCodeAt(end - 1) === 13) end--
      lines.push(this.texts[at].slice(this.starts[at], end))
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
