import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { LogMirror } from '../../src/mirror/log-mirror.js'
import { SecretRedactor } from '../../src/runner/secrets.js'
import { WorkflowLog } from '../../src/runner/workflow-log.js'
import {
  chooseFailureAnnotations,
  writeFailureAnnotations
} from '../../src/report/failure-annotations.js'
import { sourceFailures } from '../../simulator/source-failures.js'
import { generateRealLogMix } from '../../bench/real-log-mix.js'
import { FailureLines } from '../../src/report/failure-lines.js'

const STEP = '[2023/12/21 15:44:18.793 GMT+08:00] [INFO] [Build: build_step]: This step starts.'

/** Runs lines through a mirror (in pieces, as the log arrives) and returns it with its stdout. */
function mirrorOf(lines: readonly string[], pieceChars = 37, secrets: string[] = []) {
  const written: string[] = []
  const out = { write: (text: string) => written.push(text) > 0, once: () => undefined }
  const redactor = new SecretRedactor()
  for (const secret of secrets) redactor.add(secret)
  const mirror = new LogMirror(new WorkflowLog(out, 'token'), { showLog: true, redactor })
  const text = `${[STEP, ...lines].join('\n')}\n`
  for (let at = 0; at < text.length; at += pieceChars)
    mirror.write(Buffer.from(text.slice(at, at + pieceChars)))
  mirror.end()
  return { mirror, redactor, written }
}

describe('FailureLines through the mirror', () => {
  it('finds a failure in every format, whatever the pieces the log arrives in', () => {
    const lines = sourceFailures().flatMap((failure) => failure.lines)
    for (const pieceChars of [7, 64, 100_000]) {
      const { mirror } = mirrorOf(lines, pieceChars)
      const kinds = mirror.failures.failures.flatMap((failure) =>
        failure.source ? [failure.source.kind] : []
      )
      expect(kinds).toEqual(sourceFailures().map((failure) => failure.kind))
      expect(mirror.failures.failures.every((f) => f.stepName === 'Build')).toBe(true)
    }
  })

  it('finds failures among many lines with colons, in one text or in pieces', () => {
    const failures = sourceFailures()
    const filler = (count: number) =>
      Array.from({ length: count }, (_, i) => `[INFO] Downloaded: https://repo.example.com/a/${i}`)
    // Each failure after thousands of lines whose `:` tell nothing, the last in the very middle.
    const lines = failures.flatMap((failure) => [...filler(3001), ...failure.lines])
    lines.push(...filler(lines.length))
    for (const pieceChars of [37, 10_000_000]) {
      const { mirror } = mirrorOf(lines, pieceChars)
      const kinds = mirror.failures.failures.flatMap((failure) =>
        failure.source ? [failure.source.kind] : []
      )
      expect(kinds).toEqual(failures.map((failure) => failure.kind))
    }
  })

  it('learns the workspace directory from the checkout lines', () => {
    const { mirror } = mirrorOf([
      '+ git init /codearts/workspace',
      "Cloning into '/builds/repo'...",
      'git clone https://example.com/r.git /srv/checkout'
    ])
    expect(mirror.failures.workspacePrefixes).toEqual([
      '/codearts/workspace',
      '/builds/repo',
      '/srv/checkout'
    ])
  })

  it('learns the first 20 workspace directories only, however many the log names', () => {
    const { mirror } = mirrorOf(Array.from({ length: 5000 }, (_, i) => `+ git init /ws/${i}`))
    expect(mirror.failures.workspacePrefixes).toEqual(
      Array.from({ length: 20 }, (_, i) => `/ws/${i}`)
    )
  })

  it('turns away URLs, versions and prose, and reads test totals', () => {
    const { mirror } = mirrorOf([
      '[INFO] Downloading from central: https://repo.example.com/a/b-1.0.pom',
      '[INFO] --- maven-surefire-plugin:3.2.2:test ---',
      'Total time: about a minute',
      '[INFO] Tests run: 5, Failures: 1, Errors: 0, Skipped: 2',
      '3 tests completed, 1 failed',
      'AppTest > adds FAILED'
    ])
    expect(mirror.failures.failures).toEqual([])
    expect(mirror.failures.totals()).toMatchObject({ failed: 2, skipped: 2 })
  })
})

describe('the byte test before a line is read', () => {
  /** What the readers found, fed `lines` through plain(), or each line read in full. */
  function readings(lines: readonly string[], readEveryLine: boolean) {
    const failureLines = new FailureLines(new SecretRedactor())
    // A reader of every line: what the byte test turns away must change nothing.
    const take = (failureLines as unknown as Record<string, (line: string) => void>).take
    const text = Buffer.from(lines.map((line) => `${line}\n`).join(''))
    failureLines.newText()
    let start = 0
    for (const line of lines) {
      const end = text.indexOf(0x0a, start)
      if (readEveryLine) take.call(failureLines, line.replace(/\r$/, ''))
      else failureLines.plain(text, start, end, undefined)
      start = end + 1
    }
    return {
      failures: failureLines.failures,
      totals: failureLines.totals(),
      workspaces: failureLines.workspacePrefixes
    }
  }

  const counted = [
    '5 tests completed, 1 failed',
    '12 tests completed, 2 failed, 1 skipped',
    '  3 passing (2s)',
    '  1 failing',
    'Tests:       1 failed, 2 passed, 3 total',
    '--- FAIL: TestParse (0.00s)',
    '--- PASS: TestOther (0.01s)',
    'ok  \tgithub.com/acme/pkg\t0.12s',
    'FAIL\tgithub.com/acme/broken [build failed]',
    '=========== 1 failed, 2 passed in 0.12s ===========',
    'FAILED tests/test_a.py::test_x - assert 1 == 2',
    '  \u25cf Cart \u203a adds an item',
    'AppTest > adds FAILED',
    '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.acme.FooTest',
    '[ERROR] Failures: ',
    '[ERROR]   FooTest.bar:42 expected: <1> but was: <2>',
    '[INFO] Tests run: 7, Failures: 0, Errors: 0, Skipped: 1',
    '\tat com.acme.Foo.bar(Foo.java:12)',
    'Traceback (most recent call last):',
    '  File "app/main.py", line 3, in <module>',
    '    run()',
    'ValueError: boom'
  ]
  const timesAndHashes = [
    '02:29:48.123 [main] INFO  c.e.Application - Started in 3.2 s',
    '2026-12-07 02:29:48,123 ERROR [main] src/a.c:12:5: error: x',
    '6f817a73: Pull complete',
    '0a1b2c3d: Downloading [=====>   ]  12.3MB/45.6MB',
    '12:00:01 ./pkg/a.go:7:2: undefined: y',
    '  12:5  error  Missing semicolon  semi'
  ]

  /** Tools colour whole lines, or words within them; a `\r` may end either. */
  const colourings = [
    (line: string) => `\u001b[31m${line}\u001b[0m`,
    (line: string) => `\u001b[0m\u001b[1m\u001b[31m${line}\u001b[39m\u001b[22m\r`,
    (line: string) => `\u001b[33m${line}\r`,
    (line: string) => `\u001b[1m${line.replace(' ', ' \u001b[22m')}`
  ]

  it.each([
    [
      'every failure format, test counts and tracebacks',
      [...sourceFailures().flatMap((f) => f.lines), ...counted]
    ],
    [
      'the same lines in colour',
      [...sourceFailures().flatMap((f) => f.lines), ...counted, ...timesAndHashes].flatMap((line) =>
        colourings.map((colour) => colour(line))
      )
    ],
    ['times and hashes at the start of lines', [...timesAndHashes, ...counted]],
    [
      'a real-log mix with failures',
      generateRealLogMix({ targetBytes: 400_000, seed: 3, result: 'FAILURE' })
        .toString('utf8')
        .split('\n')
        .slice(0, -1)
    ]
  ])('turns away no line a reader acts on: %s', (_name, lines) => {
    const filtered = readings(lines, false)
    expect(filtered).toEqual(readings(lines, true))
    expect(filtered.failures.length + (filtered.totals ? 1 : 0)).toBeGreaterThan(0)
  })
})

describe('chooseFailureAnnotations', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'failure-lines-'))
  const present = path.join(workspace, 'native', 'codec.c')
  fs.mkdirSync(path.dirname(present), { recursive: true })
  fs.writeFileSync(present, '')
  fs.mkdirSync(path.join(workspace, 'web', 'src', 'app.ts'), { recursive: true })

  it('annotates files in the checkout, never a directory, and keeps [ERROR] lines step-titled', () => {
    const lines = [
      '+ git init /codearts/workspace',
      '/codearts/workspace/native/codec.c:33:9: error: boom token-123',
      "web/src/app.ts(12,5): error TS2322: Type 'string'.",
      '[ERROR] /codearts/workspace/src/Gone.java:[3,1] missing'
    ]
    const { mirror, redactor } = mirrorOf(lines, 50, ['token-123'])
    const context = { workspace, workspacePrefix: undefined, redactor, reserved: 1 }
    const choice = chooseFailureAnnotations(mirror.failures, context)
    expect(choice.chosen).toEqual([
      { file: 'native/codec.c', line: 33, column: 9, title: 'Build', message: 'boom ***' },
      { title: 'Build', message: '[ERROR] /codearts/workspace/src/Gone.java:[3,1] missing' }
    ])
    const none = chooseFailureAnnotations(mirror.failures, { ...context, workspace: undefined })
    expect(none.chosen.some((candidate) => candidate.file !== undefined)).toBe(false)
    const other = chooseFailureAnnotations(mirror.failures, {
      ...context,
      workspacePrefix: '/elsewhere'
    })
    expect(other.chosen.some((candidate) => candidate.file !== undefined)).toBe(false)
  })

  it('writes file, line and col escaped, so remote text cannot forge them', () => {
    const written: string[] = []
    const out = { write: (text: string) => written.push(text) > 0, once: () => undefined }
    writeFailureAnnotations(new WorkflowLog(out, 'token'), [
      { file: 'a,b:c.c', line: 3, column: 4, title: 'T,x=y', message: 'm::error file=z::n' }
    ])
    expect(written.join('')).toBe(
      '::error title=T%2Cx=y,file=a%2Cb%3Ac.c,line=3,col=4::m::error file=z::n\n'
    )
  })
})
