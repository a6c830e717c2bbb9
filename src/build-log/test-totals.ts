import { toolText } from './tool-line.js'

/** Which test runner printed the totals. */
export type TestRunner = 'surefire' | 'gradle' | 'pytest' | 'jest' | 'go'

/** Test totals over the whole log. */
export interface TestTotals {
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  /** The first failed tests' names, in log order, at most the collector's cap. */
  readonly failedTests: readonly string[]
  /** The runners whose totals were seen, in order of first appearance. */
  readonly runners: readonly TestRunner[]
}

interface Counts {
  passed: number
  failed: number
  skipped: number
}

const SUREFIRE_COUNTS =
  /Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)(, Time elapsed)?/
const SUREFIRE_FAILED_TEST =
  /^(?:\[ERROR\] )?(?:(?<old>\w+)\((?<cls>[\w$.]+)\)|(?<qualified>[\w$.]+\.\w+(?:\(.*?\))?)) +(?:--|Time elapsed).*<<< (?:FAILURE|ERROR)!/
const GRADLE_COUNTS = /^(\d+) tests? completed, (\d+) failed(?:, (\d+) skipped)?/
const GRADLE_FAILED_TEST = /^(\S.* > .+) FAILED$/
const PYTEST_SUMMARY =
  /^=+ (.*\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected).*) in [\d.]+s.*=+$/
const PYTEST_FAILED_TEST = /^(?:FAILED|ERROR) (\S+::\S+)/
const JEST_COUNTS = /^Tests: +(.*\d+ total)$/
// Jest's bullet (U+25CF) and the separator of its describe and test names (U+203A).
const JEST_FAILED_TEST = /^ {2}\u25cf (.+ \u203a .+)$/
const GO_RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+)/
// `go test` without -v prints only package lines; a package that does not build has no test lines.
const GO_PACKAGE = /^(?:ok|FAIL)\s+(\S+)\s+(?:\[(?:build|setup) failed\]|[\d.]+s|\(cached\))/
// Surefire's summary under `[ERROR] Failures:` / `Errors:`, the level tag already taken off:
// `  InvoiceTest.roundsTotals:31 expected: <10> but was: <9>` or `  FooTest.bar » IllegalState`.
const SUREFIRE_SUMMARY_TEST =
  /^ {2,}(?<name>(?:[\w$]+\.)*[A-Za-z_$][\w$]*\.[\w$]+(?:\(.*?\))?)(?::\d+| \u00bb| \u2192|$)/
/** The test's class (simple name) and method: one failure named in two forms counts once. */
function failedTestKey(name: string): string {
  const bare = name.replace(/\(.*\)$/, '')
  const parts = bare.split('.')
  return parts.length >= 2 ? parts.slice(-2).join('.') : bare
}

/** Reads `1 failed, 10 passed, 2 skipped` style lists into counts. */
function countWords(text: string, into: Counts): void {
  for (const m of text.matchAll(/(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|todo)/g)) {
    const n = Number(m[1])
    if (m[2] === 'passed' || m[2] === 'xpassed') into.passed += n
    else if (m[2] === 'failed' || m[2].startsWith('error')) into.failed += n
    else into.skipped += n
  }
}

/**
 * Collects test totals from log lines, fed one at a time; read {@link totals} at the end.
 * Maven prints a line per test class and then, per module, a `Results:` total of the same
 * tests: a module's class lines are replaced by its total when it comes, so nothing is
 * counted twice, and a module cut off before its total still counts its classes.
 */
export class TestTotalsCollector {
  private readonly counted: Counts = { passed: 0, failed: 0, skipped: 0 }
  private readonly surefireClasses: Counts = { passed: 0, failed: 0, skipped: 0 }
  private readonly failedNames = new Set<string>()
  private readonly failedKeys = new Set<string>()
  /** The line being read carried an `[ERROR]` tag. */
  private errorLine = false
  private readonly runners: TestRunner[] = []
  private readonly readers = [this.surefire, this.gradle, this.pytest, this.jest, this.go]

  /** @param maxFailedTests how many failed tests' names to keep */
  constructor(private readonly maxFailedTests = 10) {}

  /** Feeds one log line. */
  feed(rawLine: string): void {
    // Every form needs one of these; most lines carry none of them.
    if (
      !rawLine.includes('Tests') &&
      !rawLine.includes('test') &&
      !rawLine.includes('FAIL') &&
      !rawLine.includes('ERROR') &&
      !rawLine.includes('--- ') &&
      !rawLine.includes(' \u203a ') &&
      !rawLine.includes('passed') &&
      !rawLine.includes('failed') &&
      !rawLine.startsWith('ok ')
    ) {
      return
    }
    const { line, error } = toolText(rawLine)
    this.errorLine = error
    // The first reader that recognises the line takes it.
    for (const read of this.readers) if (read.call(this, line)) return
  }

  /** The totals so far, or undefined when no runner printed any. */
  totals(): TestTotals | undefined {
    if (this.runners.length === 0) return undefined
    return {
      passed: this.counted.passed + this.surefireClasses.passed,
      failed: this.counted.failed + this.surefireClasses.failed,
      skipped: this.counted.skipped + this.surefireClasses.skipped,
      failedTests: [...this.failedNames],
      runners: [...this.runners]
    }
  }

  private saw(runner: TestRunner): true {
    if (!this.runners.includes(runner)) this.runners.push(runner)
    return true
  }

  private failedTest(name: string): void {
    const key = failedTestKey(name)
    if (this.failedKeys.has(key) || this.failedNames.size >= this.maxFailedTests) return
    this.failedKeys.add(key)
    this.failedNames.add(name)
  }

  private add(into: Counts, passed: number, failed: number, skipped: number): void {
    into.passed += passed
    into.failed += failed
    into.skipped += skipped
  }

  private surefire(line: string): boolean {
    const m = SUREFIRE_COUNTS.exec(line)
    if (m) {
      const run = Number(m[1])
      const failed = Number(m[2]) + Number(m[3])
      const skipped = Number(m[4])
      // `, Time elapsed` follows the counts of one test class, not a module's total.
      if (m[5] !== undefined) {
        this.add(this.surefireClasses, run - failed - skipped, failed, skipped)
      } else {
        // The module's `Results:` total stands for the class lines before it.
        this.add(this.counted, run - failed - skipped, failed, skipped)
        Object.assign(this.surefireClasses, { passed: 0, failed: 0, skipped: 0 })
      }
      return this.saw('surefire')
    }
    const t = SUREFIRE_FAILED_TEST.exec(line)
    if (!t?.groups) return this.surefireSummary(line)
    const { old, cls, qualified } = t.groups
    this.failedTest(old ? `${cls}.${old}` : qualified)
    return this.saw('surefire')
  }

  /** A test named in Surefire's `Failures:` / `Errors:` summary (`Run 1:` lines are reruns). */
  private surefireSummary(line: string): boolean {
    const m = this.errorLine ? SUREFIRE_SUMMARY_TEST.exec(line) : null
    if (!m?.groups) return false
    this.failedTest(m.groups.name)
    return this.saw('surefire')
  }

  /**
   * The shape most runners share: a line of counts, or a line that names a failed test.
   * `onCounts` adds what the counts line says.
   */
  private countsOrFailedTest(
    line: string,
    runner: TestRunner,
    patterns: { counts: RegExp; failedTest: RegExp },
    onCounts: (match: RegExpExecArray) => void
  ): boolean {
    const counts = patterns.counts.exec(line)
    if (counts) {
      onCounts(counts)
      return this.saw(runner)
    }
    const failed = patterns.failedTest.exec(line)
    if (!failed) return false
    this.failedTest(failed[1])
    return this.saw(runner)
  }

  private gradle(line: string): boolean {
    const patterns = { counts: GRADLE_COUNTS, failedTest: GRADLE_FAILED_TEST }
    return this.countsOrFailedTest(line, 'gradle', patterns, (m) => {
      const [completed, failed, skipped] = [m[1], m[2], m[3] ?? '0'].map(Number)
      this.add(this.counted, completed - failed - skipped, failed, skipped)
    })
  }

  private pytest(line: string): boolean {
    const patterns = { counts: PYTEST_SUMMARY, failedTest: PYTEST_FAILED_TEST }
    return this.countsOrFailedTest(line, 'pytest', patterns, (m) => countWords(m[1], this.counted))
  }

  private jest(line: string): boolean {
    const patterns = { counts: JEST_COUNTS, failedTest: JEST_FAILED_TEST }
    return this.countsOrFailedTest(line, 'jest', patterns, (m) => countWords(m[1], this.counted))
  }

  private go(line: string): boolean {
    const m = GO_RESULT.exec(line)
    if (!m) return this.goPackage(line)
    const [outcome, name] = [m[1], m[2]]
    if (outcome === 'PASS') this.counted.passed++
    else if (outcome === 'SKIP') this.counted.skipped++
    else {
      this.counted.failed++
      this.failedTest(name)
    }
    return this.saw('go')
  }

  private goPackage(line: string): boolean {
    const m = GO_PACKAGE.exec(line)
    if (!m) return false
    if (/\[(?:build|setup) failed\]/.test(line)) {
      this.counted.failed++
      this.failedTest(m[1])
    }
    return this.saw('go')
  }
}
