// @ts-check
/**
 * The fleet benchmark's server: one loopback HTTP server for many builds of one job, answering
 * the two routes a follower of a build uses (the v3 real-time-log and the v1 build-info) as
 * CodeArts does, behind an optional token bucket shared by every request, as an account's
 * API Gateway quota is: beyond it, HTTP 429 `APIGW.0308`, with or without Retry-After.
 *
 * Each build's log becomes readable piece by piece on its plan's timeline (bench/fleet-plan.js)
 * from the moment the build is added; a read carries what `length` asks up to 1,000,000 log
 * bytes, and `has_more_data` stays true while the build runs. Every request is recorded with
 * its build, route, arrival time and answer, for the figures.
 */
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { listenOnLoopback } from './loopback.js'
import { retryAfterSeconds, TokenBucket } from './token-bucket.js'

export const JOB_ID = '0123456789abcdef0123456789abcdef'
export const TOKEN = 'fleet-token'
const MAX_READ_BYTES = 1_000_000
const LOG_ROUTE = /^\/v3\/jobs\/([0-9a-z]+)\/(\d+)\/real-time-log$/
const STATUS_ROUTE = /^\/v1\/job\/([0-9a-z]+)\/(\d+)\/build-info$/

/** @param {number} byte */
const isContinuation = (byte) => (byte & 0xc0) === 0x80
const epochNow = () => performance.timeOrigin + performance.now()

/**
 * @typedef {object} FleetRequest
 * @property {number} buildNo 0 when the path names none
 * @property {'log' | 'status' | 'other'} route
 * @property {number} atEpochMs
 * @property {number} status the HTTP status answered
 * @property {number} [servedEnd] for an answered log read: the cursor it returned
 */

/**
 * @typedef {object} FleetBuild
 * @property {import('./fleet-plan.js').FleetBuildPlan} plan
 * @property {number} startEpochMs
 */

/**
 * @param {object} [options]
 * @param {{ ratePerSecond: number, burst: number } | null} [options.quota] null: no throttling
 * @param {boolean} [options.retryAfter] send Retry-After with a 429; default true
 */
export async function startFleetServer(options = {}) {
  const quota = options.quota ?? null
  const sendRetryAfter = options.retryAfter ?? true
  /** @type {TokenBucket | null} */
  let bucket = null
  /** @type {Map<number, FleetBuild>} */
  const builds = new Map()
  /** @type {FleetRequest[]} */
  const requests = []

  /**
   * Bytes readable now, and whether the build is over.
   *
   * @param {FleetBuild} build
   * @param {number} nowMs
   */
  const stateOf = (build, nowMs) => {
    const elapsed = nowMs - build.startEpochMs
    let readable = 0
    for (const piece of build.plan.pieces) {
      if (piece.atMs > elapsed) break
      readable = piece.endByte
    }
    const over = build.plan.endsAtMs !== null && elapsed >= build.plan.endsAtMs
    return { readable, over }
  }

  /**
   * @param {http.ServerResponse} res
   * @param {number} status
   * @param {string} body
   * @param {Record<string, string>} [headers]
   */
  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': String(Buffer.byteLength(body)),
      ...headers
    })
    res.end(body)
  }

  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const nowMs = epochNow()
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const logMatch = LOG_ROUTE.exec(url.pathname)
      const statusMatch = STATUS_ROUTE.exec(url.pathname)
      const match = logMatch ?? statusMatch
      /** @type {FleetRequest} */
      const record = {
        buildNo: match ? Number(match[2]) : 0,
        route: logMatch ? 'log' : statusMatch ? 'status' : 'other',
        atEpochMs: nowMs,
        status: 0
      }
      requests.push(record)
      /** @param {number} status @param {string} body @param {Record<string, string>} [headers] */
      const answer = (status, body, headers) => {
        record.status = status
        send(res, status, body, headers)
      }
      if (bucket) {
        const taken = bucket.take(nowMs)
        if (!taken.granted) {
          const body =
            '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:' +
            `${quota?.ratePerSecond},time:1 second"}`
          return answer(
            429,
            body,
            sendRetryAfter ? { 'Retry-After': String(retryAfterSeconds(taken.waitMs)) } : {}
          )
        }
      }
      if (req.headers['x-auth-token'] !== TOKEN) {
        return answer(
          401,
          '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information."}'
        )
      }
      const build = match && match[1] === JOB_ID ? builds.get(record.buildNo) : undefined
      if (req.method !== 'GET' || !match) {
        return answer(
          404,
          `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment: ${req.method} ${url.pathname}."}`
        )
      }
      if (!build) {
        return answer(
          404,
          '{"error_code":"CB.00031001","error_msg":"The build record does not exist."}'
        )
      }
      const { readable, over } = stateOf(build, nowMs)
      if (statusMatch) {
        const ended = over ? new Date(build.startEpochMs + (build.plan.endsAtMs ?? 0)) : null
        return answer(
          200,
          JSON.stringify({
            result: {
              building: !over,
              build_result: over ? build.plan.result : null,
              job_id: JOB_ID,
              build_number: record.buildNo,
              start_time: new Date(build.startEpochMs).toISOString(),
              end_time: ended ? ended.toISOString() : null
            },
            error: null,
            status: 'success'
          })
        )
      }
      const offset = Number(url.searchParams.get('offset') ?? '0')
      const length = Number(url.searchParams.get('length') ?? String(MAX_READ_BYTES))
      if (
        !Number.isSafeInteger(offset) ||
        offset < 0 ||
        !Number.isSafeInteger(length) ||
        length < 0
      ) {
        return answer(
          400,
          `{"error_code":"CB.00000002","error_msg":"Invalid offset or length: '${url.searchParams.get('offset')}', '${url.searchParams.get('length')}'."}`
        )
      }
      const log = build.plan.log
      const start = Math.min(offset, readable)
      let end = Math.min(readable, start + Math.min(length, MAX_READ_BYTES))
      while (end > start && end < readable && isContinuation(log[end])) end--
      record.servedEnd = end
      const hasMore = end < readable || !over
      const content = JSON.stringify(log.toString('utf8', start, end))
      answer(
        200,
        `{"result":{"has_more_data":${hasMore},"offset":${end},"content":${content},"current_offset":${offset}},"error":null,"status":"success"}`
      )
    })
  })
  const url = await listenOnLoopback(server)
  return {
    url,
    jobId: JOB_ID,
    token: TOKEN,
    requests,
    builds,
    /**
     * The build starts now: its first piece is readable at once.
     *
     * @param {number} buildNo
     * @param {import('./fleet-plan.js').FleetBuildPlan} plan
     */
    addBuild(buildNo, plan) {
      builds.set(buildNo, { plan, startEpochMs: epochNow() })
    },
    /** The quota starts now, with a full bucket. */
    startQuota() {
      if (quota) bucket = new TokenBucket({ ...quota, nowMs: epochNow() })
    },
    /** @param {number} buildNo */
    servedLog: (buildNo) => builds.get(buildNo)?.plan.log ?? Buffer.alloc(0),
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      )
  }
}
