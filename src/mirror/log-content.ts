import { SurrogateCarry } from './surrogate-carry.js'
import { LogArchive } from './log-archive.js'
import { LogMirror } from './log-mirror.js'
import { WorkflowLog } from '../runner/workflow-log.js'

/** Where the log's text goes: the raw file and the workflow log, each character whole. */
export class LogContent {
  private readonly carry = new SurrogateCarry()

  constructor(
    private readonly archive: LogArchive,
    private readonly mirror: LogMirror,
    private readonly log: WorkflowLog
  ) {}

  /** Takes the next bytes (lent, see FollowListener.onContent); resolves once stdout can take more. */
  take(content: Buffer): void | Promise<void> {
    return this.pass(this.carry.take(content))
  }

  /**
   * The log started over: what the old log left unfinished (a half character, bytes held as a
   * possible secret's start, a last line without its end) is written as it is, and the line ends.
   */
  breakLine(): void {
    void this.pass(this.carry.flush())
    this.archive.flushHeld()
    this.mirror.breakLine()
  }

  /** The log is over: a half character still held is written (once). */
  end(): void {
    void this.pass(this.carry.flush())
  }

  private pass(text: Buffer): void | Promise<void> {
    if (text.length === 0) return
    this.archive.append(text)
    if (!this.mirror.write(text)) return this.log.whenDrained()
  }
}
