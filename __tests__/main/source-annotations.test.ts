/**
 * Compiler and test failures as annotations on the repository's own files, chosen at the end
 * of the run so that all the run's `::error` lines together stay within the runner's 10, and
 * the job summary's timeline, test totals and the annotations that did not fit. run() runs in
 * process against the simulator, with a workspace fixture as GITHUB_WORKSPACE.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { REMOTE_WORKSPACE, sourceFailures } from '../../simulator/source-failures.js'
import { closeSimulators, LIVE } from '../support/simulated-run.js'
import { followInProcess as follow } from '../support/in-process-action.js'
import { insertIntoStep } from '../support/log-edits.js'

afterEach(closeSimulators)

type Annotation = { level: string; message: string; properties: Record<string, string> }

const FAILURES = sourceFailures()
/** Formats whose file the fixture has; the others point at files not in the checkout. */
const PRESENT = new Set(['javac', 'gcc', 'typescript', 'python', 'surefire'])

let workspace: string
beforeAll(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'action-checkout-'))
  for (const failure of FAILURES.filter((f) => PRESENT.has(f.kind))) {
    const file = path.join(workspace, failure.file)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '// fixture\n')
  }
})
afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }))

/** A failing build whose Maven step prints the given lines. */
function failingLog(lines: readonly string[], markerStyle: 'dated' | 'month' = 'dated'): string {
  const generated = generateBuildLogWithSteps({ result: 'FAILURE', seed: 71, markerStyle })
  return insertIntoStep(generated.text, 'Maven build', lines, 'start')
}

const errorsOf = (annotations: readonly Annotation[]) =>
  annotations.filter((annotation) => annotation.level === 'error')

describe('failures on the repository files', () => {
  it('annotates each format on its file, line and column when the file is in the checkout, and never one that is not', async () => {
    const log = failingLog(FAILURES.flatMap((failure) => failure.lines))
    const { run, view } = await follow(
      { ...LIVE, log, result: 'FAILURE' },
      {},
      { GITHUB_WORKSPACE: workspace }
    )
    expect(run.exitCode).toBe(1)
    const errors = errorsOf(view.annotations)
    const onFiles = errors.filter((annotation) => annotation.properties.file !== undefined)
    const expected = FAILURES.filter((f) => PRESENT.has(f.kind)).map((f) => ({
      file: f.file,
      line: String(f.line),
      ...(f.col === undefined ? {} : { col: String(f.col) })
    }))
    expect(
      onFiles.map(({ properties: { file, line, col } }) => ({
        file,
        line,
        ...(col === undefined ? {} : { col })
      }))
    ).toEqual(expect.arrayContaining(expected))
    expect(onFiles).toHaveLength(expected.length)
    // Clean repository-relative paths, titled with the build step.
    for (const annotation of onFiles) {
      expect(annotation.properties.file).not.toMatch(/^(?:\/|\.\/|\.\.\/)/)
      expect(annotation.properties.title).toBe('Maven build')
    }
    const absent = FAILURES.filter((f) => !PRESENT.has(f.kind)).map((f) => f.file)
    expect(errors.some((a) => absent.includes(a.properties.file ?? ''))).toBe(false)
    // The file annotations come before the action's own final error, which ends the run.
    expect(errors.at(-1)?.message).toMatch(/^CodeArts build .* failed/)
    expect(errors.length).toBeLessThanOrEqual(10)
  })

  it('keeps an [ERROR] line whose file is not in the checkout as a step-titled annotation', async () => {
    const line = '[ERROR] /codearts/workspace/src/main/java/com/example/Gone.java:[3,1] missing'
    const { view } = await follow(
      { ...LIVE, log: failingLog([line]), result: 'FAILURE' },
      {},
      { GITHUB_WORKSPACE: workspace }
    )
    const errors = errorsOf(view.annotations)
    expect(errors).toContainEqual({
      level: 'error',
      message: line,
      properties: { title: 'Maven build' }
    })
    expect(errors.some((a) => a.properties.file !== undefined)).toBe(false)
  })

  it('puts no failure on a file when GITHUB_WORKSPACE does not hold it', async () => {
    const log = failingLog(FAILURES.flatMap((failure) => failure.lines))
    const { view } = await follow({ ...LIVE, log, result: 'FAILURE' })
    expect(errorsOf(view.annotations).some((a) => a.properties.file !== undefined)).toBe(false)
  })

  it('strips the workspace-prefix input from the paths when the log names another directory', async () => {
    const lines = sourceFailures('/srv/ci/build-42')
      .filter((f) => f.kind === 'gcc')
      .flatMap((f) => f.lines)
    const log = failingLog(lines)
    const learned = await follow(
      { ...LIVE, log, result: 'FAILURE' },
      {},
      { GITHUB_WORKSPACE: workspace }
    )
    expect(errorsOf(learned.view.annotations).some((a) => a.properties.file)).toBe(false)
    const given = await follow(
      { ...LIVE, log, result: 'FAILURE' },
      { 'workspace-prefix': '/srv/ci/build-42' },
      { GITHUB_WORKSPACE: workspace }
    )
    expect(errorsOf(given.view.annotations)).toContainEqual({
      level: 'error',
      message: "implicit declaration of function 'pack'",
      properties: { title: 'Maven build', file: 'native/codec.c', line: '33', col: '9' }
    })
  })

  it('writes at most 10 ::error lines in the run, none twice, the final error included; the rest go to the summary', async () => {
    // Thirty errors on present files, each printed twice (Maven echoes them), and more
    // step-titled errors in two other steps.
    const javac = Array.from(
      { length: 30 },
      (_, i) =>
        `[ERROR] ${REMOTE_WORKSPACE}/src/main/java/com/example/OrderService.java:[${i + 1},5] error ${i + 1}`
    )
    let log = failingLog([...javac, ...javac])
    const others = Array.from({ length: 12 }, (_, i) => `[ERROR] step problem ${i + 1}`)
    log = insertIntoStep(log, 'Code checkout', others, 'end')
    log = insertIntoStep(log, 'Cache Check', others, 'end')
    const { run, view } = await follow(
      { ...LIVE, log, result: 'FAILURE' },
      {},
      { GITHUB_WORKSPACE: workspace }
    )
    const errorLines = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(errorLines).toHaveLength(10)
    expect(new Set(errorLines).size).toBe(10)
    const errors = errorsOf(view.annotations)
    expect(errors).toHaveLength(10)
    // The file's first error is chosen, its others left for the summary; the action's own
    // error is the last.
    const onFiles = errors.filter((annotation) => annotation.properties.file !== undefined)
    expect(onFiles.map((annotation) => annotation.properties)).toEqual([
      {
        title: 'Maven build',
        file: 'src/main/java/com/example/OrderService.java',
        line: '1',
        col: '5'
      }
    ])
    expect(errors[9].message).toMatch(/^CodeArts build .* failed/)
    expect(run.summary).toContain('`src/main/java/com/example/OrderService.java:30` — `error 30`')
    expect(run.summary).toContain('step problem 12')
    // Listed once: remote text stands in code spans, never as live Markdown.
    expect(run.summary.split('`error 30`').length).toBe(2)
  })
})

describe('the job summary', () => {
  it.each(['dated', 'month'] as const)(
    'draws the steps as a Mermaid gantt from %s timestamps, failed step marked, with the test totals',
    async (markerStyle) => {
      const tests = [
        '[INFO] Tests run: 7, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.2 s - in com.example.AppTest',
        '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.InvoiceTest',
        '[ERROR] com.example.InvoiceTest.roundsTotals -- Time elapsed: 0.01 s <<< FAILURE!',
        '[ERROR] Tests run: 10, Failures: 1, Errors: 0, Skipped: 1'
      ]
      const log = failingLog(tests, markerStyle)
      const { run } = await follow({ ...LIVE, log, result: 'FAILURE' })
      const gantt = /```mermaid\ngantt\ndateFormat x\n[\s\S]*?```/.exec(run.summary)?.[0] ?? ''
      expect(gantt).toMatch(/^[^\n]+ :crit, s\d+, \d+, \d+$/m)
      expect(gantt).toMatch(/^Code checkout :done, s\d+, \d+, \d+$/m)
      expect(run.summary).toContain('### Tests')
      expect(run.summary).toMatch(/✅ \d+ passed · ❌ [1-9]\d* failed · ⏭️ \d+ skipped/)
      expect(run.summary).toContain('com.example.InvoiceTest.roundsTotals')
    }
  )

  it('leaves the timeline out when the log has no timestamps', async () => {
    const log = ['[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 0', 'Finished: SUCCESS']
    const { run } = await follow({ ...LIVE, log: `${log.join('\n')}\n`, result: 'SUCCESS' })
    expect(run.exitCode).toBe(0)
    expect(run.summary).not.toContain('```mermaid')
    expect(run.summary).toContain('✅ 4 passed · ❌ 0 failed · ⏭️ 0 skipped')
  })

  it('stays far under 1 MiB with thousands of failures and failed tests', async () => {
    const noise = Array.from({ length: 2000 }, (_, i) => [
      `[ERROR] ${REMOTE_WORKSPACE}/src/main/java/com/example/OrderService.java:[${i + 1},1] ${'x'.repeat(1000)} ${i}`,
      `FAILED tests/test_orders.py::test_${i}_${'y'.repeat(500)} - AssertionError`
    ]).flat()
    const { run } = await follow(
      { ...LIVE, log: failingLog(noise), result: 'FAILURE' },
      {},
      { GITHUB_WORKSPACE: workspace }
    )
    expect(run.summary).toContain('```mermaid')
    expect(run.summary).toContain('more errors')
    expect(Buffer.byteLength(run.summary)).toBeLessThan(100 * 1024)
  }, 30_000)
})
