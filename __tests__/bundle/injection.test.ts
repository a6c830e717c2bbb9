/**
 * Workflow commands hidden in the remote log, in every form the runner accepts, cut across
 * API answers anywhere: through the committed bundle, none may run, none may render as
 * markup, and the run must end exactly as it does for the same log without them.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { alignRemoteLines, RunnerView } from '../support/follow-checks.js'
import { closeSimulators, follow, SimulatorOptions } from '../support/simulated-run.js'

afterEach(closeSimulators)

/** One line of each command form; none starts with `[ERROR]`, which the action annotates. */
const HOSTILE_LINES = [
  '::error::at line start',
  '   ::warning title=t::after spaces',
  '\t::notice::after a tab',
  '\u00a0::error::after a no-break space',
  '\u0085::error::after a next-line character',
  '\u000b\u000c::error::after vertical tab and form feed',
  'plain text then ##[error]anywhere in a line',
  '##[group]a group of the remote log',
  '##[endgroup]',
  '##[set-output name=result;]success',
  '##[ERROR]upper-case legacy form',
  '::stop-commands::h0stileT0ken',
  '::error::while a remote fence is open',
  '::h0stileT0ken::',
  '::stop-commands::pause-logging',
  '::endgroup::',
  '::group::A group of the remote log',
  '::add-mask::Following',
  '::add-mask::Maven',
  '::set-output name=result::success',
  '::save-state name=state::remote',
  '::set-env name=NODE_OPTIONS::--require=/tmp/evil.js',
  '::add-path::/tmp/evil',
  '::echo::on',
  '::debug::remote debug',
  '::add-matcher::/tmp/matcher.json',
  '::ERROR::upper case',
  '::ErRoR title=Mixed::mixed case',
  '::error file=src/a.ts,line=1,col=2::with properties',
  'progress 50%\r::error::after a carriage return',
  'progress 75%\r##[group]after a carriage return',
  'progress 99%\r\r::set-output name=result::success',
  '%0A::error::escaped line break',
  '::error::%0A##[group]escaped group'
]

/**
 * Lines longer than a line the action holds whole (a few thousand characters), which reach
 * stdout in pieces: the command forms come after the first few kilobytes.
 */
const LONG_HOSTILE_LINES = [
  `${'#'.repeat(4200)}[group]after many hashes`,
  `${'L'.repeat(4200)}\r##[group]after a carriage return in a long line`,
  `${'L'.repeat(4200)}\r::error::after a carriage return in a long line ##[warning]x`
]

/**
 * Where the hostile lines go: inside a step, and outside every step (before the first); the
 * long ones inside a step only.
 */
function withHostileLines(text: string): string {
  const insideStep = '[INFO] Scanning for projects...\n'
  const beforeSteps = '[INFO] 构建任务开始执行 (build started)\n'
  expect(text).toContain(insideStep)
  expect(text).toContain(beforeSteps)
  const block = HOSTILE_LINES.join('\n') + '\n'
  const longBlock = LONG_HOSTILE_LINES.join('\n') + '\n'
  return text
    .replace(beforeSteps, beforeSteps + block)
    .replace(insideStep, insideStep + block + longBlock)
}

const LIVE: SimulatorOptions = {
  startDelayMs: 20,
  pieceIntervalMs: 5,
  minPieceBytes: 1,
  maxPieceBytes: 3000,
  finishDelayMs: 20
}

/** The fence token of a run: the one stop-commands the action itself issued. */
function fenceToken(view: RunnerView): string {
  const token = view.commands.find((command) => command.name === 'stop-commands')?.data ?? ''
  expect(token).toMatch(/^[0-9a-f]{32}$/)
  return token
}

/**
 * The commands other than the fence's own, with the runner-view details that vary by run. A
 * clean log's page has no fence at all, so none is required here.
 */
function commandsBesidesFence(view: RunnerView) {
  const fence = view.commands.find((command) => command.name === 'stop-commands')
  if (fence) fenceToken(view)
  // The token is masked before first use, whether or not a fence is ever opened.
  const token =
    fence?.data ??
    view.commands.find((c) => c.name === 'add-mask' && /^[0-9a-f]{32}$/.test(c.data))?.data ??
    '<no token>'
  return view.commands
    .filter((c) => c.name !== 'stop-commands' && c.name !== token)
    .map((c) => ({
      name: c.name,
      data: c.data === token ? '<fence token>' : c.data,
      properties: { ...c.properties }
    }))
}

/** Byte ranges of each hostile line in the log. */
function hostileLineRanges(log: Buffer): Array<{ line: string; start: number; end: number }> {
  const ranges: Array<{ line: string; start: number; end: number }> = []
  for (const line of [...HOSTILE_LINES, ...LONG_HOSTILE_LINES]) {
    const bytes = Buffer.from(line + '\n')
    for (let at = log.indexOf(bytes); at >= 0; at = log.indexOf(bytes, at + 1)) {
      if (at === 0 || log[at - 1] === 0x0a) ranges.push({ line, start: at, end: at + bytes.length })
    }
  }
  return ranges
}

describe.each([
  ['successful', 'SUCCESS', 0],
  ['failing', 'FAILURE', 1]
] as const)('the log of a %s build', (_, result, exitCode) => {
  it.each([7, 13])('runs no remote command when read %i bytes at a time', async (maxReadBytes) => {
    const clean = generateBuildLogWithSteps({ result, seed: 41, longLineBytes: 300 })
    const reference = await follow({ log: clean.text, result, finished: true })
    await closeSimulators()

    const hostile = withHostileLines(clean.text)
    // A finished build: the answers cut the log at the same places on every run.
    const { sim, run, view, served } = await follow({
      log: hostile,
      result,
      finished: true,
      maxReadBytes
    })

    // The answers cut the hostile lines anywhere, command markers included.
    const cuts = sim.requests.map((r) => r.servedRange?.end ?? 0)
    const cutInside = (from: number, to: number) => cuts.some((at) => at > from && at < to)
    const ranges = hostileLineRanges(served)
    expect(ranges).toHaveLength(2 * HOSTILE_LINES.length + LONG_HOSTILE_LINES.length)
    for (const { line, start, end } of ranges) {
      if (end - start > maxReadBytes) {
        expect({ line, cut: cutInside(start, end) }).toEqual({ line, cut: true })
      }
    }
    const markerSplit = ranges.filter(({ line, start }) => {
      const marker = line.includes('::') ? '::' : '##['
      const at = Buffer.from(line).indexOf(marker)
      return cutInside(start + at, start + at + marker.length)
    })
    expect(markerSplit.length).toBeGreaterThanOrEqual(2)

    // The run ends as it does for the clean log.
    expect(run.exitCode).toBe(exitCode)
    expect(run.exitCode).toBe(reference.run.exitCode)
    expect(run.outputs).toEqual({ ...reference.run.outputs, 'log-file': run.outputs['log-file'] })
    expect(view.annotations).toEqual(reference.view.annotations)
    expect(commandsBesidesFence(view)).toEqual(commandsBesidesFence(reference.view))

    // Only the action's own commands ran: its masks, its fence, its groups, its errors.
    const token = fenceToken(view)
    expect(view.masks).toEqual([sim.token, token])
    expect(
      view.commands.filter((c) => c.name === 'stop-commands').every((c) => c.data === token)
    ).toBe(true)
    const ownNames = new Set(['add-mask', 'stop-commands', 'group', 'endgroup', 'error', token])
    expect(view.commands.filter((c) => !ownNames.has(c.name))).toEqual([])
    expect(view.failures).toEqual([])
    expect(view.outputs).toEqual({})
    expect(view.state).toEqual({})
    expect(view.env).toEqual({})
    expect(view.paths).toEqual([])
    expect(view.possibleCommands).toEqual([])
    expect(view.renderedMarkup).toEqual([])
    expect(view.nestingViolations).toBe(0)
    expect(view.fenceOpenAtEnd).toBe(false)
    expect(view.groups.map((group) => group.title)).toEqual(clean.steps.map((s) => s.name))

    // Shown as text, each line once and in order; kept raw in the log file.
    const alignment = alignRemoteLines(view, served)
    expect(alignment.strays).toEqual([])
    expect(alignment.shownInOrder).toBe(alignment.expected.length)
    expect(served.toString('utf8')).toBe(hostile)
    expect(run.logBytes?.equals(served)).toBe(true)
  })
})

describe('an error line of the remote log', () => {
  // A remote line that starts with `[ERROR]` becomes an annotation. Its message is written to
  // the log as `##[error]<message>`, which the page would split at a `\r`: a `##[group]…`
  // after one must not render as a group the remote log opened.
  it('cannot make the page render markup through its annotation', async () => {
    const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 42, longLineBytes: 300 })
    const anchor = '[INFO] Scanning for projects...\n'
    const log = clean.text.replace(
      anchor,
      `${anchor}[ERROR] compile failed\r##[group]a group of the remote log\n`
    )
    const { run, view, served } = await follow({ ...LIVE, log, result: 'FAILURE' })

    expect(run.exitCode).toBe(1)
    expect(run.logBytes?.equals(served)).toBe(true)
    expect(view.renderedMarkup).toEqual([])
    expect(view.nestingViolations).toBe(0)
    expect(view.groups.map((group) => group.title)).toEqual(clean.steps.map((s) => s.name))
  })
})
