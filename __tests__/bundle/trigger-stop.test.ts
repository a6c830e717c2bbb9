/**
 * Starting, stopping and signing, on the committed bundle run as the runner runs it, against
 * the simulator over real HTTP: the build the action starts, what it does on cancel and on
 * timeout, and the start call after an ambiguous failure.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { runAction, startAction } from '../support/run-action.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'
import { waitFor } from '../support/simulator-calls.js'
import {
  errorMessages,
  inputsFor,
  LOG,
  LONG_RUNNING,
  requestsTo,
  SHORT_RUNNING
} from '../support/timed-builds.js'

afterEach(closeSimulators)

/** Processes and simulators take their time on a busy machine. */
const until = (condition: () => boolean): Promise<void> => waitFor(condition, 10_000)

/** Waits until the action follows a build and has read some of its log. */
async function followingWithLog(
  action: ReturnType<typeof startAction>,
  simulator: Simulator
): Promise<void> {
  await action.waitForStdout('Following CodeArts build')
  await until(() => requestsTo(simulator, 'log').some((r) => (r.servedRange?.bytes ?? 0) > 0))
}

/** Where the answer puts the build number, which start route answers, what to build. */
interface TriggerCase {
  readonly shape: 'top' | 'result'
  readonly executeRoute: 'available' | 'unpublished'
  readonly route: 'execute' | 'executeLegacy'
  readonly scmInputs: Record<string, string>
  readonly scm: Record<string, string>
}

const TRIGGER_CASES: TriggerCase[] = [
  {
    shape: 'top',
    executeRoute: 'available',
    route: 'execute',
    scmInputs: { branch: 'main' },
    scm: { build_type: 'branch', branch: 'main' }
  },
  {
    shape: 'result',
    executeRoute: 'available',
    route: 'execute',
    scmInputs: { tag: 'v1.2.3' },
    scm: { build_type: 'tag', build_tag: 'v1.2.3' }
  },
  {
    shape: 'top',
    executeRoute: 'unpublished',
    route: 'executeLegacy',
    scmInputs: { branch: 'release/2.x', commit: 'a1b2c3d4e5f6' },
    scm: { build_type: 'commitId', build_commit_id: 'a1b2c3d4e5f6', branch: 'release/2.x' }
  }
]

describe('trigger: true', () => {
  it.each(TRIGGER_CASES)(
    'starts the build ($shape answer, v1 route $executeRoute), sets build-no while it runs, follows it to its end',
    async ({ shape, executeRoute, route, scmInputs, scm }) => {
      const simulator = await simulate({
        ...SHORT_RUNNING,
        triggerAnswerShape: shape,
        executeRoute
      })
      const action = startAction(
        inputsFor(simulator, { trigger: 'true', parameters: 'A=1\nB=two words', ...scmInputs })
      )
      await action.waitForStdout('Following CodeArts build')
      const early = action.readOutputs()
      expect(simulator.builds.get(2)?.building).toBe(true)
      expect(early['build-no']).toBe('2')
      expect(early['daily-build-no']).toMatch(/^\d{8}\.2$/)

      const run = await action.finished
      expect(run.exitCode).toBe(0)
      expect(simulator.triggers).toHaveLength(1)
      const [trigger] = simulator.triggers
      expect(trigger.route).toBe(route)
      expect(trigger.buildNo).toBe(2)
      expect(trigger.body).toEqual({
        job_id: simulator.jobId,
        parameter: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'two words' }
        ],
        scm
      })
      if (executeRoute === 'unpublished') {
        expect(requestsTo(simulator, 'execute').map((r) => r.status)).toEqual([404])
      }
      expect(simulator.builds.get(2)?.building).toBe(false)
      expect(run.outputs['build-no']).toBe('2')
      expect(run.outputs['daily-build-no']).toBe(early['daily-build-no'])
      expect(run.outputs.result).toBe('success')
      expect(run.logBytes?.equals(simulator.servedLog(2))).toBe(true)
      // Only the started build was read, never build 1.
      expect(requestsTo(simulator, 'log').every((r) => r.path.endsWith('/2/real-time-log'))).toBe(
        true
      )
      expect(simulator.stops).toEqual([])
    }
  )

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

describe('stop on cancel', () => {
  it('stops a build it started, mirrors the tail and reports cancelled', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const action = startAction(inputsFor(simulator, { trigger: 'true' }))
    await followingWithLog(action, simulator)
    const signalledAt = Date.now()
    action.child.kill('SIGINT')
    const run = await action.finished
    const afterSignalMs = Date.now() - signalledAt

    expect(afterSignalMs).toBeLessThan(7000)
    expect(run.exitCode).not.toBe(0)
    expect(run.exitCode).not.toBeNull()
    expect(
      simulator.stops.map(({ route, buildNo, stopped }) => ({ route, buildNo, stopped }))
    ).toEqual([{ route: 'stop', buildNo: 2, stopped: true }])
    expect(run.outputs.result).toBe('cancelled')
    expect(run.stdout).toContain('CodeArts accepted the request to stop the build')
    // The tail after the stop reached the workflow log too, not only the file.
    expect(run.stdout).toContain('Build aborted by user')
    expect(run.stdout).toContain('Finished: ABORTED')
    const served = simulator.servedLog(2)
    expect(served.toString('utf8')).toMatch(/Finished: ABORTED\n$/)
    expect(run.logBytes?.toString('utf8')).toMatch(/Build aborted by user\nFinished: ABORTED\n$/)
    expect(run.logBytes?.equals(served)).toBe(true)
  })

  it('leaves a build it did not start running (auto) and ends within 2 s', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const action = startAction(inputsFor(simulator, { 'build-no': '1' }))
    await followingWithLog(action, simulator)
    const signalledAt = Date.now()
    action.child.kill('SIGINT')
    const run = await action.finished
    expect(Date.now() - signalledAt).toBeLessThan(2000)
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs.result).toBe('cancelled')
    expect(simulator.stops).toEqual([])
    expect(requestsTo(simulator, 'stop')).toEqual([])
    expect(simulator.builds.get(1)?.building).toBe(true)
  })

  it("stops a followed build when stop-on-cancel is 'true'", async () => {
    const simulator = await simulate(LONG_RUNNING)
    const action = startAction(inputsFor(simulator, { 'build-no': '1', 'stop-on-cancel': 'true' }))
    await followingWithLog(action, simulator)
    action.child.kill('SIGINT')
    const run = await action.finished
    expect(simulator.stops.map((s) => [s.buildNo, s.stopped])).toEqual([[1, true]])
    expect(run.outputs.result).toBe('cancelled')
    expect(run.exitCode).not.toBe(0)
    expect(run.logBytes?.toString('utf8')).toMatch(/Finished: ABORTED\n$/)
  })

  it('falls back to the legacy stop route when the current one is not published', async () => {
    const simulator = await simulate({ ...LONG_RUNNING, stopRoute: 'unpublished' })
    const action = startAction(inputsFor(simulator, { trigger: 'true' }))
    await followingWithLog(action, simulator)
    action.child.kill('SIGINT')
    const run = await action.finished
    expect(requestsTo(simulator, 'stop').map((r) => r.status)).toEqual([404])
    expect(simulator.stops.map((s) => [s.route, s.buildNo, s.stopped])).toEqual([
      ['stopLegacy', 2, true]
    ])
    expect(run.stdout).toContain('CodeArts accepted the request to stop the build')
    expect(run.outputs.result).toBe('cancelled')
  })

  it("leaves a build it started running when stop-on-cancel is 'false'", async () => {
    const simulator = await simulate(LONG_RUNNING)
    const action = startAction(inputsFor(simulator, { trigger: 'true', 'stop-on-cancel': 'false' }))
    await followingWithLog(action, simulator)
    const signalledAt = Date.now()
    action.child.kill('SIGINT')
    const run = await action.finished
    expect(Date.now() - signalledAt).toBeLessThan(2000)
    expect(run.outputs.result).toBe('cancelled')
    expect(simulator.stops).toEqual([])
    expect(simulator.builds.get(2)?.building).toBe(true)
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
