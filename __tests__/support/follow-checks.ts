/**
 * Checks shared by the suites that run the bundle against the simulator: how the remote log
 * shows on the runner's page, and what the requests the simulator saw say about the cursor.
 */
import { expect } from '@jest/globals'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import type { ActionRun } from './run-action.js'
import { logLines } from './runner-lines.js'

import type { Simulator } from './simulated-run.js'

export type RequestRecord = Simulator['requests'][number]
export type RunnerView = ReturnType<typeof parseRunnerOutput>

/** The runner echoes the fence's own commands, with the token masked. */
const FENCE_ECHO = /^::(stop-commands::)?\*\*\*(::)?$/

/** Where the action repeats a failed step's last lines after the log has ended. */
const FAILURE_EXCERPT = /^Last \d+ lines of step /

/** The action shows `##[` of remote text with an invisible break so the page cannot render it. */
function undoNeutralization(text: string): string {
  return text.replace(/##\u200b\[/g, '##[')
}

/**
 * The text lines the page shows that the runner did not write itself, up to the failure
 * excerpt: the remote log's lines, with the action's own status lines among them.
 */
export function shownTextLines(view: RunnerView): string[] {
  const shown: string[] = []
  for (const line of view.lines) {
    if (line.fromRunner || FENCE_ECHO.test(line.text)) continue
    if (FAILURE_EXCERPT.test(line.text)) break
    shown.push(undoNeutralization(line.text))
  }
  return shown
}

export interface Alignment {
  /** The remote log's lines, as the runner splits them. */
  readonly expected: string[]
  /** How many of them were shown, in order (a prefix of `expected`). */
  readonly shownInOrder: number
  /** Shown lines that are lines of the remote log but out of place: repeats or reordering. */
  readonly strays: string[]
}

/**
 * Walks the page's text lines against the remote log's lines. Lines of the action's own
 * (status, retries) may sit between them; a remote line shown twice, early or not at all
 * shows up as a stray or as a short `shownInOrder`.
 */
export function alignRemoteLines(view: RunnerView, log: Buffer | string): Alignment {
  const expected = logLines(log)
  const remote = new Set(expected)
  const strays: string[] = []
  let next = 0
  for (const line of shownTextLines(view)) {
    if (next < expected.length && line === expected[next]) next++
    else if (remote.has(line)) strays.push(line)
  }
  return { expected, shownInOrder: next, strays }
}

/** Log reads the server answered in full with a cursor range. */
export function isSuccessfulRead(request: RequestRecord): boolean {
  return (
    request.route === 'log' &&
    request.fault === undefined &&
    request.status === 200 &&
    request.servedRange !== undefined
  )
}

/**
 * Every log read must ask for the end of the previous successful answer (0 at first): a
 * failed read never moves the cursor. Returns one description per read that broke the rule.
 */
export function cursorViolations(requests: readonly RequestRecord[]): string[] {
  const violations: string[] = []
  let expected = 0
  let previous = 0
  requests.forEach((request, index) => {
    if (request.route !== 'log') return
    const offset = Number(request.query.offset)
    if (offset !== expected || offset < previous) {
      violations.push(`request ${index} asked offset ${request.query.offset}, expected ${expected}`)
    }
    previous = offset
    if (isSuccessfulRead(request) && request.servedRange) expected = request.servedRange.end
  })
  return violations
}

/** The cursor after each successful read, 0 first: the only lengths the log file may have. */
export function successfulReadEnds(requests: readonly RequestRecord[]): number[] {
  return [0, ...requests.filter(isSuccessfulRead).map((r) => r.servedRange?.end ?? -1)]
}

/** The `error` annotations, in order. */
export function errorAnnotations(view: RunnerView): RunnerView['annotations'] {
  return view.annotations.filter((annotation) => annotation.level === 'error')
}

/** Raw stdout lines that are an error command. */
export function rawErrorCommands(stdout: string): string[] {
  return stdout.split(/\r?\n/).filter((line) => /^::error( [^:]*)?::/.test(line))
}

/** How often `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  if (!needle) return 0
  let count = 0
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) count++
  return count
}

/** The checks every fast failure shares: quick, one error naming `words`, no result, a log file. */
export function expectFastFailure(run: ActionRun, view: RunnerView, words: RegExp[]): string {
  expect(run.exitCode).toBe(1)
  expect(run.durationMs).toBeLessThan(20_000)
  const errors = errorAnnotations(view)
  expect(errors).toHaveLength(1)
  for (const word of words) expect(errors[0].message).toMatch(word)
  expect(run.outputs.result ?? '').toBe('')
  expect(run.logBytes).toBeDefined()
  return errors[0].message
}

/** A successful follow whose log file holds exactly the served `log`. */
export function expectExactFollow(
  { run, served }: { readonly run: ActionRun; readonly served: Buffer },
  log: string
): void {
  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('success')
  expect(run.logBytes?.equals(served)).toBe(true)
  expect(served.length).toBe(Buffer.byteLength(log))
}
