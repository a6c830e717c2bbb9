/**
 * The newlines of one text, found once and shared by everyone who walks its lines: the mirror
 * finds them as it classifies the lines and takes them down here, and the workflow log reuses
 * them to decide each line's fence instead of searching the same bytes again. On a log of
 * short lines the search itself is cheap; each call into Buffer#indexOf is not.
 *
 * They are taken down during the walk, not found in a pass of their own before it: measured,
 * such a pass raised the action's peak resident size by 6 to 14 MiB, all of it array buffers
 * (dead socket reads) left longer before a collection.
 *
 * The positions live in one fixed array, reused text after text: at most WINDOW_LINES of them
 * at a time, so a text of a million empty lines costs no more memory than one of long lines.
 * The walker shows what a full window holds before it begins the next one.
 */

/** How many newlines one window holds: 32 KiB of positions, whatever the lines' lengths. */
export const WINDOW_LINES = 8192

export class LineBreaks {
  private readonly positions = new Int32Array(WINDOW_LINES)
  private found = 0
  /** The text of the newlines taken, and where they start: its newlines from there are known. */
  private walked: Uint8Array | undefined
  private walkedFrom = 0

  /** Forgets what was found: the newlines of `text` from `from` on are found next. */
  begin(text: Uint8Array, from: number): void {
    this.found = 0
    this.walked = text
    this.walkedFrom = from
  }

  /**
   * Takes the next newline found (after the ones taken since `begin`, none skipped); false
   * when the window is full and it was not taken.
   */
  add(position: number): boolean {
    if (this.found === WINDOW_LINES) return false
    this.positions[this.found++] = position
    return true
  }

  /** Where the `index`th newline taken since `begin` is. */
  at(index: number): number {
    return this.positions[index]
  }

  /**
   * Whether the newlines taken are every newline of `text[start, end)`: then the lines there can
   * be walked from here rather than searched for again.
   */
  covers(text: Uint8Array, start: number, end: number): boolean {
    return (
      this.walked === text &&
      this.walkedFrom <= start &&
      this.found > 0 &&
      end - 1 <= this.positions[this.found - 1]
    )
  }

  /** The index of the first newline taken at or after `position`. */
  indexFrom(position: number): number {
    let low = 0
    let high = this.found
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.positions[middle] < position) low = middle + 1
      else high = middle
    }
    return low
  }
}
