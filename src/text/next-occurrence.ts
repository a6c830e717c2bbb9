/**
 * Where the next occurrence of a needle is in a text, searched for once and remembered: asked
 * line after line (positions only grow within a text), the text is searched once per
 * occurrence, and a line with none costs one comparison. Whoever looks past one occurrence to
 * the next (the failure lines' `:` after `:`) asks the same finder, so the search that runs
 * into the next line is not made again there.
 *
 * The needle is a byte or bytes, never a string: Buffer#indexOf encodes a string needle anew
 * on every call, which on a log of short lines costs more than the search.
 */
export class NextOccurrence {
  private text: Uint8Array | undefined
  /** The search from `from` found `at` (-1: none up to the text's end). */
  private from = 0
  private at = -1

  constructor(private readonly needle: number | Uint8Array) {}

  /** Forgets what was found: the next question may be about another text. */
  reset(): void {
    this.text = undefined
  }

  /** Where the needle next occurs in `text` at or after `position`, or -1. */
  after(text: Buffer, position: number): number {
    const known =
      this.text === text && this.from <= position && (this.at === -1 || position <= this.at)
    if (!known) {
      this.text = text
      this.from = position
      const { needle } = this
      this.at = text.indexOf(needle, position)
    }
    return this.at
  }

  /** Where the needle first occurs in `text[start, end)`, or -1. */
  within(text: Buffer, start: number, end: number): number {
    const at = this.after(text, start)
    return at < end ? at : -1
  }
}
