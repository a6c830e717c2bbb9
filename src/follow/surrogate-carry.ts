/**
 * Joins a character cut between two log answers. When the cursor counts UTF-16 code units, an
 * answer can end with the high half of a surrogate pair and the next start with the low half;
 * written apart, each half would become U+FFFD. A trailing high surrogate is held back and put
 * in front of the next content, so the pair reaches the log file as its original UTF-8 bytes.
 */
export class SurrogateCarry {
  private held = ''

  /** The content to pass on now (possibly empty): `content` with any held half in front. */
  take(content: string): string {
    const text = this.held + content
    this.held = ''
    if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
      this.held = text.slice(-1)
      return text.slice(0, -1)
    }
    return text
  }

  /** The log is over: a half still held is passed on alone (the encoder writes it as U+FFFD). */
  flush(): string {
    const rest = this.held
    this.held = ''
    return rest
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
