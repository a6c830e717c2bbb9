// @ts-check
/**
 * Runs one follower (the committed bundle, the raw baseline or the plain poller) as a child
 * process against a server, the way the runner runs an action: inputs as INPUT_<NAME>
 * variables, no NODE_OPTIONS and no Node or V8 flag, stdout piped to this process and drained.
 * Measures the child's wall time, its CPU time (user + system), its exact peak RSS, when it
 * started and exited, and checks its log file against the log the server served.
 *
 * The child runs under GNU time (`/usr/bin/time`), which reports the child's own rusage when
 * it ends: CPU time, and `ru_maxrss`, the kernel's high-water mark of its resident set (the
 * same figure as VmHWM). A tiny C program in between keeps the figure exact: a child forked
 * straight from this process, which holds whole logs, would inherit its parent's resident set
 * as the starting "peak". Without GNU time, /proc/<pid> of the child is sampled every few
 * milliseconds instead (VmHWM and utime + stime, missing at most the last sample's worth).
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

export const MiB = 1024 * 1024

const here = path.dirname(fileURLToPath(import.meta.url))
export const REPO_ROOT = path.resolve(here, '..')
export const BUNDLE = path.join(REPO_ROOT, 'dist', 'index.js')
export const RAW_FOLLOWER = path.join(here, 'raw-follower.js')
export const PLAIN_POLLER = path.join(here, 'plain-poller.js')
export const GNU_TIME = '/usr/bin/time'
const GNU_TIME_FORMAT = '%e %U %S %M'
/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100
const PROC_SAMPLE_MS = 5

/** How child processes are measured on this machine. */
export const MEASURED_BY = fs.existsSync(GNU_TIME) ? 'GNU time (rusage)' : '/proc sampling'

/** @typedef {'action' | 'raw' | 'poller'} FollowerKind */

/**
 * @typedef {object} SimulatorLike the parts of a started server a run needs
 * @property {string} url
 * @property {string} jobId
 * @property {string} token
 * @property {(buildNo: number) => Buffer} servedLog
 */

/**
 * @typedef {object} FollowerRun
 * @property {FollowerKind} kind
 * @property {number} exitCode -1 when killed by a signal
 * @property {boolean} stopped the bench ended it (`stopAfterMs`)
 * @property {number} wallMs from spawn until the process ended and its stdout was drained
 * @property {number} spawnEpochMs when it was spawned (sub-millisecond epoch time)
 * @property {number} exitAtEpochMs when the process ended (Date.now() of the 'exit' event)
 * @property {number} cpuMs user + system CPU time of the follower's process; NaN if unknown
 * @property {number} peakRssBytes the kernel's high-water mark for the child; NaN if unknown
 * @property {Array<{ atEpochMs: number, rssBytes: number }>} rssSamples VmRSS every
 *   `rssSampleMs`, when asked
 * @property {string[]} commandLine the follower process's argv as the kernel saw it (empty if
 *   it ended before it could be read)
 * @property {string[]} nodeEnvironment its NODE_* environment variables, `NAME=value`
 * @property {number} stdoutBytes
 * @property {string} stderr the first 64 KiB
 * @property {number} logBytes size of the log file written
 * @property {boolean} logMatches the log file equals the served log byte for byte
 * @property {number} logFirstDifference where the log file first differs from the served
 *   log (its length when it is a short prefix); -1 when they match
 */

/**
 * @typedef {object} RunOptions
 * @property {number} [buildNo] default 1
 * @property {string} [pollInterval] seconds, as the input takes it; default '2'
 * @property {(chunk: Buffer, atEpochMs: number) => void} [onStdout] sees every piece of
 *   stdout as it arrives; the same for all kinds, so all pay the same
 * @property {number} [timeoutMs] the child is killed after this; default 10 minutes
 * @property {number} [stopAfterMs] the follower is ended (SIGKILL) this long after its spawn;
 *   for followers of a build that does not end
 * @property {number} [rssSampleMs] sample the follower's VmRSS this often
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const epochNow = () => performance.timeOrigin + performance.now()

/** @param {number} pid @returns {string[]} */
function readCommandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  } catch {
    return []
  }
}

/** @param {number} pid @returns {string[]} */
function readNodeEnvironment(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter((entry) => entry.startsWith('NODE_'))
  } catch {
    return []
  }
}

/**
 * @param {number} pid
 * @param {string} field e.g. VmRSS, VmHWM
 * @returns {number} bytes, NaN once the process is gone
 */
export function procStatusBytes(pid, field) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(status)
    return match ? Number(match[1]) * 1024 : NaN
  } catch {
    return NaN
  }
}

/** @param {number} pid @returns {number} user + system CPU ms, NaN once the process is gone */
function procCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 14 and 15 of stat(5), counted from the state field (3).
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return NaN
  }
}

/**
 * The follower's own process: the child itself, or the one GNU time started once it has
 * replaced itself with Node.
 *
 * @param {number} childPid
 * @param {() => boolean} ended
 * @returns {Promise<number | null>}
 */
async function followerPid(childPid, ended) {
  if (MEASURED_BY !== 'GNU time (rusage)') return childPid
  while (!ended()) {
    try {
      const children = fs
        .readFileSync(`/proc/${childPid}/task/${childPid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
      const pid = Number(children[0])
      if (children.length > 0 && readCommandLine(pid)[0] === process.execPath) return pid
    } catch {
      return null
    }
    await sleep(1)
  }
  return null
}

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
  const timeFile = path.join(directory, 'time')
  /** No NODE_OPTIONS, no other NODE_* variable: the follower runs as the runner runs it. */
  /** @type {NodeJS.ProcessEnv} */
  const env = { PATH: process.env.PATH, HOME: process.env.HOME }
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
      kind === 'raw' ? RAW_FOLLOWER : PLAIN_POLLER,
      ...['--endpoint', sim.url, '--job-id', sim.jobId, '--build-no', String(buildNo)],
      ...['--token', sim.token, '--poll-interval', pollInterval, '--log-file', logFile]
    ]
  }
  const [command, commandArgs] =
    MEASURED_BY === 'GNU time (rusage)'
      ? [GNU_TIME, ['-f', GNU_TIME_FORMAT, '-o', timeFile, process.execPath, ...args]]
      : [process.execPath, args]

  const startedAt = performance.now()
  const spawnEpochMs = epochNow()
  const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] })
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
  let exited = false
  child.once('exit', () => {
    exitAtEpochMs = Date.now()
    exited = true
  })
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000)
  const closed = /** @type {Promise<number>} */ (
    new Promise((resolve, reject) => {
      child.once('error', reject)
      child.once('close', (code) => resolve(code ?? -1))
    })
  )

  const pid = child.pid === undefined ? null : await followerPid(child.pid, () => exited)
  const commandLine = pid === null ? [] : readCommandLine(pid)
  const nodeEnvironment = pid === null ? [] : readNodeEnvironment(pid)
  /** @type {Array<{ atEpochMs: number, rssBytes: number }>} */
  const rssSamples = []
  let sampledPeak = NaN
  let sampledCpuMs = NaN
  let stopped = false
  /** @type {NodeJS.Timeout[]} */
  const timers = []
  if (pid !== null) {
    if (options.rssSampleMs) {
      timers.push(
        setInterval(() => {
          const rssBytes = procStatusBytes(pid, 'VmRSS')
          if (!Number.isNaN(rssBytes)) rssSamples.push({ atEpochMs: Date.now(), rssBytes })
        }, options.rssSampleMs)
      )
    }
    if (MEASURED_BY !== 'GNU time (rusage)') {
      timers.push(
        setInterval(() => {
          const peak = procStatusBytes(pid, 'VmHWM')
          const cpu = procCpuMs(pid)
          if (!Number.isNaN(peak))
            sampledPeak = Number.isNaN(sampledPeak) ? peak : Math.max(sampledPeak, peak)
          if (!Number.isNaN(cpu)) sampledCpuMs = cpu
        }, PROC_SAMPLE_MS)
      )
    }
    if (options.stopAfterMs !== undefined) {
      const wait = Math.max(0, options.stopAfterMs - (performance.now() - startedAt))
      timers.push(
        setTimeout(() => {
          stopped = true
          try {
            process.kill(pid, 'SIGKILL')
          } catch {
            // Already gone.
          }
        }, wait)
      )
    }
  }
  const exitCode = await closed
  const wallMs = performance.now() - startedAt
  clearTimeout(killer)
  for (const timer of timers) clearTimeout(timer)

  let peakRssBytes = sampledPeak
  let cpuMs = sampledCpuMs
  let codeOfFollower = exitCode
  if (MEASURED_BY === 'GNU time (rusage)' && fs.existsSync(timeFile)) {
    // "Command exited with non-zero status N" or "Command terminated by signal N" may come
    // first; the figures are the last line.
    const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n')
    const [, user, system, maxRssKiB] = lines[lines.length - 1].split(' ').map(Number)
    cpuMs = (user + system) * 1000
    peakRssBytes = maxRssKiB * 1024
    if (lines.some((line) => line.startsWith('Command terminated by signal'))) codeOfFollower = -1
  }
  let logBytes = 0
  let logMatches = false
  let logFirstDifference = 0
  if (fs.existsSync(logFile)) {
    const written = fs.readFileSync(logFile)
    const served = sim.servedLog(buildNo)
    logBytes = written.length
    logMatches = written.equals(served)
    if (logMatches) logFirstDifference = -1
    else {
      const common = Math.min(written.length, served.length)
      while (
        logFirstDifference < common &&
        written[logFirstDifference] === served[logFirstDifference]
      )
        logFirstDifference++
    }
  }
  fs.rmSync(directory, { recursive: true, force: true })
  return {
    kind,
    exitCode: codeOfFollower,
    stopped,
    wallMs,
    spawnEpochMs,
    exitAtEpochMs,
    cpuMs,
    peakRssBytes,
    rssSamples,
    commandLine,
    nodeEnvironment,
    stdoutBytes,
    stderr,
    logBytes,
    logMatches,
    logFirstDifference
  }
}

/**
 * Whether a follower ran as the runner runs an action: `node <script>` with no Node or V8
 * flag on the command line and no NODE_OPTIONS (nor any NODE_* variable) in its environment.
 *
 * @param {FollowerRun} run
 * @returns {string | null} what was wrong, or null when it ran clean
 */
export function flagsProblem(run) {
  if (run.commandLine.length === 0) return 'its command line could not be read'
  const [, script] = run.commandLine
  if (script === undefined || script.startsWith('-'))
    return `it ran as '${run.commandLine.join(' ')}'`
  if (run.nodeEnvironment.length > 0)
    return `its environment held ${run.nodeEnvironment.join(', ')}`
  return null
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
