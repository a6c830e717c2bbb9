// @ts-check
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import zlib from 'node:zlib'
import { ERRORS, invalidParameter } from './errors.js'
import { FaultInjector } from './faults.js'
import { logAnswerReply, logV1AnswerReply } from './log-answer.js'
import { characterBoundary, readLogWindow } from './log-window.js'
import { generateBuildLog } from './logs.js'
import { errorReply, jsonReply, portalPage, successReply } from './replies.js'
import { SimulatedBuild } from './timeline.js'
import { formatDailyDate } from './timestamps.js'

/** @typedef {import('./errors.js').ApiError} ApiError */
/** @typedef {import('./faults.js').FaultKind} FaultKind */
/** @typedef {import('./faults.js').RouteName} RouteName */
/** @typedef {import('./replies.js').Reply} Reply */
/** @typedef {SimulatedBuild} BuildState one build: log, readable bytes, building, result, pieces */

/** A fixed job id in the API's shape (32 lower-case letters and digits). */
export const DEFAULT_JOB_ID = '5f3c9e2a8b1d4c7e9a0f6b2d8c4e1a73'

/** A fake IAM token shaped like a real one (a base64 PKI blob); it grants nothing anywhere. */
export const DEFAULT_TOKEN =
  'MIIDlQYJKoZIhvcNAQcCoIIDhjCCA4ICAQExDTALBglghkgBZQMEAgEwggHjBgkqhkiG9w0BBwGgggHUBIIB0HsidG9rZW4iOnsiZXhwaXJlc19hdCI6IjIwMjYtMTEtMjlUMDM6MDA6MDAuMDAwMDAwWiIsIm1ldGhvZHMiOlsicGFzc3dvcmQiXSwic2ltdWxhdGVkIjp0cnVlfX0-Q2IOqdy3Lp8aQxQ2xGmZ3v1Jx+7fWn5kB9T0hYs4Rv6uEcNaLoP1tGi8VbSjD2MwK5eHrZ3fX7yUqA0cI9nOl4pTs6gBhE1vJkRwF2mYdC8zQ3xN5aL7oPiU0bGtS4e'

const DEFAULT_LENGTH = 1_000_000
const MAX_REQUEST_BODY_BYTES = 1024 * 1024
const JOB_ID_PATTERN = /^[0-9a-zA-Z]{32}$/
const MAX_BUILD_NO = 2147483647

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] port on 127.0.0.1; default 0, any free port
 * @property {string} [jobId] the one job that exists; default {@link DEFAULT_JOB_ID}
 * @property {number} [buildNo] number of the build that exists from the start; default 1
 * @property {string} [token] the `X-Auth-Token` accepted; default {@link DEFAULT_TOKEN}
 * @property {string | Buffer} [log] the whole log every build produces (valid UTF-8); default
 *   `generateBuildLog({ result })`
 * @property {string} [result] build_result once a build is over; default 'SUCCESS'
 * @property {boolean} [finished] the whole log is readable at once and the build is already
 *   over; default false. This and the next options shape every build's timeline (see
 *   TimelineOptions in timeline.js); their times count from the build's start
 * @property {number} [startDelayMs] queued time (building, empty log); default 100
 * @property {number} [pieceIntervalMs] time between random pieces; default 50
 * @property {number} [minPieceBytes] default 1
 * @property {number} [maxPieceBytes] default 16384
 * @property {Array<{ atMs: number, endByte: number }>} [schedule] explicit pieces instead of
 *   random ones: readable up to `endByte` from `atMs`
 * @property {number} [finishDelayMs] time from the last piece to the end; default 100
 * @property {number} [seed] seeds piece sizes; default 1
 * @property {number} [maxReadBytes] most bytes one real-time-log answer carries, whatever
 *   `length` asks; default 1000000
 * @property {'native' | 'string'} [cursorTypes] 'string' sends `offset`, `current_offset` and
 *   `has_more_data` as strings, as older docs type them; default 'native'
 * @property {'bytes' | 'chars' | 'utf16'} [cursorUnit] unit of `offset`/`current_offset`: bytes
 *   (default), Unicode code points, or UTF-16 code units (as a JavaScript or Java server
 *   counts; an answer may then end between the two halves of a surrogate pair, each half sent
 *   as its `\uXXXX` escape; meant for small test logs); `length` and `maxReadBytes` always
 *   count bytes
 * @property {'caught-up' | 'while-running'} [hasMoreData] 'caught-up' (default): false once
 *   the reader has everything readable, even mid-build; 'while-running': also true while the
 *   build runs
 * @property {boolean} [buildingAsString] build-info sends `"building":"true"`; default false
 * @property {string | null} [runningBuildResult] build_result while building; default null
 * @property {'available' | 'unpublished' | 'forbidden'} [statusRoute] build-info answers
 *   normally (default), 404 `APIGW.0101`, or 403
 * @property {boolean} [forbidden] every route answers 403 `CB.00060403`; default false
 * @property {number} [recordAppearsAfterMs] each build answers 422 `DEVCB.00031006` on the log
 *   and status routes until this long after its start; default 0
 * @property {(req: http.IncomingMessage, body: Buffer) => ApiError | null | Promise<ApiError | null>} [authenticate]
 *   replaces the token check; return null to let the request through, or the error to answer
 * @property {import('./faults.js').FaultOptions} [faults] transient failures; default none
 * @property {'top' | 'result'} [triggerAnswerShape] where `actual_build_number` sits in the
 *   trigger answer: top level (default) or under `result`
 * @property {'available' | 'unpublished'} [executeRoute] 'unpublished': `POST /v1/job/execute`
 *   answers 404 `APIGW.0101` (the legacy route still works); default 'available'
 * @property {'resetAfterStart' | 'refuseBeforeStart'} [triggerFault] the first
 *   `triggerFaultCount` triggers start the build and then reset the socket, or answer 429
 *   `APIGW.0308` without starting anything
 * @property {number} [triggerFaultCount] default 1
 * @property {'available' | 'unpublished'} [stopRoute] 'unpublished': `POST /v1/job/{id}/stop`
 *   answers 404 `APIGW.0101`; default 'available'
 * @property {'resetFirst'} [stopFault] the first stop request is reset before it acts
 * @property {'v3' | 'v1-only'} [logRoute] 'v1-only': the v3 real-time-log route answers 404
 *   `APIGW.0101`; the v1 route `GET /v1/log/{job}/{no}/real-time-log` always answers; default 'v3'
 * @property {'available' | 'unpublished'} [jobStatusRoute] 'unpublished':
 *   `GET /v1/job/{id}/running-status` answers 404 `APIGW.0101` (the legacy
 *   `GET /v3/jobs/{id}/status` still works); default 'available'
 * @property {'127.0.0.1' | '::1'} [host] loopback address to listen on; default '127.0.0.1'
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls] serve HTTPS with this key
 *   and certificate instead of plain HTTP
 * @property {boolean} [gzip] gzip answers whose request accepts it; default false
 * @property {number} [bytesPerSecond] a slow link: answers trickle out at this rate, in tenths
 *   of a second; default unthrottled
 * @property {boolean} [portal] every request is answered with an HTML sign-in page, as a
 *   portal or a web site would; default false
 * @property {'normal' | 'down' | 'reset' | 'silent' | 'noBuilding' | 'buildingNumber'
 *   | 'buildingObject'} [statusAnswer] how build-info answers: normally (default); 503 on every
 *   call; a reset socket; never (the socket closes after `silentMs`); or a success whose
 *   `building` is missing, a number or an object
 * @property {number} [silentMs] how long a silent status call holds its socket; default 60000
 * @property {{ every: number, lag: number }} [staleAnswers] every `every`-th log answer comes
 *   from a lagging replica: served from `lag` cursor units before the asked offset, with its
 *   `current_offset` saying so
 * @property {'invalid-job' | 'record-missing'} [unknownJobAnswer] how the log and status routes
 *   answer a well-formed job ID that does not exist: 400 `CB.00060201` (default) or, as the
 *   live API does, 422 `CB.00031006`
 * @property {boolean} [neverRuns] every build is over at once (build_result `result`, e.g.
 *   SCHEDULE_FAILURE) and its log route answers 500 `CB.00030004`; default false
 */

/**
 * @typedef {object} RequestRecord
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {http.IncomingHttpHeaders} headers
 * @property {number} atEpochMs when the request arrived
 * @property {number} status HTTP status answered; 0 when nothing was answered
 * @property {RouteName} [route]
 * @property {FaultKind | 'resetAfterStart' | 'refuseBeforeStart'} [fault]
 * @property {{ offset: number, end: number, bytes: number }} [servedRange] a log answer's
 *   cursor range (in the cursor unit) and byte count
 * @property {boolean} [gzipped] the answer was sent gzip-compressed
 */

/**
 * @typedef {object} TriggerRecord
 * @property {'execute' | 'executeLegacy'} route
 * @property {Record<string, unknown>} body the parsed request body
 * @property {number | null} buildNo the build it started, null when refused
 * @property {number} atEpochMs
 */

/**
 * @typedef {object} StopRecord
 * @property {'stop' | 'stopLegacy'} route
 * @property {number} buildNo
 * @property {boolean} stopped false when the build was already over
 * @property {number} atEpochMs
 */

/**
 * @typedef {object} Simulator
 * @property {string} url base URL, `http://127.0.0.1:PORT` (`https://`, `[::1]` as configured)
 * @property {number} port
 * @property {string} jobId
 * @property {string} token
 * @property {() => Promise<void>} close closes every connection at once and stops all timers
 * @property {RequestRecord[]} requests every request, in arrival order
 * @property {Map<number, BuildState>} builds by build number
 * @property {TriggerRecord[]} triggers
 * @property {StopRecord[]} stops
 * @property {(buildNo: number) => import('./timeline.js').Piece[]} pieceTimes when each piece
 *   of the build's log became readable
 * @property {(buildNo: number) => Buffer} servedLog the build's readable log (all of it once
 *   the build is over)
 */

/**
 * @param {string | null} text
 * @param {number} min
 * @param {number} max
 */
function parseWholeNumber(text, min, max) {
  if (text === null || !/^\d{1,16}$/.test(text)) return null
  const value = Number(text)
  return value >= min && value <= max ? value : null
}

/**
 * @param {string} method
 * @param {string} pathname
 * @returns {{ name: RouteName, params: string[] } | null}
 */
function matchRoute(method, pathname) {
  let parts
  try {
    parts = pathname.slice(1).split('/').map(decodeURIComponent)
  } catch {
    return null
  }
  const [version, collection, a, b, c] = parts
  const shape = `${method} ${version}/${collection}/${parts.length}`
  if (shape === 'GET v3/jobs/5' && c === 'real-time-log') return { name: 'log', params: [a, b] }
  if (shape === 'GET v1/job/5' && c === 'build-info') return { name: 'status', params: [a, b] }
  if (shape === 'POST v1/job/3' && a === 'execute') return { name: 'execute', params: [] }
  if (shape === 'POST v3/jobs/3' && a === 'build') return { name: 'executeLegacy', params: [] }
  if (shape === 'POST v1/job/4' && b === 'stop') return { name: 'stop', params: [a] }
  if (shape === 'POST v3/jobs/5' && c === 'stop') return { name: 'stopLegacy', params: [a, b] }
  if (shape === 'GET v1/log/5' && c === 'real-time-log') return { name: 'logV1', params: [a, b] }
  if (shape === 'GET v1/job/4' && b === 'running-status') return { name: 'jobStatus', params: [a] }
  if (shape === 'GET v3/jobs/4' && b === 'status') return { name: 'jobStatusLegacy', params: [a] }
  return null
}

/** @param {Buffer} body */
function parseJsonObject(body) {
  try {
    const value = JSON.parse(body.toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? /** @type {Record<string, unknown>} */ (value)
      : null
  } catch {
    return null
  }
}

/** @param {http.IncomingMessage} req */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size <= MAX_REQUEST_BODY_BYTES) chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/**
 * Starts a CodeArts Build simulator on 127.0.0.1.
 *
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
export async function startSimulator(options = {}) {
  const jobId = options.jobId ?? DEFAULT_JOB_ID
  const token = options.token ?? DEFAULT_TOKEN
  const result = options.result ?? 'SUCCESS'
  const rawLog = options.log ?? generateBuildLog({ result })
  const log = typeof rawLog === 'string' ? Buffer.from(rawLog, 'utf8') : rawLog
  const maxReadBytes = options.maxReadBytes ?? 1_000_000
  const faults = options.faults ? new FaultInjector(options.faults) : null
  /** @type {import('./timeline.js').TimelineOptions} */
  const timeline = {
    finished: options.finished,
    startDelayMs: options.startDelayMs,
    pieceIntervalMs: options.pieceIntervalMs,
    minPieceBytes: options.minPieceBytes,
    maxPieceBytes: options.maxPieceBytes,
    schedule: options.schedule,
    finishDelayMs: options.finishDelayMs,
    seed: options.seed
  }

  /** @type {Map<number, SimulatedBuild>} */
  const builds = new Map()
  /** @type {RequestRecord[]} */
  const requests = []
  /** @type {TriggerRecord[]} */
  const triggers = []
  /** @type {StopRecord[]} */
  const stops = []
  /** @type {Set<NodeJS.Timeout>} */
  const hangTimers = new Set()
  let triggerFaultsUsed = 0
  let stopFaultsUsed = 0
  let logAnswers = 0

  /** @param {number} buildNo */
  const startBuild = (buildNo) => {
    const build = new SimulatedBuild({ buildNo, log, result, timeline })
    builds.set(buildNo, build)
    return build
  }
  startBuild(options.buildNo ?? 1)

  /** @param {RouteName} route */
  const unpublished = (route) =>
    (route === 'status' && options.statusRoute === 'unpublished') ||
    (route === 'execute' && options.executeRoute === 'unpublished') ||
    (route === 'stop' && options.stopRoute === 'unpublished') ||
    (route === 'log' && options.logRoute === 'v1-only') ||
    (route === 'jobStatus' && options.jobStatusRoute === 'unpublished')

  /**
   * @param {string} jobIdText
   * @param {string | null} buildNoText
   * @param {boolean} hideYoungRecords
   * @returns {{ build: SimulatedBuild } | { error: ApiError }}
   */
  const findBuild = (jobIdText, buildNoText, hideYoungRecords) => {
    if (!JOB_ID_PATTERN.test(jobIdText)) return { error: invalidParameter('job_id', jobIdText) }
    if (jobIdText !== jobId) {
      return {
        error:
          options.unknownJobAnswer === 'record-missing' ? ERRORS.recordNotFound : ERRORS.jobNotFound
      }
    }
    const buildNo = parseWholeNumber(buildNoText, 1, MAX_BUILD_NO)
    if (buildNo === null) return { error: invalidParameter('build_no', buildNoText) }
    const build = builds.get(buildNo)
    if (!build) return { error: ERRORS.recordNotFound }
    const appearsAt = build.startEpochMs + (options.recordAppearsAfterMs ?? 0)
    if (hideYoungRecords && Date.now() < appearsAt) return { error: ERRORS.recordNotYet }
    return { build }
  }

  /**
   * @param {string[]} params
   * @param {URLSearchParams} query
   * @param {{ servedRange?: RequestRecord['servedRange'] }} record
   * @returns {Reply}
   */
  const readLog = (params, query, record) => {
    const found = findBuild(params[0], params[1], true)
    if ('error' in found) return errorReply(found.error)
    if (options.neverRuns) return errorReply(ERRORS.neverRan)
    const offsetText = query.get('offset')
    const asked = parseWholeNumber(offsetText, 0, Number.MAX_SAFE_INTEGER)
    if (asked === null) return errorReply(invalidParameter('offset', offsetText))
    logAnswers++
    const stale = options.staleAnswers
    const offset =
      stale && asked > 0 && logAnswers % stale.every === 0 ? Math.max(0, asked - stale.lag) : asked
    const lengthText = query.get('length')
    const length =
      lengthText === null
        ? DEFAULT_LENGTH
        : parseWholeNumber(lengthText, 0, Number.MAX_SAFE_INTEGER)
    if (length === null) return errorReply(invalidParameter('length', lengthText))

    if (options.cursorUnit === 'utf16') {
      return utf16Answer(found.build, offset, Math.min(length, maxReadBytes), record)
    }
    const window = readLogWindow(found.build, {
      offset,
      maxBytes: Math.min(length, maxReadBytes),
      unit: options.cursorUnit ?? 'bytes',
      hasMorePolicy: options.hasMoreData ?? 'caught-up'
    })
    record.servedRange = {
      offset: window.currentOffset,
      end: window.nextOffset,
      bytes: window.endByte - window.startByte
    }
    return logAnswerReply(found.build.log, window, options.cursorTypes ?? 'native')
  }

  /**
   * The current log route: `start_offset` and `size` (a byte count, as `length` on v3); an
   * `end_offset` query parameter is accepted and ignored.
   *
   * @param {string[]} params
   * @param {URLSearchParams} query
   * @param {{ servedRange?: RequestRecord['servedRange'] }} record
   * @returns {Reply}
   */
  const readLogV1 = (params, query, record) => {
    const found = findBuild(params[0], params[1], true)
    if ('error' in found) return errorReply(found.error)
    const offsetText = query.get('start_offset') ?? '0'
    const offset = parseWholeNumber(offsetText, 0, Number.MAX_SAFE_INTEGER)
    if (offset === null) return errorReply(invalidParameter('start_offset', offsetText))
    const sizeText = query.get('size')
    const size =
      sizeText === null ? DEFAULT_LENGTH : parseWholeNumber(sizeText, 0, Number.MAX_SAFE_INTEGER)
    if (size === null) return errorReply(invalidParameter('size', sizeText))
    const window = readLogWindow(found.build, {
      offset,
      maxBytes: Math.min(size, maxReadBytes),
      // The v1 route is followed in bytes or characters; 'utf16' is a v3 test of split pairs.
      unit: options.cursorUnit === 'chars' ? 'chars' : 'bytes',
      hasMorePolicy: options.hasMoreData ?? 'caught-up'
    })
    record.servedRange = {
      offset: window.currentOffset,
      end: window.nextOffset,
      bytes: window.endByte - window.startByte
    }
    return logV1AnswerReply(found.build.log, window)
  }

  /**
   * Whether the job runs and its last build number; an unknown job answers 422 CB.00031006,
   * as the live API does.
   *
   * @param {'jobStatus' | 'jobStatusLegacy'} route
   * @param {string[]} params
   * @returns {Reply}
   */
  const jobStatus = (route, params) => {
    if (!JOB_ID_PATTERN.test(params[0])) return errorReply(invalidParameter('job_id', params[0]))
    if (params[0] !== jobId) return errorReply(ERRORS.recordNotFound)
    const running = [...builds.values()].some((build) => build.building && !options.neverRuns)
    if (route === 'jobStatusLegacy') return successReply(running)
    return successReply({
      is_running: running,
      last_build_no: String(Math.max(0, ...builds.keys()))
    })
  }

  /**
   * A log answer whose cursor counts UTF-16 code units. Each half of a surrogate pair counts
   * two of the answer's bytes, so a byte limit can fall between the halves.
   *
   * @param {SimulatedBuild} build
   * @param {number} offset
   * @param {number} maxBytes
   * @param {{ servedRange?: RequestRecord['servedRange'] }} record
   * @returns {Reply}
   */
  const utf16Answer = (build, offset, maxBytes, record) => {
    const readable = build.log.toString('utf8', 0, characterBoundary(build.log, build.available))
    let end = Math.min(offset, readable.length)
    let bytes = 0
    while (end < readable.length) {
      const unit = readable.charCodeAt(end)
      const size = unit >= 0xd800 && unit <= 0xdfff ? 2 : Buffer.byteLength(readable[end])
      if (bytes + size > maxBytes && end > offset) break
      bytes += size
      end++
    }
    const content = readable.slice(Math.min(offset, readable.length), end)
    record.servedRange = { offset, end: Math.max(end, offset), bytes }
    const hasMore =
      end < readable.length || (options.hasMoreData === 'while-running' && build.building)
    // JSON.stringify writes a lone surrogate as its \uXXXX escape, as such a server would.
    return jsonReply(200, {
      result: {
        has_more_data: hasMore,
        offset: Math.max(end, offset),
        content,
        current_offset: offset
      },
      error: null,
      status: 'success'
    })
  }

  /** @param {string[]} params @returns {Reply} */
  const buildInfo = (params) => {
    const found = findBuild(params[0], params[1], true)
    if ('error' in found) return errorReply(found.error)
    const { build } = found
    const building = build.building && !options.neverRuns
    switch (options.statusAnswer) {
      case 'down':
        return errorReply(ERRORS.unavailable)
      case 'reset':
        return { type: 'reset' }
      case 'silent':
        return { type: 'hang', ms: options.silentMs ?? 60_000 }
      case 'noBuilding':
        return successReply({ build_result: null, job_id: jobId })
      case 'buildingNumber':
        return successReply({ building: building ? 1 : 0, build_result: null })
      case 'buildingObject':
        return successReply({ building: { value: building }, build_result: null })
    }
    return successReply({
      building: options.buildingAsString ? String(building) : building,
      build_result: building
        ? (options.runningBuildResult ?? null)
        : options.neverRuns
          ? result
          : build.result,
      job_id: jobId,
      build_number: build.buildNo,
      start_time: new Date(build.startEpochMs).toISOString(),
      end_time: build.endEpochMs === null ? null : new Date(build.endEpochMs).toISOString()
    })
  }

  /**
   * @param {'execute' | 'executeLegacy'} route
   * @param {Buffer} body
   * @param {RequestRecord} record
   * @returns {Reply}
   */
  const trigger = (route, body, record) => {
    const parsed = parseJsonObject(body)
    if (!parsed) return errorReply(invalidParameter('body', body.toString('utf8').slice(0, 200)))
    const requestedJob = parsed.job_id
    if (typeof requestedJob !== 'string' || !JOB_ID_PATTERN.test(requestedJob)) {
      return errorReply(invalidParameter('job_id', requestedJob))
    }
    if (requestedJob !== jobId) return errorReply(ERRORS.jobNotFound)

    /** @type {TriggerRecord} */
    const entry = { route, body: parsed, buildNo: null, atEpochMs: Date.now() }
    triggers.push(entry)
    const injected =
      options.triggerFault && triggerFaultsUsed < (options.triggerFaultCount ?? 1)
        ? options.triggerFault
        : null
    if (injected) {
      triggerFaultsUsed++
      record.fault = injected
    }
    if (injected === 'refuseBeforeStart') return errorReply(ERRORS.gatewayThrottled)

    const buildNo = Math.max(0, ...builds.keys()) + 1
    startBuild(buildNo)
    entry.buildNo = buildNo
    if (injected === 'resetAfterStart') return { type: 'reset' }
    const answer = {
      actual_build_number: String(buildNo),
      daily_build_number: `${formatDailyDate(Date.now())}.${buildNo}`
    }
    return options.triggerAnswerShape === 'result' ? successReply(answer) : jsonReply(200, answer)
  }

  /**
   * @param {'stop' | 'stopLegacy'} route
   * @param {string[]} params
   * @param {URLSearchParams} query
   * @param {Buffer} body
   * @returns {Reply}
   */
  const stop = (route, params, query, body) => {
    if (options.stopFault === 'resetFirst' && stopFaultsUsed === 0) {
      stopFaultsUsed++
      return { type: 'reset' }
    }
    let buildNoText = route === 'stopLegacy' ? params[1] : query.get('build_no')
    if (buildNoText === null) {
      const fromBody = parseJsonObject(body)?.build_no
      buildNoText = fromBody === undefined || fromBody === null ? null : String(fromBody)
    }
    const found = findBuild(params[0], buildNoText, false)
    if ('error' in found) return errorReply(found.error)
    const stopped = found.build.stop()
    stops.push({ route, buildNo: found.build.buildNo, stopped, atEpochMs: Date.now() })
    return successReply({})
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {Buffer} body
   * @returns {Promise<ApiError | null>}
   */
  const authenticate = async (req, body) => {
    if (options.authenticate) return (await options.authenticate(req, body)) ?? null
    const given = req.headers['x-auth-token']
    if (given === undefined || given === '') return ERRORS.tokenMissing
    return given === token ? null : ERRORS.tokenInvalid
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {URL} url
   * @param {Buffer} body
   * @param {RequestRecord} record
   * @returns {Promise<Reply>}
   */
  const respond = async (req, url, body, record) => {
    if (options.portal) return portalPage()
    const route = matchRoute(req.method ?? 'GET', url.pathname)
    if (!route) return errorReply(ERRORS.routeNotFound)
    record.route = route.name
    if (unpublished(route.name)) return errorReply(ERRORS.routeNotFound)

    const fault = faults?.pick(route.name)
    if (faults && fault) {
      record.fault = fault
      return faults.reply(fault, {
        headers: req.headers,
        // Read-only answers are what a cut-short body would have held; the POST routes
        // must not act, so they cut a generic success instead.
        normalBody: () => {
          const normal =
            route.name === 'log'
              ? readLog(route.params, url.searchParams, {})
              : route.name === 'logV1'
                ? readLogV1(route.params, url.searchParams, {})
                : route.name === 'status'
                  ? buildInfo(route.params)
                  : successReply({})
          return normal.type === 'send' ? normal.body : successReply({}).body
        }
      })
    }

    const denied = await authenticate(req, body)
    if (denied) return errorReply(denied)
    if (options.forbidden || (route.name === 'status' && options.statusRoute === 'forbidden')) {
      return errorReply(ERRORS.forbidden)
    }
    switch (route.name) {
      case 'log':
        return readLog(route.params, url.searchParams, record)
      case 'status':
        return buildInfo(route.params)
      case 'execute':
      case 'executeLegacy':
        return trigger(route.name, body, record)
      case 'stop':
      case 'stopLegacy':
        return stop(route.name, route.params, url.searchParams, body)
      case 'logV1':
        return readLogV1(route.params, url.searchParams, record)
      case 'jobStatus':
      case 'jobStatusLegacy':
        return jobStatus(route.name, route.params)
    }
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Reply} reply
   * @param {RequestRecord} record
   */
  const deliver = (req, res, reply, record) => {
    const socket = req.socket
    if (reply.type === 'reset') {
      socket.resetAndDestroy()
      return
    }
    if (reply.type === 'hang') {
      const timer = setTimeout(() => {
        hangTimers.delete(timer)
        socket.destroy()
      }, reply.ms)
      hangTimers.add(timer)
      return
    }
    record.status = reply.status
    let body = reply.body
    /** @type {Record<string, string>} */
    const extra = {}
    const accepts = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''))
    // A reply that promises more than it carries is a cut connection: it stays as it is.
    if (options.gzip && accepts && reply.contentLength === undefined) {
      body = zlib.gzipSync(body)
      extra['Content-Encoding'] = 'gzip'
      record.gzipped = true
    }
    res.writeHead(reply.status, {
      ...reply.headers,
      ...extra,
      'Content-Length': String(reply.contentLength ?? body.length),
      'X-Request-Id': randomBytes(16).toString('hex')
    })
    if (reply.destroyAfterBody) res.write(body, () => socket.destroy())
    else if (options.bytesPerSecond) trickle(res, body, options.bytesPerSecond)
    else res.end(body)
  }

  /**
   * Sends a body a tenth of `bytesPerSecond` at a time, ten times a second: a slow link.
   *
   * @param {http.ServerResponse} res
   * @param {Buffer} body
   * @param {number} bytesPerSecond
   */
  const trickle = (res, body, bytesPerSecond) => {
    const step = Math.max(1, Math.floor(bytesPerSecond / 10))
    let at = 0
    const next = () => {
      if (res.destroyed) return
      const end = Math.min(body.length, at + step)
      const part = body.subarray(at, end)
      at = end
      if (at >= body.length) return void res.end(part)
      res.write(part)
      const timer = setTimeout(() => {
        hangTimers.delete(timer)
        next()
      }, 100)
      hangTimers.add(timer)
    }
    next()
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  const onRequest = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    /** @type {RequestRecord} */
    const record = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      atEpochMs: Date.now(),
      status: 0
    }
    requests.push(record)
    try {
      const body = await readBody(req)
      deliver(req, res, await respond(req, url, body, record), record)
    } catch {
      // A client that went away mid-request has nobody left to answer.
      if (!res.headersSent && !req.socket.destroyed) {
        deliver(req, res, errorReply(ERRORS.internal), record)
      }
    }
  }

  /** @type {(req: http.IncomingMessage, res: http.ServerResponse) => void} */
  const handler = (req, res) => void onRequest(req, res)
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler)
  // Clients keep connections alive between polls; a longer idle timeout than Node's 5 s
  // default avoids a race where the server closes a socket the client is reusing.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 70_000
  server.requestTimeout = 0

  const listenHost = options.host ?? '127.0.0.1'
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, listenHost, () => resolve(undefined))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost

  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    jobId,
    token,
    requests,
    builds,
    triggers,
    stops,
    pieceTimes: (buildNo) => [...(builds.get(buildNo)?.pieces ?? [])],
    servedLog: (buildNo) => builds.get(buildNo)?.readableLog ?? Buffer.alloc(0),
    close: async () => {
      for (const build of builds.values()) build.dispose()
      for (const timer of hangTimers) clearTimeout(timer)
      hangTimers.clear()
      await new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    }
  }
}
