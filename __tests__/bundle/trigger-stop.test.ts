/**
 * Starting and stopping, on the committed bundle run as the runner runs it, against the
 * simulator over real HTTP: the outputs of a build the action starts, read from the runner's
 * file while it runs, and what it does on a cancel signal. The rest (inputs refused, wait:
 * false, the timeout, the start call after a failure): main/trigger-stop.test.ts.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { startAction } from '../support/run-action.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'
import { waitFor } from '../support/simulator-calls.js'
import { inputsFor, LONG_RUNNING, requestsTo, SHORT_RUNNING } from '../support/timed-builds.js'

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
