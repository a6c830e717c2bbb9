import { describe, expect, it } from '@jest/globals'
import { TestTotalsCollector } from '../../src/build-log/test-totals.js'
import { FailureLines } from '../../src/report/failure-lines.js'
import { SecretRedactor } from '../../src/runner/secrets.js'

const STAMP = '[2026/09/14 02:29:41.002 GMT+08:00] '
const RED = (text: string) => `\u001b[1;31m${text}\u001b[m`

/** The failed tests' names the collector keeps of `lines`, fed one at a time. */
function namesOf(lines: string[]): readonly string[] {
  const collector = new TestTotalsCollector()
  for (const line of lines) collector.feed(line)
  return collector.totals()?.failedTests ?? []
}

/**
 * The same through the mirror's path: each line goes through the byte pre-filter as tool
 * output (`plain`), as a line of a step would.
 */
function namesThroughPreFilter(lines: string[]): readonly string[] {
  const failures = new FailureLines(new SecretRedactor())
  for (const line of lines) {
    const text = Buffer.from(`${line}\n`)
    failures.newText()
    failures.plain(text, 0, text.length - 1, undefined)
  }
  return failures.totals()?.failedTests ?? []
}

const SUREFIRE_SUMMARY = [
  '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.InvoiceTest',
  '[ERROR]   InvoiceTest.roundsTotals:31 expected: <10> but was: <9>'
]

describe('failed test names', () => {
  it.each([
    ['Surefire summary line alone', SUREFIRE_SUMMARY, ['InvoiceTest.roundsTotals']],
    [
      'Surefire Failures: block',
      [
        '[INFO] Results:',
        '[ERROR] Failures: ',
        '[ERROR]   InvoiceTest.roundsTotals:31 expected: <10> but was: <9>',
        '[ERROR] Errors: ',
        '[ERROR]   OrderTest.exports » NullPointer',
        '[ERROR]   Run 1: OrderTest.flaky:12 expected: <1> but was: <2>',
        '[ERROR] Tests run: 5, Failures: 1, Errors: 1, Skipped: 0'
      ],
      ['InvoiceTest.roundsTotals', 'OrderTest.exports']
    ],
    [
      'JUnit 5 header, then the summary of the same test',
      [
        '[ERROR] com.example.InvoiceTest.roundsTotals  Time elapsed: 0.01 s  <<< FAILURE!',
        '[ERROR]   InvoiceTest.roundsTotals:31 expected: <10> but was: <9>'
      ],
      ['com.example.InvoiceTest.roundsTotals']
    ],
    ['Gradle', ['InvoiceTest > roundsTotals() FAILED'], ['InvoiceTest > roundsTotals()']],
    [
      'Gradle with a package',
      ['com.example.InvoiceTest > roundsTotals() FAILED'],
      ['com.example.InvoiceTest > roundsTotals()']
    ],
    [
      'Gradle in colour',
      [`com.example.InvoiceTest > roundsTotals() ${RED('FAILED')}`],
      ['com.example.InvoiceTest > roundsTotals()']
    ],
    [
      'CodeArts timestamps',
      [
        `${STAMP}InvoiceTest > roundsTotals() FAILED`,
        `${STAMP}[ERROR]   OrderTest.exports:12 expected: <1> but was: <2>`
      ],
      ['InvoiceTest > roundsTotals()', 'OrderTest.exports']
    ],
    [
      'Surefire in colour',
      [`${RED('[ERROR]')}   InvoiceTest.roundsTotals:31 expected: <10> but was: <9>`],
      ['InvoiceTest.roundsTotals']
    ]
  ])('%s', (_, lines, names) => {
    expect(namesOf(lines)).toEqual(names)
  })

  it('reaches the collector through the byte pre-filter in every form', () => {
    expect(
      namesThroughPreFilter([`com.example.InvoiceTest > roundsTotals() ${RED('FAILED')}`])
    ).toEqual(['com.example.InvoiceTest > roundsTotals()'])
    expect(namesThroughPreFilter([`${STAMP}InvoiceTest > roundsTotals() FAILED\r`])).toEqual([
      'InvoiceTest > roundsTotals()'
    ])
    expect(namesThroughPreFilter(SUREFIRE_SUMMARY)).toEqual(['InvoiceTest.roundsTotals'])
  })

  it('names no test from indented lines that are not failures', () => {
    const lines = [
      '[INFO]   com.example.Widget.render:12 is fine',
      '[ERROR]   see the log above',
      '[WARNING]   org.apache.maven.Plugin.run:3 deprecated'
    ]
    expect(namesOf(lines)).toEqual([])
    // Not even as a run seen without a name: the collector took none of them for a test line.
    const collector = new TestTotalsCollector()
    for (const line of lines) collector.feed(line)
    expect(collector.totals()).toBeUndefined()
  })
})
