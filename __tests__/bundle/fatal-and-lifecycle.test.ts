/**
 * How a run ends, through the committed bundle: refused at once when retrying cannot help,
 * patient with a record that is not there yet, and, on timeout, cancel, a defect or a closed
 * stdout, with the log file holding what was received and the workflow log left readable.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import {
  alignRemoteLines,
  errorAnnotations,
  isSuccessfulRead,
  shownTextLines,
  successfulReadEnds
} from '../support/follow-checks.js'
import { ActionRun, runAction, startAction, StartedAction } from '../support/run-action.js'
import {
  closeSimulators,
  inputsFor,
  simulate,
  Simulator,
  SimulatorOptions
} from '../support/simulated-run.js'

/** Children a test started and may have to end itself (a run that hangs). */
const children: StartedAction[] = []
afterEach(async () => {
  for (const started of children.splice(0)) {
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGKILL')
    }
    await started.finished
  }
  await closeSimulators()
})

const start = (options: SimulatorOptions): Promise<Simulator> => simulate(options)

/** A small realistic log (about 5 KB) and the steps it holds. */
function smallLog(result = 'SUCCESS', seed = 7) {
  return generateBuildLogWithSteps({ result, seed, longLineBytes: 300 })
}

/** A build that takes seconds: small pieces, far apart. */
const SLOW: SimulatorOptions = {
  startDelayMs: 50,
  pieceIntervalMs: 150,
  minPieceBytes: 50,
  maxPieceBytes: 300,
  finishDelayMs: 100
}

function expectCleanWorkflowLog(run: ActionRun) {
  const view = parseRunnerOutput(run.stdout)
  expect(view.fenceOpenAtEnd).toBe(false)
  expect(view.nestingViolations).toBe(0)
  expect(view.failures).toEqual([])
  return view
}

function lastError(run: ActionRun): string {
  return errorAnnotations(parseRunnerOutput(run.stdout)).pop()?.message ?? ''
}

describe('an answer that retrying cannot change', () => {
  const otherJob = '0123456789abcdef0123456789abcdef'
  it.each([
    ['a wrong token (401)', {}, { token: 'not-the-token-0123456789' }, 401, /'token'/],
    ['no permission on the task (403)', { forbidden: true }, {}, 403, /grant the user access/],
    ['a job that does not exist', {}, { 'job-id': otherJob }, 400, /'job-id'/]
  ] as Array<[string, SimulatorOptions, Record<string, string>, number, RegExp]>)(
    '%s ends the run at once with what to do',
    async (_, options, inputs, status, advice) => {
      const sim = await start({ ...options, log: smallLog().text, finished: true })
      const run = await runAction(inputsFor(sim, inputs))
      const endedAt = Date.now()

      expect(run.exitCode).toBe(1)
      const fatal = sim.requests.findIndex((request) => request.status === status)
      expect(fatal).toBeGreaterThanOrEqual(0)
      expect(sim.requests.length - fatal - 1).toBeLessThanOrEqual(2)
      expect(endedAt - sim.requests[fatal].atEpochMs).toBeLessThan(2000)
      const errors = errorAnnotations(parseRunnerOutput(run.stdout))
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toContain(`HTTP ${status}`)
      expect(errors[0].message).toMatch(advice)
      expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m)
      expectCleanWorkflowLog(run)
    }
  )
})

describe('a build record that appears late', () => {
  it('is waited for, with a message saying what for, then followed to its end', async () => {
    const { text, steps } = smallLog('SUCCESS', 8)
    const sim = await start({
      log: text,
      startDelayMs: 50,
      pieceIntervalMs: 20,
      maxPieceBytes: 2000,
      recordAppearsAfterMs: 1500
    })
    const run = await runAction(inputsFor(sim))
    const view = expectCleanWorkflowLog(run)
    const served = sim.servedLog(1)

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.toString('utf8')).toBe(text)

    // The record was missing at first, and nothing was read before it appeared.
    const appearedAt = (sim.builds.get(1)?.startEpochMs ?? 0) + 1500
    expect(sim.requests[0].status).toBe(422)
    const firstRead = sim.requests.find(isSuccessfulRead)
    expect(firstRead?.atEpochMs).toBeGreaterThanOrEqual(appearedAt)

    // Said before any remote line: waiting, for build #1.
    const shown = shownTextLines(view)
    const waiting = shown.findIndex((line) => /wait/i.test(line) && /#1\b/.test(line))
    expect(waiting).toBeGreaterThanOrEqual(0)
    expect(waiting).toBeLessThan(shown.indexOf(text.split('\n')[0]))
    const alignment = alignRemoteLines(view, served)
    expect(alignment.strays).toEqual([])
    expect(alignment.shownInOrder).toBe(alignment.expected.length)
    expect(view.groups.map((group) => group.title)).toEqual(steps.map((step) => step.name))
  })
})

describe('the timeout', () => {
  it('stops following, says how long it waited and how far the log got, and keeps what came', async () => {
    const { text } = smallLog('SUCCESS', 9)
    const sim = await start({ ...SLOW, log: text, pieceIntervalMs: 300 })
    // 0.02 minutes: 1.2 s, while the build takes several seconds.
    const run = await runAction(inputsFor(sim, { timeout: '0.02' }))
    expectCleanWorkflowLog(run)

    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('timeout')
    expect(run.durationMs).toBeGreaterThanOrEqual(1200)
    expect(run.durationMs).toBeLessThan(6000)
    expect(sim.builds.get(1)?.building).toBe(true)

    const logBytes = run.logBytes ?? Buffer.alloc(0)
    const served = sim.servedLog(1)
    expect(logBytes.length).toBeGreaterThan(0)
    expect(logBytes.length).toBeLessThan(Buffer.byteLength(text))
    expect(logBytes.equals(served.subarray(0, logBytes.length))).toBe(true)
    // Exactly what the successful answers carried, up to the last one taken in.
    expect(successfulReadEnds(sim.requests)).toContain(logBytes.length)

    const message = lastError(run)
    expect(message).toMatch(/timeout/i)
    expect(message).toMatch(/\b1s\b/)
    expect(message).toContain(`${logBytes.length} bytes`)
    expect(sim.stops).toEqual([])
  })
})

describe('a cancelled workflow', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: ends within 2 s, result cancelled, workflow log closed, every received byte on disk',
    async (signal) => {
      const { text } = smallLog('SUCCESS', 10)
      const sim = await start({ ...SLOW, log: text })
      const started = startAction(inputsFor(sim))
      children.push(started)
      await started.waitForStdout('+ git init /codearts/workspace')
      expect(sim.builds.get(1)?.building).toBe(true)

      const signalledAt = Date.now()
      started.child.kill(signal)
      const run = await started.finished
      expect(Date.now() - signalledAt).toBeLessThan(2000)

      expect(run.exitCode).not.toBe(0)
      expect(run.exitCode).not.toBeNull()
      expect(run.outputs.result).toBe('cancelled')
      const view = expectCleanWorkflowLog(run)
      expect(view.groups.length).toBeGreaterThan(0)

      const logBytes = run.logBytes ?? Buffer.alloc(0)
      const served = sim.servedLog(1)
      expect(logBytes.length).toBeGreaterThan(0)
      expect(logBytes.equals(served.subarray(0, logBytes.length))).toBe(true)
      // The page shows the file's lines, no more: the file holds all that was shown.
      const alignment = alignRemoteLines(view, logBytes)
      expect(alignment.strays).toEqual([])
      expect(alignment.shownInOrder).toBe(alignment.expected.length)
      expect(shownTextLines(view)).toContain('+ git init /codearts/workspace')
    }
  )

  it('ends within 2 s even while a request hangs', async () => {
    const sim = await start({
      ...SLOW,
      log: smallLog().text,
      faults: { rate: 1, kinds: ['hang'], hangMs: 20_000, routes: ['log'] }
    })
    const started = startAction(inputsFor(sim))
    children.push(started)
    await started.waitForStdout('Following CodeArts build')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sim.requests.some((request) => request.fault === 'hang')).toBe(true)

    const signalledAt = Date.now()
    started.child.kill('SIGINT')
    const run = await started.finished
    expect(Date.now() - signalledAt).toBeLessThan(2000)
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('cancelled')
    expect(run.logBytes?.length).toBe(0)
    expectCleanWorkflowLog(run)
  })
})

describe('a defect inside the action', () => {
  const MARKER = 'DEFECT-MARKER-5c1d'
  let scratch: string
  let patch: string
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-defect-'))
    patch = path.join(scratch, 'write-throws.mjs')
    // Every remote line goes through process.stdout.write on its way to the page: make the
    // first write that carries the marker throw, as a bug in the action's own code would.
    fs.writeFileSync(
      patch,
      [
        `const marker = ${JSON.stringify(MARKER)}`,
        'const write = process.stdout.write',
        'let thrown = false',
        'process.stdout.write = function (chunk, ...rest) {',
        '  if (!thrown && chunk != null && String(chunk).includes(marker)) {',
        '    thrown = true',
        "    throw new TypeError('simulated defect')",
        '  }',
        '  return write.call(this, chunk, ...rest)',
        '}',
        ''
      ].join('\n')
    )
  })
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

  it('fails the step with an error, keeps every byte up to the fault, and leaves the log readable', async () => {
    const { text } = smallLog('SUCCESS', 11)
    const anchor = '[INFO] Scanning for projects...\n'
    const markerLine = `${MARKER} in the remote log\n`
    const log = text.replace(anchor, anchor + markerLine)
    const markerEnd = Buffer.byteLength(log.slice(0, log.indexOf(markerLine) + markerLine.length))
    const markerStart = Buffer.byteLength(log.slice(0, log.indexOf(markerLine)))
    // The marker line arrives whole, in the middle of a build that goes on afterwards.
    const sim = await start({
      log,
      schedule: [
        { atMs: 50, endByte: markerStart - 40 },
        { atMs: 300, endByte: markerEnd + 60 },
        { atMs: 3000, endByte: Buffer.byteLength(log) }
      ]
    })
    const run = await runAction(inputsFor(sim), { NODE_OPTIONS: `--import=${patch}` })

    expect(run.exitCode).toBe(1)
    const view = expectCleanWorkflowLog(run)
    const errors = errorAnnotations(view)
    expect(errors.length).toBeGreaterThanOrEqual(1)
    expect(errors[errors.length - 1].message).toMatch(/simulated defect/)
    // A defect's stack stays out of the page.
    expect(view.lines.some((line) => /^\s+at /.test(line.text))).toBe(false)

    const logBytes = run.logBytes ?? Buffer.alloc(0)
    expect(logBytes.length).toBeGreaterThanOrEqual(markerEnd)
    expect(logBytes.equals(sim.servedLog(1).subarray(0, logBytes.length))).toBe(true)
    expect(sim.builds.get(1)?.building).toBe(true)
  })
})

describe('a closed stdout', () => {
  it.each([
    ['SUCCESS', 0, 'success'],
    ['FAILURE', 1, 'failure']
  ] as const)(
    'does not stop a %s build from being followed to its end and archived whole',
    async (result, exitCode, output) => {
      const { text } = smallLog(result, 12)
      const sim = await start({ ...SLOW, log: text, result, pieceIntervalMs: 60 })
      const started = startAction(inputsFor(sim))
      children.push(started)
      await started.waitForStdout('+ git init /codearts/workspace')
      expect(sim.builds.get(1)?.building).toBe(true)
      started.child.stdout?.destroy()

      const run = await started.finished
      expect(run.exitCode).toBe(exitCode)
      expect(run.outputs.result).toBe(output)
      expect(run.logBytes?.equals(sim.servedLog(1))).toBe(true)
      expect(sim.servedLog(1).toString('utf8')).toBe(text)
    }
  )

  // Stdout closing while a write to it is still pending (the reader stopped reading, then
  // went away) must not leave the action waiting for a 'drain' that never comes.
  it('does not hang when it closes while a large write is still pending', async () => {
    const { text } = generateBuildLogWithSteps({ seed: 13, longLineBytes: 1024 * 1024 })
    const total = Buffer.byteLength(text)
    const sim = await start({
      log: text,
      schedule: [
        { atMs: 0, endByte: total - 3000 },
        { atMs: 1500, endByte: total }
      ],
      finishDelayMs: 100
    })
    const started = startAction(inputsFor(sim))
    children.push(started)
    // The reader stops reading: the megabyte line cannot all go out.
    started.child.stdout?.pause()
    const deadline = Date.now() + 10_000
    const bytesRead = (): number =>
      sim.requests.reduce((sum, r) => sum + (r.servedRange?.bytes ?? 0), 0)
    // Reads are smaller than the line: wait until far more than a pipe holds has been read.
    while (bytesRead() <= 300_000) {
      if (Date.now() > deadline) throw new Error('the action never read the first megabyte')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sim.builds.get(1)?.building).toBe(true)
    started.child.stdout?.destroy()

    let timer: NodeJS.Timeout | undefined
    const ended = await Promise.race([
      started.finished.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 6000)))
    ])
    clearTimeout(timer)
    if (!ended) started.child.kill('SIGKILL')
    const run = await started.finished
    expect(ended).toBe(true)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.equals(sim.servedLog(1))).toBe(true)
  })
})
