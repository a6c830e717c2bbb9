/**
 * Cuts a stream of text chunks into complete lines. A partial trailing line waits for its end;
 * its pieces are kept in a list, not concatenated, so a 20 MiB line arriving in thousands of
 * chunks costs linear time.
 */
export class LineSplitter {
  private pending: string[] = []

  /** The complete lines this chunk ends, without their `\n` (a `\r` before it is dropped). */
  push(chunk: string): string[] {
    const lines = chunk.split('\n')
    const rest = lines.pop() as string
    if (lines.length > 0 && this.pending.length > 0) {
      this.pending.push(lines[0])
      lines[0] = this.pending.join('')
      this.pending = []
    }
    if (rest) this.pending.push(rest)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      if (line.charCodeAt(line.length - 1) === 13 /* \r */) lines[i] = line.slice(0, -1)
    }
    return lines
  }

  /** The unterminated last line, if any, at the end of the stream. */
  flush(): string | undefined {
    if (this.pending.length === 0) return undefined
    const line = this.pending.join('')
    this.pending = []
    return line.endsWith('\r') ? line.slice(0, -1) : line
  }
}
