/**
 * What a person sees of a followed build: outputs while it runs, groups and annotations in the
 * workflow log, the failure excerpt, the quiet mode and the job summary. The committed bundle
 * runs as the runner runs it, against the simulator over real HTTP.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { formatDuration } from '../../src/follow/clock.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { formatLogTimestamp } from '../../simulator/timestamps.js'
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

afterEach(closeSimulators)

/** The log's lines, each with its own line ending. */
function splitKeepingEnds(text: string): string[] {
  return text.split(/(?<=\n)/)
}

const isStepLine = (line: string, name: string): boolean =>
  line.startsWith('[') && (line.includes(`] [${name}: `) || line.includes(`] [${name}:`))

/**
 * Inserts whole lines into a generated log: right after the step's start marker, or right
 * before its first marker after that (its end or its failure).
 */
function insertIntoStep(
  text: string,
  stepName: string,
  newLines: readonly string[],
  where: 'start' | 'end'
): string {
  const lines = splitKeepingEnds(text)
  const start = lines.findIndex((line) => isStepLine(line, stepName))
  if (start < 0) throw new Error(`no step '${stepName}' in the log`)
  let at = start + 1
  if (where === 'end') {
    while (at < lines.length && !isStepLine(lines[at], stepName)) at++
  }
  lines.splice(at, 0, ...newLines.map((line) => line + '\n'))
  return lines.join('')
}

/** The lines of one step, from its start marker to its last marker, as the runner shows them. */
function stepLines(log: Buffer | string, stepName: string): string[] {
  const lines = logLines(log)
  const first = lines.findIndex((line) => isStepLine(line, stepName))
  let last = first
  lines.forEach((line, i) => {
    if (isStepLine(line, stepName)) last = i
  })
  return lines.slice(first, last + 1)
}

/** The runner echoes the fence's own commands with the token masked. */
const FENCE_ECHO = /^::(stop-commands::)?\*\*\*(::)?$/
const shown = (view: RunnerView) => view.lines.filter((line) => !FENCE_ECHO.test(line.text))

/** Epoch milliseconds of either CodeArts timestamp style (both GMT+08:00). */
function parseStamp(stamp: string): number {
  const months = 'JanFebMarAprMayJunJulAugSepOctNovDec'
  const dated = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) GMT\+08:00$/.exec(stamp)
  const named = /^([A-Z][a-z]{2}) (\d\d), (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3}) GMT\+08:00$/.exec(
    stamp
  )
  const eightHoursMs = 8 * 3600_000
  if (dated) {
    const [, y, mo, d, h, mi, s, ms] = dated.map(Number)
    return Date.UTC(y, mo - 1, d, h, mi, s, ms) - eightHoursMs
  }
  if (named) {
    const [, month, d, y, h, mi, s, ms] = named
    const m = months.indexOf(month) / 3
    return Date.UTC(+y, m, +d, +h, +mi, +s, +ms) - eightHoursMs
  }
  throw new Error(`not a CodeArts timestamp: ${stamp}`)
}

const STAMPED = /^\[([^\]]+ GMT\+08:00)\] /

/**
 * Stretches a generated log's time: the k-th stamped line moves k × `stepMs` later, so step
 * durations become minutes, and different from step to step.
 */
function stretchTime(text: string, stepMs: number): string {
  let k = 0
  return splitKeepingEnds(text)
    .map((line) => {
      const match = STAMPED.exec(line)
      if (!match) return line
      const style = /^\d{4}\//.test(match[1]) ? 'dated' : 'month'
      const moved = formatLogTimestamp(parseStamp(match[1]) + ++k * stepMs, style)
      return `[${moved}] ${line.slice(match[0].length)}`
    })
    .join('')
}

/** Each step's duration, from the timestamps of its first and last marker. */
function durationsFromLog(text: string, stepNames: readonly string[]): string[] {
  return stepNames.map((name) => {
    const markers = stepLines(text, name).filter((line) => isStepLine(line, name))
    const startMs = parseStamp(STAMPED.exec(markers[0])?.[1] ?? '')
    const endMs = parseStamp(STAMPED.exec(markers[markers.length - 1])?.[1] ?? '')
    return formatDuration(endMs - startMs)
  })
}

/** The rows of the summary's step table: name, status, duration. */
function stepRows(summary: string): string[][] {
  return [...summary.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map(
    (match) => match.slice(1)
  )
}

/** What a browser shows for the summary's escaped text: entities decoded, once. */
function decodeHtml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return text.replace(/&(#\d+|[a-z]+);/g, (entity, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name] ?? entity)
  )
}

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '')

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
  it('turns remote [ERROR] lines into error annotations titled with their step: at most 10 a step, each once', async () => {
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

    const errors = view.annotations.filter((annotation) => annotation.level === 'error')
    expect(errors).toEqual([
      ...distinct.slice(0, 10).map((message) => ({
        level: 'error',
        message,
        properties: { title: 'Maven build' }
      })),
      {
        level: 'error',
        message: '[ERROR] flaky network',
        properties: { title: 'Unit test report' }
      },
      {
        level: 'error',
        message: '[ERROR] coloured failure',
        properties: { title: 'Unit test report' }
      }
    ])
    // Each annotation shows in its step's group, after the line it comes from.
    const annotationLines = view.lines.filter((line) => line.markup === 'error' && line.fromRunner)
    expect(annotationLines.slice(0, 10).every((line) => line.group === 'Maven build')).toBe(true)
    const firstProblem = view.lines.findIndex((line) => line.text === distinct[0])
    expect(view.lines.indexOf(annotationLines[0])).toBeGreaterThan(firstProblem)
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

describe('the job summary', () => {
  const hostile = '[ERROR] <script>alert("summary")</script> | a | b |'

  it('tells the result, each step with its status and duration, the build, the log size and the failure excerpt, escaped', async () => {
    const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 53 })
    const failed = clean.steps.find((step) => step.status === 'error')
    if (!failed) throw new Error('the generated log has no failed step')
    const log = stretchTime(insertIntoStep(clean.text, failed.name, [hostile], 'end'), 65_432)
    const { run, served, sim: simulator } = await follow({ ...LIVE, log, result: 'FAILURE' })
    const summary = run.summary
    expect(run.exitCode).toBe(1)

    expect(summary).toMatch(/^## .*\bfailed\b/)
    const names = clean.steps.map((step) => step.name)
    const rows = stepRows(summary)
    expect(rows.map((row) => row[0])).toEqual(names)
    expect(rows.map((row) => /failed/.test(row[1]))).toEqual(
      names.map((name) => name === failed.name)
    )
    expect(rows.filter((row) => /success/.test(row[1]))).toHaveLength(names.length - 1)
    // Durations come from the log's own timestamps, whichever of the two styles a step uses.
    expect(new Set(clean.steps.map((step) => step.style))).toEqual(new Set(['dated', 'month']))
    const durations = rows.map((row) => row[2])
    expect(durations).toEqual(durationsFromLog(log, names))
    expect(durations.every((duration) => /^\d+m \d\ds$/.test(duration))).toBe(true)

    expect(summary).toContain('| Build number | 1 |')
    expect(summary).toContain(`| Job | \`${simulator.jobId}\` |`)
    expect(summary).toContain(`| Log size | ${(served.length / 1024).toFixed(1)} KiB |`)

    const details = /<details>\n<summary>(.*)<\/summary>\n\n<pre>([^]*?)<\/pre>\n<\/details>/.exec(
      summary
    )
    expect(details?.[1]).toContain(failed.name)
    const excerpt = details?.[2].split('\n') ?? []
    expect(excerpt).toHaveLength(Math.min(30, stepLines(served, failed.name).length))
    expect(details?.[2]).toContain('&lt;script&gt;')
    expect(details?.[2]).not.toMatch(/[<>|]/)
    expect(summary).not.toContain('<script')
    expect(summary).not.toContain(hostile)
  })

  it('has no failure excerpt for a successful build', async () => {
    const { text, steps } = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 59 })
    const { run } = await follow({ ...LIVE, log: text, result: 'SUCCESS' })
    expect(run.summary).toMatch(/^## .*\bsucceeded\b/)
    expect(stepRows(run.summary).map((row) => row[0])).toEqual(steps.map((step) => step.name))
    expect(stepRows(run.summary).every((row) => row[2] !== '—')).toBe(true)
    expect(run.summary).not.toContain('<details>')
  })

  // Each character is escaped once: an entity written for '|' must not have its '#' escaped again.
  it('shows remote text as it was written once escaped: a | stays a |', async () => {
    const clean = generateBuildLogWithSteps({
      result: 'FAILURE',
      steps: [
        { name: 'Build | test', id: 'buildTest' },
        { name: 'Deploy', id: 'deploy' }
      ],
      failAtStep: 1,
      seed: 73
    })
    const log = insertIntoStep(clean.text, 'Deploy', ['[ERROR] a | b <c> & "d" #1'], 'end')
    const { run, served } = await follow({ ...LIVE, log, result: 'FAILURE' })
    expect(stepRows(run.summary).map((row) => decodeHtml(row[0]))).toEqual([
      'Build | test',
      'Deploy'
    ])
    const pre = /<pre>([^]*?)<\/pre>/.exec(run.summary)?.[1] ?? ''
    expect(decodeHtml(pre).split('\n')).toEqual(stepLines(served, 'Deploy').map(stripAnsi))
  })

  it('stays far below the 1 MiB limit for a 20 MiB log of 500 steps', async () => {
    const specs = Array.from({ length: 500 }, (_, i) => ({
      name: `Deploy shard ${i + 1} to <region> | ${'x'.repeat(100)}`,
      id: `shard_${i + 1}`
    }))
    const generated = generateBuildLogWithSteps({
      result: 'FAILURE',
      steps: specs,
      failAtStep: 499,
      longLineBytes: 0,
      seed: 67
    })
    // About 40 KiB of output in every step, and long hostile lines at the end of the failed one.
    const block = Array.from(
      { length: 400 },
      (_, i) => `[INFO] Uploading part ${i} of the artifact ${'0123456789'.repeat(9)}`
    ).join('\n')
    const lines = splitKeepingEnds(generated.text)
    const parts: string[] = []
    for (const line of lines) {
      parts.push(line)
      if (/This step (starts|is start)/.test(line)) parts.push(block + '\n')
    }
    let log = parts.join('')
    const failedName = specs[499].name
    log = insertIntoStep(
      log,
      failedName,
      Array.from({ length: 30 }, () => `[ERROR] ${'<|>&"'.repeat(2000)}`),
      'end'
    )
    expect(Buffer.byteLength(log)).toBeGreaterThan(20 * 1024 * 1024)

    const { run, served } = await follow({ log, result: 'FAILURE', finished: true })
    expect(run.exitCode).toBe(1)
    expect(run.logBytes?.length).toBe(served.length)
    const summaryBytes = Buffer.byteLength(run.summary)
    expect(summaryBytes).toBeLessThan(100 * 1024)
    const rows = stepRows(run.summary)
    expect(rows.length).toBeLessThanOrEqual(100)
    expect(rows.every((row) => !/[<>|]/.test(row[0]))).toBe(true)
    expect(run.summary).toContain('400 more steps')
    expect(run.summary).toContain('<details>')
  }, 30_000)

  it('stays under 100 KiB for a 20 MiB log of 500 plainly named steps', async () => {
    const specs = Array.from({ length: 500 }, (_, i) => ({
      name: `Deploy shard ${i + 1}`,
      id: `shard_${i + 1}`
    }))
    const generated = generateBuildLogWithSteps({
      result: 'FAILURE',
      steps: specs,
      failAtStep: 499,
      seed: 71
    })
    const block = `[INFO] ${'step output '.repeat(3500)}\n`
    const log = splitKeepingEnds(generated.text)
      .map((line) => (/This step (starts|is start)/.test(line) ? line + block : line))
      .join('')
    expect(Buffer.byteLength(log)).toBeGreaterThan(20 * 1024 * 1024)

    const { run } = await follow(
      { log, result: 'FAILURE', finished: true },
      { 'show-log': 'false' }
    )
    expect(run.exitCode).toBe(1)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(100 * 1024)
    expect(stepRows(run.summary).length).toBeLessThanOrEqual(100)
  }, 30_000)
})
