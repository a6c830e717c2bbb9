/**
 * The committed bundle against API answers at the edges of the documented service: throttling
 * in each spelling, routes that are not there, a v1 log route that takes `size=1000` only, a
 * stop answered "not taken", a status and a log that disagree, a result sent as an array.
 * Each run is short: small logs, fast polling, no waits of seconds.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import type { ThrottleSpelling } from '../../simulator/scenario-options.js'
import { startAction } from '../support/run-action.js'
import { closeSimulators, follow, simulate } from '../support/simulated-run.js'
import { waitFor } from '../support/simulator-calls.js'
import { errorMessages, inputsFor, LONG_RUNNING, requestsTo } from '../support/timed-builds.js'

afterEach(closeSimulators)

const SUCCESS_LOG = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 7, longLineBytes: 300 })
/** Several reads per log: a fault in the middle of it is met. */
const SMALL_READS = 1500

const warnings = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning'))
    .map((line) => line.replace(/^::warning[^:]*::/, ''))

describe('throttling', () => {
  it.each<[ThrottleSpelling, number]>([
    ['APIGW.0308', 429],
    ['APIG.0308', 429],
    ['CB.00060211', 500]
  ])('retries %s (HTTP %s) and ends with the log byte for byte', async (spelling, status) => {
    const { sim, run } = await follow({
      log: SUCCESS_LOG.text,
      finished: true,
      maxReadBytes: SMALL_READS,
      throttle: { spelling, routes: ['log', 'status'], skip: 1, count: 2, retryAfterSeconds: 0 }
    })
    const throttled = sim.requests.filter((request) => request.status === status)
    expect(throttled).toHaveLength(2)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.toString('utf8')).toBe(SUCCESS_LOG.text)
    expect(run.durationMs).toBeLessThan(15_000)
  })
})

describe('a route that is not there (404 CB.00060214)', () => {
  it('reads the log through the v1 route when the v3 route is missing', async () => {
    const { sim, run } = await follow({
      log: SUCCESS_LOG.text,
      finished: true,
      maxReadBytes: SMALL_READS,
      missingRoutes: { log: 'CB.00060214' }
    })
    expect(requestsTo(sim, 'log').map((request) => request.status)).toContain(404)
    expect(requestsTo(sim, 'logV1').length).toBeGreaterThan(1)
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.toString('utf8')).toBe(SUCCESS_LOG.text)
  })

  it('ends on the log when the status route is missing', async () => {
    const { sim, run } = await follow({
      log: SUCCESS_LOG.text,
      finished: true,
      maxReadBytes: SMALL_READS,
      missingRoutes: { status: 'CB.00060214' }
    })
    expect(requestsTo(sim, 'status').map((request) => request.status)).toEqual([404])
    expect(run.stdout).toContain('The build status call is not available here')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.toString('utf8')).toBe(SUCCESS_LOG.text)
  })

  it('ends at once, naming the region and endpoint inputs, when no log route is there', async () => {
    const { sim, run } = await follow({
      log: SUCCESS_LOG.text,
      finished: true,
      missingRoutes: { log: 'CB.00060214', logV1: 'APIG.0101' }
    })
    expect(requestsTo(sim, 'logV1').map((request) => request.status)).toEqual([404])
    expect(run.exitCode).toBe(1)
    expect(run.durationMs).toBeLessThan(10_000)
    const said = errorMessages(run).join('\n')
    expect(said).toContain('This API route is not there at the endpoint in use')
    expect(said).toContain("check the 'region' and 'endpoint' inputs")
  })
})

describe('the v1 log route as documented (size fixed at 1000)', () => {
  it('gets the whole log through it when the v3 route is missing', async () => {
    const { sim, run } = await follow({
      log: SUCCESS_LOG.text,
      finished: true,
      maxReadBytes: SMALL_READS,
      missingRoutes: { log: 'APIG.0101' },
      logV1Size: 'fixed1000'
    })
    const v1 = requestsTo(sim, 'logV1')
    expect(v1.length).toBeGreaterThan(1)
    expect(v1.every((request) => request.query.size === '1000')).toBe(true)
    expect(v1.every((request) => request.status === 200)).toBe(true)
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.toString('utf8')).toBe(SUCCESS_LOG.text)
  })
})

describe('a stop answered success: false', () => {
  it('warns on cancel that the stop was not taken, and says the build may run', async () => {
    const sim = await simulate({ ...LONG_RUNNING, stopAnswer: 'refused' })
    const action = startAction(inputsFor(sim, { trigger: 'true' }))
    await action.waitForStdout('Following CodeArts build')
    await waitFor(() => requestsTo(sim, 'log').some((r) => (r.servedRange?.bytes ?? 0) > 0), 10_000)
    action.child.kill('SIGINT')
    const run = await action.finished
    expect(requestsTo(sim, 'stop')).toHaveLength(1)
    expect(sim.builds.get(2)?.building).toBe(true)
    expect(run.outputs.result).toBe('cancelled')
    const said = warnings(run.stdout).join('\n')
    expect(said).toContain('the stop was not taken')
    expect(said).toContain('the build may still be running')
    expect(run.stdout).not.toContain('CodeArts accepted the request to stop the build')
  })
})

describe('the status and the log', () => {
  it('fails the step when the status says SUCCESS and the log Finished: FAILURE, naming both', async () => {
    const failing = generateBuildLogWithSteps({ result: 'FAILURE', seed: 11, longLineBytes: 300 })
    const { run } = await follow({
      log: failing.text,
      result: 'FAILURE',
      statusResultOverride: 'SUCCESS',
      finished: true
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    const said = errorMessages(run).join('\n')
    expect(said).toContain('the build status says SUCCESS')
    expect(said).toContain('Finished: FAILURE')
  })

  it('reads a result sent as a one-element array like the object', async () => {
    // The log says FAILURE, the status ABORTED: only a status that was read can say aborted.
    const { text } = generateBuildLogWithSteps({ result: 'FAILURE', seed: 11, longLineBytes: 300 })
    const { sim, run } = await follow({
      log: text,
      result: 'ABORTED',
      statusResultShape: 'array',
      finished: true
    })
    expect(requestsTo(sim, 'status').length).toBeGreaterThan(0)
    expect(run.outputs.result).toBe('aborted')
    expect(run.exitCode).toBe(1)
    expect(run.logBytes?.toString('utf8')).toBe(text)
  })
})
