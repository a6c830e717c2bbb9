// @ts-check
import { ERRORS, invalidParameter } from '../errors.js'
import { logAnswerReply, logV1AnswerReply } from '../log-answer.js'
import { readLogWindow } from '../log-window.js'
import { generateBuildLog } from '../logs.js'
import { errorReply, rawReply } from '../replies.js'
import { parseWholeNumber } from '../state.js'
import { utf16Answer } from './log-utf16.js'

/** @typedef {import('../state.js').SimulatorState} State */
/** @typedef {import('../routes.js').Call} Call */
/** @typedef {import('../replies.js').Reply} Reply */
/** @typedef {import('../timeline.js').SimulatedBuild} SimulatedBuild */

const DEFAULT_LENGTH = 1_000_000

const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

/**
 * The scenarios every log read goes through after its build and cursor are known: a bad
 * gateway for a few reads, or the log starting over. Returns the reply to send instead, or the
 * offset to serve from.
 *
 * @param {State} state
 * @param {SimulatedBuild} build
 * @param {number} offset
 * @returns {{ reply: Reply } | { offset: number }}
 */
function logScenario(state, build, offset) {
  const { badGateway, restart } = state.options.log
  if (
    badGateway &&
    state.used.badGateway < badGateway.count &&
    offset >= (badGateway.fromOffset ?? 0) &&
    !(badGateway.whenOver && build.building)
  ) {
    state.used.badGateway++
    return { reply: rawReply(502, BAD_GATEWAY_PAGE, 'text/html') }
  }
  if (restart && !state.used.restarted && offset >= restart.atOffset) {
    state.used.restarted = true
    const log =
      restart.log ??
      generateBuildLog({ result: state.options.build.result, seed: 7, longLineBytes: 0 })
    build.restartLog(typeof log === 'string' ? Buffer.from(log, 'utf8') : log)
    return { offset: 0 }
  }
  return { offset }
}

/**
 * `GET /v3/jobs/{job_id}/{build_no}/real-time-log?offset=&length=`
 *
 * @param {State} state
 * @param {Call} call
 * @returns {Reply}
 */
export function readLog(state, { params, query, record }) {
  const options = state.options.log
  const found = state.findBuild(params[0], params[1], true)
  if ('error' in found) return errorReply(found.error)
  if (state.options.build.neverRuns) return errorReply(ERRORS.neverRan)
  const offsetText = query.get('offset')
  const asked = parseWholeNumber(offsetText, 0, Number.MAX_SAFE_INTEGER)
  if (asked === null) return errorReply(invalidParameter('offset', offsetText))
  state.used.logAnswers++
  const stale = options.staleAnswers
  const lagged =
    stale && asked > 0 && state.used.logAnswers % stale.every === 0
      ? Math.max(0, asked - stale.lag)
      : asked
  const lengthText = query.get('length')
  const length =
    lengthText === null ? DEFAULT_LENGTH : parseWholeNumber(lengthText, 0, Number.MAX_SAFE_INTEGER)
  if (length === null) return errorReply(invalidParameter('length', lengthText))
  const scenario = logScenario(state, found.build, lagged)
  if ('reply' in scenario) return scenario.reply
  const { offset } = scenario

  const maxBytes = Math.min(length, options.maxReadBytes)
  if (options.cursorUnit === 'utf16') {
    return utf16Answer(found.build, offset, maxBytes, options.hasMoreData, record)
  }
  const window = readLogWindow(found.build, {
    offset,
    maxBytes,
    unit: options.cursorUnit,
    hasMorePolicy: options.hasMoreData
  })
  record.servedRange = {
    offset: window.currentOffset,
    end: window.nextOffset,
    bytes: window.endByte - window.startByte
  }
  return logAnswerReply(found.build.log, window, options.cursorTypes)
}

/**
 * The current log route, `GET /v1/log/{job_id}/{build_no}/real-time-log`: `start_offset`, and
 * `size` either a byte count (as `length` on v3) or, with `logV1Size: 'fixed1000'`, a
 * parameter that must be 1000; an `end_offset` query parameter is accepted and ignored.
 *
 * @param {State} state
 * @param {Call} call
 * @returns {Reply}
 */
export function readLogV1(state, { params, query, record }) {
  const options = state.options.log
  const found = state.findBuild(params[0], params[1], true)
  if ('error' in found) return errorReply(found.error)
  const offsetText = query.get('start_offset') ?? '0'
  const asked = parseWholeNumber(offsetText, 0, Number.MAX_SAFE_INTEGER)
  if (asked === null) return errorReply(invalidParameter('start_offset', offsetText))
  const sizeText = query.get('size')
  let size
  if (options.v1Size === 'fixed1000') {
    if (sizeText !== '1000') return errorReply(invalidParameter('size', sizeText))
    size = DEFAULT_LENGTH
  } else {
    size =
      sizeText === null ? DEFAULT_LENGTH : parseWholeNumber(sizeText, 0, Number.MAX_SAFE_INTEGER)
    if (size === null) return errorReply(invalidParameter('size', sizeText))
  }
  const scenario = logScenario(state, found.build, asked)
  if ('reply' in scenario) return scenario.reply
  const window = readLogWindow(found.build, {
    offset: scenario.offset,
    maxBytes: Math.min(size, options.maxReadBytes),
    // The v1 route is followed in bytes or characters; 'utf16' is a v3 test of split pairs.
    unit: options.cursorUnit === 'chars' ? 'chars' : 'bytes',
    hasMorePolicy: options.hasMoreData
  })
  record.servedRange = {
    offset: window.currentOffset,
    end: window.nextOffset,
    bytes: window.endByte - window.startByte
  }
  return logV1AnswerReply(found.build.log, window)
}
