// @ts-check
/**
 * The bench's log server: it answers the real-time-log route from bytes rendered before any
 * follower starts, so that during a timed run it does almost no work of its own and the
 * figures measure the follower, not the server.
 *
 * The log's content is JSON-escaped once. Cut points are fixed every {@link BLOCK_BYTES} bytes
 * of log (moved back to a character boundary), each with its place in the escaped bytes, so
 * an answer is a small prefix, a slice of the escaped bytes from one cut point to another (no
 * copy) and a small suffix. Answers carry the simulator's v3 fields in its order
 * (`has_more_data`, `offset`, `content`, `current_offset`) with the same byte cursor, and
 * `has_more_data` stays true while the build runs, as the live API says it. An answer carries
 * what `length` asks, up to {@link MAX_READ_BYTES} (1,000,000) log bytes, as the API's does. The status route
 * answers as the simulator's does. A running build may hold back the log's last bytes (its
 * `Finished:` trailer) until `finish()`, as a real build shows them only when it ends. `GET /raw-log` serves the whole log in one answer, for
 * `curl`: the physical limit of moving these bytes over loopback.
 */
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { DEFAULT_JOB_ID, DEFAULT_TOKEN } from '../simulator/server.js'
import { jsonStringBytes } from '../simulator/json-bytes.js'
import { listenOnLoopback } from './loopback.js'

/** The most log bytes one answer carries, whatever `length` asks: the API's cap. */
export const MAX_READ_BYTES = 1_000_000

/** Distance between cut points, in bytes of log: small against any read length in use. */
export const BLOCK_BYTES = 4096

/** @param {number} byte */
const isContinuation = (byte) => (byte & 0xc0) === 0x80

/**
 * @typedef {object} ServedRequest
 * @property {string} path
 * @property {number} atEpochMs when it arrived, with sub-millisecond precision
 * @property {string} userAgent
 * @property {number} [servedBytes] log bytes in the answer, for a log read
 */

/**
 * @typedef {object} PrerenderedServer
 * @property {string} url
 * @property {string} jobId
 * @property {string} token
 * @property {ServedRequest[]} requests every request, in arrival order
 * @property {(buildNo: number) => Buffer} servedLog the whole log
 * @property {string} rawLogUrl the whole log as one plain answer
 * @property {() => void} finish the build is over from now on, and the whole log readable
 * @property {() => number | null} endedAtEpochMs when the build ended (sub-millisecond epoch
 *   time); null while it runs
 * @property {() => Promise<void>} close
 */

/**
 * The log's JSON-escaped bytes and its cut points, computed once.
 *
 * @param {Buffer} log
 * @param {number} [mustCutAt] a cut point wherever the blocks fall (the held-back end)
 * @returns {{ escaped: Buffer, rawCuts: number[], escapedCuts: number[] }}
 */
export function prerender(log, mustCutAt = log.length) {
  /** @type {number[]} */
  const rawCuts = [0]
  /** @type {number[]} */
  const escapedCuts = [0]
  /** @type {Buffer[]} */
  const parts = []
  let escapedLength = 0
  let start = 0
  while (start < log.length) {
    let end = Math.min(log.length, start + BLOCK_BYTES)
    if (start < mustCutAt && end > mustCutAt) end = mustCutAt
    while (end < log.length && end > start && isContinuation(log[end])) end--
    if (end === start) end = Math.min(log.length, start + BLOCK_BYTES)
    const part = jsonStringBytes(log, start, end)
    parts.push(part)
    escapedLength += part.length
    rawCuts.push(end)
    escapedCuts.push(escapedLength)
    start = end
  }
  return { escaped: Buffer.concat(parts, escapedLength), rawCuts, escapedCuts }
}

/**
 * Index of the last cut at or before `position`.
 *
 * @param {number[]} cuts ascending
 * @param {number} position
 */
function cutAtOrBefore(cuts, position) {
  let low = 0
  let high = cuts.length - 1
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (cuts[mid] <= position) low = mid
    else high = mid - 1
  }
  return low
}

/**
 * Starts the server on 127.0.0.1 with the log rendered.
 *
 * @param {object} options
 * @param {Buffer} options.log the whole log, valid UTF-8
 * @param {boolean} [options.building] the build runs (until `finish()`); default false
 * @param {number} [options.readableWhileBuilding] bytes of the log readable while the build
 *   runs (on a character boundary); default all
 * @param {string} [options.jobId]
 * @param {string} [options.token]
 * @returns {Promise<PrerenderedServer>}
 */
export async function startPrerenderedServer(options) {
  const { log, jobId, token } = options
  const job = jobId ?? DEFAULT_JOB_ID
  const acceptedToken = token ?? DEFAULT_TOKEN
  let running = options.building ?? false
  const heldBackFrom = running ? (options.readableWhileBuilding ?? log.length) : log.length
  const { escaped, rawCuts, escapedCuts } = prerender(log, heldBackFrom)
  const startedAt = new Date().toISOString()
  /** @type {string | null} */
  let endedAt = running ? null : startedAt
  /** @type {number | null} */
  let endedAtEpochMs = running ? null : performance.timeOrigin + performance.now()
  const logPath = `/v3/jobs/${job}/1/real-time-log`
  const statusPath = `/v1/job/${job}/1/build-info`
  /** @type {ServedRequest[]} */
  const requests = []

  /**
   * @param {http.ServerResponse} res
   * @param {number} status
   * @param {Buffer[]} parts
   * @param {string} contentType
   */
  const send = (res, status, parts, contentType) => {
    const length = parts.reduce((sum, part) => sum + part.length, 0)
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(length) })
    res.cork()
    for (const part of parts) res.write(part)
    res.end()
    res.uncork()
  }
  const json = 'application/json;charset=UTF-8'

  /**
   * @param {URLSearchParams} query
   * @param {http.ServerResponse} res
   * @param {ServedRequest} record
   */
  const answerLog = (query, res, record) => {
    const readable = running ? heldBackFrom : log.length
    const offset = Number(query.get('offset') ?? '0')
    const asked = Number(query.get('length') ?? String(MAX_READ_BYTES))
    const length = Math.min(asked, MAX_READ_BYTES)
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(asked) || asked < 0) {
      const error = `{"error_code":"CB.00000002","error_msg":"Invalid offset or length: '${offset}', '${asked}'."}`
      return send(res, 400, [Buffer.from(error)], json)
    }
    const start = Math.min(offset, readable)
    const first = cutAtOrBefore(rawCuts, start)
    const last = cutAtOrBefore(rawCuts, Math.min(readable, start + length))
    // A cursor this server never gave, or a length shorter than one block (no follower here
    // does either), is served right, only not from the rendered bytes.
    const rendered = rawCuts[first] === start && last > first
    let end = rendered ? rawCuts[last] : Math.min(readable, start + length)
    while (!rendered && end > start && end < readable && isContinuation(log[end])) end--
    const content = rendered
      ? escaped.subarray(escapedCuts[first], escapedCuts[last])
      : jsonStringBytes(log, start, end)
    record.servedBytes = end - start
    const hasMore = end < readable || running
    const head = `{"result":{"has_more_data":${hasMore},"offset":${end},"content":"`
    const tail = `","current_offset":${offset}},"error":null,"status":"success"}`
    send(res, 200, [Buffer.from(head), content, Buffer.from(tail)], json)
  }

  /** @param {http.ServerResponse} res */
  const answerStatus = (res) => {
    const body = {
      result: {
        building: running,
        build_result: running ? null : 'SUCCESS',
        job_id: job,
        build_number: 1,
        start_time: startedAt,
        end_time: endedAt
      },
      error: null,
      status: 'success'
    }
    send(res, 200, [Buffer.from(JSON.stringify(body))], json)
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    /** @type {ServedRequest} */
    const record = {
      path: url.pathname,
      atEpochMs: performance.timeOrigin + performance.now(),
      userAgent: String(req.headers['user-agent'] ?? '')
    }
    requests.push(record)
    req.resume()
    req.on('end', () => {
      if (url.pathname === '/raw-log') return send(res, 200, [log], 'text/plain; charset=utf-8')
      if (req.headers['x-auth-token'] !== acceptedToken) {
        const error =
          '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information."}'
        return send(res, 401, [Buffer.from(error)], json)
      }
      if (req.method === 'GET' && url.pathname === logPath)
        return answerLog(url.searchParams, res, record)
      if (req.method === 'GET' && url.pathname === statusPath) return answerStatus(res)
      const error = `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment: ${req.method} ${url.pathname}."}`
      send(res, 404, [Buffer.from(error)], json)
    })
  })
  const url = await listenOnLoopback(server)
  return {
    url,
    jobId: job,
    token: acceptedToken,
    requests,
    servedLog: () => log,
    rawLogUrl: `${url}/raw-log`,
    finish: () => {
      if (!running) return
      running = false
      endedAt = new Date().toISOString()
      endedAtEpochMs = performance.timeOrigin + performance.now()
    },
    endedAtEpochMs: () => endedAtEpochMs,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
  }
}
