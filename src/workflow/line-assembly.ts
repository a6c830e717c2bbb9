/**
 * Chunks of the remote log → complete lines. A chunk ends wherever the API cut it, so the start
 * of a line can arrive long before its end: a short start is held (the carry) until its line
 * ends; a start that grows past LONG_LINE_CHARS is handed on piece by piece instead, so a
 * 20 MiB line costs no 20 MiB of memory.
 *
 * The hot path makes no string of a line: complete lines are handed on as the chunk they came
 * in (and where they start in it), so the consumer can walk them by index and make strings
 * only of the lines worth one.
 */

/**
 * A line is classified by its start. One longer than this is shown as its pieces arrive instead
 * of being held whole.
 */
export const LONG_LINE_CHARS = 4096

/**
 * Where the assembled lines go, in the order they come. Complete lines come as whole texts, one
 * call a text and not one a line: the consumer's own loop over them is the hot path, and a
 * call per line cost a log of millions of short lines about a tenth more time.
 */
export interface LineConsumer {
  /**
   * Takes the complete lines of `text` from `from` on (each ends in `\n`; a `\r` before it is
   * kept). Returns where the text's unfinished tail starts.
   */
  completeLines(text: string, from: number): number
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
      this.consumer.completeLines(line, 0)
      from = firstBreak + 1
    }
    const rest = this.consumer.completeLines(chunk, from)
    if (rest < chunk.length) this.extendUnfinishedLine(chunk.slice(rest))
  }

  /** The log is over: an unterminated last line counts as complete. */
  end(): void {
    if (this.longLineOpen) this.endLongLine('')
    if (this.carry) {
      const line = this.carry + '\n'
      this.carry = ''
      this.consumer.completeLines(line, 0)
    }
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
