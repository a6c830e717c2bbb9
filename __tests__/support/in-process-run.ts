import { EventEmitter } from 'node:events'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { run } from '../../src/main.js'
import { runPost } from '../../src/post.js'
import type { Clock } from '../../src/follow/clock.js'
import type { ActionCore } from '../../src/runner/action-core.js'

/** What one in-process run showed the runner: its stdout, commands, outputs and summary. */
export interface InProcessRun {
  readonly stdout: string
  readonly outputs: Record<string, string>
  /** Messages that failed the step, in order. */
  readonly failures: string[]
  readonly warnings: string[]
  readonly debug: string[]
  readonly secrets: string[]
  /** What the run saved for its post phase, as the runner keeps it (the last value of a name). */
  readonly states: Record<string, string>
  readonly summary: string
  /** Exit codes asked for after a cancel's grace period. */
  readonly exits: number[]
  readonly logFile: Buffer | undefined
}

/** Options of one in-process run: extra environment, and a place to send cancel signals. */
export interface InProcessOptions {
  readonly env?: Record<string, string>
  /** Receives SIGINT and SIGTERM instead of the test process. */
  readonly signals?: EventEmitter
  /** Whether the runner provides a job summary file (it does by default). */
  readonly summary?: boolean
  /** Runner commands that behave differently, e.g. one that throws to stand for a defect. */
  readonly core?: Partial<ActionCore>
  /** The run's clock (the wall clock by default). */
  readonly clock?: Clock
  /**
   * Also writes each runner command to stdout as `@actions/core` does (`::warning::…`,
   * `::add-mask::…`), where the bundle would: stdout then reads as the runner reads it.
   */
  readonly commandsOnStdout?: boolean
}

/** A command's text as `@actions/core` escapes it (its `escapeData`). */
function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** A recording ActionCore: what the runner would have read from `@actions/core`'s commands. */
function recordingCore(
  command: (name: string, text: string) => void = () => undefined
): ActionCore & {
  readonly seen: Omit<InProcessRun, 'stdout' | 'exits' | 'logFile'>
} {
  const seen = {
    outputs: {} as Record<string, string>,
    failures: [] as string[],
    warnings: [] as string[],
    debug: [] as string[],
    secrets: [] as string[],
    states: {} as Record<string, string>,
    summary: ''
  }
  return {
    seen,
    setSecret: (value) => {
      seen.secrets.push(value)
      command('add-mask', value)
    },
    setOutput: (name, value) => void (seen.outputs[name] = value),
    setFailed: (message) => {
      seen.failures.push(message)
      command('error', message)
    },
    warning: (message) => {
      seen.warnings.push(message)
      command('warning', message)
    },
    debug: (message) => {
      seen.debug.push(message)
      command('debug', message)
    },
    saveState: (name, value) => void (seen.states[name] = value),
    writeSummary: async (markdown) => {
      seen.summary += markdown
    }
  }
}

/** Runs `run()` in this process with the given inputs, against whatever they point at. */
export async function runInProcess(
  inputs: Record<string, string>,
  options: InProcessOptions = {}
): Promise<InProcessRun> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-in-process-'))
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  const core = recordingCore(
    options.commandsOnStdout
      ? (name, text) => void stdout.write(`::${name}::${escapeCommandData(text)}\n`)
      : undefined
  )
  const exits: number[] = []
  const env = {
    RUNNER_TEMP: directory,
    GITHUB_WORKSPACE: directory,
    ...(options.summary === false ? {} : { GITHUB_STEP_SUMMARY: path.join(directory, 'summary') }),
    ...options.env
  }
  try {
    await run({
      stdout,
      env,
      readInput: (name) => inputs[name] ?? '',
      core: { ...core, ...options.core },
      cancellation: {
        platform: 'linux',
        signals: options.signals ?? new EventEmitter(),
        exit: (code) => void exits.push(Number(code))
      },
      clock: options.clock
    })
    const logPath = core.seen.outputs['log-file']
    return {
      ...core.seen,
      stdout: Buffer.concat(chunks).toString('utf8'),
      exits,
      logFile: logPath && fs.existsSync(logPath) ? fs.readFileSync(logPath) : undefined
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
}

/** What one in-process post phase showed: its stdout and the commands it gave. */
export type InProcessPost = Pick<
  InProcessRun,
  'stdout' | 'warnings' | 'failures' | 'secrets' | 'states'
>

/**
 * Runs the post phase in this process with the given inputs and the main phase's saved state,
 * given as the runner gives it (`STATE_<name>` variables).
 */
export async function runPostInProcess(
  inputs: Record<string, string>,
  states: Record<string, string>
): Promise<InProcessPost> {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  const core = recordingCore()
  const env = Object.fromEntries(
    Object.entries(states).map(([name, value]) => [`STATE_${name}`, value])
  )
  await runPost({ stdout, env, readInput: (name) => inputs[name] ?? '', core })
  const { warnings, failures, secrets, states: saved } = core.seen
  return {
    stdout: Buffer.concat(chunks).toString('utf8'),
    warnings,
    failures,
    secrets,
    states: saved
  }
}
