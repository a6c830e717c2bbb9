/**
 * The newlines of an answer's content, taken down by the decoder as it writes them, so that
 * whoever walks the content's lines finds each without a search of its own: on a log of short
 * lines, a call into Buffer#indexOf for every line cost more than the rest of the walk.
 *
 * Positions are places in the memory the content lives in (its byteOffset included), so they
 * hold for every view of that memory, such as the slices the content is shown in; they hold as
 * long as that memory keeps the decoded content (the chunk's owner releases both together). A
 * text outside the stretch taken down (a line joined across answers, say) is searched as usual.
 */

/**
 * How many newlines one answer keeps at most (256 KiB of positions: a megabyte of lines of 16
 * bytes); past that, a search, which costs little against lines so short.
 */
export const MAX_KNOWN_NEWLINES = 1 << 16

/**
 * Position arrays of answers given back, for the next answers: a log is read one answer after
 * another, and each would otherwise leave an array behind for the collector. A few are kept.
 */
const freeArrays: Array<Int32Array<ArrayBuffer>> = []
const KEEP_FREE = 2
const NONE = new Int32Array(0)

export class KnownNewlines {
  private positions = NONE
  private count = 0
  private memory: ArrayBufferLike | undefined
  /** The stretch of `memory` whose every newline is taken down: [from, to). */
  private from = 0
  private to = 0
  /** Where the last question's answer was: lines are asked for in order. */
  private cursor = 0
  private full = false

  /** Starts taking down the newlines written into `memory` from its place `at` on. */
  begin(memory: ArrayBufferLike, at: number): void {
    this.positions = freeArrays.pop() ?? new Int32Array(1024)
    this.memory = memory
    this.from = this.to = at
    this.count = this.cursor = 0
    this.full = false
  }

  /** A newline was written at the place `at` (after every one taken down before). */
  add(at: number): void {
    if (this.count === this.positions.length) {
      if (this.count === MAX_KNOWN_NEWLINES) {
        this.full = true
        return
      }
      const larger = new Int32Array(this.count * 2)
      larger.set(this.positions)
      this.positions = larger
    }
    this.positions[this.count++] = at
  }

  /** Every newline before the place `end` is taken down (up to the last kept, when full). */
  end(end: number): void {
    this.to = this.full ? this.positions[this.count - 1] + 1 : end
  }

  /** The answer's memory is given back: nothing taken down holds any more. */
  release(): void {
    if (this.memory === undefined) return
    this.memory = undefined
    if (freeArrays.length < KEEP_FREE) freeArrays.push(this.positions)
    this.positions = NONE
    this.count = this.cursor = 0
  }

  /** Where the next newline of `text` at or after `start` is, or -1: as text.indexOf(0x0a, start). */
  next(text: Buffer, start: number): number {
    const at = text.byteOffset + start
    if (text.buffer !== this.memory || at < this.from || at >= this.to) {
      return text.indexOf(0x0a, start)
    }
    const { positions, count } = this
    let index = this.cursor
    // Asked about an earlier place than last time (rare): looked for from the start again.
    if (index > 0 && positions[index - 1] >= at) index = 0
    while (index < count && positions[index] < at) index++
    this.cursor = index
    if (index === count) {
      // No newline from here to the stretch's end: one may follow it.
      const after = this.to - text.byteOffset
      return after < text.length ? text.indexOf(0x0a, after) : -1
    }
    const found = positions[index] - text.byteOffset
    return found < text.length ? found : -1
  }
}

/** Knows no newline: every question is a search. */
export const NO_KNOWN_NEWLINES = new KnownNewlines()
