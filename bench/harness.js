// @ts-check
/**
 * Runs one follower (the committed bundle, or the raw baseline) as a child process against a
 * simulator, the way the runner runs an action: inputs as INPUT_<NAME> variables, stdout
 * piped to this process and drained. Measures the child's wall time, its exact peak RSS and
 * when it exited, and checks its log file against the log the simulator served.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const MiB = 1024 * 1024

const here = path.dirname(fileURLToPath(import.meta.url))
export const REPO_ROOT = path.resolve(here, '..')
export const BUNDLE = path.join(REPO_ROOT, 'dist', 'index.js')
export const RAW_FOLLOWER = path.join(here, 'raw-follower.js')
const RSS_REPORTER = pathToFileURL(path.join(here, 'report-rss.mjs')).href

/** @typedef {'action' | 'raw'} FollowerKind */

/**
 * @typedef {object} SimulatorLike the parts of a started simulator a run needs
 * @property {string} url
 * @property {string} jobId
 * @property {string} token
 * @property {(buildNo: number) => Buffer} servedLog
 */

/**
 * @typedef {object} FollowerRun
 * @property {FollowerKind} kind
 * @property {number} exitCode -1 when killed by a signal
 * @property {number} wallMs from spawn until the process ended and its stdout was drained
 * @property {number} exitAtEpochMs when the process ended (Date.now() of the 'exit' event)
 * @property {number} peakRssBytes the kernel's high-water mark for the child; NaN if unknown
 * @property {number} stdoutBytes
 * @property {string} stderr the first 64 KiB
 * @property {number} logBytes size of the log file written
 * @property {boolean} logMatches the log file equals the served log byte for byte
 */

/**
 * @typedef {object} RunOptions
 * @property {number} [buildNo] default 1
 * @property {string} [pollInterval] seconds, as the input takes it; default '2'
 * @property {(chunk: Buffer, atEpochMs: number) => void} [onStdout] sees every piece of
 *   stdout as it arrives; the same for both kinds, so both pay the same
 * @property {number} [timeoutMs] the child is killed after this; default 10 minutes
 */

/**
 * Runs one follower to its end.
 *
 * @param {FollowerKind} kind
 * @param {SimulatorLike} sim
 * @param {RunOptions} [options]
 * @returns {Promise<FollowerRun>}
 */
export async function runFollower(kind, sim, options = {}) {
  const buildNo = options.buildNo ?? 1
  const pollInterval = options.pollInterval ?? '2'
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`))
  const logFile = path.join(directory, 'build.log')
  const rssFile = path.join(directory, 'rss')
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: `--import ${RSS_REPORTER}`,
    BENCH_RSS_FILE: rssFile
  }
  /** @type {string[]} */
  let args
  if (kind === 'action') {
    const outputFile = path.join(directory, 'output')
    const summaryFile = path.join(directory, 'summary')
    fs.writeFileSync(outputFile, '')
    fs.writeFileSync(summaryFile, '')
    Object.assign(env, {
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: directory,
      GITHUB_WORKSPACE: directory,
      'INPUT_JOB-ID': sim.jobId,
      'INPUT_BUILD-NO': String(buildNo),
      INPUT_TOKEN: sim.token,
      INPUT_ENDPOINT: sim.url,
      'INPUT_POLL-INTERVAL': pollInterval,
      'INPUT_LOG-FILE': logFile
    })
    args = [BUNDLE]
  } else {
    args = [
      RAW_FOLLOWER,
      ...['--endpoint', sim.url, '--job-id', sim.jobId, '--build-no', String(buildNo)],
      ...['--token', sim.token, '--poll-interval', pollInterval, '--log-file', logFile]
    ]
  }

  const startedAt = performance.now()
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdoutBytes = 0
  let stderr = ''
  const onStdout = options.onStdout
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
    stdoutBytes += chunk.length
    if (onStdout) onStdout(chunk, Date.now())
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (/** @type {string} */ text) => {
    if (stderr.length < 65536) stderr += text
  })
  let exitAtEpochMs = NaN
  child.once('exit', () => (exitAtEpochMs = Date.now()))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000)
  /** @type {number} */
  const exitCode = await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code ?? -1))
  })
  const wallMs = performance.now() - startedAt
  clearTimeout(killer)

  const peakRssBytes = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN
  let logBytes = 0
  let logMatches = false
  if (fs.existsSync(logFile)) {
    const written = fs.readFileSync(logFile)
    logBytes = written.length
    logMatches = written.equals(sim.servedLog(buildNo))
  }
  fs.rmSync(directory, { recursive: true, force: true })
  return {
    kind,
    exitCode,
    wallMs,
    exitAtEpochMs,
    peakRssBytes,
    stdoutBytes,
    stderr,
    logBytes,
    logMatches
  }
}

/** @param {readonly number[]} values */
export function median(values) {
  return percentile(values, 50)
}

/**
 * Linear interpolation between the closest ranks.
 *
 * @param {readonly number[]} values
 * @param {number} p 0 to 100
 */
export function percentile(values, p) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low)
}

/** What the figures were measured on. */
export function machineDescription() {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`
  }
}
