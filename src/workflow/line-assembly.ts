/**
 * Chunks of the remote log → complete lines. A chunk ends wherever the API cut it, so the start
 * of a line can arrive long before its end: a short start is held (the carry) until its line
 * ends; a start that grows past LONG_LINE_CHARS is handed on piece by piece instead, so a
 * 20 MiB line costs no 20 MiB of memory.
 *
 * The hot path makes no string of a line: complete lines are handed on as places in the chunk
 * they came in (text, start, end), and the consumer decides what is worth a string.
 */

/**
 * A line is classified by its start. One longer than this is shown as its pieces arrive instead
 * of being held whole.
 */
export const LONG_LINE_CHARS = 4096

/** Where the assembled lines go, in the order they come. */
export interface LineConsumer {
  /** A text begins; its complete lines from `from` on follow, one `line` call each. */
  beginText(text: string, from: number): void
  /** The complete line `text[start, end)`: `end` is its `\n`, a `\r` before it is kept. */
  line(text: string, start: number, end: number): void
  /** The text's complete lines end before `end`; what follows is an unfinished line. */
  endText(end: number): void
  /** A line grew past LONG_LINE_CHARS without ending; `head` is its lineHead. */
  longLineStarts(head: string): void
  /** The next piece of the long line (the first piece is all of it held so far). */
  longLinePiece(piece: string): void
  /** The long line ended, at a newline or at the end of the log. */
  longLineEnds(): void
}

/** The text without one trailing `\r`: the runner ends a line at `\r\n` as at `\n`. */
export function withoutCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line
}

/** The part of a line that is classified: at most LONG_LINE_CHARS, without a trailing `\r`. */
export function lineHead(text: string, start: number, end: number): string {
  return withoutCarriageReturn(text.slice(start, Math.min(end, start + LONG_LINE_CHARS)))
}

/** Cuts the chunks of a log into complete lines for a LineConsumer. */
export class LineAssembler {
  /** The unhanded start of a line that began in an earlier chunk (shorter than LONG_LINE_CHARS). */
  private carry = ''
  private longLineOpen = false

  constructor(private readonly consumer: LineConsumer) {}

  /** A long line's start is handed on already, and its end has not come yet. */
  get insideLongLine(): boolean {
    return this.longLineOpen
  }

  /**
   * The log's last line while it has no newline yet (without a trailing `\r`); undefined for a
   * long line, whose start is handed on already.
   */
  unfinishedLine(): string | undefined {
    return this.longLineOpen ? undefined : withoutCarriageReturn(this.carry)
  }

  /** Takes the next chunk of the log. */
  push(chunk: string): void {
    let from = 0
    const firstBreak = this.longLineOpen || this.carry ? chunk.indexOf('\n') : 0
    if (firstBreak === -1) {
      this.extendUnfinishedLine(chunk)
      return
    }
    if (this.longLineOpen) {
      this.endLongLine(chunk.slice(0, firstBreak))
      from = firstBreak + 1
    } else if (this.carry) {
      // The line that crosses the chunk boundary is handed on by itself, as a one-line text.
      const line = this.carry + chunk.slice(0, firstBreak + 1)
      this.carry = ''
      this.walk(line, 0)
      from = firstBreak + 1
    }
    const rest = this.walk(chunk, from)
    if (rest < chunk.length) this.extendUnfinishedLine(chunk.slice(rest))
  }

  /** The log is over: an unterminated last line counts as complete. */
  end(): void {
    if (this.longLineOpen) this.endLongLine('')
    if (this.carry) {
      const line = this.carry + '\n'
      this.carry = ''
      this.walk(line, 0)
    }
  }

  /** Hands on the complete lines of `text` from `from`; returns where its unfinished tail starts. */
  private walk(text: string, from: number): number {
    this.consumer.beginText(text, from)
    let start = from
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.consumer.line(text, start, end)
      start = end + 1
    }
    this.consumer.endText(start)
    return start
  }

  /** A line still without its end: held while short, handed on piece by piece once long. */
  private extendUnfinishedLine(piece: string): void {
    if (this.longLineOpen) {
      this.consumer.longLinePiece(piece)
      return
    }
    this.carry += piece
    if (this.carry.length < LONG_LINE_CHARS) return
    const held = this.carry
    this.carry = ''
    this.longLineOpen = true
    this.consumer.longLineStarts(lineHead(held, 0, held.length))
    this.consumer.longLinePiece(held)
  }

  private endLongLine(lastPiece: string): void {
    this.consumer.longLinePiece(lastPiece)
    this.longLineOpen = false
    this.consumer.longLineEnds()
  }
}
