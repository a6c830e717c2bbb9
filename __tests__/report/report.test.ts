/** The end-of-run report and the job summary, rendered from the data they print. */
import { describe, expect, it } from '@jest/globals'
import type { StepRecord } from '../../src/build-log/step-tracker.js'
import type { ActionCore } from '../../src/runner/action-core.js'
import { renderSummary } from '../../src/report/job-summary.js'
import { FollowReport, reportOutcome, writeJobSummary } from '../../src/report/report.js'
import { SecretRedactor } from '../../src/runner/secrets.js'
import { WorkflowLog } from '../../src/runner/workflow-log.js'

const JOB_ID = 'a'.repeat(32)
const SECRET = 's3cr3t-value'

function step(name: string, status: StepRecord['status'], tailLines: string[] = []): StepRecord {
  return {
    name,
    id: name,
    status,
    failed: status === 'failed',
    startedAtMs: 0,
    endedAtMs: 2000,
    tailLines
  }
}

/** A report target that records what it was given. */
function target() {
  const written: string[] = []
  const stream = { write: (text: string) => (written.push(text), true), once: () => undefined }
  const redactor = new SecretRedactor()
  redactor.add(SECRET)
  const seen = { outputs: {} as Record<string, string>, failures: [] as string[], summary: '' }
  const core: ActionCore = {
    setSecret: () => undefined,
    setOutput: (name, value) => void (seen.outputs[name] = value),
    setFailed: (message) => void seen.failures.push(message),
    warning: () => undefined,
    debug: () => undefined,
    saveState: () => undefined,
    writeSummary: async (markdown) => void (seen.summary += markdown)
  }
  return { log: new WorkflowLog(stream, 'fence'), redactor, core, seen, written }
}

function report(overrides: Partial<FollowReport>): FollowReport {
  return {
    jobId: JOB_ID,
    buildNo: 3,
    outcome: { result: 'success', serverResult: 'SUCCESS', elapsedMs: 65_000 },
    steps: [step('checkout', 'success')],
    failedStep: undefined,
    logBytes: 2048,
    ...overrides
  }
}

describe('reportOutcome', () => {
  it('reports success with the outputs and the log size, failing nothing', () => {
    const t = target()
    reportOutcome(t, report({}))
    expect(t.seen.outputs).toEqual({ result: 'success', 'failed-step': '' })
    expect(t.seen.failures).toEqual([])
    expect(t.written.join('')).toContain(`CodeArts build ${JOB_ID}#3 succeeded (SUCCESS) after`)
    expect(t.written.join('')).toContain('2048 bytes of log received.')
  })

  it('fails at the failed step, quoting its last lines with secrets hidden', () => {
    const t = target()
    const failed = step('build', 'failed', ['compiling', `token ${SECRET} refused`])
    reportOutcome(
      t,
      report({
        outcome: { result: 'failure', serverResult: 'FAILED', elapsedMs: 1 },
        failedStep: failed
      })
    )
    expect(t.seen.outputs['failed-step']).toBe('build')
    expect(t.seen.failures).toEqual([`CodeArts build ${JOB_ID}#3 failed at step 'build' (FAILED).`])
    const text = t.written.join('')
    expect(text).toContain("Last 2 lines of step 'build':")
    expect(text).not.toContain(SECRET)
  })

  it('counts an unknown result as a failure and says so', () => {
    const t = target()
    reportOutcome(
      t,
      report({ outcome: { result: 'failure', serverResult: 'WEIRD', elapsedMs: 1 } })
    )
    expect(t.seen.failures[0]).toContain("ended with 'WEIRD', a result this action does not know")
  })

  it('names the step the log got to when it stops early', () => {
    const t = target()
    const outcome = { result: 'timeout' as const, elapsedMs: 60_000, note: 'timed out' }
    reportOutcome(t, report({ outcome, steps: [step('a', 'success'), step('b', 'running')] }))
    expect(t.seen.failures).toEqual([
      `Stopped following CodeArts build ${JOB_ID}#3 after 1m 00s: timed out. The log got to 2048 bytes, in step 'b'.`
    ])
  })
})

describe('writeJobSummary', () => {
  it('writes the rendered summary, redacted, when the runner names a file', async () => {
    const t = target()
    const facts = report({ steps: [step(`deploy ${SECRET}`, 'success')] })
    await writeJobSummary({ ...t, summaryFile: '/tmp/summary' }, facts)
    expect(t.seen.summary).toContain('## ✅ CodeArts build succeeded')
    expect(t.seen.summary).toContain('2.0 KiB')
    expect(t.seen.summary).not.toContain(SECRET)
  })

  it('writes nothing without a summary file', async () => {
    const t = target()
    await writeJobSummary({ ...t, summaryFile: undefined }, report({}))
    expect(t.seen.summary).toBe('')
  })
})

describe('renderSummary', () => {
  it('shows the failed step’s excerpt, escaped, for a failure only', () => {
    const failed = step('build', 'failed', ['<b>error</b>'])
    const facts = {
      result: 'failure' as const,
      serverResult: 'FAILED',
      jobId: JOB_ID,
      buildNo: 3,
      elapsedMs: 1000,
      logBytes: 10,
      steps: [failed],
      failedStep: failed,
      redact: (text: string) => text
    }
    const markdown = renderSummary(facts)
    expect(markdown).toContain('&lt;b&gt;error&lt;/b&gt;')
    expect(markdown).toContain('Last 1 lines of the failed step')
    expect(renderSummary({ ...facts, result: 'success' })).not.toContain('<details>')
  })
})
