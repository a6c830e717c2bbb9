// @ts-check
import { ERRORS, invalidParameter } from '../errors.js'
import { errorReply, jsonReply, successReply } from '../replies.js'
import { JOB_ID_PATTERN, parseJsonObject } from '../state.js'
import { formatDailyDate } from '../timestamps.js'

/** @typedef {import('../state.js').SimulatorState} State */
/** @typedef {import('../routes.js').Call} Call */
/** @typedef {import('../replies.js').Reply} Reply */

/**
 * `POST /v1/job/execute` and legacy `POST /v3/jobs/build`: starts the next build.
 *
 * @param {State} state
 * @param {Call} call
 * @returns {Reply}
 */
export function trigger(state, { route, body, record }) {
  const options = state.options.startStop
  const parsed = parseJsonObject(body)
  if (!parsed) return errorReply(invalidParameter('body', body.toString('utf8').slice(0, 200)))
  const requestedJob = parsed.job_id
  if (typeof requestedJob !== 'string' || !JOB_ID_PATTERN.test(requestedJob)) {
    return errorReply(invalidParameter('job_id', requestedJob))
  }
  if (requestedJob !== state.jobId) return errorReply(ERRORS.jobNotFound)

  /** @type {import('../server.js').TriggerRecord} */
  const entry = {
    route: /** @type {'execute' | 'executeLegacy'} */ (route),
    body: parsed,
    buildNo: null,
    atEpochMs: Date.now()
  }
  state.triggers.push(entry)
  const injected =
    options.triggerFault && state.used.triggerFaults < options.triggerFaultCount
      ? options.triggerFault
      : null
  if (injected) {
    state.used.triggerFaults++
    record.fault = injected
  }
  if (injected === 'refuseBeforeStart') return errorReply(ERRORS.gatewayThrottled)

  const buildNo = state.nextBuildNo()
  state.startBuild(buildNo)
  entry.buildNo = buildNo
  if (injected === 'resetAfterStart') return { type: 'reset' }
  const answer = {
    actual_build_number: String(buildNo),
    daily_build_number: `${formatDailyDate(Date.now())}.${buildNo}`
  }
  return options.triggerAnswerShape === 'result' ? successReply(answer) : jsonReply(200, answer)
}

/**
 * `POST /v1/job/{job_id}/stop` (build_no in the query or the body) and legacy
 * `POST /v3/jobs/{job_id}/{build_no}/stop`.
 *
 * @param {State} state
 * @param {Call} call
 * @returns {Reply}
 */
export function stop(state, { route, params, query, body }) {
  const options = state.options.startStop
  if (options.stopFault === 'resetFirst' && state.used.stopFaults === 0) {
    state.used.stopFaults++
    return { type: 'reset' }
  }
  let buildNoText = route === 'stopLegacy' ? params[1] : query.get('build_no')
  if (buildNoText === null) {
    const fromBody = parseJsonObject(body)?.build_no
    buildNoText = fromBody === undefined || fromBody === null ? null : String(fromBody)
  }
  const found = state.findBuild(params[0], buildNoText, false)
  if ('error' in found) return errorReply(found.error)
  const stopRoute = /** @type {'stop' | 'stopLegacy'} */ (route)
  const { build } = found
  if (options.stopAnswer === 'refused') {
    state.stops.push({
      route: stopRoute,
      buildNo: build.buildNo,
      stopped: false,
      refused: true,
      atEpochMs: Date.now()
    })
    return route === 'stopLegacy'
      ? jsonReply(200, { success: false, result: { build_no: String(build.buildNo) } })
      : jsonReply(200, { result: null, error: null, status: 'fail' })
  }
  const stopped = build.stop()
  state.stops.push({ route: stopRoute, buildNo: build.buildNo, stopped, atEpochMs: Date.now() })
  return successReply({})
}
