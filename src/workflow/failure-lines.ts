import { SourceError, SourceErrorScanner } from '../build-log/source-errors.js'
import { LineInStep, StepRecord } from '../build-log/step-tracker.js'
import { TestTotals, TestTotalsCollector } from '../build-log/test-totals.js'
import { ErrorAnnotation, ErrorAnnotations } from './annotations.js'
import { SecretRedactor } from './secrets.js'
import { learnWorkspacePrefix } from './source-paths.js'

/** A failure seen in the log, kept for the annotations written at the end of the run. */
export interface FailureSeen {
  /** What today's step-titled annotation would say (error lines only). */
  readonly stepTitled?: ErrorAnnotation
  /** The compiler or test failure the line completed, path not yet mapped. */
  readonly source?: SourceError
  /** The step the line belongs to, the file annotation's title. */
  readonly stepName?: string
}

/** Bounds memory whatever the log: far more than the 10 annotations the runner shows. */
const MAX_FAILURES_KEPT = 500

/**
 * Finds where the next occurrence of a needle is in a text, remembering it: asked for each
 * line in turn, it scans each text once, so gating every line costs no more than one pass.
 */
class NextOccurrence {
  private stale = true
  private at = -1

  constructor(private readonly needle: string) {}

  /** A new text is walked from its start. */
  reset(): void {
    this.stale = true
  }

  /** Whether the needle occurs between `start` and `end` of the text walked since `reset`. */
  within(text: string, start: number, end: number): boolean {
    if (this.stale || (this.at !== -1 && this.at < start)) {
      this.stale = false
      this.at = text.indexOf(this.needle, start)
    }
    return this.at !== -1 && this.at < end
  }
}

/** First characters of test-total lines that have no `:` (Gradle counts, pytest, `go test`). */
function mayBeTotalsLine(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start)
  const last = text.charCodeAt(end - 1 - (text.charCodeAt(end - 1) === 13 ? 1 : 0))
  return (
    (first >= 48 && first <= 57) /* digit */ ||
    first === 61 /* = */ ||
    first === 111 /* o */ ||
    first === 70 /* F */ ||
    last === 68 /* D, Gradle's FAILED */
  )
}

/**
 * Watches the log for what the end of the run reports: compiler and test failures (for the
 * annotations), error lines (step-titled annotations), the build's workspace directory, and
 * test totals. Most lines are turned away by their characters before any string is made.
 */
export class FailureLines {
  readonly failures: FailureSeen[] = []
  /** The workspace directories the checkout named, in order. */
  readonly workspacePrefixes: string[] = []
  private readonly scanner = new SourceErrorScanner()
  private readonly testTotals = new TestTotalsCollector()
  private readonly stepTitled: ErrorAnnotations
  private readonly colon = new NextOccurrence(':')
  private readonly quote = new NextOccurrence('"')
  private readonly git = new NextOccurrence('git ')
  private readonly cloning = new NextOccurrence('Cloning into')
  private readonly bullet = new NextOccurrence('●')
  private readonly needles = [this.colon, this.quote, this.git, this.cloning, this.bullet]

  constructor(redactor: SecretRedactor) {
    // Every distinct error of a step is a candidate: the choice is made over the whole run.
    this.stepTitled = new ErrorAnnotations({ redactor, perStep: MAX_FAILURES_KEPT })
  }

  /** Test totals the log printed, if any. */
  totals(): TestTotals | undefined {
    return this.testTotals.totals()
  }

  /** The mirror walks a new text: what was found in the previous one no longer holds. */
  newText(): void {
    for (const needle of this.needles) needle.reset()
  }

  /** A line of tool output, given by its place in the text (the mirror's hot path). */
  plain(text: string, start: number, end: number, step: StepRecord | undefined): void {
    if (
      !this.colon.within(text, start, end) &&
      !mayBeTotalsLine(text, start, end) &&
      !this.quote.within(text, start, end) &&
      !this.git.within(text, start, end) &&
      !this.cloning.within(text, start, end) &&
      !this.bullet.within(text, start, end)
    ) {
      return
    }
    const line = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end)
    this.take(line, step, undefined)
  }

  /** A line the step tracker has looked at (step lines, `[ERROR]` lines, coloured lines). */
  seen(seen: LineInStep): void {
    const stepTitled = this.stepTitled.take(seen)
    const line = seen.tagged ? seen.tagged.message : seen.line.replace(/\r$/, '')
    this.take(line, seen.step, stepTitled)
  }

  private take(line: string, step: StepRecord | undefined, stepTitled?: ErrorAnnotation): void {
    const prefix = learnWorkspacePrefix(line)
    if (prefix !== undefined && !this.workspacePrefixes.includes(prefix)) {
      this.workspacePrefixes.push(prefix)
    }
    this.testTotals.feed(line)
    const source = this.scanner.feed(line)
    if ((source || stepTitled) && this.failures.length < MAX_FAILURES_KEPT) {
      this.failures.push({ stepTitled, source, stepName: step?.name })
    }
  }
}
