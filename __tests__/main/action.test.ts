/**
 * run() in process, its runner commands on stdout as the bundle writes them, against the
 * simulator over real HTTP: what the runner would show of a build followed to its end.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { closeSimulators, LIVE } from '../support/simulated-run.js'
import { followInProcess as follow } from '../support/in-process-action.js'
import { displayedRemoteLines, logLines } from '../support/runner-lines.js'

afterEach(closeSimulators)

describe('a successful build', () => {
  it('passes, sets the outputs, groups each step and shows every line once, in order', async () => {
    const { text, steps } = generateBuildLogWithSteps({ result: 'SUCCESS', seed: 7 })
    const { run, view, served } = await follow({ ...LIVE, log: text, result: 'SUCCESS' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(run.outputs['build-no']).toBe('1')
    expect(run.outputs['failed-step']).toBe('')
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.toString('utf8')).toBe(text)

    expect(view.groups.map((group) => group.title)).toEqual(steps.map((step) => step.name))
    expect(view.nestingViolations).toBe(0)
    expect(view.fenceOpenAtEnd).toBe(false)
    expect(displayedRemoteLines(view)).toEqual(logLines(served))
    expect(view.annotations.filter((a) => a.level === 'error')).toEqual([])
  })

  it('keeps multi-byte text byte-identical through a cursor counted in characters', async () => {
    const { text } = generateBuildLogWithSteps({ seed: 3 })
    const { run, served } = await follow({
      ...LIVE,
      log: text,
      cursorUnit: 'chars',
      maxReadBytes: 1000
    })
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.includes(Buffer.from('构建'))).toBe(true)
  })

  it('accepts cursor fields sent as strings', async () => {
    const { text } = generateBuildLogWithSteps({ seed: 4 })
    const { run, view, served } = await follow({
      ...LIVE,
      log: text,
      cursorTypes: 'string',
      buildingAsString: true
    })
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(displayedRemoteLines(view)).toEqual(logLines(served))
  })

  it('does not stop on has_more_data: false while the build still runs', async () => {
    const { text } = generateBuildLogWithSteps({ seed: 5 })
    // Pauses longer than several poll intervals: each read in them is caught up, yet running.
    const { run, served } = await follow({
      log: text,
      hasMoreData: 'caught-up',
      schedule: [
        { atMs: 0, endByte: 1000 },
        { atMs: 400, endByte: 30_000 },
        { atMs: 800, endByte: Buffer.byteLength(text) }
      ],
      finishDelayMs: 300
    })
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.length).toBe(Buffer.byteLength(text))
  })
})

describe('a failing build', () => {
  it('fails the step with an error naming the failed step and the build', async () => {
    const { text, steps } = generateBuildLogWithSteps({ result: 'FAILURE', seed: 11 })
    const failed = steps.find((step) => step.status === 'error')
    const { sim, run, view, served } = await follow({ ...LIVE, log: text, result: 'FAILURE' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(failed).toBeDefined()
    expect(run.outputs['failed-step']).toBe(failed?.name)
    expect(run.logBytes?.equals(served)).toBe(true)
    const finalError = view.annotations.filter((a) => a.level === 'error').pop()
    expect(finalError?.message).toContain(`'${failed?.name}'`)
    expect(finalError?.message).toContain(`${sim.jobId}#1`)
    expect(view.groups.map((group) => group.title)).toEqual(steps.map((step) => step.name))
  })

  it('reports an aborted build as aborted and fails the step', async () => {
    const { text } = generateBuildLogWithSteps({ result: 'ABORTED', seed: 12 })
    const { run, view } = await follow({ ...LIVE, log: text, result: 'ABORTED' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('aborted')
    expect(view.annotations.pop()?.message).toMatch(/was aborted/)
  })
})

describe('without a status call', () => {
  it.each([
    ['unpublished (404 APIGW.0101)', 'unpublished' as const, 'FAILURE', 'failure', 1],
    ['forbidden (403)', 'forbidden' as const, 'SUCCESS', 'success', 0]
  ])(
    'takes the result from the Finished line when the route is %s',
    async (_, statusRoute, result, expected, exitCode) => {
      const { text } = generateBuildLogWithSteps({ result, seed: 13 })
      const { run, view, served } = await follow({ ...LIVE, log: text, result, statusRoute })
      expect(run.exitCode).toBe(exitCode)
      expect(run.outputs.result).toBe(expected)
      expect(run.logBytes?.equals(served)).toBe(true)
      expect(
        view.lines.some((line) => line.text.startsWith('The build status call is not available'))
      ).toBe(true)
    }
  )
})

describe('a hostile log', () => {
  const hostileLines = [
    '::error::x',
    '##[group]y',
    '  ::warning title=t::indented',
    'text ##[error]inline',
    '::STOP-COMMANDS::abc',
    '::endgroup::',
    '::add-mask::Following',
    '::set-output name=result::success',
    'before\r::error::after a carriage return',
    '::ErRoR::mixed case'
  ]

  it('shows every command form as inert text and keeps its own groups and result', async () => {
    const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 21 })
    const marker = '[INFO] Scanning for projects...\n'
    expect(clean.text).toContain(marker)
    const hostile = clean.text.replace(marker, marker + hostileLines.join('\n') + '\n')
    const { run, view, served } = await follow({
      ...LIVE,
      log: hostile,
      result: 'FAILURE',
      maxReadBytes: 37
    })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(served.toString('utf8')).toBe(hostile)
    // No command came from the remote log: the executed ones are all the action's own.
    const ownCommands = new Set(['add-mask', 'stop-commands', 'group', 'endgroup', 'error'])
    for (const command of view.commands) {
      if (!ownCommands.has(command.name)) {
        expect(command.name).toMatch(/^[0-9a-f]{32}$/) // the fence's resume token
      }
    }
    expect(
      view.masks.every(
        (mask) => !hostileLines.some((line) => line.includes(mask)) || mask.length === 32
      )
    ).toBe(true)
    expect(view.groups.map((group) => group.title)).toEqual(clean.steps.map((step) => step.name))
    expect(view.renderedMarkup).toEqual([])
    expect(view.nestingViolations).toBe(0)
    const errorMessages = view.annotations.map((a) => a.message)
    expect(errorMessages).not.toContain('x')
    expect(errorMessages).not.toContain('after a carriage return')
    expect(errorMessages).not.toContain('mixed case')
    expect(view.lines.map((line) => line.text)).toEqual(
      expect.arrayContaining(['::error::x', '::endgroup::'])
    )
  })
})
