import { finishedLineResult, unterminatedFinishedResult } from './finished-line.js'
import { LineRing } from './line-ring.js'
import { parseLogTimestamp, parseStepLine, StepLine } from './step-markers.js'
import { RoutineLines, stepTagBytes } from './step-line-bytes.js'

/**
 * How many steps that did not succeed keep their last lines: the first failed ones (the report
 * shows the first failed step's) and the latest unfinished ones (one may be seen again and fail).
 * Kept for every one of 100,000 such steps, they would cost memory without bound.
 */
const MAX_FAILED_TAILS = 4
const MAX_UNFINISHED_TAILS = 4

/** `aborted`: the build was aborted while the step ran (set once the build's result is known). */
export type StepStatus = 'running' | 'success' | 'failed' | 'unfinished' | 'aborted'

/** What the log told about one build step. */
export interface StepRecord {
  readonly name: string
  readonly id: string
  status: StepStatus
  /** A line of the step was an error, or its end marker reported a failure. */
  failed: boolean
  startedAtMs?: number
  endedAtMs?: number
  /** The step's last lines, kept for the failure excerpt. */
  tailLines: string[]
}

/** How one line relates to the steps: which step it belongs to, and what changed. */
export interface LineInStep {
  /** The line itself. */
  readonly line: string
  /** The step the line belongs to; undefined for lines outside any step. */
  readonly step: StepRecord | undefined
  /** A step this line opens (display it after opening a group). */
  readonly opened: StepRecord | undefined
  /** The line closes its step (close the group after displaying it). */
  readonly closes: boolean
  /** The parsed step line, when the line is tagged with a step. */
  readonly tagged: StepLine | undefined
}

/**
 * Follows the steps through the log, one line at a time. A step opens at its start marker or
 * at the first line tagged with it, and closes at its end marker or when another step's line
 * appears. Untagged lines belong to the open step, or to no step at all.
 */
export class StepTracker {
  readonly steps: StepRecord[] = []
  /** The steps by id and name: finding one costs the same at 100,000 steps as at 100. */
  private readonly byKey = new Map<string, StepRecord>()
  private lastFinishedResult: string | undefined
  private current: StepRecord | undefined
  /** The bytes of the open step's tag as its lines write it, once a line of it was parsed. */
  private openTag: Buffer | undefined
  private readonly tail: LineRing
  private readonly routine = new RoutineLines()
  /** The steps that keep their last lines, failed ones first come, unfinished ones latest. */
  private readonly failedTails: StepRecord[] = []
  private readonly unfinishedTails: StepRecord[] = []

  /**
   * @param tailLineCount how many of a step's last lines to keep for the failure excerpt
   * @param maxExcerptLineChars where an excerpt line is cut
   */
  constructor(
    tailLineCount = 30,
    private readonly maxExcerptLineChars = 65_536
  ) {
    this.tail = new LineRing(tailLineCount)
  }

  /** The result named by the last complete `Finished: <RESULT>` line, if any. */
  get finishedResult(): string | undefined {
    return this.lastFinishedResult
  }

  get openStep(): StepRecord | undefined {
    return this.current
  }

  /** Takes one complete line (without its line break) that may be a step or Finished line. */
  observe(line: string): LineInStep {
    if (line.charCodeAt(0) === 70 /* F */) {
      this.lastFinishedResult = finishedLineResult(line) ?? this.lastFinishedResult
    }
    const tagged = parseStepLine(line)
    let opened: StepRecord | undefined
    if (
      tagged &&
      (!this.current || this.current.id !== tagged.id || this.current.name !== tagged.name)
    ) {
      this.closeCurrent('unfinished')
      opened = this.open(tagged)
    }
    const step = this.current
    let closes = false
    if (step) {
      this.tail.push(line, 0, line.length)
      if (tagged) {
        if (tagged.failed) step.failed = true
        if (tagged.kind === 'start' && step.startedAtMs === undefined) {
          step.startedAtMs = parseLogTimestamp(tagged.timestamp)
        }
        if (tagged.kind === 'end') {
          step.endedAtMs = parseLogTimestamp(tagged.timestamp)
          this.closeCurrent(tagged.failed ? 'failed' : 'success')
          closes = true
        }
      }
    }
    return { line, step, opened, closes, tagged }
  }

  /**
   * observe() for a line given as bytes too (`line` is its lineHead): a line tagged with the
   * open step teaches the tracker that step's tag bytes, for observeRoutine.
   */
  observeLine(line: string, text: Buffer, start: number, end: number): LineInStep {
    const seen = this.observe(line)
    if (seen.tagged && this.openTag === undefined && this.current === seen.step) {
      this.openTag = stepTagBytes(text, start, end)
    }
    return seen
  }

  /**
   * A line that may be a step line, decided on its bytes when it is a routine line of the open
   * step (its tag, a level other than ERROR, no `this step`: see step-line-bytes.ts): it then
   * only joins the step's tail, as observe() would have it, and the answer is where its
   * message starts. -1: the line needs observe().
   */
  observeRoutine(text: Buffer, start: number, end: number): number {
    const tag = this.openTag
    if (tag === undefined || this.current === undefined) return -1
    const message = this.routine.messageStart(text, start, end, tag)
    if (message !== -1) this.tail.push(text, start, end)
    return message
  }

  /**
   * A line known to be no step line (see mayBeStepLine): it only joins the open step's tail.
   * Costs no allocation, for the millions of lines of tool output. Returns `start`: all of the
   * line is its text.
   */
  observePlain(text: Buffer, start: number, end: number): number {
    if (this.current) this.tail.push(text, start, end)
    return start
  }

  /** `bytes` is about to be reused: the tail copies the lines it keeps of them. */
  detach(bytes: Buffer): void {
    this.tail.detach(bytes, this.maxExcerptLineChars)
    this.routine.newText()
  }

  /**
   * The result of the log's last line when it is a Finished line still without its newline
   * (`line` without a trailing `\r`); see unterminatedFinishedResult.
   */
  unterminatedFinishedResult(line: string, logComplete: boolean): string | undefined {
    return unterminatedFinishedResult(line, logComplete)
  }

  /** Ends the log: a step still open did not report its end. */
  finish(): void {
    this.closeCurrent('unfinished')
  }

  /** The step that failed: the first whose end marker or error lines say so. */
  failedStep(): StepRecord | undefined {
    return (
      this.steps.find((step) => step.status === 'failed') ?? this.steps.find((step) => step.failed)
    )
  }

  private open(tagged: StepLine): StepRecord {
    // A step seen again (its failure marker after another step's line, say) keeps one record.
    const key = `${tagged.id}\u0000${tagged.name}`
    let record = this.byKey.get(key)
    if (!record) {
      record = { name: tagged.name, id: tagged.id, status: 'running', failed: false, tailLines: [] }
      this.steps.push(record)
      this.byKey.set(key, record)
    }
    record.status = 'running'
    if (record.startedAtMs === undefined) record.startedAtMs = parseLogTimestamp(tagged.timestamp)
    this.current = record
    this.openTag = undefined
    this.tail.clear()
    // A step seen again continues its tail where it left off.
    for (const line of record.tailLines) this.tail.push(line, 0, line.length)
    return record
  }

  private closeCurrent(status: StepStatus): void {
    const step = this.current
    if (!step) return
    // A step cut off after error lines is reported as failed; its end marker, when present, rules.
    step.status = status === 'unfinished' && step.failed ? 'failed' : status
    // Only a step that may be named failed keeps its last lines: a clean one's are never shown, and
    // kept for each of 100,000 steps they would cost memory without bound.
    step.tailLines = this.keepsTail(step) ? this.tail.lines(this.maxExcerptLineChars) : []
    this.current = undefined
    this.openTag = undefined
  }

  /** Whether a step just closed keeps its last lines; makes room among the unfinished ones. */
  private keepsTail(step: StepRecord): boolean {
    // A step that ended well after error lines may still be the one failedStep() names.
    if (step.status === 'success' && !step.failed) return false
    if (this.failedTails.includes(step)) return true
    if (step.status === 'failed' || step.failed) {
      if (this.failedTails.length >= MAX_FAILED_TAILS) return false
      this.failedTails.push(step)
      return true
    }
    if (!this.unfinishedTails.includes(step)) this.unfinishedTails.push(step)
    if (this.unfinishedTails.length > MAX_UNFINISHED_TAILS) {
      const oldest = this.unfinishedTails.shift() as StepRecord
      // A step that failed since it was listed keeps its lines among the failed ones.
      if (!this.failedTails.includes(oldest)) oldest.tailLines = []
    }
    return true
  }
}
