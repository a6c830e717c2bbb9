/**
 * The post step (`runs.post`) on the committed bundle, run as the runner runs it: the main
 * phase with a GITHUB_STATE file, ended however the test ends it (SIGKILL, as after the
 * runner's cancel grace or a job's `timeout-minutes`); then the same bundle with the same
 * inputs and the saved state as `STATE_<name>` variables. Against the simulator over HTTP.
 * Also the `timeout` default for a build the step starts.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import type { Simulator } from '../../simulator/server.js'
import { STATE_NAMES } from '../../src/session/post-state.js'
import { ActionRun, runAction, startAction, StartedAction } from '../support/run-action.js'
import { postPhaseEnvironment, runnerState } from '../support/runner-post.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'
import { waitFor } from '../support/simulator-calls.js'
import { inputsFor, LONG_RUNNING, requestsTo, SHORT_RUNNING } from '../support/timed-builds.js'

afterEach(closeSimulators)

/** Processes and simulators take their time on a busy machine. */
const until = (condition: () => boolean): Promise<void> => waitFor(condition, 10_000)

/** Kills the main phase the way the runner does once its grace is over: no chance to act. */
async function killMain(action: StartedAction): Promise<ActionRun> {
  action.child.kill('SIGKILL')
  const run = await action.finished
  expect(run.signal).toBe('SIGKILL')
  return run
}

/** Runs the post phase as the runner would after `main`: same inputs, its state as STATE_*. */
async function runPostPhase(
  inputs: Record<string, string>,
  main: ActionRun
): Promise<{ run: ActionRun; shown: string[] }> {
  const run = await runAction(inputs, postPhaseEnvironment(main.stateFile))
  const view = parseRunnerOutput(run.stdout)
  return { run, shown: view.lines.map((line) => line.text) }
}

/** What the post phase must never do: fail the job, write outputs, a summary or new state. */
function expectQuietPost(run: ActionRun): void {
  expect(run.exitCode).toBe(0)
  expect(run.outputs).toEqual({})
  expect(run.summary).toBe('')
  expect(run.stateFile).toBe('')
  expect(run.stdout).not.toMatch(/^::(error|warning)/m)
}

const TRIGGER = { trigger: 'true' }

/** Everything the run wrote but the mask registrations, which the runner consumes unshown. */
function besidesMasks(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

describe('the post step after the main step was killed', () => {
  it('stops the build the step started, which then ends aborted', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, TRIGGER)
    const main = startAction(inputs)
    // Killed as soon as the build number is saved: before any log line was read, even.
    await until(() => main.readStateFile().includes(STATE_NAMES.startedBuild))
    const killed = await killMain(main)
    const state = runnerState(killed.stateFile)
    expect(state).toEqual({
      [STATE_NAMES.mainPhaseRan]: 'true',
      [STATE_NAMES.startedBuild]: JSON.stringify({ jobId: simulator.jobId, buildNo: 2 })
    })
    // Nothing secret is kept for the post step.
    expect(killed.stateFile).not.toContain(simulator.token)
    expect(simulator.stops).toEqual([])
    expect(simulator.builds.get(2)?.building).toBe(true)

    const requestsBefore = simulator.requests.length
    const { run, shown } = await runPostPhase(inputs, killed)
    expectQuietPost(run)
    expect(
      simulator.stops.map(({ route, buildNo, stopped }) => ({ route, buildNo, stopped }))
    ).toEqual([{ route: 'stop', buildNo: 2, stopped: true }])
    // One status call, one stop: nothing else, and never a second start.
    expect(simulator.requests.slice(requestsBefore).map((r) => r.route)).toEqual(['status', 'stop'])
    expect(simulator.triggers).toHaveLength(1)
    expect(simulator.builds.get(2)?.building).toBe(false)
    expect(simulator.builds.get(2)?.result).toBe('ABORTED')
    expect(shown).toEqual([
      `CodeArts build ${simulator.jobId}#2 was left unsettled by the main step; it was still running, and CodeArts accepted the request to stop it.`
    ])
    expect(run.stdout).toContain(`::add-mask::${simulator.token}`)
    expect(besidesMasks(run.stdout)).not.toContain(simulator.token)
    expect(run.stderr).not.toContain(simulator.token)
  })

  it('stops it through the legacy route, and after a reset connection, as the main step would', async () => {
    const simulator = await simulate({
      ...LONG_RUNNING,
      stopRoute: 'unpublished',
      stopFault: 'resetFirst'
    })
    const inputs = inputsFor(simulator, TRIGGER)
    const main = startAction(inputs)
    await main.waitForStdout('Following CodeArts build')
    const killed = await killMain(main)
    const { run } = await runPostPhase(inputs, killed)
    expectQuietPost(run)
    expect(simulator.stops.map((s) => [s.route, s.buildNo, s.stopped])).toEqual([
      ['stopLegacy', 2, true]
    ])
    expect(simulator.builds.get(2)?.result).toBe('ABORTED')
  })

  it('says in one line that a build which ended meanwhile is over, and sends no stop', async () => {
    const simulator = await simulate(SHORT_RUNNING)
    const inputs = inputsFor(simulator, TRIGGER)
    const main = startAction(inputs)
    await until(() => main.readStateFile().includes(STATE_NAMES.startedBuild))
    const killed = await killMain(main)
    await until(() => simulator.builds.get(2)?.building === false)

    const requestsBefore = simulator.requests.length
    const { run, shown } = await runPostPhase(inputs, killed)
    expectQuietPost(run)
    expect(simulator.requests.slice(requestsBefore).map((r) => r.route)).toEqual(['status'])
    expect(simulator.stops).toEqual([])
    expect(shown).toEqual([
      `Nothing to stop: CodeArts build ${simulator.jobId}#2 is already over (SUCCESS).`
    ])
  })

  it('warns, without failing the job or printing a secret, when the stop is refused', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, TRIGGER)
    const main = startAction(inputs)
    await until(() => main.readStateFile().includes(STATE_NAMES.startedBuild))
    const killed = await killMain(main)
    // The post step's credentials are refused (a token that expired meanwhile, say).
    const expired = 'expired-token-0123456789abcdef'
    const { run } = await runPostPhase({ ...inputs, token: expired }, killed)
    expect(run.exitCode).toBe(0)
    const view = parseRunnerOutput(run.stdout)
    expect(view.annotations.map((a) => a.level)).toEqual(['warning'])
    expect(view.annotations[0].message).toContain(
      `CodeArts build ${simulator.jobId}#2 may still be running: the request to stop it`
    )
    expect(view.lines.filter((line) => line.markup !== 'warning')).toEqual([])
    expect(run.stdout).toContain(`::add-mask::${expired}`)
    expect(besidesMasks(run.stdout)).not.toContain(expired)
    expect(run.stderr).not.toContain(expired)
    expect(simulator.builds.get(2)?.building).toBe(true)
  })
})

describe('the post step with nothing to stop: one line, no request', () => {
  /** Runs main to wherever `end` takes it, then post; returns post's lines. */
  async function postAfter(
    simulator: Simulator,
    inputs: Record<string, string>,
    end: (main: StartedAction) => Promise<ActionRun>
  ): Promise<string[]> {
    const main = startAction(inputs)
    const finished = await end(main)
    const requestsBefore = simulator.requests.length
    const { run, shown } = await runPostPhase(inputs, finished)
    expectQuietPost(run)
    expect(simulator.requests.slice(requestsBefore)).toEqual([])
    return shown
  }

  const killWhileFollowing = async (main: StartedAction): Promise<ActionRun> => {
    await main.waitForStdout('Following CodeArts build')
    return killMain(main)
  }

  it('for a build given by build-no, even when the main step was killed', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, { 'build-no': '1', 'stop-on-cancel': 'true' })
    expect(await postAfter(simulator, inputs, killWhileFollowing)).toEqual([
      "Nothing to stop: this step followed a build it did not start ('build-no'), which is left as it is."
    ])
    expect(simulator.stops).toEqual([])
    expect(simulator.builds.get(1)?.building).toBe(true)
  })

  it('for a started build the main step saw end', async () => {
    const simulator = await simulate(SHORT_RUNNING)
    const inputs = inputsFor(simulator, TRIGGER)
    const shown = await postAfter(simulator, inputs, async (main) => {
      const run = await main.finished
      expect(run.outputs.result).toBe('success')
      expect(runnerState(run.stateFile)[STATE_NAMES.settled]).toBe('ended')
      return run
    })
    expect(shown).toEqual([
      `Nothing to stop: the main step saw CodeArts build ${simulator.jobId}#2 end.`
    ])
    expect(simulator.stops).toEqual([])
  })

  it('for a started build the main step stopped on cancel', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, TRIGGER)
    const shown = await postAfter(simulator, inputs, async (main) => {
      await main.waitForStdout('Following CodeArts build')
      main.child.kill('SIGINT')
      const run = await main.finished
      expect(run.outputs.result).toBe('cancelled')
      return run
    })
    expect(shown).toEqual([
      `Nothing to stop: the main step stopped CodeArts build ${simulator.jobId}#2.`
    ])
    expect(simulator.stops.map((s) => s.buildNo)).toEqual([2])
  })

  it('for a started build with wait: false', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, { ...TRIGGER, wait: 'false' })
    const shown = await postAfter(simulator, inputs, (main) => main.finished)
    expect(shown).toEqual([
      "Nothing to stop: this step started a build without following it ('wait: false'); it is left running."
    ])
    expect(simulator.builds.get(2)?.building).toBe(true)
  })

  it('for a started build with stop-on-cancel: false, even when the main step was killed', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, { ...TRIGGER, 'stop-on-cancel': 'false' })
    expect(await postAfter(simulator, inputs, killWhileFollowing)).toEqual([
      "Nothing to stop: 'stop-on-cancel' is false, so the build this step started is left as it is."
    ])
    expect(simulator.builds.get(2)?.building).toBe(true)
  })

  it('when the main step refused its inputs and started nothing', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, { ...TRIGGER, timeout: 'soon' })
    const shown = await postAfter(simulator, inputs, async (main) => {
      const run = await main.finished
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toContain("Invalid 'timeout' input: 'soon'")
      return run
    })
    expect(shown).toEqual(['Nothing to stop: the main step started no CodeArts build.'])
    expect(simulator.requests).toEqual([])
  })
})

describe('timeout for a build the step starts', () => {
  it('is no limit by default: the build is followed to its end and never stopped', async () => {
    const simulator = await simulate(SHORT_RUNNING)
    const run = await runAction(inputsFor(simulator, TRIGGER))
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(requestsTo(simulator, 'stop')).toEqual([])
    expect(simulator.builds.get(2)?.result).toBe('SUCCESS')
  })

  it('stops the build at a timeout that is set, and leaves the post step nothing to do', async () => {
    const simulator = await simulate(LONG_RUNNING)
    const inputs = inputsFor(simulator, { ...TRIGGER, timeout: '0.02' })
    const main = await runAction(inputs)
    expect(main.exitCode).toBe(1)
    expect(main.outputs.result).toBe('timeout')
    expect(simulator.stops.map((s) => [s.buildNo, s.stopped])).toEqual([[2, true]])
    expect(simulator.builds.get(2)?.result).toBe('ABORTED')
    const { run, shown } = await runPostPhase(inputs, main)
    expectQuietPost(run)
    expect(shown).toEqual([
      `Nothing to stop: the main step stopped CodeArts build ${simulator.jobId}#2.`
    ])
    expect(simulator.stops).toHaveLength(1)
  })
})
