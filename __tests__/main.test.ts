/**
 * The whole run in this process: `run()` with its I/O passed in, against the simulator over
 * real HTTP on loopback. The bundle tests cover the same paths through `dist/index.js`.
 */
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../simulator/logs.js'
import type { Simulator } from '../simulator/server.js'
import { runInProcess } from './support/in-process-run.js'
import { closeSimulators, inputsFor, simulate } from './support/simulated-run.js'

afterEach(closeSimulators)

const SUCCESS_LOG = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 5 }).text
const FAILED_LOG = generateBuildLogWithSteps({ result: 'FAILED', seed: 5 }).text
const LOG_BYTES = Buffer.from(SUCCESS_LOG, 'utf8')

/** A build that shows its first lines at once, then runs far longer than any test. */
function longRunning(): Parameters<typeof simulate>[0] {
  return {
    log: SUCCESS_LOG,
    schedule: [
      { atMs: 20, endByte: LOG_BYTES.indexOf(0x0a, 1500) + 1 },
      { atMs: 60_000, endByte: LOG_BYTES.length }
    ]
  }
}

function routes(simulator: Simulator, route: string): unknown[] {
  return simulator.requests.filter((request) => request.route === route)
}

/** Waits until the run has read the log; a run that ends first fails the test at once. */
async function logReadBy(simulator: Simulator, running: Promise<unknown>): Promise<void> {
  let ended = false
  running.then(
    () => (ended = true),
    () => (ended = true)
  )
  while (routes(simulator, 'log').length === 0) {
    if (ended) throw new Error('the run ended before it read the log')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('run() in process', () => {
  it('follows a successful build: outputs, the whole log on disk, a summary, no failure', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true, result: 'SUCCESS' })
    const result = await runInProcess(inputsFor(simulator))
    expect(result.failures).toEqual([])
    expect(result.outputs).toMatchObject({ 'build-no': '1', result: 'success', 'failed-step': '' })
    expect(result.logFile?.equals(simulator.servedLog(1))).toBe(true)
    expect(result.stdout).toContain(`CodeArts build ${simulator.jobId}#1 succeeded (SUCCESS)`)
    expect(result.summary).toContain('## ✅ CodeArts build succeeded')
    // The token and the fence token are masked before anything is printed.
    expect(result.secrets).toContain(simulator.token)
    expect(result.secrets).toHaveLength(2)
    expect(result.stdout).not.toContain(simulator.token)
  })

  it('fails the step on a failed build, naming the step and quoting its last lines', async () => {
    const simulator = await simulate({ log: FAILED_LOG, finished: true, result: 'FAILED' })
    const result = await runInProcess(inputsFor(simulator))
    expect(result.outputs.result).toBe('failure')
    expect(result.outputs['failed-step']).not.toBe('')
    const step = result.outputs['failed-step']
    expect(result.failures).toEqual([
      `CodeArts build ${simulator.jobId}#1 failed at step '${step}' (FAILED).`
    ])
    expect(result.stdout).toMatch(new RegExp(`Last \\d+ lines of step '`))
    expect(result.summary).toContain('## ❌ CodeArts build failed')
    expect(result.summary).toContain('<details>')
  })

  it('writes no summary where the runner provides none', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true, result: 'SUCCESS' })
    const result = await runInProcess(inputsFor(simulator), { summary: false })
    expect(result.outputs.result).toBe('success')
    expect(result.summary).toBe('')
  })

  it('turns bad input into a failed step naming the input, before any request', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true })
    const result = await runInProcess(inputsFor(simulator, { 'build-no': 'seven' }))
    expect(result.failures).toEqual([
      "Invalid 'build-no' input: 'seven'. Expected a whole number from 1 to 2147483647."
    ])
    expect(result.debug).toEqual([])
    expect(simulator.requests).toEqual([])
  })

  it('turns an API error into a failed step without a stack trace', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true })
    const result = await runInProcess(inputsFor(simulator, { token: 'wrong-token' }))
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).not.toContain('wrong-token')
    expect(result.debug.filter((line) => line.includes('    at '))).toEqual([])
    expect(result.stdout).not.toContain('wrong-token')
  })

  it('leaves a defect’s stack in the debug log only', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true })
    const defect = new TypeError('outputs went wrong')
    const result = await runInProcess(inputsFor(simulator), {
      core: {
        setOutput: () => {
          throw defect
        }
      }
    })
    expect(result.failures).toEqual(['outputs went wrong'])
    expect(result.debug.some((line) => line.includes('    at '))).toBe(true)
    expect(result.stdout).not.toContain('    at ')
  })

  it('fails with a clear error when the log file cannot be opened, without a stack', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true })
    // A folder as the log file: the archive refuses it, naming the input.
    const result = await runInProcess(inputsFor(simulator, { 'log-file': '.' }))
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('log-file')
    expect(result.debug).toEqual([])
    expect(simulator.requests).toEqual([])
  })
})

describe('the session’s modes', () => {
  it('check (wait: false) reports a finished build without reading its log', async () => {
    const simulator = await simulate({ log: FAILED_LOG, finished: true, result: 'FAILED' })
    const result = await runInProcess(inputsFor(simulator, { wait: 'false' }))
    expect(result.outputs).toEqual({ 'build-no': '1', result: 'failure' })
    expect(result.failures).toEqual([`CodeArts build ${simulator.jobId}#1 has ended: FAILED.`])
    expect(routes(simulator, 'log')).toEqual([])
  })

  it('check (wait: false) ends at once on a running build', async () => {
    const simulator = await simulate(longRunning())
    const result = await runInProcess(inputsFor(simulator, { wait: 'false' }))
    expect(result.outputs).toEqual({ 'build-no': '1' })
    expect(result.failures).toEqual([])
    expect(result.stdout).toContain('is still running; not following it (wait: false).')
  })

  it('check (wait: false) reports a successful build as success', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finished: true, result: 'SUCCESS' })
    const result = await runInProcess(inputsFor(simulator, { wait: 'false' }))
    expect(result.outputs.result).toBe('success')
    expect(result.failures).toEqual([])
    expect(result.stdout).toContain('has ended: SUCCESS.')
  })

  it('start without follow sets the new build’s numbers and ends', async () => {
    const simulator = await simulate(longRunning())
    const inputs = inputsFor(simulator, { trigger: 'true', wait: 'false', 'build-no': '' })
    const result = await runInProcess(inputs)
    expect(result.failures).toEqual([])
    expect(result.outputs['build-no']).toBe('2')
    expect(result.outputs['daily-build-no']).toMatch(/^\d{8}\.2$/)
    expect(routes(simulator, 'log')).toEqual([])
    expect(result.stdout).toContain('not following it (wait: false).')
  })

  it('start and follow: follows the started build to its end', async () => {
    const simulator = await simulate({ log: SUCCESS_LOG, finishDelayMs: 20 })
    const result = await runInProcess(inputsFor(simulator, { trigger: 'true', 'build-no': '' }))
    expect(result.outputs['build-no']).toBe('2')
    expect(result.outputs.result).toBe('success')
    expect(result.logFile?.equals(simulator.servedLog(2))).toBe(true)
  })

  it('stops a build it started on cancel, keeps the tail and reports cancelled', async () => {
    const simulator = await simulate(longRunning())
    const signals = new EventEmitter()
    const running = runInProcess(inputsFor(simulator, { trigger: 'true', 'build-no': '' }), {
      signals
    })
    await logReadBy(simulator, running)
    await new Promise((r) => setTimeout(r, 200))
    signals.emit('SIGINT', 'SIGINT')
    const result = await running
    expect(result.outputs.result).toBe('cancelled')
    expect(simulator.stops.map(({ buildNo, stopped }) => ({ buildNo, stopped }))).toEqual([
      { buildNo: 2, stopped: true }
    ])
    expect(result.stdout).toContain('CodeArts accepted the request to stop the build')
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('Stopped following CodeArts build')
    expect(result.summary).toContain('(cancelled)')
    expect(result.logFile?.equals(simulator.servedLog(2))).toBe(true)
  })

  it('warns on cancel that a stop CodeArts did not take was not taken', async () => {
    const simulator = await simulate({ ...longRunning(), stopAnswer: 'refused' })
    const signals = new EventEmitter()
    const running = runInProcess(inputsFor(simulator, { trigger: 'true', 'build-no': '' }), {
      signals
    })
    while (routes(simulator, 'log').length === 0) await new Promise((r) => setTimeout(r, 20))
    signals.emit('SIGINT', 'SIGINT')
    const result = await running
    expect(result.outputs.result).toBe('cancelled')
    expect(routes(simulator, 'stop')).toHaveLength(1)
    expect(simulator.builds.get(2)?.building).toBe(true)
    expect(result.warnings).toEqual([
      `Build ${simulator.jobId}#2: the stop was not taken (CodeArts refused stopping the build (HTTP 200 with status fail); the build still runs); the build may still be running: stop it in CodeArts.`
    ])
    expect(result.stdout).not.toContain('CodeArts accepted the request to stop the build')
    expect(result.failures[0]).toContain('the stop was not taken')
  })

  it('leaves a build it did not start running on cancel (auto)', async () => {
    const simulator = await simulate(longRunning())
    const signals = new EventEmitter()
    const running = runInProcess(inputsFor(simulator), { signals })
    await logReadBy(simulator, running)
    signals.emit('SIGINT', 'SIGINT')
    const result = await running
    expect(result.outputs.result).toBe('cancelled')
    expect(simulator.stops).toEqual([])
    expect(simulator.builds.get(1)?.building).toBe(true)
  })

  it('reports a timeout with the step the log got to', async () => {
    const simulator = await simulate(longRunning())
    const result = await runInProcess(inputsFor(simulator, { timeout: '0.01' }))
    expect(result.outputs.result).toBe('timeout')
    expect(result.failures[0]).toMatch(/^Stopped following CodeArts build .* bytes/)
  })
})
