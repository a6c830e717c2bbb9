/**
 * Chunks of the remote log (UTF-8 bytes) -> complete lines. A chunk ends wherever the API cut
 * it, so the start of a line can arrive long before its end: a short start is held (the
 * carry, a copy: the chunk's memory is reused once it is taken) until its line ends; a start
 * that grows past LONG_LINE_BYTES is handed on piece by piece instead, so a 20 MiB line costs
 * no 20 MiB of memory.
 *
 * The hot path makes no string of a line: complete lines are handed on as the chunk they came
 * in (and where they start in it), so the consumer can walk them by index and decode only the
 * lines worth it. A line cut between two chunks, even inside a multi-byte character, is
 * joined as bytes before anything is decoded.
 */

/**
 * A line is classified by its start. One longer than this many bytes is shown as its pieces
 * arrive instead of being held whole.
 */
export const LONG_LINE_BYTES = 4096

/**
 * Where the assembled lines go, in the order they come. Complete lines come as whole texts, one
 * call a text and not one a line: the consumer's own loop over them is the hot path, and a
 * call per line cost a log of millions of short lines about a tenth more time. The bytes are
 * lent for the call only.
 */
export interface LineConsumer {
  /**
   * Takes the complete lines of `text` from `from` on (each ends in `\n`; a `\r` before it is
   * kept). Returns where the text's unfinished tail starts.
   */
  completeLines(text: Buffer, from: number): number
  /** A line grew past LONG_LINE_BYTES without ending; `head` is its lineHead. */
  longLineStarts(head: string): void
  /** The next piece of the long line (the first piece is all of it held so far). */
  longLinePiece(piece: Buffer): void
  /** The long line ended, at a newline or at the end of the log. */
  longLineEnds(): void
}

/** The text without one trailing `\r`: the runner ends a line at `\r\n` as at `\n`. */
export function withoutCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line
}

/**
 * The part of a line that is classified, as text: at most LONG_LINE_BYTES (never half a
 * character), without a trailing `\r`.
 */
export function lineHead(text: Buffer, start: number, end: number): string {
  let cut = Math.min(end, start + LONG_LINE_BYTES)
  if (cut < end) while (cut > start && (text[cut] & 0xc0) === 0x80) cut--
  return withoutCarriageReturn(text.toString('utf8', start, cut))
}

const EMPTY = Buffer.alloc(0)
const NEWLINE = Buffer.from('\n')

/** Cuts the chunks of a log into complete lines for a LineConsumer. */
export class LineAssembler {
  /** The unhanded start of a line that began in an earlier chunk (shorter than LONG_LINE_BYTES). */
  private carry: Buffer = EMPTY
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
    return this.longLineOpen ? undefined : withoutCarriageReturn(this.carry.toString('utf8'))
  }

  /** Takes the next chunk of the log (lent for this call). */
  push(chunk: Buffer): void {
    let from = 0
    const firstBreak = this.longLineOpen || this.carry.length > 0 ? chunk.indexOf(0x0a) : 0
    if (firstBreak === -1) {
      this.extendUnfinishedLine(chunk)
      return
    }
    if (this.longLineOpen) {
      this.endLongLine(chunk.subarray(0, firstBreak))
      from = firstBreak + 1
    } else if (this.carry.length > 0) {
      // The line that crosses the chunk boundary is handed on by itself, as a one-line text.
      const line = Buffer.concat([this.carry, chunk.subarray(0, firstBreak + 1)])
      this.carry = EMPTY
      this.consumer.completeLines(line, 0)
      from = firstBreak + 1
    }
    const rest = this.consumer.completeLines(chunk, from)
    if (rest < chunk.length) this.extendUnfinishedLine(chunk.subarray(rest))
  }

  /** The log is over: an unterminated last line counts as complete. */
  end(): void {
    if (this.longLineOpen) this.endLongLine(EMPTY)
    if (this.carry.length > 0) {
      const line = Buffer.concat([this.carry, NEWLINE])
      this.carry = EMPTY
      this.consumer.completeLines(line, 0)
    }
  }

  /** A line still without its end: held (copied) while short, handed on piece by piece once long. */
  private extendUnfinishedLine(piece: Buffer): void {
    if (this.longLineOpen) {
      this.consumer.longLinePiece(piece)
      return
    }
    if (this.carry.length + piece.length < LONG_LINE_BYTES) {
      this.carry = Buffer.concat([this.carry, piece])
      return
    }
    const held = this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece
    this.carry = EMPTY
    this.longLineOpen = true
    this.consumer.longLineStarts(lineHead(held, 0, held.length))
    this.consumer.longLinePiece(held)
  }

  private endLongLine(lastPiece: Buffer): void {
    this.consumer.longLinePiece(lastPiece)
    this.longLineOpen = false
    this.consumer.longLineEnds()
  }
}
