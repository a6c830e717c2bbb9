import { startsWithStripped, stripAnsi } from '../text/ansi.js'
import { startsWithBytes } from '../build-log/finished-line.js'
import { LineInStep } from '../build-log/step-tracker.js'
import { SecretRedactor } from '../runner/secrets.js'
import { singleLineRemoteText } from '../runner/command-text.js'

/** The runner shows only 10 error annotations per step; more would only be noise. */
const DEFAULT_PER_STEP = 10
const MAX_ANNOTATION_LENGTH = 1000
const OUTSIDE_STEPS_TITLE = 'CodeArts build'

/** An error annotation, ready for the workflow log: one line each, redacted. */
export interface ErrorAnnotation {
  readonly message: string
  readonly title: string
}

export interface ErrorAnnotationOptions {
  readonly redactor: SecretRedactor
  /** How many distinct error annotations a step gets at most (default 10). */
  readonly perStep?: number
  /**
   * How many distinct messages are remembered over all steps at most (default unbounded):
   * a log with an error line in each of 100,000 steps must not keep them all.
   */
  readonly total?: number
}

/**
 * Whether the line `text[start, end)` is an error line of tool output as errorMessageOf reads
 * one, from its bytes: `[ERROR]` at its start or, on a line that opens with colour codes, at
 * the start of its text with the codes stripped. Step lines tagged `[ERROR]` are found by the
 * step tracker instead.
 */
export function startsAsErrorLine(text: Buffer, start: number, end: number): boolean {
  return text[start] === 27 /* ESC */
    ? startsWithStripped(text, start, end, ERROR_TAG)
    : startsWithBytes(text, start, ERROR_TAG)
}

const ERROR_TAG = Buffer.from('[ERROR]')

/** The message a line's annotation would carry, or undefined when the line is no error line. */
export function errorMessageOf(seen: LineInStep): string | undefined {
  // A tagged error line's step is the annotation's title, so only its message is repeated.
  if (seen.tagged) {
    return seen.tagged.level.toUpperCase() === 'ERROR' ? seen.tagged.message : undefined
  }
  // Colour codes are stripped first: Maven and the like colour their `[ERROR]` tag.
  const plain = seen.line.charCodeAt(0) === 27 ? stripAnsi(seen.line) : seen.line
  return plain.startsWith('[ERROR]') ? plain : undefined
}

/**
 * Decides which remote lines become error annotations: error lines, titled with their step,
 * each message once per step and no more than the runner would show.
 */
export class ErrorAnnotations {
  private readonly givenPerStep = new Map<string, Set<string>>()
  private readonly perStep: number
  private given = 0

  constructor(private readonly options: ErrorAnnotationOptions) {
    this.perStep = options.perStep ?? DEFAULT_PER_STEP
  }

  /**
   * The annotation a line calls for, counted as given; undefined for a line that is no error
   * line, repeats one given for its step, or comes after the step's cap.
   */
  take(seen: LineInStep): ErrorAnnotation | undefined {
    const errorMessage = errorMessageOf(seen)
    if (errorMessage === undefined) return undefined
    if (this.given >= (this.options.total ?? Infinity)) return undefined
    const step = seen.step
    const key = step ? `${step.name}\u0000${step.id}` : ''
    const given = this.givenPerStep.get(key) ?? new Set<string>()
    this.givenPerStep.set(key, given)
    // Redacted before it is shortened: a cut through a secret would hide it from redaction.
    const message = this.options.redactor.safe(
      singleLineRemoteText(stripAnsi(errorMessage)),
      MAX_ANNOTATION_LENGTH
    )
    if (given.size >= this.perStep || given.has(message)) return undefined
    given.add(message)
    this.given++
    return { message, title: singleLineRemoteText(step?.name ?? OUTSIDE_STEPS_TITLE) }
  }
}
