/**
 * An aborted build, end to end in this process against the simulator over loopback: the step
 * that ran has no end marker, and the log ends with the status block and `Finished: ABORTED`.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { runInProcess } from '../support/in-process-run.js'
import { closeSimulators, inputsFor, simulate } from '../support/simulated-run.js'

afterEach(closeSimulators)

describe('an aborted build', () => {
  const { text, steps } = generateBuildLogWithSteps({ result: 'ABORTED', seed: 9, failAtStep: 3 })
  const aborted = steps.at(-1)?.name ?? ''

  it('shows the status block and the Finished line outside every group', async () => {
    const simulator = await simulate({ log: text, finished: true, result: 'ABORTED' })
    const result = await runInProcess(inputsFor(simulator))
    expect(result.outputs.result).toBe('aborted')
    const view = parseRunnerOutput(result.stdout)
    expect(view.groups.map((group) => group.title)).toEqual(steps.map((step) => step.name))
    const outside = view.lines.filter((line) => line.group === null).map((line) => line.text)
    expect(outside).toContain('==================== All Tasks Status ====================')
    expect(outside).toContain(`${aborted}:${steps.at(-1)?.id} state: ABORTED, status: error`)
    expect(outside).toContain('Finished: ABORTED')
    // The aborted step's own lines stay in its group.
    const group = view.groups.find((g) => g.title === aborted)
    expect(group?.lines.some((line) => line.endsWith('Build aborted by user'))).toBe(true)
    expect(group?.lines.some((line) => line.includes('All Tasks Status'))).toBe(false)

    expect(result.summary).toContain(`<tr><td><code>${aborted}</code></td><td>⛔ aborted</td>`)
    expect(result.summary).not.toContain('no end marker')
  })

  it('ends the open step at a Finished line that has no status block before it', async () => {
    const cut = text.slice(0, text.indexOf('\n====')) + '\nFinished: ABORTED\n'
    const simulator = await simulate({ log: cut, finished: true, result: 'ABORTED' })
    const result = await runInProcess(inputsFor(simulator))
    const view = parseRunnerOutput(result.stdout)
    const outside = view.lines.filter((line) => line.group === null).map((line) => line.text)
    expect(outside).toContain('Finished: ABORTED')
    expect(result.summary).toContain(`<tr><td><code>${aborted}</code></td><td>⛔ aborted</td>`)
  })

  it('leaves a step without an end marker as such in a build that did not abort', async () => {
    const cut = text.slice(0, text.indexOf('\n====')) + '\nFinished: FAILURE\n'
    const simulator = await simulate({ log: cut, finished: true, result: 'FAILURE' })
    const result = await runInProcess(inputsFor(simulator))
    expect(result.summary).toContain(
      `<tr><td><code>${aborted}</code></td><td>⚪ no end marker</td>`
    )
    const view = parseRunnerOutput(result.stdout)
    const outside = view.lines.filter((line) => line.group === null).map((line) => line.text)
    expect(outside).toContain('Finished: FAILURE')
  })
})
