import { ApiError, describeAnswer } from './errors.js'

/** The v1 log route's `size`: documented as a required string fixed at 1000. */
export const V1_LOG_SIZE = '1000'

/**
 * A 400 from the v1 log route: the route refuses the request as this action sends it (its
 * parameters as documented), so another try cannot help. Said as such, not as a passing fault;
 * any other failure is passed on as it is.
 */
export function v1LogRefused(error: unknown, host: string): unknown {
  // An unknown job ID (400 CB.00060201) keeps its own advice.
  if (!(error instanceof ApiError) || error.httpStatus !== 400) return error
  if (error.errorCode === 'CB.00060201') return error
  return new ApiError({
    message: `The log route GET /v1/log/{job_id}/{build_no}/real-time-log is unusable at ${host}: it refused a request with its documented parameters (${describeAnswer(error)}; ${error.message}). Check the 'region' and 'endpoint' inputs; if they are right, report this answer to the action's maintainers.`,
    kind: 'fatal',
    httpStatus: error.httpStatus,
    errorCode: error.errorCode
  })
}
