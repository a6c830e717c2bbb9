// @ts-check
/**
 * The CI performance guard: the committed bundle against the simulator, as the runner runs it
 * (`node dist/index.js`, no NODE_OPTIONS, no V8 flag), on checks that do not depend on how
 * busy the machine is:
 *
 * - peak RSS (the kernel's high-water mark) at most 25 MiB above a plain poller's idle resident
 *   set (bench/plain-poller.js following the silent build below, measured in the same run on
 *   the same Node), on a 48 MiB log and on a log of one 20 MiB line (which makes almost no
 *   garbage of its own). A fixed limit in MiB does not hold across Node versions: Node 24's
 *   own floor is higher than Node 20's, so the limit is what the action adds to that floor;
 * - flat memory: the median peak on the 48 MiB log at most 8 MiB above the median peak on a
 *   16 MiB log. The same log's peak varies by 1–3 MiB from run to run (when V8 collects is not
 *   fixed); a follower whose memory grows with the log adds a share of the extra 32 MiB, so
 *   8 MiB is well clear of the noise and still catches anything that keeps a quarter of
 *   what it reads;
 * - the read rate while a build is silent: one log read per poll (poll 0.5 s, counted over
 *   6 s: 12 reads, ±1 for where the window falls against the poll cycle);
 * - the action's log file equals the served log, and every run exits 0.
 *
 * No wall-time target: timing on a shared machine is noise; the full benchmark (bench/run.js)
 * measures time against baselines in the same run. Prints the figures; exits 1 on a miss.
 *
 *   node bench/guard.js [--runs 3]
 */
import * as fs from 'node:fs'
import { parseArgs } from 'node:util'
import { generateLargeLog, generateSingleLongLineLog } from '../simulator/bulk-logs.js'
import { startSimulator } from '../simulator/server.js'
import { BUNDLE, flagsProblem, MEASURED_BY, median, MiB, runFollower } from './harness.js'
import { planLiveBuild } from './live-log.js'

/** The most the action's peak may stand above the plain poller's idle resident set. */
const PEAK_OVER_IDLE_LIMIT_BYTES = 25 * MiB
const FLAT_GROWTH_LIMIT_BYTES = 8 * MiB
const SMALL_LOG_BYTES = 16 * MiB
const LARGE_LOG_BYTES = 48 * MiB
const LONG_LINE_BYTES = 20 * MiB
const SILENT_POLL_S = 0.5
const SILENT_WINDOW_MS = 6000
/** The window opens this long after the first log read: startup and the first reads are done. */
const SILENT_SETTLE_MS = 1000
const READ_TOLERANCE = 1
const ACTION_USER_AGENT = 'codearts-build-action'
/** Run-time V8 flags the bundle could set on itself. */
const RUN_TIME_FLAG_CALLS = /setFlagsFromString|--max-old-space-size|--max-semi-space-size/

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } })
const RUNS = Number(args.runs)
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`Invalid --runs: '${args.runs}'. Expected a whole number of at least 1.`)
  process.exit(2)
}
if (!fs.existsSync(BUNDLE)) {
  console.error('dist/index.js is missing: run `npm run package` first.')
  process.exit(2)
}

/** @type {Array<{ check: string, figure: string, pass: boolean }>} */
const results = []
/** @param {string} check @param {string} figure @param {boolean} pass */
const record = (check, figure, pass) => {
  results.push({ check, figure, pass })
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${check}: ${figure}`)
}
/** @param {number} bytes */
const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`

/** @type {string[]} */
const runProblems = []
/** @param {import('./harness.js').FollowerRun} run @param {string} what */
function checkRun(run, what) {
  if (run.exitCode !== 0)
    runProblems.push(`${what}: exit code ${run.exitCode}: ${run.stderr.slice(0, 500)}`)
  else if (!run.logMatches) runProblems.push(`${what}: the log file differs from the served log`)
  const flags = flagsProblem(run)
  if (flags && run.commandLine.length > 0) runProblems.push(`${what}: ${flags}`)
}

const startedAt = Date.now()
console.log(`Performance guard: ${BUNDLE} on Node ${process.version} (measured by ${MEASURED_BY})`)

const inBundle = RUN_TIME_FLAG_CALLS.exec(fs.readFileSync(BUNDLE, 'utf8'))
record(
  'No V8 flag set at run time',
  inBundle ? `the bundle holds '${inBundle[0]}'` : 'none in the bundle',
  inBundle === null
)

// Silent build: a few lines, then nothing until the build ends (with its `Finished:` line)
// after the counting window.
const plan = planLiveBuild({
  pollMs: SILENT_POLL_S * 1000,
  pieces: 2,
  spanMs: 200,
  firstAtMs: 0,
  seed: 7
})
const silent = await startSimulator({
  log: plan.log,
  schedule: plan.schedule,
  finishDelayMs: SILENT_SETTLE_MS + SILENT_WINDOW_MS + 1500,
  hasMoreData: 'while-running'
})
/** The plain poller's idle resident set: the floor the action's peak is held against. */
/** @type {number} */
let idleRssBytes
try {
  // The plain poller follows the same silent build beside the action, until the window ends.
  const [run, poller] = await Promise.all([
    runFollower('action', silent, { pollInterval: String(SILENT_POLL_S) }),
    runFollower('poller', silent, {
      pollInterval: String(SILENT_POLL_S),
      stopAfterMs: SILENT_SETTLE_MS + SILENT_WINDOW_MS,
      rssSampleMs: 100
    })
  ])
  checkRun(run, 'silent build')
  // Idle: the samples of the second half of its run, once startup and its first reads are done.
  const half = poller.spawnEpochMs + (SILENT_SETTLE_MS + SILENT_WINDOW_MS) / 2
  idleRssBytes = median(
    poller.rssSamples.filter((sample) => sample.atEpochMs >= half).map((s) => s.rssBytes)
  )
  record(
    `Plain poller's idle RSS, poll ${SILENT_POLL_S} s (median of its second half)`,
    `${mib(idleRssBytes)} (its peak ${mib(poller.peakRssBytes)})`,
    Number.isFinite(idleRssBytes)
  )
  const actionRequests = silent.requests.filter((request) =>
    String(request.headers['user-agent'] ?? '').startsWith(ACTION_USER_AGENT)
  )
  const reads = actionRequests.filter((request) => request.path.endsWith('/real-time-log'))
  const from = (reads[0]?.atEpochMs ?? NaN) + SILENT_SETTLE_MS
  const to = from + SILENT_WINDOW_MS
  const endEpochMs = silent.builds.get(1)?.endEpochMs ?? NaN
  const inWindow = (/** @type {{ atEpochMs: number }} */ request) =>
    request.atEpochMs >= from && request.atEpochMs < to
  const counted = reads.filter(inWindow).length
  const statusCalls = actionRequests.filter(
    (request) => request.path.endsWith('/build-info') && inWindow(request)
  ).length
  const expected = SILENT_WINDOW_MS / (SILENT_POLL_S * 1000)
  const windowHeld = to <= endEpochMs
  record(
    `Log reads while the build is silent, poll ${SILENT_POLL_S} s over ${SILENT_WINDOW_MS / 1000} s`,
    `${counted} reads (expected ${expected} ± ${READ_TOLERANCE}; status calls in the window: ${statusCalls})${windowHeld ? '' : '; the build ended inside the window'}`,
    windowHeld && Math.abs(counted - expected) <= READ_TOLERANCE
  )
} finally {
  await silent.close()
}

// Peak RSS: both sizes alternate, so whatever the machine does falls on both.
const small = await startSimulator({
  log: generateLargeLog({ targetBytes: SMALL_LOG_BYTES }),
  finished: true
})
const large = await startSimulator({
  log: generateLargeLog({ targetBytes: LARGE_LOG_BYTES }),
  finished: true
})
/** @type {{ small: number[], large: number[] }} */
const peaks = { small: [], large: [] }
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [size, sim] of /** @type {const} */ ([
      ['small', small],
      ['large', large]
    ])) {
      const run = await runFollower('action', sim)
      checkRun(run, `${size} log, run ${i + 1}`)
      peaks[size].push(run.peakRssBytes)
    }
  }
} finally {
  await Promise.all([small.close(), large.close()])
}
const longLine = await startSimulator({
  log: generateSingleLongLineLog({ lineBytes: LONG_LINE_BYTES }),
  finished: true
})
/** @type {number[]} */
const longLinePeaks = []
try {
  for (let i = 0; i < RUNS; i++) {
    const run = await runFollower('action', longLine)
    checkRun(run, `one long line, run ${i + 1}`)
    longLinePeaks.push(run.peakRssBytes)
  }
} finally {
  await longLine.close()
}
const peakLimit = idleRssBytes + PEAK_OVER_IDLE_LIMIT_BYTES
const limitText = `limit ${mib(peakLimit)} (plain poller's idle ${mib(idleRssBytes)} + ${mib(PEAK_OVER_IDLE_LIMIT_BYTES)})`
const largestPeak = Math.max(...peaks.large)
record(
  `Peak RSS, ${mib(LARGE_LOG_BYTES)} log (max of ${RUNS})`,
  `${mib(largestPeak)}, ${mib(largestPeak - idleRssBytes)} above idle (runs: ${peaks.large.map(mib).join(', ')}); ${limitText}`,
  largestPeak <= peakLimit
)
const largestLongLinePeak = Math.max(...longLinePeaks)
record(
  `Peak RSS, one ${mib(LONG_LINE_BYTES)} line (max of ${RUNS})`,
  `${mib(largestLongLinePeak)}, ${mib(largestLongLinePeak - idleRssBytes)} above idle (runs: ${longLinePeaks.map(mib).join(', ')}); ${limitText}`,
  largestLongLinePeak <= peakLimit
)
const growth = median(peaks.large) - median(peaks.small)
record(
  `Flat memory, ${mib(SMALL_LOG_BYTES)} → ${mib(LARGE_LOG_BYTES)} log (medians)`,
  `${mib(median(peaks.small))} → ${mib(median(peaks.large))}: ${growth >= 0 ? '+' : ''}${mib(growth)}; limit +${mib(FLAT_GROWTH_LIMIT_BYTES)}`,
  growth <= FLAT_GROWTH_LIMIT_BYTES
)

record(
  'Every run exited 0, wrote the served log byte for byte, ran with no flag',
  runProblems.length === 0 ? 'yes' : runProblems.slice(0, 5).join('; '),
  runProblems.length === 0
)
const failed = results.filter((result) => !result.pass).length
console.log(
  `Performance guard: ${results.length - failed} passed, ${failed} failed, in ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`
)
process.exitCode = failed === 0 ? 0 : 1
