import { LineInStep, StepRecord, StepTracker } from '../build-log/step-tracker.js'
import { isPlainLine } from './line-kinds.js'
import { FailureLines } from '../report/failure-lines.js'
import { LineAssembler, lineHead, LineConsumer } from './line-assembly.js'
import { endsTheSteps } from '../build-log/status-block.js'
import { LineBreaks } from '../runner/line-breaks.js'
import { SecretRedactor } from '../runner/secrets.js'
import { OpenLongLine } from './long-line.js'
import { WorkflowLog } from '../runner/workflow-log.js'
import { singleLineRemoteText } from '../runner/command-text.js'
import { NO_KNOWN_NEWLINES } from '../text/known-newlines.js'

export interface MirrorOptions {
  /** false: nothing of the remote log is displayed live; steps are still tracked. */
  readonly showLog: boolean
  readonly redactor: SecretRedactor
  /** How many of a step's last lines to keep for the failure excerpt. */
  readonly tailLineCount?: number
}

/**
 * Turns the remote log into the workflow log: one group per build step, titled with its
 * display name; lines in order, each once. Failures and test totals are collected (see
 * FailureLines) for the end of the run. The lines come from a LineAssembler, the steps and
 * the `Finished:` result are the StepTracker's; this class decides what the runner sees.
 *
 * The hot path works on the log's bytes and decodes nothing it does not have to: the bytes
 * between two group changes go to stdout as one slice of the chunk they came in, and only
 * lines that change a step, error and Finished lines become text (a step's routine chatter
 * stays bytes: StepTracker.observeRoutine). The chunk's bytes are lent: what is kept of them
 * (a step's last lines) is copied before `write` returns.
 */
export class LogMirror implements LineConsumer {
  readonly tracker: StepTracker
  private readonly lines: LineAssembler
  /** What the end of the run reports: failures, workspace directory, test totals. */
  readonly failures: FailureLines
  /** The step whose group is open on the workflow log. */
  private groupStep: StepRecord | undefined
  private openLine: OpenLongLine | undefined
  /** Writes of the action's own that came while a long line was half shown. */
  private readonly deferred: Array<() => void> = []
  /** The bytes being walked, and where their not yet shown part starts. */
  private text: Buffer = Buffer.alloc(0)
  private shownUpTo = 0
  private redactText = false
  /** Of the chunk being written: itself when its writer found no secret in it; its newlines. */
  private chunkWithoutSecret: Buffer | undefined
  private chunkNewlines = NO_KNOWN_NEWLINES
  /** The newlines of the text being walked, found once for the walk and for the fence. */
  private readonly breaks = new LineBreaks()

  constructor(
    private readonly log: WorkflowLog,
    private readonly options: MirrorOptions
  ) {
    this.tracker = new StepTracker(options.tailLineCount ?? 30)
    this.lines = new LineAssembler(this)
    this.failures = new FailureLines(options.redactor)
  }

  /** The result named by the last complete `Finished: <RESULT>` line, if any. */
  get finishedResult(): string | undefined {
    return this.tracker.finishedResult
  }

  /**
   * Takes the next piece of the log (lent for this call: nothing of it is kept); what it shows
   * goes to stdout in one write. Returns false when stdout asks to wait. `hasNoSecret`: the
   * caller searched `content` for the run's secrets and found none; `newlines`: its newlines.
   */
  write(content: Buffer, hasNoSecret = false, newlines = NO_KNOWN_NEWLINES): boolean {
    this.chunkWithoutSecret = hasNoSecret ? content : undefined
    this.chunkNewlines = newlines
    return this.log.batch(() => this.lines.push(content))
  }

  /**
   * The result of a `Finished: <RESULT>` line that is the log's last line so far but has no
   * newline yet; `logComplete` says whether the log is caught up (see the StepTracker's).
   */
  unterminatedFinishedResult(logComplete = false): string | undefined {
    const line = this.lines.unfinishedLine()
    return line === undefined
      ? undefined
      : this.tracker.unterminatedFinishedResult(line, logComplete)
  }

  /** A status line of the action's own, outside any group (the group reopens afterwards). */
  statusLine(message: string): void {
    this.atLineBoundary(() => {
      this.log.endGroup()
      this.log.info(message)
    })
  }

  /**
   * Runs a write of the action's own (a status line, a debug command) now, or, while a long
   * line is half shown, once it ends: anything written in between would land inside it.
   */
  atLineBoundary(write: () => void): void {
    if (this.openLine) this.deferred.push(write)
    else write()
  }

  /** The log started over: a last line without its end is shown as it is, and ends. */
  breakLine(): void {
    this.log.batch(() => this.lines.end())
  }

  /** The log is over: shows an unterminated last line and closes the last group. */
  end(): void {
    this.log.batch(() => this.lines.end())
    this.closeSteps()
  }

  /** No step goes on: the open one ends without its end marker, and its group closes. */
  private closeSteps(): void {
    this.tracker.finish()
    this.log.endGroup()
    this.groupStep = undefined
  }

  /** @internal LineConsumer: walks the complete lines of a text, the hot path. */
  completeLines(text: Buffer, from: number): number {
    this.text = text
    this.shownUpTo = from
    // One search a text (none for a chunk its writer searched): secrets almost never appear.
    this.redactText = text !== this.chunkWithoutSecret && this.options.redactor.appearsIn(text)
    this.failures.newText()
    const { breaks, chunkNewlines: newlines } = this
    breaks.begin(text, from)
    let start = from
    for (let end = newlines.next(text, start); end !== -1; end = newlines.next(text, start)) {
      if (!breaks.add(end)) {
        // The window is full: the lines it holds are shown before it is begun again. Not when
        // secrets are redacted: a secret may span lines, and its text is redacted in one piece.
        if (!this.redactText) this.show(start)
        breaks.begin(text, start)
        breaks.add(end)
      }
      // A routine line of the open step (its text from `from` on; most lines of an engine's
      // log), or tool output: no string is made of it, only the open step's tail changes.
      let from = this.tracker.observeRoutine(text, start, end)
      if (from === -1 && isPlainLine(text, start, end))
        from = this.tracker.observePlain(text, start, end)
      if (from !== -1) {
        const step = this.tracker.openStep
        this.failures.plain(text, from, end, step)
        if (step && this.options.showLog && !this.log.groupIsOpen) {
          this.show(start)
          this.reopenGroup(step)
        }
      } else {
        const head = lineHead(text, start, end)
        if (endsTheSteps(head) && this.tracker.openStep) {
          // An aborted step has no end marker: its group closes before the status block.
          this.show(start)
          this.closeSteps()
        }
        const seen = this.tracker.observeLine(head, text, start, end)
        if (this.startsGroup(seen)) {
          this.show(start)
          this.startGroup(seen)
        }
        this.finishLine(seen, end + 1)
      }
      start = end + 1
    }
    this.show(start)
    this.tracker.detach(text)
    return start
  }

  /** @internal */
  longLineStarts(head: string): void {
    const seen = this.tracker.observe(head)
    if (this.startsGroup(seen)) this.startGroup(seen)
    // Commands cannot be written inside a half-shown line: they wait for its end.
    this.openLine = new OpenLongLine(seen, this.options.showLog ? this.log : undefined)
  }

  /** @internal */
  longLinePiece(piece: Buffer): void {
    const { redactor, showLog } = this.options
    if (showLog)
      this.openLine?.piece(redactor.appearsIn(piece) ? redactor.redactBytes(piece) : piece)
  }

  /** @internal */
  longLineEnds(): void {
    const open = this.openLine
    if (!open) return
    open.end()
    this.openLine = undefined
    this.finishLine(open.seen, undefined)
    for (const write of this.deferred.splice(0)) write()
  }

  private startsGroup(seen: LineInStep): boolean {
    return (
      this.options.showLog &&
      seen.step !== undefined &&
      (seen.opened !== undefined || !this.log.groupIsOpen)
    )
  }

  private startGroup(seen: LineInStep): void {
    const step = seen.step as StepRecord
    if (seen.opened || this.groupStep !== step) {
      this.log.startGroup(singleLineRemoteText(step.name))
      this.groupStep = step
    } else {
      this.reopenGroup(step)
    }
  }

  /** The step goes on after a status line of the action's own closed its group. */
  private reopenGroup(step: StepRecord): void {
    this.log.startGroup(`${singleLineRemoteText(step.name)} (continued)`)
    this.groupStep = step
  }

  /**
   * What follows a line once it is shown: its group's end. `lineEnd`: where the walked line
   * ends, shown before the group closes (undefined: a long line, shown already). A position,
   * not a callback: one capturing the walk's loop variable costs an allocation every line.
   */
  private finishLine(seen: LineInStep, lineEnd: number | undefined): void {
    this.failures.seen(seen)
    if (seen.closes && this.options.showLog) {
      if (lineEnd !== undefined) this.show(lineEnd)
      this.log.endGroup()
    }
  }

  /** Shows the walked text up to `until` (exclusive) as one write. */
  private show(until: number): void {
    if (until <= this.shownUpTo) return
    if (this.options.showLog) this.writeRemote(this.shownUpTo, until)
    this.shownUpTo = until
  }

  private writeRemote(start: number, until: number): void {
    const { text, redactText } = this
    // The newlines of these lines are known already: the fence decision reuses them.
    if (!redactText) this.log.remoteLinesOf(text, start, until, this.breaks)
    else this.log.remoteText(this.options.redactor.redactBytes(text.subarray(start, until)))
  }
}
