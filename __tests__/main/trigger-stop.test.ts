/**
 * Starting and stopping, run() in process against the simulator over real HTTP: inputs that
 * cannot start a build, wait: false, what the action does at the timeout, and the start call
 * after an ambiguous failure. Signals and outputs read while the bundle runs:
 * bundle/trigger-stop.test.ts.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { runActionInProcess as runAction } from '../support/in-process-action.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'
import {
  errorMessages,
  inputsFor,
  LOG,
  LONG_RUNNING,
  requestsTo,
  SHORT_RUNNING
} from '../support/timed-builds.js'

afterEach(closeSimulators)

describe('trigger: true', () => {
  it('refuses build-no together with trigger, before any request', async () => {
    const simulator = await simulate()
    const run = await runAction(inputsFor(simulator, { trigger: 'true', 'build-no': '1' }))
    expect(run.exitCode).toBe(1)
    expect(errorMessages(run).join('\n')).toContain("Invalid 'build-no' input")
    expect(simulator.requests).toEqual([])
  })

  it('refuses a reserved parameter name, naming the input, before any request', async () => {
    const simulator = await simulate()
    const run = await runAction(
      inputsFor(simulator, { trigger: 'true', parameters: 'A=1\nPATH=x' })
    )
    expect(run.exitCode).toBe(1)
    const [message] = errorMessages(run)
    expect(message).toContain("'parameters'")
    expect(message).toContain('PATH')
    expect(simulator.requests).toEqual([])
  })
})

describe('wait: false', () => {
  it('starts the build, sets its numbers and ends without reading the log', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const run = await runAction(inputsFor(simulator, { trigger: 'true', wait: 'false' }))
    expect(run.exitCode).toBe(0)
    expect(simulator.triggers.map((t) => t.buildNo)).toEqual([2])
    expect(run.outputs['build-no']).toBe('2')
    expect(run.outputs['daily-build-no']).toMatch(/^\d{8}\.2$/)
    expect(requestsTo(simulator, 'log')).toEqual([])
    expect(simulator.builds.get(2)?.building).toBe(true)
  })

  it('reports a finished successful build as success', async () => {
    const simulator = await simulate({ log: LOG, finished: true, result: 'SUCCESS' })
    const run = await runAction(inputsFor(simulator, { 'build-no': '1', wait: 'false' }))
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.outputs['build-no']).toBe('1')
    expect(requestsTo(simulator, 'log')).toEqual([])
    expect(simulator.triggers).toEqual([])
  })

  it('ends at once on a running build, without reading its log', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const run = await runAction(inputsFor(simulator, { 'build-no': '1', wait: 'false' }))
    expect(run.exitCode).toBe(0)
    expect(run.outputs['build-no']).toBe('1')
    expect(run.outputs.result).toBeUndefined()
    expect(requestsTo(simulator, 'log')).toEqual([])
    expect(simulator.stops).toEqual([])
  })
})

describe('stop on timeout', () => {
  it('stops a build it started when the timeout is reached', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const run = await runAction(inputsFor(simulator, { trigger: 'true', timeout: '0.03' }))
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('timeout')
    expect(simulator.stops.map((s) => [s.buildNo, s.stopped])).toEqual([[2, true]])
    expect(run.logBytes?.equals(simulator.servedLog(2))).toBe(true)
  })

  it('leaves a build it did not start running at the timeout (auto)', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const run = await runAction(inputsFor(simulator, { 'build-no': '1', timeout: '0.01' }))
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('timeout')
    expect(simulator.stops).toEqual([])
    expect(simulator.builds.get(1)?.building).toBe(true)
  })
})

describe('the start call after a failure', () => {
  it('is not repeated when the connection breaks after CodeArts may have started the build', async () => {
    const simulator = await simulate({ ...LONG_RUNNING, triggerFault: 'resetAfterStart' })
    const run = await runAction(inputsFor(simulator, { trigger: 'true' }))
    expect(run.exitCode).toBe(1)
    expect(simulator.triggers).toHaveLength(1)
    expect(requestsTo(simulator, 'execute')).toHaveLength(1)
    expect(requestsTo(simulator, 'executeLegacy')).toEqual([])
    expect(requestsTo(simulator, 'log')).toEqual([])
    const message = errorMessages(run).join('\n')
    expect(message).toMatch(/leaves open whether CodeArts started it/)
    expect(message).toMatch(/Not retrying, so as not to start it twice/)
    expect(message).toContain("'build-no'")
  })

  // A 429 APIGW.0308 answer means the gateway refused before CodeArts saw the request: the
  // start is safe to send again, unlike after a broken connection.
  it('is retried after a 429 that started nothing, then succeeds', async () => {
    const simulator = await simulate({ ...SHORT_RUNNING, triggerFault: 'refuseBeforeStart' })
    const run = await runAction(inputsFor(simulator, { trigger: 'true' }))
    expect(simulator.triggers.map((t) => t.buildNo)).toEqual([null, 2])
    expect(requestsTo(simulator, 'execute').map((r) => r.status)).toEqual([429, 200])
    expect(run.exitCode).toBe(0)
    expect(run.outputs['build-no']).toBe('2')
    expect(run.outputs.result).toBe('success')
  })
})
