/**
 * The committed bundle against logs at the edges: 502s while a finished build's log drains, a
 * log that starts over under the same number, 100,000 steps, and tens of MiB of distinct error
 * lines (whose memory must not grow with their number).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { MiB, runFollower } from '../../bench/harness.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { closeSimulators, follow, simulate } from '../support/simulated-run.js'
import { requestsTo } from '../support/timed-builds.js'

afterEach(closeSimulators)

const OLD = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 7, longLineBytes: 300 }).text
const NEW = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 99, longLineBytes: 300 }).text

const warnings = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => line.startsWith('::warning'))

const STAMP = '[2026/09/14 02:29:37.820 GMT+08:00]'

/** A log of `count` steps, each only its start and end markers. */
function manySteps(count: number): string {
  const parts: string[] = []
  for (let i = 0; i < count; i++) {
    parts.push(`${STAMP} [INFO] [Step ${i}: s${i}]: This step starts.\n`)
    parts.push(`${STAMP} [INFO] [Step ${i}: s${i}]: This step is complete.\n`)
  }
  parts.push('Finished: SUCCESS\n')
  return parts.join('')
}

/**
 * About `bytes` of distinct error and warning lines of every kind the report looks at: a new
 * step every 50 lines, compiler errors, failing Surefire classes, tagged step errors, Python
 * tracebacks, Go and Jest failures. Each is a different line.
 */
function manyErrors(bytes: number): Buffer {
  const parts: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const step = `Step ${Math.floor(i / 10)}: s${Math.floor(i / 10)}`
    const lines = [
      ...(i % 10 === 0 ? [`${STAMP} [INFO] [${step}]: This step starts.`] : []),
      `[ERROR] /codearts/workspace/src/main/java/com/example/p${i}/File${i}.java:[${(i % 900) + 1},7] cannot find symbol ${i}`,
      `[WARNING] /codearts/workspace/src/main/java/com/example/p${i}/File${i}.java: deprecated API ${i}`,
      `[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.p${i}.Case${i}Test`,
      `[ERROR]   Case${i}Test.check${i}:${(i % 300) + 1} expected:<${i}> but was:<0>`,
      `${STAMP} [ERROR] [${step}]: Execute shell command failed, code ${i}`,
      `  File "/codearts/workspace/app/module${i}.py", line ${(i % 400) + 1}, in run`,
      `ValueError: bad value ${i}`,
      `--- FAIL: TestThing${i} (0.00s)`,
      `  \u25cf Suite${i} \u203a case ${i}`
    ]
    const text = lines.join('\n') + '\n'
    parts.push(text)
    size += text.length
  }
  parts.push('Finished: FAILURE\n')
  return Buffer.from(parts.join(''), 'utf8')
}

describe('a finished build whose log drain meets 502s', () => {
  it('gets the whole log and ends on the build result', async () => {
    const failing = generateBuildLogWithSteps({ result: 'FAILURE', seed: 5, longLineBytes: 300 })
    const { sim, run, served } = await follow({
      log: failing.text,
      result: 'FAILURE',
      finished: true,
      maxReadBytes: 1500,
      logBadGateway: { count: 2, fromOffset: 1500, whenOver: true }
    })
    expect(requestsTo(sim, 'log').filter((request) => request.status === 502)).toHaveLength(2)
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.toString('utf8')).toBe(failing.text)
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.summary).not.toContain('incomplete')
  })
})

describe('a log restarted under the same number', () => {
  it('says so once, naming both offsets, and follows the new log without repeating the old', async () => {
    const { run, view } = await follow({
      log: OLD,
      finished: true,
      maxReadBytes: 1500,
      logRestart: { atOffset: 2000, log: NEW }
    })
    const said = warnings(run.stdout)
    expect(said).toHaveLength(1)
    expect(said[0]).toMatch(/log restarted: .*offset 0.*offset 3000 already shown/)
    expect(run.exitCode).toBe(0)
    // The old log up to the restart, then the new log whole.
    const oldPart = Buffer.from(OLD).subarray(0, 3000)
    expect(run.logBytes?.equals(Buffer.concat([oldPart, Buffer.from(NEW)]))).toBe(true)
    const shown = view.lines.map((line) => line.text)
    const newFirst = NEW.split('\n')[0]
    const oldFirst = OLD.split('\n')[0]
    expect(shown.filter((text) => text === oldFirst)).toHaveLength(1)
    expect(shown.filter((text) => text === newFirst)).toHaveLength(1)
    const warnedAt = shown.findIndex((text) => text.includes('log restarted'))
    expect(shown.indexOf(newFirst)).toBeGreaterThan(warnedAt)
    // The old log's last line, cut by the restart, is shown as it is before the warning.
    const cutLine = oldPart.toString('utf8').split('\n').at(-1) ?? ''
    expect(shown.lastIndexOf(cutLine)).toBeLessThan(warnedAt)
    expect(shown.lastIndexOf(cutLine)).toBeGreaterThan(-1)
  })
})

describe('large builds', () => {
  it('follows 100,000 steps to success in linear time and writes the summary', async () => {
    const log = manySteps(100_000)
    const { run, served } = await follow({ log, finished: true })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(run.summary).toContain('and 99')
    expect(run.summary).toMatch(/more steps/)
    // About 5 s here on a busy machine; quadratic work would take minutes.
    expect(run.durationMs).toBeLessThan(30_000)
  }, 60_000)

  it('keeps memory bounded over 40 MiB of distinct error and warning lines', async () => {
    const log = manyErrors(40 * MiB)
    const sim = await simulate({ log, finished: true, result: 'FAILURE' })
    const run = await runFollower('action', sim, { pollInterval: '0.05' })
    expect(run.exitCode).toBe(1)
    expect(run.logMatches).toBe(true)
    // 288-378 MiB on 80 MiB before the caps on kept failures; ~90 MiB after, whatever the size.
    expect(run.peakRssBytes / MiB).toBeLessThan(130)
  }, 60_000)
})
