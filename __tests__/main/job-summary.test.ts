/**
 * The job summary of a followed build: its table of steps with their durations, the failure
 * block, and its size on large logs. run() runs in process (its runner commands on stdout),
 * against the simulator over real HTTP.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { formatDuration } from '../../src/text/duration.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { formatLogTimestamp } from '../../simulator/timestamps.js'
import { closeSimulators, LIVE } from '../support/simulated-run.js'
import { followInProcess as follow } from '../support/in-process-action.js'
import { insertIntoStep, isStepLine, splitKeepingEnds, stepLines } from '../support/log-edits.js'

afterEach(closeSimulators)

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

/** The rows of the summary's step table: name (inside its <code> element), status, duration. */
function stepRows(summary: string): string[][] {
  return [
    ...summary.matchAll(/<tr><td><code>(.*?)<\/code><\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)
  ].map((match) => match.slice(1))
}

/** What a browser shows for the summary's escaped text: entities decoded, once. */
function decodeHtml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return text.replace(/&(#\d+|[a-z]+);/g, (entity, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name] ?? entity)
  )
}

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '')

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
