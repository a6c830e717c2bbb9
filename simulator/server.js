// @ts-check
import http from 'node:http'
import https from 'node:https'
import { createDelivery } from './delivery.js'
import { ERRORS } from './errors.js'
import { createGate } from './gate.js'
import { groupOptions } from './options.js'
import { errorReply } from './replies.js'
import { createState } from './state.js'

export { DEFAULT_JOB_ID, DEFAULT_TOKEN } from './state.js'

/** @typedef {import('./options.js').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./errors.js').ApiError} ApiError */
/** @typedef {import('./faults.js').FaultKind} FaultKind */
/** @typedef {import('./faults.js').RouteName} RouteName */
/** @typedef {import('./replies.js').Reply} Reply */
/** @typedef {import('./timeline.js').SimulatedBuild} BuildState one build: log, readable bytes, building, result, pieces */
/** @typedef {import('./rate-limit.js').SimulatorStats} SimulatorStats */

const MAX_REQUEST_BODY_BYTES = 1024 * 1024

/**
 * @typedef {object} RequestRecord
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {number} atEpochMs when the request arrived
 * @property {number} status HTTP status answered; 0 when nothing was answered
 * @property {RouteName} [route]
 * @property {FaultKind | 'resetAfterStart' | 'refuseBeforeStart'} [fault]
 * @property {{ offset: number, end: number, bytes: number }} [servedRange] a log answer's
 *   cursor range (in the cursor unit) and byte count
 * @property {boolean} [gzipped] the answer was sent gzip-compressed
 * @property {boolean} [throttled] answered throttled by `throttle` or `rateLimit`
 * @property {import('./scenario-options.js').HostileKind} [hostile] the hostile answer given
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
 * @property {boolean} stopped false when the build was already over or the stop was refused
 * @property {boolean} [refused] answered as not done (`stopAnswer: 'refused'`)
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
 * @property {() => SimulatorStats} stats requests to known routes answered (`served`) and
 *   answered throttled, in all and per second
 */

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
  const grouped = groupOptions(options)
  const state = createState(grouped)
  const gate = await createGate(state)
  const deliver = createDelivery(state)
  const { transport } = grouped

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
    state.requests.push(record)
    try {
      const body = await readBody(req)
      deliver(req, res, await gate.respond(req, url, body, record), record)
    } catch {
      // A client that went away mid-request has nobody left to answer.
      if (!res.headersSent && !req.socket.destroyed) {
        deliver(req, res, errorReply(ERRORS.internal), record)
      }
    }
  }

  /** @type {(req: http.IncomingMessage, res: http.ServerResponse) => void} */
  const handler = (req, res) => void onRequest(req, res)
  const server = transport.tls
    ? https.createServer({ key: transport.tls.key, cert: transport.tls.cert }, handler)
    : http.createServer(handler)
  // Clients keep connections alive between polls; a longer idle timeout than Node's 5 s
  // default avoids a race where the server closes a socket the client is reusing.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 70_000
  server.requestTimeout = 0

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(transport.port, transport.host, () => resolve(undefined))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const urlHost = transport.host.includes(':') ? `[${transport.host}]` : transport.host

  return {
    url: `${transport.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    jobId: state.jobId,
    token: state.token,
    requests: state.requests,
    builds: state.builds,
    triggers: state.triggers,
    stops: state.stops,
    pieceTimes: (buildNo) => [...(state.builds.get(buildNo)?.pieces ?? [])],
    servedLog: (buildNo) => state.builds.get(buildNo)?.readableLog ?? Buffer.alloc(0),
    stats: gate.stats,
    close: async () => {
      state.dispose()
      await new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    }
  }
}
