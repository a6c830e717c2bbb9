import { stripAnsi } from '../text/ansi.js'

/** Which tool's format a recognised failure came in. */
export type SourceErrorKind =
  'javac' | 'kotlin' | 'gcc' | 'typescript' | 'go' | 'python' | 'pytest' | 'surefire'

/** A compiler or test failure that points at a source file (by path or by test class). */
export interface SourceError {
  readonly kind: SourceErrorKind
  /** The path as the remote build printed it; map it with source-paths before use. */
  readonly path?: string
  /** A test class name (simple or fully qualified) when the failure names no file. */
  readonly className?: string
  readonly line: number
  readonly column?: number
  readonly message: string
}

/** One entry of the recogniser table. */
export interface SourceErrorRecogniser {
  readonly kind: SourceErrorKind
  /** A cheap substring test: most log lines must be rejected before any regex runs. */
  readonly mayMatch: (line: string) => boolean
  /** The full test, run only when `mayMatch` said yes. */
  readonly match: (line: string) => SourceError | undefined
}

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text)
}

/** Builds a recogniser from a regex whose groups are path, line, column?, message. */
function fileLineRecogniser(
  kind: SourceErrorKind,
  mayMatch: (line: string) => boolean,
  pattern: RegExp
): SourceErrorRecogniser {
  return {
    kind,
    mayMatch,
    match(line) {
      const m = pattern.exec(line)
      if (!m?.groups) return undefined
      const { path, line: lineText, column, message } = m.groups
      const error: SourceError = {
        kind,
        path,
        line: Number(lineText),
        message: message.trim()
      }
      return column === undefined ? error : { ...error, column: num(column) }
    }
  }
}

/**
 * The one table of recognisers, tried in order; the first that matches wins. To support a new
 * tool, add an entry: a cheap `mayMatch` and a regex with named groups.
 */
export const SOURCE_ERROR_RECOGNISERS: readonly SourceErrorRecogniser[] = [
  // javac through Maven: `[ERROR] /w/src/X.java:[12,5] cannot find symbol`.
  fileLineRecogniser(
    'javac',
    (l) => l.startsWith('[ERROR] ') && l.includes(':['),
    /^\[ERROR\] (?<path>\S[^[]*?\.(?:java|kt|scala|groovy)):\[(?<line>\d+)(?:,(?<column>\d+))?\] (?<message>.*)$/
  ),
  // Kotlin (Gradle or Maven): `e: file:///w/X.kt:12:5 msg`, older `e: /w/X.kt: (12, 5): msg`.
  fileLineRecogniser(
    'kotlin',
    (l) => l.startsWith('e: '),
    /^e: (?:file:\/\/)?(?<path>\S.*?\.kts?)(?::(?<line>\d+):(?<column>\d+):?|: \((?<line2>\d+), (?<column2>\d+)\):) (?<message>.*)$/
  ),
  // gcc and clang: `src/a.c:12:5: error: msg` (also `fatal error:`). The path needs an
  // extension and no space, so a `2026-11-30 12:34:56: error:` timestamp is not read as one.
  fileLineRecogniser(
    'gcc',
    (l) => l.includes(' error: '),
    /^(?<path>(?:[A-Za-z]:)?[^\s:]+\.\w+):(?<line>\d+):(?:(?<column>\d+):)? (?:fatal )?error: (?<message>.*)$/
  ),
  // tsc: `src/a.ts(12,5): error TS2322: msg`.
  fileLineRecogniser(
    'typescript',
    (l) => l.includes('): error TS'),
    /^(?<path>\S.*?)\((?<line>\d+),(?<column>\d+)\): error (?<message>TS\d+: .*)$/
  ),
  // Go: `./pkg/a.go:12:5: msg`. The `.go:` suffix keeps timestamps (12:34:56) and URLs out.
  fileLineRecogniser(
    'go',
    (l) => l.includes('.go:') && !l.includes('://'),
    /^\s*(?<path>[\w./\\-]+\.go):(?<line>\d+):(?:(?<column>\d+):)? (?<message>.*)$/
  ),
  // pytest's short form: `tests/test_a.py:12: AssertionError`.
  fileLineRecogniser(
    'pytest',
    (l) => l.includes('.py:'),
    /^(?<path>\S[^:]*?\.py):(?<line>\d+): (?<message>(?:\w+\.)*\w*(?:Error|Exception|Failed)\b.*)$/
  ),
  // Surefire 3 summary: `[ERROR]   FooTest.testFoo:42 expected:<1> but was:<2>`.
  {
    kind: 'surefire',
    mayMatch: (l) => l.startsWith('[ERROR]   '),
    match(line) {
      const m = /^\[ERROR\] {3}(?<cls>[\w$.]+)\.(?<test>\w+):(?<line>\d+) (?<message>.*)$/.exec(
        line
      )
      if (!m?.groups) return undefined
      const { cls, test, line: lineText, message } = m.groups
      return {
        kind: 'surefire',
        className: cls,
        line: Number(lineText),
        message: `${test}: ${message.trim()}`
      }
    }
  }
]

/** The older Kotlin form fills other groups; fold them into line and column. */
function normaliseKotlin(error: SourceError, line: string): SourceError {
  if (error.kind !== 'kotlin' || !Number.isNaN(error.line)) return error
  const m = /: \((\d+), (\d+)\):/.exec(line) as RegExpExecArray
  return { ...error, line: Number(m[1]), column: Number(m[2]) }
}

/**
 * Recognises one log line as a compiler or test failure, or returns undefined. Colour codes
 * are stripped first. Stateless; for Python tracebacks and Surefire headers, which span lines,
 * use {@link SourceErrorScanner}.
 */
export function recogniseSourceError(rawLine: string): SourceError | undefined {
  // Nearly every line has no digit-colon or digit-bracket pair: reject them before any regex.
  if (rawLine.length < 6 || !/\d/.test(rawLine)) return undefined
  const line = stripAnsi(rawLine).trimEnd()
  for (const recogniser of SOURCE_ERROR_RECOGNISERS) {
    if (!recogniser.mayMatch(line)) continue
    const error = recogniser.match(line)
    if (error) return normaliseKotlin(error, line)
  }
  return undefined
}

const TRACEBACK_FRAME = /^\s+File "(?<path>[^"]+)", line (?<line>\d+)/
const EXCEPTION_LINE =
  /^(?<name>(?:\w+\.)*\w*(?:Error|Exception|Exit|Interrupt|Failure))(?::\s?(?<message>.*))?$/
const SUREFIRE_HEADER = /<<< (?:FAILURE|ERROR)!.*? in (?<cls>[\w$.]+)\s*$/
const SUREFIRE_OLD_HEADER =
  /^\[ERROR\] (?<test>\w+)\((?<cls>[\w$.]+)\)\s+Time elapsed: .*<<< (?:FAILURE|ERROR)!/
const STACK_FRAME = /^\s+at (?<method>[\w$.]+)\([^:()]+:(?<line>\d+)\)/
/**
 * How many failing test classes are remembered for qualifying: the first ones, which the first
 * failures kept for annotations name; a log failing in a million classes must not keep them all.
 */
const MAX_QUALIFIED_CLASSES = 1000

/**
 * Line-by-line recogniser that also follows failures spanning lines: a Python traceback (the
 * last `File "...", line N` frame, completed by the exception line) and a Surefire 2 header
 * (`testFoo(com.example.FooTest) ... <<< FAILURE!`, completed by its first stack frame in that
 * class). It also qualifies Surefire 3 simple class names from the `- in com.example.FooTest`
 * headers seen earlier.
 */
export class SourceErrorScanner {
  private pythonFrame: { path: string; line: number } | undefined
  private surefirePending: { test: string; className: string } | undefined
  private readonly qualified = new Map<string, string>()

  /** Feeds one line; returns the failure it completes, if any. */
  feed(rawLine: string): SourceError | undefined {
    const direct = recogniseSourceError(rawLine)
    if (direct) return this.qualify(direct)
    // The multi-line forms all need one of these substrings: a cheap gate for the rest.
    if (
      !rawLine.includes('File "') &&
      !rawLine.includes('<<<') &&
      !rawLine.includes('at ') &&
      this.pythonFrame === undefined
    ) {
      return undefined
    }
    const line = stripAnsi(rawLine).trimEnd()
    return this.followPython(line) ?? this.followSurefire(line)
  }

  private qualify(error: SourceError): SourceError {
    const full = error.className && this.qualified.get(error.className)
    return full ? { ...error, className: full } : error
  }

  private followPython(line: string): SourceError | undefined {
    const frame = TRACEBACK_FRAME.exec(line)
    if (frame?.groups) {
      this.pythonFrame = { path: frame.groups.path, line: Number(frame.groups.line) }
      return undefined
    }
    if (this.pythonFrame === undefined) return undefined
    const exception = EXCEPTION_LINE.exec(line)
    // Frames are followed by indented source lines; an unindented line ends the traceback.
    if (!exception?.groups) {
      if (!/^\s/.test(line)) this.pythonFrame = undefined
      return undefined
    }
    const { path, line: lineNo } = this.pythonFrame
    this.pythonFrame = undefined
    const detail = exception.groups.message
    return {
      kind: 'python',
      path,
      line: lineNo,
      message: detail ? `${exception.groups.name}: ${detail}` : exception.groups.name
    }
  }

  private followSurefire(line: string): SourceError | undefined {
    const header = SUREFIRE_HEADER.exec(line)
    if (header?.groups) {
      const cls = header.groups.cls
      const simple = cls.slice(cls.lastIndexOf('.') + 1)
      if (this.qualified.size < MAX_QUALIFIED_CLASSES || this.qualified.has(simple)) {
        this.qualified.set(simple, cls)
      }
    }
    const old = SUREFIRE_OLD_HEADER.exec(line)
    if (old?.groups) {
      this.surefirePending = { test: old.groups.test, className: old.groups.cls }
      return undefined
    }
    const pending = this.surefirePending
    if (!pending) return undefined
    const frame = STACK_FRAME.exec(line)
    if (!frame?.groups || !frame.groups.method.startsWith(`${pending.className}.`)) return undefined
    this.surefirePending = undefined
    return {
      kind: 'surefire',
      className: pending.className,
      line: Number(frame.groups.line),
      message: `${pending.test} failed`
    }
  }
}
