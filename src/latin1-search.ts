/**
 * Finds one byte in a byte array by searching one-byte (latin1) string copies of it, made
 * 64 KiB at a time, with String#indexOf: the JSON decoder's search for the escape that ends
 * nearly every log line.
 *
 * Why not Buffer#indexOf: it first runs one of Node's argument validators, and all of them
 * share one wrapper function. The couple of thousand searches of a build's first few hundred
 * lines made V8 compile that wrapper with its optimizing compiler within a second, and the
 * compiler then stays resident: 3.5 MiB more for a build that may then wait an hour (measured
 * while silent after 16 KiB of log: 50.1 -> 46.5 MiB; a plain poller holds 43.2). String#indexOf
 * is V8's own (memchr for one character, about as fast a call as Buffer#indexOf once
 * compiled), so nothing gets compiled on its account.
 *
 * The copies do a second job. Node reads the socket into buffers of its own, outside V8's heap,
 * freed only when V8 collects its young generation, which V8 starts for such buffers alone only
 * once 32 MiB of them are pending. The copies are young strings that die at once: as the
 * decoder copies every byte of the log's content once, V8 collects in step with the bytes
 * received, and the read buffers go with it. Without them, one 20 MiB line (which makes no
 * other garbage) left up to 30 MiB of dead read buffers: a peak of 81 MiB, 56 MiB with them.
 * One copy, not more: see findByte. Windows of 64 KiB, because a larger string is allocated
 * apart from the young generation, ten times slower.
 *
 * One text at a time, from `begin` on: the windows are copies, so a text that changes may only
 * change behind the searches (as the decoder writes behind what it reads).
 */

const WINDOW_BYTES = 64 * 1024

export class Latin1Search {
  private readonly char: string
  private text: Buffer | undefined
  private windowStart = -1
  private window = ''

  /** @param byte the byte searched for */
  constructor(byte: number) {
    this.char = String.fromCharCode(byte)
  }

  /** The text searched from now on. */
  begin(text: Buffer): void {
    this.text = text
    this.windowStart = -1
  }

  /**
   * Where the byte next occurs in the text at or after `from` (not negative) and before `end`,
   * or -1.
   */
  indexOf(from: number, end = this.text?.length ?? 0): number {
    const text = this.text
    if (!text) return -1
    const until = Math.min(end, text.length)
    for (let at = Math.max(from, 0); at < until;) {
      const windowStart = at - (at % WINDOW_BYTES)
      if (windowStart !== this.windowStart) {
        this.windowStart = windowStart
        // Let go of the last window first: the new one's allocation may start a collection,
        // and a window that outlives it is copied and counts as young memory still in use,
        // which makes V8 grow its young generation (measured: 4 MiB more at the peak).
        this.window = ''
        this.window = text.toString('latin1', windowStart, windowStart + WINDOW_BYTES)
      }
      const found = this.window.indexOf(this.char, at - windowStart)
      if (found !== -1) return windowStart + found < until ? windowStart + found : -1
      at = windowStart + WINDOW_BYTES
    }
    return -1
  }
}
