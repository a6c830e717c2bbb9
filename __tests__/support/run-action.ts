import { ChildProcess, spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BUNDLE = path.join(REPO_ROOT, 'dist', 'index.js')

/** What the runner would see of one run of the committed bundle. */
export interface ActionRun {
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** Outputs as the runner reads them from GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>
  /** What the run saved for its post phase (GITHUB_STATE), read before its files are removed. */
  readonly stateFile: string
  readonly summary: string
  /** The log file named by the `log-file` output, read before the run's files are removed. */
  readonly logBytes: Buffer | undefined
  readonly durationMs: number
}

export interface StartedAction {
  readonly child: ChildProcess
  /** Resolves when the process has ended. */
  readonly finished: Promise<ActionRun>
  /** The outputs file as it is now, read while the action still runs. */
  readOutputs(): Record<string, string>
  /** The GITHUB_STATE file as it is now, read while the action still runs. */
  readStateFile(): string
  /** Resolves once stdout contains `text`; rejects as soon as the action ends without it. */
  waitForStdout(text: string | RegExp, timeoutMs?: number): Promise<void>
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` … `delimiter`, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      outputs[name] = value.join('\n')
      continue
    }
    const simple = /^([^=]+)=(.*)$/.exec(lines[i])
    if (simple) outputs[simple[1]] = simple[2]
  }
  return outputs
}

/**
 * Starts `node dist/index.js` as the runner would: inputs as INPUT_<NAME> variables (upper
 * case, hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE as fresh files
 * (the runner makes all three for every phase of every step).
 */
export function startAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): StartedAction {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-action-'))
  const outputFile = path.join(directory, 'output')
  const summaryFile = path.join(directory, 'summary')
  const stateFile = path.join(directory, 'state')
  fs.writeFileSync(outputFile, '')
  fs.writeFileSync(summaryFile, '')
  fs.writeFileSync(stateFile, '')
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    // The test's own environment must not leak inputs or runner files into the action.
    if (
      value !== undefined &&
      !key.startsWith('INPUT_') &&
      !key.startsWith('GITHUB_') &&
      !key.startsWith('RUNNER_')
    ) {
      env[key] = value
    }
  }
  env.NODE_OPTIONS = ''
  env.GITHUB_OUTPUT = outputFile
  env.GITHUB_STEP_SUMMARY = summaryFile
  env.GITHUB_STATE = stateFile
  env.RUNNER_TEMP = directory
  env.GITHUB_WORKSPACE = directory
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  Object.assign(env, extraEnv)

  const startedAt = Date.now()
  const child = spawn(process.execPath, [BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const stdoutWaiters: Array<() => void> = []
  let ended = false
  child.stdout?.setEncoding('utf8')
  child.stderr?.setEncoding('utf8')
  child.stdout?.on('data', (text: string) => {
    stdout += text
    for (const wake of stdoutWaiters.splice(0)) wake()
  })
  child.stderr?.on('data', (text: string) => (stderr += text))
  const finished = new Promise<ActionRun>((resolve) => {
    child.on('close', (exitCode, signal) => {
      ended = true
      for (const wake of stdoutWaiters.splice(0)) wake()
      const outputs = parseOutputFile(fs.readFileSync(outputFile, 'utf8'))
      const logFile = outputs['log-file']
      resolve({
        exitCode,
        signal,
        stdout,
        stderr,
        outputs,
        stateFile: fs.readFileSync(stateFile, 'utf8'),
        summary: fs.readFileSync(summaryFile, 'utf8'),
        logBytes: logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile) : undefined,
        durationMs: Date.now() - startedAt
      })
      fs.rmSync(directory, { recursive: true, force: true })
    })
  })
  return {
    child,
    finished,
    readOutputs: () => parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
    readStateFile: () => fs.readFileSync(stateFile, 'utf8'),
    waitForStdout: (text, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`stdout never showed ${String(text)}`)),
          timeoutMs
        )
        const check = (): void => {
          const found = typeof text === 'string' ? stdout.includes(text) : text.test(stdout)
          if (found) {
            clearTimeout(deadline)
            resolve()
          } else if (ended) {
            clearTimeout(deadline)
            reject(new Error(`stdout never showed ${String(text)}: the action ended`))
          } else {
            stdoutWaiters.push(check)
          }
        }
        check()
      })
  }
}

/** Runs the bundle to its end. */
export function runAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<ActionRun> {
  return startAction(inputs, extraEnv).finished
}
