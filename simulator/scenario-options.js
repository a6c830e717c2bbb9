// @ts-check

/**
 * Options for the rarer answers the live service was seen or documented to give. All are off
 * by default. Route names are those of faults.js: log, logV1, status, jobStatus,
 * jobStatusLegacy, execute, executeLegacy, stop, stopLegacy.
 */

/** @typedef {import('./faults.js').RouteName} RouteName */

/**
 * How a throttled answer is spelled: 429 `APIGW.0308` (the gateway's table), 429 `APIG.0308`
 * (as several pages spell it), or HTTP 500 `CB.00060211` (the service's own).
 *
 * @typedef {'APIGW.0308' | 'APIG.0308' | 'CB.00060211'} ThrottleSpelling
 */

/**
 * 404 `APIGW.0101` or `APIG.0101` (route not published) or `CB.00060214` (URL not found).
 *
 * @typedef {'APIGW.0101' | 'APIG.0101' | 'CB.00060214'} MissingRouteCode
 */

/**
 * @typedef {'endlessBody' | 'hugeContentLength' | 'gzipBomb' | 'echoHeadersPage'} HostileKind
 */

/**
 * @typedef {object} ScenarioOptions
 * @property {{ spelling?: ThrottleSpelling, routes?: RouteName[], skip?: number,
 *   count?: number, retryAfterSeconds?: number }} [throttle] throttled answers on demand: of
 *   the requests to `routes` (default all), the first `skip` (default 0) pass, the next
 *   `count` (default all the rest) answer throttled in `spelling` (default 'APIGW.0308'), with
 *   a `Retry-After` header when `retryAfterSeconds` is given
 * @property {{ perSecond: number, burst?: number, spelling?: ThrottleSpelling,
 *   retryAfterSeconds?: number }} [rateLimit] one token bucket shared by every route of this
 *   simulator: it refills `perSecond` tokens a second up to `burst` (default `perSecond`, also
 *   its content at start); a request that finds it empty answers throttled in `spelling`
 *   (default 'APIGW.0308'). `stats()` counts served and throttled requests a second
 * @property {Partial<Record<RouteName, MissingRouteCode>>} [missingRoutes] these routes answer
 *   404 with that code, e.g. `{ logV1: 'CB.00060214', status: 'APIG.0101' }`
 * @property {'budget' | 'fixed1000'} [logV1Size] how the v1 log route reads `size`: a byte
 *   budget like v3's `length` (default), or, as documented, a parameter that must be exactly
 *   `1000` (anything else, or none, answers 400 `CB.00060200`); answers then carry up to
 *   `maxReadBytes`
 * @property {'normal' | 'refused'} [stopAnswer] 'refused': both stop routes leave the build
 *   running and answer HTTP 200, legacy `{"success":false,"result":...}`, v1
 *   `{"status":"fail",...}`; default 'normal'
 * @property {string} [statusResultOverride] build-info's build_result once a build is over,
 *   whatever its log says (e.g. 'SUCCESS' while the log ends `Finished: FAILURE`)
 * @property {'object' | 'array'} [statusResultShape] 'array': build-info's `result` is a
 *   one-element array `[{...}]`; default 'object'
 * @property {{ count: number, fromOffset?: number, whenOver?: boolean }} [logBadGateway]
 *   `count` log reads (either route) asking at or past `fromOffset` (default 0), and only once
 *   the build is over when `whenOver`, answer 502 with an HTML bad-gateway page
 * @property {{ atOffset: number, log?: string | Buffer }} [logRestart] the first log read (either
 *   route) asking at or past `atOffset` finds the log started over under the same build
 *   number: from then on the build's log is `log` (default a different generated log), and
 *   that answer and the next count from 0 again
 * @property {{ kind: HostileKind, routes?: RouteName[], count?: number }} [hostile] the first
 *   `count` (default all) requests to `routes` (default all) get a hostile answer:
 *   'endlessBody' a 200 JSON-looking body that never ends (until the client closes);
 *   'hugeContentLength' `Content-Length: 1125899906842624` with a short body, then the
 *   connection closes; 'gzipBomb' a 200 `Content-Encoding: gzip` body of a few hundred KiB
 *   that inflates to 300 MiB of zero bytes; 'echoHeadersPage' a 200 HTML page listing the
 *   request's headers, `X-Auth-Token` included
 * @property {import('./errors.js').ApiError | 'workflowCommands'} [statusError] build-info
 *   answers this error; 'workflowCommands' is HTTP 500 `CB.00060000` whose error_msg holds
 *   newlines and workflow commands (see WORKFLOW_COMMANDS_MESSAGE in errors.js)
 */

export {}
