import { stripAnsi } from '../build-log/ansi.js'
import { finishedLineResult, isKnownBuildResult } from '../build-log/build-result.js'
import { SecretRedactor } from './secrets.js'
import { mayBeStepLine } from '../build-log/step-markers.js'
import { LineInStep, StepRecord, StepTracker } from '../build-log/step-tracker.js'
import { neutralizeRemoteText, singleLineRemoteText, WorkflowLog } from './workflow-log.js'

export interface MirrorOptions {
  /** false: nothing of the remote log is displayed live; steps are still tracked. */
  readonly showLog: boolean
  readonly redactor: SecretRedactor
  /** The runner shows only 10 error annotations per step; more would only be noise. */
  readonly errorAnnotationsPerStep?: number
  /** How many of a step's last lines to keep for the failure excerpt. */
  readonly tailLineCount?: number
}

/**
 * A line is classified by its start. One longer than this is shown as its pieces arrive instead
 * of being held whole, so a 20 MiB line costs no 20 MiB of memory.
 */
export const LONG_LINE_CHARS = 4096
const MAX_ANNOTATION_LENGTH = 1000
const OUTSIDE_STEPS_TITLE = 'CodeArts build'

/** Strips colour codes and marks an `[ERROR]` line of tool output (Maven and the like). */
function toolErrorMessage(line: string): string | undefined {
  const plain = line.charCodeAt(0) === 27 ? stripAnsi(line) : line
  return plain.startsWith('[ERROR]') ? plain : undefined
}

/**
 * A line that can be neither a step line, an error line nor the Finished line: decided from
 * its first characters, without making a string of it.
 */
function isPlainLine(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start)
  if (first === 91 /* [ */)
    return !text.startsWith('[ERROR]', start) && !mayBeStepLine(text, start, end)
  if (first === 70 /* F */) return !text.startsWith('Finished: ', start)
  return first !== 27 /* ESC: a coloured line may be an error line */
}

function withoutCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line
}

/** A long line whose start is on stdout already; nothing else may be written until it ends. */
interface OpenLine {
  /** Trailing `#` characters of the last piece, so a `##[` cut in two is still neutralized. */
  hashes: string
  /** What the line's end brings: its annotation, its group's end. */
  readonly afterEnd: Array<() => void>
}

/**
 * Turns the remote log into the workflow log: one group per build step, titled with its
 * display name; lines in order, each once; remote `[ERROR]` lines as annotations titled with
 * their step. Also keeps what the end of the run needs: the steps, the failed one, and the
 * log's own `Finished:` result.
 *
 * The hot path copies nothing it does not have to: the text between two group changes goes to
 * stdout as one slice of the chunk it came in, and lines are looked at only by their start.
 */
export class LogMirror {
  readonly tracker: StepTracker
  /** The result named by the last `Finished: <RESULT>` line, if any. */
  finishedResult: string | undefined
  /** The step whose group is open on the workflow log. */
  private groupStep: StepRecord | undefined
  private readonly annotationsPerStep = new Map<string, Set<string>>()
  private readonly maxAnnotationsPerStep: number
  /** The unshown start of a line that began in an earlier chunk (shorter than LONG_LINE_CHARS). */
  private carry = ''
  private openLine: OpenLine | undefined
  /** Writes of the action's own that came while a long line was half shown. */
  private deferred: Array<() => void> = []
  /** The text being walked, and where its not yet shown part starts. */
  private text = ''
  private shownUpTo = 0
  private redactText = false
  private writable = true

  constructor(
    private readonly log: WorkflowLog,
    private readonly options: MirrorOptions
  ) {
    this.tracker = new StepTracker(options.tailLineCount ?? 30)
    this.maxAnnotationsPerStep = options.errorAnnotationsPerStep ?? 10
  }

  /** Takes the next piece of the log; returns false when stdout asks to wait. */
  write(content: string): boolean {
    this.writable = true
    let from = 0
    const firstBreak = this.openLine || this.carry ? content.indexOf('\n') : 0
    if (firstBreak === -1) {
      this.extendUnfinishedLine(content)
      return this.writable
    }
    if (this.openLine) {
      this.endOpenLine(content.slice(0, firstBreak))
      from = firstBreak + 1
    } else if (this.carry) {
      // The line that crosses the chunk boundary is walked on its own, as a one-line text.
      const line = this.carry + content.slice(0, firstBreak + 1)
      this.carry = ''
      this.walk(line, 0)
      from = firstBreak + 1
    }
    const rest = this.walk(content, from)
    if (rest < content.length) this.extendUnfinishedLine(content.slice(rest))
    return this.writable
  }

  /**
   * The result of a `Finished: <RESULT>` line that is the log's last line so far but has no
   * newline yet. Only the caller knows whether the log is caught up, and so whether this line
   * is the log's end. While the log may still grow, only a known final word counts
   * (`Finished: SUCC` may be a word still being written); once it is complete, any word does.
   */
  unterminatedFinishedResult(logComplete = false): string | undefined {
    if (this.openLine || !this.carry.startsWith('Finished: ')) return undefined
    const word = finishedLineResult(withoutCarriageReturn(this.carry))
    return logComplete || isKnownBuildResult(word) ? word : undefined
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

  /** The log is over: shows an unterminated last line and closes the last group. */
  end(): void {
    if (this.openLine) this.endOpenLine('')
    if (this.carry) {
      const line = this.carry + '\n'
      this.carry = ''
      this.walk(line, 0)
    }
    this.tracker.finish()
    this.log.endGroup()
    this.groupStep = undefined
  }

  /** Walks the complete lines of `text` from `from`; returns where its unfinished tail starts. */
  private walk(text: string, from: number): number {
    this.text = text
    this.shownUpTo = from
    // One scan a text: secrets almost never appear in a build log.
    this.redactText = this.options.redactor.appearsIn(text)
    let start = from
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      if (isPlainLine(text, start, end)) {
        // Tool output: no string is made of it, and nothing but the open step's tail changes.
        this.tracker.observePlain(text, start, end)
        const step = this.tracker.openStep
        if (step && this.options.showLog && !this.log.groupIsOpen) {
          this.show(start)
          this.reopenGroup(step)
        }
      } else {
        const seen = this.observe(text.slice(start, Math.min(end, start + LONG_LINE_CHARS)))
        if (this.startsGroup(seen)) {
          this.show(start)
          this.startGroup(seen)
        }
        this.finishLine(seen, () => this.show(end + 1))
      }
      start = end + 1
    }
    this.show(start)
    return start
  }

  /** Classifies a line (or a long line's start) and records what the log says. */
  private observe(rawLine: string): LineInStep {
    const line = withoutCarriageReturn(rawLine)
    const seen = this.tracker.observe(line)
    if (line.charCodeAt(0) === 70 /* F */) {
      this.finishedResult = finishedLineResult(line) ?? this.finishedResult
    }
    return seen
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

  /** What follows a line once it is shown: its annotation, then its group's end. */
  private finishLine(seen: LineInStep, showLine: () => void): void {
    // A tagged error line's step is the annotation's title, so only its message is repeated.
    const errorMessage = seen.tagged
      ? seen.tagged.level.toUpperCase() === 'ERROR'
        ? seen.tagged.message
        : undefined
      : toolErrorMessage(seen.line)
    if (errorMessage !== undefined) this.annotateError(seen.step, errorMessage, showLine)
    if (seen.closes && this.options.showLog) {
      showLine()
      this.log.endGroup()
    }
  }

  /** Shows the walked text up to `until` (exclusive) as one write. */
  private show(until: number): void {
    if (until <= this.shownUpTo) return
    if (this.options.showLog) this.writeRemote(this.text.slice(this.shownUpTo, until))
    this.shownUpTo = until
  }

  private writeRemote(text: string): void {
    const safe = this.redactText ? this.options.redactor.redact(text) : text
    if (!this.log.remoteText(safe)) this.writable = false
  }

  /** A line still without its end: held while short, shown piece by piece once long. */
  private extendUnfinishedLine(piece: string): void {
    if (this.openLine) {
      this.continueOpenLine(piece)
      return
    }
    this.carry += piece
    if (this.carry.length < LONG_LINE_CHARS) return
    const head = this.carry
    this.carry = ''
    const seen = this.observe(head.slice(0, LONG_LINE_CHARS))
    if (this.startsGroup(seen)) this.startGroup(seen)
    // Commands cannot be written inside a half-shown line: they wait for its end.
    const afterEnd: Array<() => void> = [() => this.finishLine(seen, () => undefined)]
    this.openLine = { hashes: '', afterEnd }
    this.continueOpenLine(head)
  }

  private continueOpenLine(piece: string): void {
    const open = this.openLine
    if (!open || piece.length === 0 || !this.options.showLog) return
    // The log neutralizes each piece; a `##[` cut between two pieces needs the previous
    // piece's trailing hashes to be seen.
    const shown = open.hashes
      ? neutralizeRemoteText(open.hashes + piece).slice(open.hashes.length)
      : piece
    this.redactText = this.options.redactor.appearsIn(piece)
    this.writeRemote(shown)
    open.hashes = /#{1,2}$/.exec(open.hashes + piece)?.[0] ?? ''
  }

  private endOpenLine(lastPiece: string): void {
    const open = this.openLine
    if (!open) return
    this.continueOpenLine(lastPiece)
    if (this.options.showLog) this.writeRemote('\n')
    this.openLine = undefined
    for (const then of open.afterEnd) then()
    const deferred = this.deferred
    this.deferred = []
    for (const write of deferred) write()
  }

  private annotateError(step: StepRecord | undefined, message: string, showLine: () => void): void {
    const title = step?.name ?? OUTSIDE_STEPS_TITLE
    const key = step ? `${step.name}\u0000${step.id}` : ''
    const given = this.annotationsPerStep.get(key) ?? new Set<string>()
    this.annotationsPerStep.set(key, given)
    // Redacted before it is shortened: a cut through a secret would hide it from redaction.
    const text = this.options.redactor.safe(
      singleLineRemoteText(stripAnsi(message)),
      MAX_ANNOTATION_LENGTH
    )
    if (given.size >= this.maxAnnotationsPerStep || given.has(text)) return
    given.add(text)
    showLine() // the annotation follows its line
    this.log.annotate('error', text, { title: singleLineRemoteText(title) })
  }
}
