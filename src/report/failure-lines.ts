import { startsWithBytes } from '../build-log/finished-line.js'
import { SourceError, SourceErrorScanner } from '../build-log/source-errors.js'
import { LineInStep, StepRecord } from '../build-log/step-tracker.js'
import { TestTotals, TestTotalsCollector } from '../build-log/test-totals.js'
import { mayBeGradleFailedTest } from '../build-log/tool-line.js'
import { ErrorAnnotation, ErrorAnnotations } from './annotations.js'
import { SecretRedactor } from '../runner/secrets.js'
import { NextOccurrence } from '../text/next-occurrence.js'
import { afterLeadingCodes, beforeTrailingCodes } from '../text/ansi.js'
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
/** A build checks out a few repositories; a log naming thousands must not cost a scan each. */
const MAX_WORKSPACE_PREFIXES = 20

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** `:` `,` `]` `)` space, `\r`: what follows the number of a location, by byte. */
const LOCATION_END = new Uint8Array(256)
for (const byte of [58, 44, 93, 41, 32, 13]) LOCATION_END[byte] = 1

/**
 * Whether a `:` of the line may start something worth a look: a line number (`x.c:12:`,
 * `X.java:[12,5]`, `(X.java:12)`), TypeScript's `(12,5):`, a count (`Tests run: 3`), or
 * pytest's `file.py::test`. URLs (`https:`), versions (`plugin:3.2.2`), times (`02:29:48`)
 * and prose are turned away without a string being made. `colons` finds the line's next `:`;
 * the one it finds past the line's end is where the next line's search starts.
 */
function hasTellingColon(
  text: Buffer,
  end: number,
  colon: number,
  colons: NextOccurrence
): boolean {
  for (let at = colon; at !== -1 && at < end; at = colons.after(text, at + 1)) {
    const next = text[at + 1]
    if (next === 91 /* [ */ || next === 58 /* : */ || text[at - 1] === 41 /* ) */) {
      return true
    }
    // A location's `:` follows a name (`X.java:12`); one after a digit is a time's (`02:29:48`).
    if (isDigit(text[at - 1])) continue
    let after = at + 1
    while (after < end && isDigit(text[after])) after++
    if (after > at + 1 && LOCATION_END[text[after]] === 1) return true
    // A count after spaces: `Tests run: 3`, Jest's `Tests:       1 failed`.
    after = at + 1
    while (after < end && text[after] === 32) after++
    if (after > at + 1 && isDigit(text[after])) return true
  }
  return false
}

/**
 * Line starts (after indentation) that tell without a `:`, by their first byte: a table, not a
 * Map, since every line of tool output asks it.
 */
const TELLING_STARTS = new Array<readonly Buffer[] | undefined>(256).fill(undefined)
for (const [first, words] of [
  [70 /* F */, ['File "', 'FAIL']],
  [45 /* - */, ['--- ']],
  [111 /* o */, ['ok  ']],
  [103 /* g */, ['git ']],
  [43 /* + */, ['+ git ']],
  [67 /* C */, ['Cloning into']]
] as const) {
  TELLING_STARTS[first] = words.map((word) => Buffer.from(word))
}

/**
 * Whether the line starts with a count, digits and a space (`5 tests completed`, `3 passing`),
 * not with a time (`02:29:48`) or a hash (`6f817a73: Pull complete`).
 */
function startsWithCount(text: Buffer, first: number, end: number): boolean {
  let at = first
  while (at < end && isDigit(text[at])) at++
  return at > first && text[at] === 32
}

/**
 * Whether a line without a telling `:` may still matter, from its first and last characters:
 * a Python frame, `go test` lines, checkout lines, Gradle's counts and `... FAILED`, pytest's
 * `=== ... ===`.
 */
function hasTellingEnds(text: Buffer, start: number, end: number): boolean {
  const last = text[end - 1 - (text[end - 1] === 13 ? 1 : 0)]
  let first = start
  while (first < end && text[first] === 32) first++
  const code = text[first]
  if (code === 61 /* = */ || last === 68 /* D */ || startsWithCount(text, first, end)) return true
  const starts = TELLING_STARTS[code]
  if (starts === undefined) return false
  for (const word of starts) if (startsWithBytes(text, first, word)) return true
  return false
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
  private readonly colons = new NextOccurrence(58 /* : */)
  /** Jest's failed-test bullet, the one telling mark that is neither at an end nor a `:`. */
  private readonly bullet = new NextOccurrence(Buffer.from('\u25cf'))
  /** A Python traceback is open: its exception line has no mark of its own. */
  private inTraceback = false

  constructor(redactor: SecretRedactor) {
    // Every distinct error of a step is a candidate: the choice is made over the whole run.
    // No more are remembered than can be kept: past that, a line is no candidate anyway.
    this.stepTitled = new ErrorAnnotations({
      redactor,
      perStep: MAX_FAILURES_KEPT,
      total: MAX_FAILURES_KEPT
    })
  }

  /** Test totals the log printed, if any. */
  totals(): TestTotals | undefined {
    return this.testTotals.totals()
  }

  /** The mirror walks a new text: what was found in the previous one no longer holds. */
  newText(): void {
    this.colons.reset()
    this.bullet.reset()
  }

  /** A line of tool output, given by its place in the log's bytes (the mirror's hot path). */
  plain(text: Buffer, start: number, end: number, step: StepRecord | undefined): void {
    if (!this.inTraceback && !this.mayTell(text, start, end)) return
    // Decoded: only the few lines that get this far need text.
    const line = text.toString('utf8', start, text[end - 1] === 13 ? end - 1 : end)
    this.take(line, step, undefined)
  }

  /**
   * Whether the line `text[start, end)` may tell something, from its bytes. A line wrapped in
   * colour codes is judged by its text inside them; one with codes within its text cannot be
   * judged on bytes, and is read.
   */
  private mayTell(text: Buffer, start: number, end: number): boolean {
    if (text[start] === 27 /* ESC */) {
      start = afterLeadingCodes(text, start, end)
      end = start === -1 ? -1 : beforeTrailingCodes(text, start, end)
      if (end === -1) return true
    }
    const colon = this.colons.within(text, start, end)
    return (
      (colon !== -1 && hasTellingColon(text, end, colon, this.colons)) ||
      hasTellingEnds(text, start, end) ||
      mayBeGradleFailedTest(text, start, end) ||
      this.bullet.within(text, start, end) !== -1
    )
  }

  /** A line the step tracker has looked at (step lines, `[ERROR]` lines, coloured lines). */
  seen(seen: LineInStep): void {
    const stepTitled = this.stepTitled.take(seen)
    const line = seen.tagged ? seen.tagged.message : seen.line.replace(/\r$/, '')
    this.take(line, seen.step, stepTitled)
  }

  private take(line: string, step: StepRecord | undefined, stepTitled?: ErrorAnnotation): void {
    // Frames and their indented source lines keep a traceback open; another line ends it.
    this.inTraceback = line.includes('File "') || (this.inTraceback && /^\s/.test(line))
    const prefix = learnWorkspacePrefix(line)
    if (
      prefix !== undefined &&
      this.workspacePrefixes.length < MAX_WORKSPACE_PREFIXES &&
      !this.workspacePrefixes.includes(prefix)
    ) {
      this.workspacePrefixes.push(prefix)
    }
    this.testTotals.feed(line)
    const source = this.scanner.feed(line)
    if ((source || stepTitled) && this.failures.length < MAX_FAILURES_KEPT) {
      this.failures.push({ stepTitled, source, stepName: step?.name })
    }
  }
}
