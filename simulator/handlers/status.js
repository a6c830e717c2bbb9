// @ts-check
import { ERRORS, WORKFLOW_COMMANDS_MESSAGE, invalidParameter } from '../errors.js'
import { errorReply, successReply } from '../replies.js'
import { JOB_ID_PATTERN } from '../state.js'

/** @typedef {import('../state.js').SimulatorState} State */
/** @typedef {import('../routes.js').Call} Call */
/** @typedef {import('../replies.js').Reply} Reply */

/**
 * `GET /v1/job/{job_id}/{build_no}/build-info`: whether the build runs and how it ended.
 *
 * @param {State} state
 * @param {Call} call
 * @returns {Reply}
 */
export function buildInfo(state, { params }) {
  const options = state.options.status
  const { neverRuns, result } = state.options.build
  const found = state.findBuild(params[0], params[1], true)
  if ('error' in found) return errorReply(found.error)
  if (options.error === 'workflowCommands') {
    return errorReply({ ...ERRORS.internal, error_msg: WORKFLOW_COMMANDS_MESSAGE })
  }
  if (options.error) return errorReply(options.error)
  const { build } = found
  const building = build.building && !neverRuns
  switch (options.answer) {
    case 'down':
      return errorReply(ERRORS.unavailable)
    case 'reset':
      return { type: 'reset' }
    case 'silent':
      return { type: 'hang', ms: options.silentMs }
    case 'noBuilding':
      return successReply({ build_result: null, job_id: state.jobId })
    case 'buildingNumber':
      return successReply({ building: building ? 1 : 0, build_result: null })
    case 'buildingObject':
      return successReply({ building: { value: building }, build_result: null })
  }
  const ended = neverRuns ? result : (options.resultOverride ?? build.result)
  const info = {
    building: options.buildingAsString ? String(building) : building,
    build_result: building ? options.runningBuildResult : ended,
    job_id: state.jobId,
    build_number: build.buildNo,
    start_time: new Date(build.startEpochMs).toISOString(),
    end_time: build.endEpochMs === null ? null : new Date(build.endEpochMs).toISOString()
  }
  return successReply(options.resultShape === 'array' ? [info] : info)
}

/**
 * `GET /v1/job/{job_id}/running-status` and legacy `GET /v3/jobs/{job_id}/status`: whether the
 * job runs and its last build number; an unknown job answers 422 CB.00031006, as the live API
 * does.
 *
 * @param {State} state
 * @param {Call} call
 * @returns {Reply}
 */
export function jobStatus(state, { route, params }) {
  if (!JOB_ID_PATTERN.test(params[0])) return errorReply(invalidParameter('job_id', params[0]))
  if (params[0] !== state.jobId) return errorReply(ERRORS.recordNotFound)
  const running = state.anyRunning()
  if (route === 'jobStatusLegacy') return successReply(running)
  return successReply({
    is_running: running,
    last_build_no: String(Math.max(0, ...state.builds.keys()))
  })
}
