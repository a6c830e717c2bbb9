import { stripAnsi } from './ansi.js'
import { finishedLineResult } from './build-result.js'
import { LineSplitter } from './line-splitter.js'
import { SecretRedactor } from './secrets.js'
import { StepRecord, StepTracker } from './step-tracker.js'
import { WorkflowLog } from './workflow-log.js'

export interface MirrorOptions {
  /** false: nothing of the remote log is displayed live; steps are still tracked. */
  readonly showLog: boolean
  readonly redactor: SecretRedactor
  /** The runner shows only 10 error annotations per step; more would only be noise. */
  readonly errorAnnotationsPerStep?: number
  /** How many of a step's last lines to keep for the failure excerpt. */
  readonly tailLineCount?: number
}

const MAX_ANNOTATION_LENGTH = 1000
const OUTSIDE_STEPS_TITLE = 'CodeArts build'

/** Strips colour codes and marks an `[ERROR]` line of tool output (Maven and the like). */
function toolErrorMessage(line: string): string | undefined {
  const plain = line.charCodeAt(0) === 27 ? stripAnsi(line) : line
  return plain.startsWith('[ERROR]') ? plain : undefined
}

/**
 * Turns the remote log into the workflow log: one group per build step, titled with its
 * display name; lines in order, each once; remote `[ERROR]` lines as annotations titled with
 * their step. Also keeps what the end of the run needs: the steps, the failed one, and the
 * log's own `Finished:` result.
 */
export class LogMirror {
  readonly tracker: StepTracker
  /** The result named by the last `Finished: <RESULT>` line, if any. */
  finishedResult: string | undefined
  private readonly splitter = new LineSplitter()
  private batch: string[] = []
  /** The step whose group is open on the workflow log. */
  private groupStep: StepRecord | undefined
  private readonly annotationsPerStep = new Map<string, Set<string>>()
  private readonly maxAnnotationsPerStep: number

  constructor(
    private readonly log: WorkflowLog,
    private readonly options: MirrorOptions
  ) {
    this.tracker = new StepTracker(options.tailLineCount ?? 30)
    this.maxAnnotationsPerStep = options.errorAnnotationsPerStep ?? 10
  }

  /** Takes the next piece of the log; returns false when stdout asks to wait. */
  write(content: string): boolean {
    for (const line of this.splitter.push(content)) this.handle(line)
    return this.flushBatch()
  }

  /** A status line of the action's own, outside any group (the group reopens afterwards). */
  statusLine(message: string): void {
    this.flushBatch()
    this.log.endGroup()
    this.log.info(message)
  }

  /** The log is over: shows an unterminated last line and closes the last group. */
  end(): void {
    const last = this.splitter.flush()
    if (last !== undefined) this.handle(last)
    this.flushBatch()
    this.tracker.finish()
    this.log.endGroup()
    this.groupStep = undefined
  }

  private handle(line: string): void {
    const seen = this.tracker.observe(line)
    if (this.options.showLog && seen.step && (seen.opened || !this.log.groupIsOpen)) {
      this.flushBatch()
      const continued = !seen.opened && this.groupStep === seen.step
      this.log.startGroup(continued ? `${seen.step.name} (continued)` : seen.step.name)
      this.groupStep = seen.step
    }
    if (this.options.showLog) this.batch.push(line)

    if (line.charCodeAt(0) === 70 /* F */) {
      this.finishedResult = finishedLineResult(line) ?? this.finishedResult
    }
    // A tagged error line's step is the annotation's title, so only its message is repeated.
    const errorMessage = seen.tagged
      ? seen.tagged.level.toUpperCase() === 'ERROR'
        ? seen.tagged.message
        : undefined
      : toolErrorMessage(line)
    if (errorMessage !== undefined) this.annotateError(seen.step, errorMessage)

    if (seen.closes && this.options.showLog) {
      this.flushBatch()
      this.log.endGroup()
    }
  }

  private annotateError(step: StepRecord | undefined, message: string): void {
    const title = step?.name ?? OUTSIDE_STEPS_TITLE
    const key = step ? `${step.name}\u0000${step.id}` : ''
    const given = this.annotationsPerStep.get(key) ?? new Set<string>()
    this.annotationsPerStep.set(key, given)
    const text = this.options.redactor.redact(stripAnsi(message).slice(0, MAX_ANNOTATION_LENGTH))
    if (given.size >= this.maxAnnotationsPerStep || given.has(text)) return
    given.add(text)
    this.flushBatch() // the annotation follows its line
    this.log.annotate('error', text, { title })
  }

  private flushBatch(): boolean {
    if (this.batch.length === 0) return true
    let text = this.batch.join('\n') + '\n'
    this.batch = []
    if (this.options.redactor.appearsIn(text)) text = this.options.redactor.redact(text)
    return this.log.remoteText(text)
  }
}
