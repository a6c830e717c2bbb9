/**
 * run() in process (on a clock whose waits are cut short) against a CodeArts whose answers
 * differ from the API notes: a status call that is down, wrong-shaped or silent; stale log
 * answers; a last line without newline; unknown result words; characters cut between answers;
 * builds that never ran; unknown jobs.
 * The log must flow, the result must be right, and what cannot heal must end fast.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { alignRemoteLines } from '../support/follow-checks.js'
import { followInProcess as follow } from '../support/in-process-action.js'
import { closeSimulators, LIVE, SimulatedRun } from '../support/simulated-run.js'

afterEach(closeSimulators)

/** A follow that could hang ends as `timeout` after this, failing the test instead. */
const TIMEOUT_INPUT = { timeout: '1' }

const warnings = (run: SimulatedRun, text: string) =>
  run.view.annotations.filter((a) => a.level === 'warning' && a.message.includes(text))
const errors = (run: SimulatedRun) => run.view.annotations.filter((a) => a.level === 'error')

/** The log file holds exactly what was served, and the page shows each line once, in order. */
function expectTheWholeLogOnce({ run, view, served }: SimulatedRun): void {
  expect(run.logBytes?.equals(served)).toBe(true)
  const alignment = alignRemoteLines(view, served)
  expect(alignment.strays).toEqual([])
  expect(alignment.shownInOrder).toBe(alignment.expected.length)
  expect(view.fenceOpenAtEnd).toBe(false)
}

describe('the log never waits on the status call', () => {
  const log = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 3 }).text

  it.each(['down', 'reset', 'noBuilding', 'buildingNumber', 'buildingObject'] as const)(
    'status %s for the whole build: the log flows live and whole, the result comes from Finished:, one warning',
    async (statusAnswer) => {
      const done = await follow(
        // Queued for 1 s (minutes on the run's clock, and room for a few status calls on a busy
        // machine): the status call fails often enough to be worth its one warning.
        { ...LIVE, log, startDelayMs: 1000, statusAnswer },
        TIMEOUT_INPUT
      )
      const { run, view, sim } = done
      expect(run.exitCode).toBe(0)
      expect(run.outputs.result).toBe('success')
      expectTheWholeLogOnce(done)
      expect(warnings(done, 'The build status call keeps failing')).toHaveLength(1)
      expect(view.annotations.filter((a) => a.level === 'warning')).toHaveLength(1)
      // The log was read live, in several pieces, while the status call failed throughout.
      const contentReads = sim.requests.filter((r) => r.route === 'log' && r.servedRange?.bytes)
      const statusCalls = sim.requests.filter((r) => r.route === 'status')
      expect(statusCalls.length).toBeGreaterThanOrEqual(3)
      expect(contentReads.length).toBeGreaterThanOrEqual(2)
      expect(run.durationMs).toBeLessThan(20_000)
    }
  )

  it('a silent status call (no answer at all) holds nothing back', async () => {
    const done = await follow({ ...LIVE, log, statusAnswer: 'silent' }, TIMEOUT_INPUT)
    expect(done.run.exitCode).toBe(0)
    expect(done.run.outputs.result).toBe('success')
    expectTheWholeLogOnce(done)
    // The Finished: line ends it a few seconds later, well before the 30 s request limit.
    expect(done.run.durationMs).toBeLessThan(15_000)
  })
})

describe('the end of the build', () => {
  const text = 'step one\nstep two\nFinished: SUCCESS'

  it.each([
    ['with the status call', {}],
    ['without a status call', { statusRoute: 'unpublished' as const }]
  ])(
    'a Finished: line without newline at the end of the log ends the run promptly (%s)',
    async (_, options) => {
      const done = await follow({ ...LIVE, log: text, ...options }, TIMEOUT_INPUT)
      expect(done.run.exitCode).toBe(0)
      expect(done.run.outputs.result).toBe('success')
      expect(done.run.logBytes?.toString('utf8')).toBe(text)
      expect(done.run.stdout).not.toContain('has no "Finished:" line')
      expect(done.run.durationMs).toBeLessThan(10_000)
    }
  )

  it('an unknown final word fails the step, quoted in the error (last line without newline)', async () => {
    const done = await follow(
      { ...LIVE, log: 'building\nFinished: UNSTABLE', result: 'UNSTABLE' },
      TIMEOUT_INPUT
    )
    expect(done.run.exitCode).toBe(1)
    expect(done.run.outputs.result).toBe('failure')
    expect(errors(done).map((a) => a.message)).toEqual([
      expect.stringContaining("ended with 'UNSTABLE', a result this action does not know")
    ])
    expect(done.run.stdout).not.toContain('has no "Finished:" line')
    expect(done.run.durationMs).toBeLessThan(10_000)
  })
})

describe('the cursor never goes backwards', () => {
  it('stale answers from a lagging replica are dropped: the log file is byte-identical, each line shown once', async () => {
    const log = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 11 }).text
    const done = await follow(
      { ...LIVE, log, maxReadBytes: 2048, staleAnswers: { every: 3, lag: 700 } },
      TIMEOUT_INPUT
    )
    const stale = done.sim.requests.filter(
      (r) => r.servedRange && r.servedRange.offset < Number(r.query.offset)
    )
    expect(stale.length).toBeGreaterThan(2)
    expect(done.run.exitCode).toBe(0)
    expect(done.run.outputs.result).toBe('success')
    expectTheWholeLogOnce(done)
  })

  it('a character cut between two answers (UTF-16 cursor) reaches the log file as its original bytes', async () => {
    const log =
      Array.from({ length: 40 }, (_, i) => `emoji ${i} 😀🚀 ok\n`).join('') + 'Finished: SUCCESS\n'
    const done = await follow(
      { log, finished: true, cursorUnit: 'utf16', maxReadBytes: 11 },
      TIMEOUT_INPUT
    )
    // Some answer ended between the two halves of a pair.
    const cuts = done.sim.requests.filter((r) => {
      const end = r.servedRange?.end ?? 0
      const code = log.charCodeAt(end - 1)
      return end > 0 && code >= 0xd800 && code <= 0xdbff
    })
    expect(cuts.length).toBeGreaterThan(1)
    expect(done.run.exitCode).toBe(0)
    expect(done.run.logBytes?.equals(Buffer.from(log, 'utf8'))).toBe(true)
    expect(done.run.stdout).not.toContain('\uFFFD')
    expect(done.run.stdout).toContain('emoji 39 😀🚀 ok')
  })

  it('writes CJK, emoji, escapes and raw non-ASCII to the log file byte for byte, cut anywhere', async () => {
    const line = (i: number): string =>
      `${i} 构建成功 日本語 é 😀🚀 "quoted" back\\slash\ttab \u0001ctl \u001b[31mred\u001b[m\r\n`
    const log = Array.from({ length: 30 }, (_, i) => line(i)).join('') + 'Finished: SUCCESS\n'
    const done = await follow(
      { log, finished: true, cursorUnit: 'utf16', maxReadBytes: 7 },
      TIMEOUT_INPUT
    )
    expect(done.run.exitCode).toBe(0)
    expect(done.run.logBytes?.equals(Buffer.from(log, 'utf8'))).toBe(true)
    expect(done.run.stdout).not.toContain('\uFFFD')
    expect(done.run.stdout).toContain('29 构建成功 日本語 é 😀🚀 "quoted" back\\slash\ttab')
  })
})

describe('what can never heal ends fast', () => {
  it('a build that never ran (SCHEDULE_FAILURE, log answers 500 CB.00030004) ends within seconds as failure', async () => {
    const done = await follow(
      { ...LIVE, neverRuns: true, result: 'SCHEDULE_FAILURE' },
      TIMEOUT_INPUT
    )
    expect(done.run.exitCode).toBe(1)
    expect(done.run.outputs.result).toBe('failure')
    expect(done.run.stdout).toContain('its log cannot be read (HTTP 500 CB.00030004)')
    expect(errors(done).map((a) => a.message)).toEqual([
      expect.stringContaining('(SCHEDULE_FAILURE)')
    ])
    expect(done.run.durationMs).toBeLessThan(10_000)
    // At once, not after retries: waits take ~1 ms here, so only a count can tell.
    expect(done.sim.requests.filter((r) => r.route === 'log').length).toBeLessThanOrEqual(2)
  })

  it('an unknown job (422 CB.00031006, as the live API answers) fails at once naming job-id and region', async () => {
    const otherJob = 'a'.repeat(32)
    const done = await follow(
      { ...LIVE, unknownJobAnswer: 'record-missing' },
      { ...TIMEOUT_INPUT, 'job-id': otherJob }
    )
    expect(done.run.exitCode).toBe(1)
    expect(errors(done).map((a) => a.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^CodeArts job '${otherJob}' was not found at 127\\.0\\.0\\.1:\\d+: check the 'job-id' and 'region' \\(or 'endpoint'\\) inputs\\.$`
        )
      )
    ])
    expect(done.run.outputs.result ?? '').toBe('')
    expect(done.run.logBytes).toBeDefined()
    expect(done.run.durationMs).toBeLessThan(10_000)
    // At once: one log read and the per-job question, no retries (waits take ~1 ms here).
    expect(done.sim.requests.filter((r) => r.route === 'log').length).toBeLessThanOrEqual(2)
  })

  it('a build number above the job last one is waited for with the short wait stated, then fails naming build-no', async () => {
    const done = await follow({ ...LIVE, finished: true }, { 'build-no': '5' })
    expect(done.run.stdout).toMatch(
      /Build #5 does not exist yet \(CodeArts answered HTTP 422 CB\.00031006\); waiting for it until 2m 00s have passed \(the job's last build is #1\)\./
    )
    expect(errors(done).map((a) => a.message)).toEqual([
      `Job or build not found: build #5 of CodeArts job '${done.sim.jobId}' did not appear at ${new URL(done.sim.url).host} within 2m 00s (the job's last build is #1). Check the 'job-id', 'build-no' and 'region' (or 'endpoint') inputs.`
    ])
    expect(done.run.outputs.result ?? '').toBe('')
  })
})
