/**
 * What a person sees of a followed build: outputs while it runs, groups and annotations in the
 * workflow log, the failure excerpt and the quiet mode. The committed bundle
 * runs as the runner runs it, against the simulator over real HTTP.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { startAction } from '../support/run-action.js'
import {
  closeSimulators,
  follow,
  inputsFor,
  LIVE,
  simulate,
  SimulatorOptions
} from '../support/simulated-run.js'
import { logLines, RunnerView } from '../support/runner-lines.js'
import { insertIntoStep, stepLines } from '../support/log-edits.js'

afterEach(closeSimulators)

/** The runner echoes the fence's own commands with the token masked. */
const FENCE_ECHO = /^::(stop-commands::)?\*\*\*(::)?$/
const shown = (view: RunnerView) => view.lines.filter((line) => !FENCE_ECHO.test(line.text))

describe('outputs', () => {
  const { text } = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 61 })
  const bytes = Buffer.from(text)
  const firstLines = bytes.indexOf(0x0a, 2000) + 1
  /** About two seconds of build: the outputs are looked at in between. */
  const SLOW: SimulatorOptions = {
    log: text,
    schedule: [
      { atMs: 50, endByte: firstLines },
      { atMs: 2000, endByte: bytes.length }
    ],
    finishDelayMs: 50
  }

  it.each([
    ['a build given by number', { 'build-no': '1' }, 1],
    ['a build the action starts', { 'build-no': '', trigger: 'true' }, 2]
  ])(
    'sets build-no and log-file while %s still runs',
    async (_, inputs: Record<string, string>, buildNo) => {
      const simulator = await simulate(SLOW)
      const started = startAction(inputsFor(simulator, inputs))
      await started.waitForStdout('Following CodeArts build')
      const early = started.readOutputs()
      const build = simulator.builds.get(buildNo)

      expect(build?.building).toBe(true)
      expect(early['build-no']).toBe(String(buildNo))
      expect(path.isAbsolute(early['log-file'])).toBe(true)
      expect(fs.existsSync(early['log-file'])).toBe(true)
      expect(early.result).toBeUndefined()
      if (inputs.trigger)
        expect(early['daily-build-no']).toMatch(new RegExp(`^\\d{8}\\.${buildNo}$`))

      const run = await started.finished
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({
        'build-no': String(buildNo),
        'log-file': early['log-file'],
        result: 'success'
      })
      expect(run.logBytes?.equals(bytes)).toBe(true)
    }
  )
})

describe('a failing build in the workflow log', () => {
  const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 41 })
  const failed = clean.steps.find((step) => step.status === 'error')
  if (!failed) throw new Error('the generated log has no failed step')
  const notes = Array.from({ length: 40 }, (_, i) => `compiler note ${i + 1}`)
  const log = insertIntoStep(clean.text, failed.name, notes, 'end')

  it("shows the failed step's last 30 lines outside every group, after the last group, then the error", async () => {
    const { run, view, served } = await follow({ ...LIVE, log, result: 'FAILURE' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['failed-step']).toBe(failed.name)

    const lines = shown(view)
    const header = lines.findIndex(
      (line) => line.text === `Last 30 lines of step '${failed.name}':`
    )
    expect(header).toBeGreaterThan(0)
    const excerpt = lines.slice(header + 1, header + 31)
    expect(excerpt.map((line) => line.text)).toEqual(stepLines(served, failed.name).slice(-30))
    expect(excerpt.map((line) => line.text)).toContain('compiler note 40')
    expect([lines[header], ...excerpt].every((line) => line.group === null)).toBe(true)

    // Every group was closed before the excerpt began.
    const lastGroupLine = lines.reduce(
      (last, line, i) => (line.markup === 'group' || line.markup === 'endgroup' ? i : last),
      -1
    )
    expect(lines[lastGroupLine].markup).toBe('endgroup')
    expect(lastGroupLine).toBeLessThan(header)
    expect(view.groups.map((group) => group.title)).toEqual(clean.steps.map((step) => step.name))

    // Right after the excerpt: the error that fails the step, the last annotation of all.
    const after = lines[header + 31]
    expect(after).toMatchObject({ markup: 'error', fromRunner: true, group: null })
    expect(after.text).toContain(`failed at step '${failed.name}'`)
    expect(lines.slice(header + 32)).toEqual([])
    expect(view.annotations.at(-1)?.message).toBe(after.text.replace(/^##\[error\]/, ''))
  })

  it('shows the whole step when it has fewer than 30 lines', async () => {
    const { view, served } = await follow({ ...LIVE, log: clean.text, result: 'FAILURE' })
    const expected = stepLines(served, failed.name)
    expect(expected.length).toBeLessThan(30)
    const lines = shown(view)
    const header = lines.findIndex(
      (line) => line.text === `Last ${expected.length} lines of step '${failed.name}':`
    )
    expect(header).toBeGreaterThan(0)
    expect(lines.slice(header + 1, header + 1 + expected.length).map((line) => line.text)).toEqual(
      expected
    )
  })
})

describe('error annotations', () => {
  it('turns remote [ERROR] lines into error annotations titled with their step: at most 10 in the run, each once, the rest in the summary', async () => {
    const clean = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 43 })
    const distinct = Array.from({ length: 50 }, (_, i) => `[ERROR] problem ${i + 1} in module-${i}`)
    const repeated = [
      '[ERROR] flaky network',
      '[INFO] retrying',
      '[ERROR] flaky network',
      '\u001b[1;31m[ERROR] coloured failure\u001b[m',
      '[ERROR] flaky network',
      '[ERROR] flaky network'
    ]
    let log = insertIntoStep(clean.text, 'Maven build', distinct, 'start')
    log = insertIntoStep(log, 'Unit test report', repeated, 'end')
    const { run, view } = await follow({ ...LIVE, log, result: 'SUCCESS' })
    expect(run.exitCode).toBe(0)

    // The runner shows 10 error annotations of one step, and the whole action is one step.
    const errors = view.annotations.filter((annotation) => annotation.level === 'error')
    // Each failing step gets one before any step gets a second: 9 of one step, 1 of the other.
    expect(errors).toEqual([
      ...distinct.slice(0, 9).map((message) => ({
        level: 'error',
        message,
        properties: { title: 'Maven build' }
      })),
      {
        level: 'error',
        message: '[ERROR] flaky network',
        properties: { title: 'Unit test report' }
      }
    ])
    // Chosen once the whole log is known: they come after the last group, outside every group.
    const annotationLines = view.lines.filter((line) => line.markup === 'error' && line.fromRunner)
    expect(annotationLines.every((line) => line.group === null)).toBe(true)
    const lastProblem = view.lines.findIndex((line) => line.text === distinct[49])
    expect(view.lines.indexOf(annotationLines[0])).toBeGreaterThan(lastProblem)
    // What did not fit is listed in the job summary, each once.
    expect(run.summary).toContain('problem 10 in module-9')
    expect(run.summary).toContain('problem 11 in module-10')
    expect(run.summary).toContain('problem 50 in module-49')
    expect(run.summary).not.toContain('flaky network')
    expect(run.summary).toContain('coloured failure')
    expect(run.summary.split('coloured failure').length).toBe(2)
  })
})

describe("show-log: 'false'", () => {
  it('keeps the workflow log to a few status lines and the failure excerpt; the log file is the whole log', async () => {
    const generated = generateBuildLogWithSteps({ result: 'FAILURE', seed: 47 })
    const failed = generated.steps.find((step) => step.status === 'error')
    const progress = Array.from({ length: 200 }, (_, i) => `[INFO] Compiling module ${i + 1}`)
    const text = insertIntoStep(generated.text, 'Maven build', progress, 'start')
    const { run, view, served } = await follow(
      { ...LIVE, log: text, result: 'FAILURE' },
      { 'show-log': 'false' }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.toString('utf8')).toBe(text)

    expect(view.groups).toEqual([])
    expect(view.nestingViolations).toBe(0)
    expect(view.fenceOpenAtEnd).toBe(false)
    const excerpt = stepLines(served, failed?.name ?? '')
    const lines = shown(view)
    const own = lines.filter((line) => !line.fromRunner && !excerpt.includes(line.text))
    expect(own.length).toBeLessThanOrEqual(5)
    expect(own[0].text).toMatch(/^Following CodeArts build /)
    expect(lines.length).toBeLessThan(50)
    expect(logLines(served).length).toBeGreaterThan(250)
    expect(lines.some((line) => line.text.includes('Start to execute build task'))).toBe(false)
    expect(lines.map((line) => line.text)).toEqual(expect.arrayContaining(excerpt))
  })
})
