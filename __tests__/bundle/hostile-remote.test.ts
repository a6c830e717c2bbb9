/**
 * A hostile server and hostile build output against the committed bundle: answers without end,
 * a Content-Length of a petabyte, a gzip bomb, a web page that echoes the token, a status error
 * made of workflow commands for the post step, and test and step names that would mention and
 * link in the job summary. Judged by the runner model (simulator/runner-view).
 */
import * as fs from 'node:fs'
import { afterEach, describe, expect, it } from '@jest/globals'
import { marked } from 'marked'
import { generateBuildLog, generateBuildLogWithSteps } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { STATE_NAMES } from '../../src/session/post-state.js'
import { insertIntoStep } from '../support/log-edits.js'
import { ActionRun, runAction, startAction } from '../support/run-action.js'
import { postPhaseEnvironment } from '../support/runner-post.js'
import { closeSimulators, follow, inputsFor, simulate } from '../support/simulated-run.js'

afterEach(closeSimulators)

const LOG = generateBuildLog({ result: 'SUCCESS', seed: 41 })

function errorsOf(run: ActionRun): string[] {
  return parseRunnerOutput(run.stdout)
    .annotations.filter((a) => a.level === 'error')
    .map((a) => a.message)
}

/** Runs the bundle, sampling its peak resident memory (VmHWM) until it ends. */
async function runMeasured(
  inputs: Record<string, string>
): Promise<{ run: ActionRun; peakMiB: number }> {
  const action = startAction(inputs)
  let peakKiB = 0
  const sample = (): void => {
    try {
      const status = fs.readFileSync(`/proc/${action.child.pid}/status`, 'utf8')
      peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
    } catch {
      // Ended.
    }
  }
  const timer = setInterval(sample, 10)
  const run = await action.finished
  clearInterval(timer)
  return { run, peakMiB: peakKiB / 1024 }
}

describe('answers over their size limit', () => {
  it.each([['endlessBody'], ['hugeContentLength'], ['gzipBomb']] as const)(
    '%s on the log route: one error with the size, bounded memory, the log file kept',
    async (kind) => {
      const sim = await simulate({ log: LOG, finished: true, hostile: { kind, routes: ['log'] } })
      const { run, peakMiB } = await runMeasured(inputsFor(sim))
      expect(run.exitCode).toBe(1)
      const errors = errorsOf(run)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/is too large: .*\d+ bytes/)
      expect(run.stderr).toBe('')
      expect(peakMiB).toBeGreaterThan(0)
      expect(peakMiB).toBeLessThan(200)
      expect(run.outputs['log-file']).toBeTruthy()
      expect(run.logBytes).toBeDefined()
    },
    30_000
  )
})

describe('a web page that echoes the request headers', () => {
  it('is quoted without any fragment of the token', async () => {
    const sim = await simulate({ log: LOG, finished: true, hostile: { kind: 'echoHeadersPage' } })
    const run = await runAction(inputsFor(sim))
    expect(run.exitCode).toBe(1)
    const shown = run.stdout.replace(`::add-mask::${sim.token}\n`, '') + run.summary
    for (let at = 0; at + 8 <= sim.token.length; at++) {
      expect(shown).not.toContain(sim.token.slice(at, at + 8))
    }
    expect(errorsOf(run).join('\n')).toContain('is not the CodeArts Build API')
    // The quote reached the token (the page starts with it): a cut through it would have shown
    // a fragment above; the token's word is dropped whole instead.
    expect(errorsOf(run).join('\n')).toMatch(/starting "[^"]*x-auth-token:/)
  }, 30_000)
})

describe('the post step against a status error made of workflow commands', () => {
  it('runs nothing the server wrote', async () => {
    const sim = await simulate({ log: LOG, statusError: 'workflowCommands' })
    const inputs = inputsFor(sim, { trigger: 'true' })
    const state = [
      `${STATE_NAMES.mainPhaseRan}<<EOF`,
      'true',
      'EOF',
      `${STATE_NAMES.startedBuild}<<EOF`,
      JSON.stringify({ jobId: sim.jobId, buildNo: 1 }),
      'EOF',
      ''
    ].join('\n')
    const run = await runAction(inputs, postPhaseEnvironment(state))
    expect(run.exitCode).toBe(0)
    const view = parseRunnerOutput(run.stdout)
    const executed = view.commands.map((c) => c.name)
    expect(
      executed.filter((name) => !/^(add-mask|stop-commands|warning|[0-9a-f]{32})$/.test(name))
    ).toEqual([])
    expect(view.masks).not.toContain('y')
    expect(view.possibleCommands).toEqual([])
    expect(view.groups).toEqual([])
    expect(view.annotations.every((a) => a.level !== 'error')).toBe(true)
  }, 30_000)
})

describe('hostile names in the job summary', () => {
  it('renders no mention and no link from test names, step names or excerpts', async () => {
    const hostile = '@octo-org/admins see https://evil.example/login and www.evil.example'
    const generated = generateBuildLogWithSteps({
      result: 'FAILURE',
      steps: [
        { name: 'Checkout', id: 'checkout' },
        { name: `Deploy ${hostile}`, id: 'deploy' }
      ],
      failAtStep: 1,
      seed: 3
    })
    const log = insertIntoStep(
      generated.text,
      `Deploy ${hostile}`,
      [`FooTest > ${hostile} FAILED`, '3 tests completed, 1 failed', `[ERROR] ${hostile}`],
      'end'
    )
    const { run } = await follow({ log, result: 'FAILURE', finished: true })
    expect(run.summary).toContain('FooTest')
    const html = await marked.parse(run.summary, { gfm: true })
    // Outside code and pre, no mention can form; and nothing links anywhere.
    const outsideCode = html.replace(/<(code|pre)>[\s\S]*?<\/\1>/g, '')
    const text = outsideCode
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))
    expect(text).not.toMatch(/@[A-Za-z0-9]/)
    expect(html).not.toContain('<a ')
    expect(html).not.toMatch(/href=/)
  }, 30_000)
})
