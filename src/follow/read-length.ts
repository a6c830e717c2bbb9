import { MIN_READ_LENGTH } from './follow-types.js'

/**
 * The length asked of each log read, adapted to the link: a read that got no answer in time
 * asks for half as much next time (a slow link still moves forward), and each success doubles
 * it back towards the full length.
 */
export class AdaptiveReadLength {
  private length: number

  constructor(
    private readonly full: number,
    private readonly onDebug: (message: string) => void
  ) {
    this.length = full
  }

  /** The length to ask for now. */
  get current(): number {
    return this.length
  }

  /** Reads ask for less than the full length, after one timed out. */
  get shrunk(): boolean {
    return this.length < this.full
  }

  /** A read timed out: ask for less, down to a floor that is still a useful step. */
  timedOut(): void {
    this.set(Math.max(Math.min(MIN_READ_LENGTH, this.full), Math.floor(this.length / 2)), true)
  }

  /** A read succeeded: grow back towards the full length. */
  succeeded(): void {
    if (this.length < this.full) this.set(Math.min(this.full, this.length * 2), false)
  }

  private set(next: number, timedOut: boolean): void {
    if (next === this.length) return
    this.onDebug(
      timedOut
        ? `A log read got no answer in time; asking for ${next} bytes per read.`
        : `Log reads answer again; asking for ${next} bytes per read.`
    )
    this.length = next
  }
}
