/**
 * The post phase in this process: `runPost()` with the main phase's state as the runner gives
 * it, against the simulator over real HTTP on loopback. The bundle tests run the same phase
 * after a killed main phase (bundle/post-stop.test.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../simulator/logs.js'
import type { Simulator } from '../simulator/server.js'
import { parseRunnerOutput } from '../simulator/runner-view.js'
import { STATE_NAMES } from '../src/session/post-state.js'
import { runInProcess, runPostInProcess } from './support/in-process-run.js'
import { closeSimulators, inputsFor, simulate } from './support/simulated-run.js'

afterEach(closeSimulators)

const LOG = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 9 }).text
const LOG_BYTES = Buffer.from(LOG, 'utf8')
const RUNNING = {
  log: LOG,
  schedule: [
    { atMs: 20, endByte: LOG_BYTES.indexOf(0x0a, 1500) + 1 },
    { atMs: 60_000, endByte: LOG_BYTES.length }
  ]
}

/** The inputs of a step that starts its build (the post phase gets them again). */
function startInputs(simulator: Simulator): Record<string, string> {
  return inputsFor(simulator, { 'build-no': '', trigger: 'true' })
}

/** The state a main phase leaves when it was killed while following build `buildNo`. */
function leftRunning(simulator: Simulator, buildNo = 1): Record<string, string> {
  return {
    [STATE_NAMES.mainPhaseRan]: 'true',
    [STATE_NAMES.startedBuild]: JSON.stringify({ jobId: simulator.jobId, buildNo })
  }
}

const routes = (simulator: Simulator): string[] =>
  simulator.requests.map((request) => request.route ?? request.path)

describe('runPost() in process', () => {
  it('stops a build left running, in one line, with the secrets masked first', async () => {
    const simulator = await simulate(RUNNING)
    const post = await runPostInProcess(startInputs(simulator), leftRunning(simulator))
    expect(routes(simulator)).toEqual(['status', 'stop'])
    expect(simulator.builds.get(1)?.result).toBe('ABORTED')
    expect(post.stdout).toBe(
      `CodeArts build ${simulator.jobId}#1 was left unsettled by the main step; it was still running, and CodeArts accepted the request to stop it.\n`
    )
    // The credentials first, then the fence token of the post phase's own log.
    expect(post.secrets[0]).toBe(simulator.token)
    expect(post.secrets).toHaveLength(2)
    expect(post.warnings).toEqual([])
    expect(post.failures).toEqual([])
    expect(post.states).toEqual({})
  })

  it('sends the stop all the same when the status cannot be read, and says why', async () => {
    const simulator = await simulate({ ...RUNNING, statusAnswer: 'down' })
    const post = await runPostInProcess(startInputs(simulator), leftRunning(simulator))
    expect(routes(simulator)).toEqual(['status', 'stop'])
    expect(simulator.stops.map((s) => [s.buildNo, s.stopped])).toEqual([[1, true]])
    expect(post.stdout).toMatch(
      new RegExp(
        `^CodeArts build ${simulator.jobId}#1 was left unsettled by the main step; its status could not be read \\(.*503.*\\), so CodeArts accepted the request to stop it\\.\\n$`
      )
    )
    expect(post.warnings).toEqual([])
  })

  it('says a build that is over is over, quoting its result on one line, and sends no stop', async () => {
    const simulator = await simulate({
      log: LOG,
      finished: true,
      result: 'FAILURE\n::error::forged ##[group]x'
    })
    const post = await runPostInProcess(startInputs(simulator), leftRunning(simulator))
    expect(routes(simulator)).toEqual(['status'])
    const view = parseRunnerOutput(post.stdout)
    const shown = view.lines.map((line) => line.text).filter((text) => !text.startsWith('::'))
    expect(shown).toEqual([
      `Nothing to stop: CodeArts build ${simulator.jobId}#1 is already over (FAILURE ::error::forged ##\u200b[group]x).`
    ])
    // Only the fence and its end run: no command the server wrote, under any of the runner's rules.
    expect(view.commands.map((command) => command.name)).toEqual(['stop-commands', post.secrets[1]])
    expect(view.possibleCommands).toEqual([])
    expect(view.annotations).toEqual([])
  })

  it('warns when the stop is refused, and fails nothing', async () => {
    const simulator = await simulate({ ...RUNNING, forbidden: true })
    const post = await runPostInProcess(startInputs(simulator), leftRunning(simulator))
    expect(routes(simulator)).toEqual(['status', 'stop'])
    expect(post.stdout).toBe('')
    expect(post.failures).toEqual([])
    expect(post.warnings).toHaveLength(1)
    expect(post.warnings[0]).toMatch(
      new RegExp(
        `^CodeArts build ${simulator.jobId}#1 may still be running: the request to stop it was not taken \\(.*403.*\\)\\. Stop it in CodeArts if it is\\.$`
      )
    )
  })

  it('takes a stop answered success: false as not taken, and asks the status before saying so', async () => {
    const simulator = await simulate({ ...RUNNING, stopAnswer: 'refused' })
    const post = await runPostInProcess(startInputs(simulator), leftRunning(simulator))
    expect(routes(simulator)).toEqual(['status', 'stop', 'status'])
    expect(post.failures).toEqual([])
    expect(post.warnings).toEqual([
      `CodeArts build ${simulator.jobId}#1 may still be running: the request to stop it was not taken (CodeArts refused stopping the build (HTTP 200 with status fail); the build still runs). Stop it in CodeArts if it is.`
    ])
  })

  it('takes a legacy stop answered success: false as not taken', async () => {
    const simulator = await simulate({
      ...RUNNING,
      stopAnswer: 'refused',
      stopRoute: 'unpublished'
    })
    const post = await runPostInProcess(startInputs(simulator), leftRunning(simulator))
    expect(simulator.stops.map((stop) => stop.route)).toEqual(['stopLegacy'])
    expect(post.warnings).toHaveLength(1)
    expect(post.warnings[0]).toMatch(
      /was not taken \(CodeArts answered that it did not take the stop; the build still runs\)/
    )
  })

  it('warns, without a request, when the saved build cannot be read', async () => {
    const simulator = await simulate(RUNNING)
    const post = await runPostInProcess(startInputs(simulator), {
      [STATE_NAMES.mainPhaseRan]: 'true',
      [STATE_NAMES.startedBuild]: '{"jobId":"x"}'
    })
    expect(simulator.requests).toEqual([])
    expect(post.warnings).toEqual([
      `The post step could not check for a build to stop: The step state '${STATE_NAMES.startedBuild}' holds '{"jobId":"x"}', not a build this step started; nothing was stopped. Check the build task in CodeArts.`
    ])
    expect(post.failures).toEqual([])
  })

  it('does nothing, without a request or reading the inputs it would need, for a settled build', async () => {
    const simulator = await simulate(RUNNING)
    const post = await runPostInProcess(
      { ...startInputs(simulator), 'poll-interval': 'bad' },
      { ...leftRunning(simulator), [STATE_NAMES.settled]: 'ended' }
    )
    expect(simulator.requests).toEqual([])
    expect(post.stdout).toBe(
      `Nothing to stop: the main step saw CodeArts build ${simulator.jobId}#1 end.\n`
    )
    expect(post.warnings).toEqual([])
  })
})

describe('run() in process: the state it leaves for the post phase', () => {
  it('saves the started build before following it, then that it ended', async () => {
    const simulator = await simulate({ log: LOG, finished: true, result: 'SUCCESS' })
    const main = await runInProcess(startInputs(simulator))
    expect(main.outputs.result).toBe('success')
    expect(main.states).toEqual({
      [STATE_NAMES.mainPhaseRan]: 'true',
      [STATE_NAMES.startedBuild]: JSON.stringify({ jobId: simulator.jobId, buildNo: 2 }),
      [STATE_NAMES.settled]: 'ended'
    })
  })

  it('saves that a build given by number is not watched', async () => {
    const simulator = await simulate({ log: LOG, finished: true, result: 'SUCCESS' })
    const main = await runInProcess(inputsFor(simulator))
    expect(main.states).toEqual({
      [STATE_NAMES.mainPhaseRan]: 'true',
      [STATE_NAMES.notWatched]: 'not-started'
    })
  })

  it('saves only its marker when the inputs are refused', async () => {
    const simulator = await simulate({ log: LOG, finished: true })
    const main = await runInProcess(inputsFor(simulator, { 'build-no': 'seven' }))
    expect(main.failures).toHaveLength(1)
    expect(main.states).toEqual({ [STATE_NAMES.mainPhaseRan]: 'true' })
  })

  it('follows the build all the same when its state cannot be saved, and warns once per value', async () => {
    const simulator = await simulate({ log: LOG, finished: true, result: 'SUCCESS' })
    const main = await runInProcess(startInputs(simulator), {
      core: {
        saveState: (name) => {
          if (name !== STATE_NAMES.mainPhaseRan)
            throw new Error('Missing file at path: /gone/state')
        }
      }
    })
    expect(main.outputs.result).toBe('success')
    expect(main.failures).toEqual([])
    expect(main.warnings).toEqual(
      [STATE_NAMES.startedBuild, STATE_NAMES.settled].map((name) =>
        expect.stringContaining(`Could not save the step state '${name}'`)
      )
    )
  })

  it('starts nothing when the marker cannot be saved: the post step would take itself for main', async () => {
    const simulator = await simulate({ log: LOG, finished: true, result: 'SUCCESS' })
    const main = await runInProcess(startInputs(simulator), {
      core: {
        saveState: () => {
          throw new Error('Missing file at path: /gone/state')
        }
      }
    })
    expect(main.failures).toEqual([
      "Could not save the step state that tells the post step from this one (Missing file at path: /gone/state). Nothing was started; check the runner's GITHUB_STATE file."
    ])
    expect(simulator.requests).toEqual([])
  })
})
