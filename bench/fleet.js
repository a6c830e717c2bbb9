// @ts-check
/**
 * The fleet benchmark: many followers of many builds sharing one account's API quota, as a
 * busy organisation's workflows do. One loopback server (bench/fleet-server.js) serves every
 * build behind one token bucket; each follower is the committed bundle run as the runner runs
 * it (`node dist/index.js`, inputs as INPUT_* variables: bench/harness.js), started a little
 * after the previous one; each build's log (a real-log mix of 2-4 MB, bench/fleet-plan.js)
 * becomes readable piece by piece over 30-60 s, then the build ends.
 *
 *   node bench/fleet.js [--quick] [--only throttled,plain,silent,single] [--followers 30]
 *                       [--silent-followers 200] [--out bench/RESULTS.md]
 *
 * Scenarios and figures, each printed with its target:
 * - throttled (with Retry-After) and plain (429 without Retry-After): N followers, quota
 *   10 requests/s with a burst of 5; every follower correct (its log file equals its served
 *   log, its exit code the build's: 0 or 1), the share of 429 answers, the most requests in
 *   one second from 10 s after the first 429, line lag (a piece's mark line readable on the
 *   server → on the follower's stdout) p95, build end → process exit median and max; and,
 *   to tell where the 429s come from, requests by route, 429s by route, the wait after a 429
 *   before the same follower's next request and how many retries fall in the same 100 ms.
 * - silent: builds that show a few lines and stay silent; requests a minute per follower in
 *   its second silent minute (unthrottled, so what is counted is the pace the follower
 *   chooses, not a pace a refusal imposed; the fleet's total rate is put beside the quota).
 * - single: one follower, unthrottled, poll 2 s: lag and log reads a second while a log flows
 *   for 45 s, then build end → exit, the median over short builds that end with their last
 *   lines at phases spread evenly (bench/end-of-build.js).
 *
 * Exits 1 when a target is missed.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseArgs } from 'node:util'
import { PIECE_MARK_PATTERN, planFleetBuild } from './fleet-plan.js'
import { endsToExits } from './end-of-build.js'
import { startFleetServer } from './fleet-server.js'
import { BUNDLE, median, percentile, REPO_ROOT, runFollower } from './harness.js'
import { writeSection } from './results-file.js'

const SCENARIOS = ['throttled', 'plain', 'silent', 'single']
const USAGE = `Usage: node bench/fleet.js [options]
  --quick               a smoke run: 8 followers, logs over 20-30 s, 10 silent followers
                        counted over their first silent half minute to their first minute
  --only LIST           some of ${SCENARIOS.join(',')} (default: all)
  --followers N         followers of the throttled runs (default 30; 8 with --quick)
  --silent-followers N  followers of silent builds (default 200; 10 with --quick)
  --out FILE            write the report into this file's fleet section (default
                        bench/RESULTS.md; none with --quick; - for none)`

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: SCENARIOS.join(',') },
    followers: { type: 'string' },
    'silent-followers': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false }
  }
})
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}
const quick = args.quick === true
/** @param {string} name @param {string | undefined} text @param {number} fallback */
function countArg(name, text, fallback) {
  const value = text === undefined ? fallback : Number(text)
  if (!Number.isInteger(value) || value < 1) {
    console.error(`Invalid --${name}: '${text}'. Expected a whole number of at least 1.`)
    process.exit(2)
  }
  return value
}
const FOLLOWERS = countArg('followers', args.followers, quick ? 8 : 30)
const SILENT_FOLLOWERS = countArg('silent-followers', args['silent-followers'], quick ? 10 : 200)
const ONLY = new Set((args.only ?? '').split(',').map((text) => text.trim()))
for (const scenario of ONLY) {
  if (!SCENARIOS.includes(scenario)) {
    console.error(`Invalid --only: '${scenario}'. Expected some of ${SCENARIOS.join(',')}.`)
    process.exit(2)
  }
}
if (!fs.existsSync(BUNDLE)) {
  console.error('dist/index.js is missing: run `npm run package` first.')
  process.exit(2)
}

const QUOTA = { ratePerSecond: 10, burst: 5 }
const POLL_S = 2
/** Followers start over this many seconds (the throttled runs). */
const START_SPREAD_MS = quick ? 3000 : 5000
const LOG_BYTES = quick ? [1_000_000, 2_000_000] : [2_000_000, 4_000_000]
const SPAN_MS = quick ? [20_000, 30_000] : [30_000, 60_000]
/** Every tenth build fails: its follower must exit 1. */
const failsAt = (/** @type {number} */ buildNo) => buildNo % 10 === 0
/** Silent followers: counted over [from, to) after their silence began (a quick run: half a
 * minute of the stretched pace, from a few seconds after it begins, as a follower sees the
 * last lines up to a poll interval after they appear). */
const SILENT_WINDOW_MS = quick ? [65_000, 95_000] : [60_000, 120_000]
const TARGET = {
  share429: 0.1,
  perSecond: 15,
  perSecondFromFirst429Ms: 10_000,
  lagP95Ms: 15_000,
  endToExitMedianMs: 8000,
  endToExitMaxMs: 20_000,
  silentPerMinute: 6,
  singleLagMs: 600,
  singleReadsPerSecond: 1.0,
  singleEndToExitMs: 700
}

/** @typedef {Awaited<ReturnType<typeof startFleetServer>>} FleetServer */
/** @typedef {import('./harness.js').FollowerRun} FollowerRun */
/** @typedef {import('./fleet-plan.js').FleetBuildPlan} FleetBuildPlan */
/** @typedef {{ figure: string, value: string, target: string, pass: boolean | null }} Row */

/** @type {Array<{ title: string, rows: Row[], notes: string[] }>} */
const sections = []

/** @param {string} message */
function progress(message) {
  process.stderr.write(`[fleet ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}
/** @param {number} ms */
const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a')
/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
/** @param {number} share */
const percent = (share) => `${(share * 100).toFixed(1)} %`

/** Times each piece's mark line first seen on a follower's stdout. */
class MarkWatcher {
  constructor() {
    /** @type {Map<number, number>} mark → epoch ms */
    this.arrivals = new Map()
    this.carry = ''
    /** the last few KiB of stdout, to say what a follower that went wrong said last */
    this.tail = ''
  }

  /** @param {Buffer} chunk @param {number} atEpochMs */
  push(chunk, atEpochMs) {
    const text = this.carry + chunk.toString('latin1')
    for (const match of text.matchAll(PIECE_MARK_PATTERN)) {
      const mark = Number(match[1])
      if (!this.arrivals.has(mark)) this.arrivals.set(mark, atEpochMs)
    }
    this.carry = text.slice(-40)
    this.tail = (this.tail + chunk.toString('utf8')).slice(-4096)
  }
}

/**
 * One build per follower, started with it.
 *
 * @param {FleetServer} server
 * @param {number} buildNo
 * @param {FleetBuildPlan} plan
 * @param {{ stopAfterMs?: number, timeoutMs?: number, spawnDelayMs?: number }} [options]
 *   spawnDelayMs: how long after the build starts its follower starts (the phase of its reads)
 */
async function followBuild(server, buildNo, plan, options = {}) {
  const watcher = new MarkWatcher()
  server.addBuild(buildNo, plan)
  const build = /** @type {{ startEpochMs: number }} */ (server.builds.get(buildNo))
  if (options.spawnDelayMs) await sleep(options.spawnDelayMs)
  const run = await runFollower('action', server, {
    buildNo,
    pollInterval: String(POLL_S),
    onStdout: (chunk, at) => watcher.push(chunk, at),
    timeoutMs: options.timeoutMs ?? 10 * 60_000,
    stopAfterMs: options.stopAfterMs
  })
  return { buildNo, plan, run, watcher, startEpochMs: build.startEpochMs }
}

/** @typedef {Awaited<ReturnType<typeof followBuild>>} Followed */

/** @param {number} seed @param {[number, number]} range */
const between = (seed, [low, high]) => {
  const x = Math.sin(seed * 12.9898) * 43758.5453
  return Math.round(low + (x - Math.floor(x)) * (high - low))
}

/**
 * Lags of every marked piece: readable on the server → first seen on stdout. A piece never
 * seen counts as missing.
 *
 * @param {Followed} followed
 */
function lagsOf(followed) {
  /** @type {number[]} */
  const lags = []
  let missing = 0
  for (const piece of followed.plan.pieces) {
    if (piece.mark === null) continue
    const arrived = followed.watcher.arrivals.get(piece.mark)
    if (arrived === undefined) missing++
    else lags.push(arrived - (followed.startEpochMs + piece.atMs))
  }
  return { lags, missing }
}

/** @param {Followed} followed */
const endToExitMs = (followed) =>
  followed.run.exitAtEpochMs - (followed.startEpochMs + (followed.plan.endsAtMs ?? NaN))

/**
 * @param {Followed} followed
 * @returns {string | null} what is wrong with its run
 */
function wrongRun(followed) {
  const expected = followed.plan.result === 'SUCCESS' ? 0 : 1
  if (followed.run.exitCode !== expected)
    return `build ${followed.buildNo}: exit code ${followed.run.exitCode}, expected ${expected}: ${followed.run.stderr.slice(0, 300)}`
  if (!followed.run.logMatches) {
    const at = followed.run.logFirstDifference
    const piece = followed.plan.pieces.findIndex((p) => p.endByte >= at)
    const prefix = at === followed.run.logBytes ? 'a short prefix of' : `differs at byte ${at} from`
    return `build ${followed.buildNo}: the log file (${followed.run.logBytes} bytes) is ${prefix} the served log (${followed.plan.log.length} bytes; piece ${piece} of ${followed.plan.pieces.length} ends at ${followed.plan.pieces[piece]?.endByte})`
  }
  return null
}

/**
 * What the followers that went wrong said last, for the notes.
 *
 * @param {Followed[]} done
 */
function lastWordsOfWrong(done) {
  return done
    .filter((followed) => wrongRun(followed) !== null)
    .slice(0, 3)
    .map((followed) => {
      const lines = followed.watcher.tail
        .split('\n')
        .filter((line) => line.startsWith('::') || /^(Build|The build|Warning|Error)/.test(line))
        .slice(-4)
        .map((line) => line.slice(0, 240))
      const stderr = followed.run.stderr.trim().slice(0, 240)
      return `Build ${followed.buildNo} (exit ${followed.run.exitCode}) said last: ${lines.map((line) => `\`${line}\``).join(' / ') || '(no workflow command in its last 4 KiB)'}${stderr ? `; stderr: \`${stderr}\`` : ''}`
    })
}

/**
 * N followers sharing the quota.
 *
 * @param {boolean} retryAfter
 */
async function throttledScenario(retryAfter) {
  const title = `${FOLLOWERS} followers, quota ${QUOTA.ratePerSecond} requests/s (burst ${QUOTA.burst}), 429 APIGW.0308 ${retryAfter ? 'with Retry-After' : 'without Retry-After'}, poll ${POLL_S} s`
  progress(`${title}: starting over ${START_SPREAD_MS / 1000} s`)
  const server = await startFleetServer({ quota: QUOTA, retryAfter })
  /** @type {Promise<Followed>[]} */
  const running = []
  try {
    server.startQuota()
    const startedAt = Date.now()
    for (let i = 1; i <= FOLLOWERS; i++) {
      await sleep(startedAt + ((i - 1) * START_SPREAD_MS) / FOLLOWERS - Date.now())
      const plan = planFleetBuild({
        seed: i,
        bytes: between(i, /** @type {[number, number]} */ (LOG_BYTES)),
        spanMs: between(i + 1000, /** @type {[number, number]} */ (SPAN_MS)),
        result: failsAt(i) ? 'FAILURE' : 'SUCCESS'
      })
      running.push(followBuild(server, i, plan))
    }
    const done = await Promise.all(running)
    progress(`  all ${done.length} followers ended after ${secs(Date.now() - startedAt)}`)
    sections.push(fleetFigures(title, server, done))
  } finally {
    await server.close()
  }
}

/**
 * @param {string} title
 * @param {FleetServer} server
 * @param {Followed[]} done
 */
function fleetFigures(title, server, done) {
  /** @type {Row[]} */
  const rows = []
  /** @type {string[]} */
  const notes = []
  const wrong = done.map(wrongRun).filter((problem) => problem !== null)
  rows.push({
    figure:
      'Every follower correct (log file = served log, exit code = the build’s: 0, or 1 for the failed tenth)',
    value: `${done.length - wrong.length} of ${done.length}${wrong.length ? `: ${wrong.slice(0, 3).join('; ')}` : ''}`,
    target: 'all',
    pass: wrong.length === 0
  })
  const requests = server.requests
  const refused = requests.filter((request) => request.status === 429)
  const share = refused.length / requests.length
  rows.push({
    figure: 'Share of 429 answers',
    value: `${percent(share)} (${refused.length} of ${requests.length} requests)`,
    target: `≤ ${percent(TARGET.share429)}`,
    pass: share <= TARGET.share429
  })
  const first429 = refused[0]?.atEpochMs
  if (first429 === undefined) {
    rows.push({
      figure: 'Most requests in one second, from 10 s after the first 429',
      value: 'no 429 at all',
      target: `≤ ${TARGET.perSecond}`,
      pass: true
    })
  } else {
    const from = first429 + TARGET.perSecondFromFirst429Ms
    /** @type {Map<number, number>} */
    const perSecond = new Map()
    for (const request of requests) {
      if (request.atEpochMs < from) continue
      const second = Math.floor((request.atEpochMs - from) / 1000)
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1)
    }
    const counts = [...perSecond.values()]
    const worst = counts.length ? Math.max(...counts) : 0
    const over = counts.filter((count) => count > TARGET.perSecond).length
    rows.push({
      figure: `Most requests in one second, from 10 s after the first 429 (${secs(first429 - requests[0].atEpochMs)} into the run)`,
      value: `${worst} (seconds over ${TARGET.perSecond}: ${over} of ${counts.length}; median ${median(counts)} a second)`,
      target: `≤ ${TARGET.perSecond}`,
      pass: worst <= TARGET.perSecond
    })
  }
  const lagged = done.map(lagsOf)
  const lags = lagged.flatMap((entry) => entry.lags)
  const missing = lagged.reduce((sum, entry) => sum + entry.missing, 0)
  const lagP95 = percentile(lags, 95)
  rows.push({
    figure: `Line lag: a piece readable on the server → its mark line on the follower's stdout, p95 (${lags.length} pieces${missing ? `, ${missing} never seen` : ''})`,
    value: `${secs(lagP95)} (median ${secs(median(lags))}, max ${secs(Math.max(...lags))})`,
    target: `≤ ${secs(TARGET.lagP95Ms)}`,
    pass: missing === 0 && lagP95 <= TARGET.lagP95Ms
  })
  const ends = done.map(endToExitMs)
  const endMedian = median(ends)
  const endMax = Math.max(...ends)
  rows.push({
    figure: 'Build end → process exit: median; max',
    value: `${secs(endMedian)}; ${secs(endMax)}`,
    target: `≤ ${secs(TARGET.endToExitMedianMs)}; ≤ ${secs(TARGET.endToExitMaxMs)}`,
    pass: endMedian <= TARGET.endToExitMedianMs && endMax <= TARGET.endToExitMaxMs
  })

  // Where the requests and the refusals come from.
  const lastAt = requests[requests.length - 1].atEpochMs
  const spanS = (lastAt - requests[0].atEpochMs) / 1000
  for (const route of /** @type {const} */ (['log', 'status'])) {
    const ofRoute = requests.filter((request) => request.route === route)
    const refusedOfRoute = ofRoute.filter((request) => request.status === 429)
    rows.push({
      figure: `${route === 'log' ? 'Log reads' : 'Status calls'}: requests; refused (429)`,
      value: `${ofRoute.length} (${(ofRoute.length / spanS).toFixed(1)} a second over ${spanS.toFixed(0)} s; ${(ofRoute.length / done.length / (spanS / 60)).toFixed(1)} a minute a follower); ${refusedOfRoute.length} refused (${percent(refusedOfRoute.length / Math.max(1, ofRoute.length))})`,
      target: 'info',
      pass: null
    })
  }
  /** @type {Map<number, import('./fleet-server.js').FleetRequest[]>} */
  const byBuild = new Map()
  for (const request of requests) {
    const list = byBuild.get(request.buildNo) ?? []
    list.push(request)
    byBuild.set(request.buildNo, list)
  }
  /** @type {number[]} */
  const waits = []
  /** @type {number[]} */
  const retryAt = []
  for (const list of byBuild.values()) {
    for (let i = 0; i + 1 < list.length; i++) {
      if (list[i].status !== 429) continue
      waits.push(list[i + 1].atEpochMs - list[i].atEpochMs)
      retryAt.push(list[i + 1].atEpochMs)
    }
  }
  if (waits.length > 0) {
    // Retries on a common beat: how many fall in the same 100 ms as another follower's retry.
    retryAt.sort((a, b) => a - b)
    let clustered = 0
    for (let i = 0; i < retryAt.length; i++) {
      const near =
        (i > 0 && retryAt[i] - retryAt[i - 1] < 100) ||
        (i + 1 < retryAt.length && retryAt[i + 1] - retryAt[i] < 100)
      if (near) clustered++
    }
    rows.push({
      figure: 'After a 429: wait before the same follower’s next request (p10; median; p90; max)',
      value: `${secs(percentile(waits, 10))}; ${secs(median(waits))}; ${secs(percentile(waits, 90))}; ${secs(Math.max(...waits))} (${waits.length} refusals followed by a request); ${percent(clustered / retryAt.length)} of those next requests within 100 ms of another’s (an even spread would put ${percent(Math.min(1, 1 - Math.exp((-2 * retryAt.length * 100) / (lastAt - retryAt[0] || 1))))} there)`,
      target: 'info',
      pass: null
    })
  }
  notes.push(...lastWordsOfWrong(done))
  const ending = done.map((followed) => followed.run.exitAtEpochMs)
  notes.push(
    `Followers started over ${START_SPREAD_MS / 1000} s; the last exited ${secs(Math.max(...ending) - requests[0].atEpochMs)} after the first request.`
  )
  return { title, rows, notes }
}

/** Followers of builds that stay silent. */
async function silentScenario() {
  const spreadMs = Math.max(2000, SILENT_FOLLOWERS * 100)
  const followFor = SILENT_WINDOW_MS[1] + 5000
  const title = `${SILENT_FOLLOWERS} followers of silent builds, unthrottled, poll ${POLL_S} s, requests counted ${SILENT_WINDOW_MS[0] / 1000}–${SILENT_WINDOW_MS[1] / 1000} s into each build's silence`
  progress(
    `${title}: starting over ${spreadMs / 1000} s, each followed for ${followFor / 1000} s after its silence begins`
  )
  const server = await startFleetServer({ quota: null })
  /** @type {Promise<Followed>[]} */
  const running = []
  try {
    const startedAt = Date.now()
    for (let i = 1; i <= SILENT_FOLLOWERS; i++) {
      await sleep(startedAt + ((i - 1) * spreadMs) / SILENT_FOLLOWERS - Date.now())
      const plan = planFleetBuild({ seed: 500 + i, bytes: 100_000, spanMs: 0, silent: true })
      const silentFrom = plan.pieces[plan.pieces.length - 1].atMs
      running.push(followBuild(server, i, plan, { stopAfterMs: silentFrom + followFor }))
    }
    const done = await Promise.all(running)
    /** @type {number[]} */
    const perMinute = []
    let exitedEarly = 0
    for (const followed of done) {
      if (!followed.run.stopped) exitedEarly++
      const silentFrom =
        followed.startEpochMs + followed.plan.pieces[followed.plan.pieces.length - 1].atMs
      const from = silentFrom + SILENT_WINDOW_MS[0]
      const to = silentFrom + SILENT_WINDOW_MS[1]
      const count = server.requests.filter(
        (request) =>
          request.buildNo === followed.buildNo &&
          request.atEpochMs >= from &&
          request.atEpochMs < to
      ).length
      perMinute.push((count * 60_000) / (to - from))
    }
    const worst = Math.max(...perMinute)
    const total = perMinute.reduce((sum, value) => sum + value, 0) / 60
    /** @type {Row[]} */
    const rows = [
      {
        figure: `Requests a minute per follower in its ${quick ? 'second silent minute’s first half (quick run)' : 'second silent minute'}: max; median`,
        value: `${worst.toFixed(1)}; ${median(perMinute).toFixed(1)}`,
        target: `≤ ${TARGET.silentPerMinute} each`,
        pass: worst <= TARGET.silentPerMinute && exitedEarly === 0
      },
      {
        figure: `The whole fleet's rate then, against a quota of ${QUOTA.ratePerSecond} requests/s`,
        value: `${total.toFixed(1)} requests/s (${SILENT_FOLLOWERS} followers)`,
        target: 'info',
        pass: null
      }
    ]
    /** @type {string[]} */
    const notes = []
    if (exitedEarly) notes.push(`${exitedEarly} followers ended before they were stopped.`)
    if (SILENT_FOLLOWERS < 200)
      notes.push(
        `${SILENT_FOLLOWERS} followers, not 200: the per-follower pace does not depend on how many there are when nothing throttles them.`
      )
    sections.push({ title, rows, notes })
  } finally {
    await server.close()
  }
}

/** Short builds whose end the single follower waits for: the median of their waits. */
const SINGLE_END_RUNS = 8

/** Runs of the flowing build, each with the follower started at another phase of its pieces. */
const SINGLE_PHASES = 4

/**
 * One follower, unthrottled: a build whose log flows for 45 s (lag, reads a second), then
 * short builds that end with their last lines at phases spread evenly over the half poll that
 * follows new lines (bench/end-of-build.js), for the wait from a build's end to the exit: one
 * build's end is one draw of it, at a phase nobody chose. So is one run of the flowing build:
 * its pieces come about a second apart, and where the follower's reads fall between them
 * depends on when it started; the build is followed SINGLE_PHASES times, one run after
 * another, the follower started a quarter of that second later each time, and the figures
 * cover every run.
 */
async function singleScenario() {
  const spanMs = quick ? 25_000 : 45_000
  const endRuns = quick ? 4 : SINGLE_END_RUNS
  const title = `One follower, unthrottled, poll ${POLL_S} s, a ${quick ? 2 : 3} MB log over ${spanMs / 1000} s followed ${SINGLE_PHASES} times at spread phases, then ${endRuns} short builds`
  progress(title)
  const plan = planFleetBuild({ seed: 900, bytes: quick ? 2_000_000 : 3_000_000, spanMs })
  const meanGapMs = spanMs / (plan.pieces.length - 1)
  /** @type {number[]} */
  const lags = []
  /** @type {number[]} */
  const runMedians = []
  /** @type {Followed[]} */
  const runs = []
  let missing = 0
  let readGaps = 0
  let readSpanMs = 0
  let reads = 0
  let statusCalls = 0
  for (let phase = 0; phase < SINGLE_PHASES; phase++) {
    const server = await startFleetServer({ quota: null })
    /** @type {Followed} */
    let followed
    try {
      followed = await followBuild(server, 1, plan, {
        spawnDelayMs: (phase * meanGapMs) / SINGLE_PHASES
      })
    } finally {
      await server.close()
    }
    runs.push(followed)
    const run = lagsOf(followed)
    lags.push(...run.lags)
    runMedians.push(median(run.lags))
    missing += run.missing
    const firstAt = followed.startEpochMs
    const endAt = firstAt + (followed.plan.endsAtMs ?? NaN)
    const runReads = server.requests.filter(
      (request) =>
        request.route === 'log' && request.atEpochMs >= firstAt && request.atEpochMs < endAt
    )
    reads += runReads.length
    if (runReads.length >= 2) {
      readGaps += runReads.length - 1
      readSpanMs += runReads[runReads.length - 1].atEpochMs - runReads[0].atEpochMs
    }
    statusCalls += server.requests.filter((request) => request.route === 'status').length
  }
  const readsPerSecond = readSpanMs > 0 ? readGaps / (readSpanMs / 1000) : NaN
  /** @type {string[]} */
  const wrongs = []
  for (const followed of runs) {
    const wrong = wrongRun(followed)
    if (wrong) wrongs.push(wrong)
  }
  const ends = await endsToExits({
    how: 'withLines',
    runs: endRuns,
    pollS: POLL_S,
    kinds: ['action'],
    check: (run) => {
      if (run.exitCode !== 0 || !run.logMatches)
        wrongs.push(
          `a short build: exit code ${run.exitCode}, log file ${run.logMatches ? 'right' : 'wrong'}`
        )
    },
    note: (message) => wrongs.push(message)
  })
  const endToExit = median(ends.action)
  sections.push({
    title,
    rows: [
      {
        figure: `Lag: a piece readable → its mark line on stdout, median (${lags.length} pieces of ${runs.length} runs${missing ? `, ${missing} never seen` : ''}; each run's: ${runMedians.map(secs).join(', ')})`,
        value: `${secs(median(lags))} (p95 ${secs(percentile(lags, 95))})`,
        target: `≤ ${secs(TARGET.singleLagMs)}`,
        pass: missing === 0 && median(lags) <= TARGET.singleLagMs
      },
      {
        figure: `Log reads a second while the log flows (${reads} reads in ${runs.length} runs)`,
        value: readsPerSecond.toFixed(3),
        target: `≤ ${TARGET.singleReadsPerSecond.toFixed(1)}`,
        pass: readsPerSecond <= TARGET.singleReadsPerSecond
      },
      {
        figure: `Build end → process exit, median of ${ends.action.length} short builds ending with their last lines, ends spread evenly over the half poll after new lines (max ${secs(Math.max(...ends.action))}; the ${spanMs / 1000} s build's runs: ${runs.map((followed) => secs(endToExitMs(followed))).join(', ')})`,
        value: secs(endToExit),
        target: `≤ ${secs(TARGET.singleEndToExitMs)}`,
        pass: endToExit <= TARGET.singleEndToExitMs
      },
      {
        figure: 'Correct (log files = served logs, exit 0)',
        value: wrongs.length ? wrongs.join('; ') : 'yes',
        target: 'yes',
        pass: wrongs.length === 0
      },
      {
        figure: `Status calls over the ${spanMs / 1000} s build's ${runs.length} runs`,
        value: String(statusCalls),
        target: 'info',
        pass: null
      }
    ],
    notes: []
  })
}

const startedAt = Date.now()
progress(
  `Node ${process.version} (${process.execPath}), bundle ${path.relative(REPO_ROOT, BUNDLE)}`
)
if (ONLY.has('single')) await singleScenario()
if (ONLY.has('throttled')) await throttledScenario(true)
if (ONLY.has('plain')) await throttledScenario(false)
if (ONLY.has('silent')) await silentScenario()

const verdict = (/** @type {boolean | null} */ pass) =>
  pass === null ? 'info' : pass ? 'PASS' : 'FAIL'
const escape = (/** @type {string} */ text) => text.replace(/\|/g, '\\|')
const totalS = (Date.now() - startedAt) / 1000
const report = [
  `## Fleet on Node ${process.versions.node.split('.')[0]}: followers sharing one quota`,
  '',
  `Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${totalS.toFixed(0)} s (\`node bench/fleet.js${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}\`). Every follower is \`node dist/index.js\` with its inputs as INPUT_* variables, against one loopback server (\`bench/fleet-server.js\`) behind one token bucket; logs are the real-log mix with a mark line ending each piece (\`bench/fleet-plan.js\`); every tenth build fails.`,
  '',
  ...sections.flatMap((section) => [
    `### ${section.title}`,
    '',
    '| Figure | Measured | Target | Result |',
    '| --- | --- | --- | --- |',
    ...section.rows.map(
      (row) =>
        `| ${escape(row.figure)} | ${escape(row.value)} | ${escape(row.target)} | ${verdict(row.pass)} |`
    ),
    '',
    ...section.notes.map((note) => `- ${note}`),
    ...(section.notes.length ? [''] : [])
  ])
].join('\n')
const outText =
  args.out === '-' ? null : (args.out ?? (quick ? null : path.join('bench', 'RESULTS.md')))
if (outText) {
  const written = await writeSection(path.resolve(REPO_ROOT, outText), report)
  process.stdout.write(written)
  progress(`written to ${outText}`)
} else process.stdout.write(report + '\n')
process.exitCode = sections.some((section) => section.rows.some((row) => row.pass === false))
  ? 1
  : 0
