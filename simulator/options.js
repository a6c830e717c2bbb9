// @ts-check

/**
 * What `startSimulator` accepts: one flat object, as every caller writes it, read internally as
 * groups by concern (see groupOptions). The options for unusual answers live in
 * scenario-options.js.
 */

/** @typedef {import('./errors.js').ApiError} ApiError */
/** @typedef {import('./faults.js').RouteName} RouteName */

/**
 * @typedef {object} CoreOptions
 * @property {number} [port] port on 127.0.0.1; default 0, any free port
 * @property {string} [jobId] the one job that exists; default DEFAULT_JOB_ID
 * @property {number} [buildNo] number of the build that exists from the start; default 1
 * @property {string} [token] the `X-Auth-Token` accepted; default DEFAULT_TOKEN
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
 * @property {(req: import('node:http').IncomingMessage, body: Buffer) => ApiError | null | Promise<ApiError | null>} [authenticate]
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

/** @typedef {CoreOptions & import('./scenario-options.js').ScenarioOptions} SimulatorOptions */

/** @typedef {ReturnType<typeof groupOptions>} GroupedOptions */

/**
 * The flat options sorted by concern; each part of the server reads only its group.
 *
 * @param {SimulatorOptions} o
 */
export function groupOptions(o) {
  return {
    build: {
      jobId: o.jobId,
      firstBuildNo: o.buildNo ?? 1,
      log: o.log,
      result: o.result ?? 'SUCCESS',
      neverRuns: o.neverRuns ?? false,
      recordAppearsAfterMs: o.recordAppearsAfterMs ?? 0,
      unknownJobAnswer: o.unknownJobAnswer ?? 'invalid-job',
      /** @type {import('./timeline.js').TimelineOptions} */
      timeline: {
        finished: o.finished,
        startDelayMs: o.startDelayMs,
        pieceIntervalMs: o.pieceIntervalMs,
        minPieceBytes: o.minPieceBytes,
        maxPieceBytes: o.maxPieceBytes,
        schedule: o.schedule,
        finishDelayMs: o.finishDelayMs,
        seed: o.seed
      }
    },
    log: {
      maxReadBytes: o.maxReadBytes ?? 1_000_000,
      cursorTypes: o.cursorTypes ?? 'native',
      cursorUnit: o.cursorUnit ?? 'bytes',
      hasMoreData: o.hasMoreData ?? 'caught-up',
      staleAnswers: o.staleAnswers ?? null,
      v1Size: o.logV1Size ?? 'budget',
      badGateway: o.logBadGateway ?? null,
      restart: o.logRestart ?? null
    },
    status: {
      buildingAsString: o.buildingAsString ?? false,
      runningBuildResult: o.runningBuildResult ?? null,
      answer: o.statusAnswer ?? 'normal',
      silentMs: o.silentMs ?? 60_000,
      resultOverride: o.statusResultOverride ?? null,
      resultShape: o.statusResultShape ?? 'object',
      error: o.statusError ?? null
    },
    startStop: {
      triggerAnswerShape: o.triggerAnswerShape ?? 'top',
      triggerFault: o.triggerFault ?? null,
      triggerFaultCount: o.triggerFaultCount ?? 1,
      stopFault: o.stopFault ?? null,
      stopAnswer: o.stopAnswer ?? 'normal'
    },
    routes: { missing: missingRoutes(o) },
    faults: {
      random: o.faults ?? null,
      throttle: o.throttle ?? null,
      rateLimit: o.rateLimit ?? null,
      hostile: o.hostile ?? null
    },
    auth: {
      token: o.token,
      authenticate: o.authenticate ?? null,
      forbidden: o.forbidden ?? false,
      statusForbidden: o.statusRoute === 'forbidden'
    },
    transport: {
      port: o.port ?? 0,
      host: o.host ?? '127.0.0.1',
      tls: o.tls ?? null,
      gzip: o.gzip ?? false,
      bytesPerSecond: o.bytesPerSecond ?? 0,
      portal: o.portal ?? false
    }
  }
}

/**
 * Which routes answer 404, and with which code: the older per-route switches say APIGW.0101,
 * `missingRoutes` names any route and spelling.
 *
 * @param {SimulatorOptions} o
 * @returns {Map<RouteName, import('./scenario-options.js').MissingRouteCode>}
 */
function missingRoutes(o) {
  /** @type {Map<RouteName, import('./scenario-options.js').MissingRouteCode>} */
  const missing = new Map()
  if (o.statusRoute === 'unpublished') missing.set('status', 'APIGW.0101')
  if (o.executeRoute === 'unpublished') missing.set('execute', 'APIGW.0101')
  if (o.stopRoute === 'unpublished') missing.set('stop', 'APIGW.0101')
  if (o.logRoute === 'v1-only') missing.set('log', 'APIGW.0101')
  if (o.jobStatusRoute === 'unpublished') missing.set('jobStatus', 'APIGW.0101')
  for (const [route, code] of Object.entries(o.missingRoutes ?? {})) {
    if (code) missing.set(/** @type {RouteName} */ (route), code)
  }
  return missing
}
