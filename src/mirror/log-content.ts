import { SurrogateCarry } from './surrogate-carry.js'
import { LogArchive } from './log-archive.js'
import { LogMirror } from './log-mirror.js'
import { WorkflowLog } from '../runner/workflow-log.js'
import type { SecretRedactor } from '../runner/secrets.js'
import { KnownNewlines, NO_KNOWN_NEWLINES } from '../text/known-newlines.js'

/**
 * How much of a chunk is shown before the event loop gets a turn. A log answer carries up to
 * a megabyte, and showing it takes milliseconds; meanwhile the next answer, asked for before
 * this one was shown, can only come in as far as the socket's buffers hold unless Node reads
 * it. Slices of this size let it read between them, so the server and the network keep working
 * while the action does (measured on a 200 MiB log: about a tenth less wall time).
 */
export const SLICE_BYTES = 128 * 1024

/** The next turn of the event loop, after its I/O (a socket's bytes, say) is read. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Where the log's text goes: the raw file and the workflow log, each character whole. */
export class LogContent {
  private readonly carry = new SurrogateCarry()
  /** What a chunk still has to show, while its showing waits for a turn of the event loop. */
  private rest: Buffer | undefined
  /** Of the chunk `rest` is part of: whether it holds none of the run's secrets; its newlines. */
  private restHasNoSecret = false
  private restNewlines = NO_KNOWN_NEWLINES

  constructor(
    private readonly archive: LogArchive,
    private readonly mirror: LogMirror,
    private readonly log: WorkflowLog,
    private readonly secrets: SecretRedactor
  ) {}

  /**
   * Takes the next bytes (lent, see FollowListener.onContent): all of them to the file at once,
   * then to the workflow log slice by slice. Resolves once they are shown and stdout can take
   * more; the next call waits for that.
   */
  take(content: Buffer, newlines = NO_KNOWN_NEWLINES): void | Promise<void> {
    return this.pass(this.carry.take(content), newlines)
  }

  /**
   * The log started over: what the old log left unfinished (a half character, bytes held as a
   * possible secret's start, a last line without its end) is written as it is, and the line ends.
   */
  breakLine(): void {
    this.writeHeldNow()
    this.archive.flushHeld()
    this.mirror.breakLine()
  }

  /** The log is over: a half character still held is written (once). */
  end(): void {
    this.writeHeldNow()
  }

  private pass(text: Buffer, newlines: KnownNewlines): void | Promise<void> {
    if (text.length === 0) return
    // One search for the run's secrets serves the file and the page: each search reads every
    // byte, and a build log almost never holds one.
    const hasNoSecret = !this.secrets.appearsIn(text)
    this.archive.append(text, hasNoSecret)
    this.rest = text
    this.restHasNoSecret = hasNoSecret
    this.restNewlines = newlines
    return this.showRest()
  }

  /** Shows the next slice, cut after a newline, and the rest on the loop's next turn. */
  private showRest(): void | Promise<void> {
    const text = this.rest
    if (text === undefined) return
    let end = text.length
    if (end > SLICE_BYTES) {
      const newline = text.indexOf(0x0a, SLICE_BYTES - 1)
      if (newline !== -1 && newline + 1 < end) end = newline + 1
    }
    this.rest = end < text.length ? text.subarray(end) : undefined
    const slice = text.subarray(0, end)
    const canTakeMore = this.mirror.write(slice, this.restHasNoSecret, this.restNewlines)
    if (this.rest === undefined) return canTakeMore ? undefined : this.log.whenDrained()
    return (canTakeMore ? nextTurn() : this.log.whenDrained()).then(() => this.showRest())
  }

  /**
   * Writes at once what waits: what a chunk still has to show (the log ends or starts over
   * while its showing waits for a turn: order comes first), then the half character the carry
   * holds (a few bytes, to the file and the page alike).
   */
  private writeHeldNow(): void {
    const rest = this.rest
    this.rest = undefined
    if (rest !== undefined) this.mirror.write(rest, this.restHasNoSecret, this.restNewlines)
    const held = this.carry.flush()
    if (held.length === 0) return
    this.archive.append(held)
    this.mirror.write(held)
  }
}
