import { asBoolean, asCursor, isObject, Json } from './answers.js'
import { transientFailure } from './errors.js'

export interface BuildInfo {
  readonly building: boolean
  /** The server's own word for the result, e.g. SUCCESS, FAILURE, ABORTED; empty while running. */
  readonly buildResult: string
}

/** What the job as a whole is doing: asked to tell an unknown job from a record not there yet. */
export interface JobStatus {
  readonly lastBuildNo: number | undefined
  readonly running: boolean | undefined
}

/** An answer's `result`; one documented page types it as an array: its first element then. */
function resultOf(body: Json): Json | undefined {
  const result = Array.isArray(body.result) ? (body.result as unknown[])[0] : body.result
  return isObject(result) ? result : undefined
}

/** The build-info answer: whether the build runs, and its result word. */
export function toBuildInfo(what: string, body: Json): BuildInfo {
  const result = resultOf(body)
  const building = asBoolean(result?.building)
  if (!result || building === undefined) throw transientFailure(what, 'it lacks result.building')
  const buildResult = typeof result.build_result === 'string' ? result.build_result : ''
  return { building, buildResult }
}

/** The running-status answer (current route) or the legacy job status (whether it runs only). */
export function toJobStatus(what: string, body: Json, legacy: boolean): JobStatus {
  if (legacy) {
    const running = asBoolean(body.result)
    if (running === undefined) throw transientFailure(what, 'its result is not true or false')
    return { running, lastBuildNo: undefined }
  }
  const result = resultOf(body)
  if (!result) throw transientFailure(what, 'it lacks result')
  const last = asCursor(result.last_build_no)
  return {
    running: asBoolean(result.is_running),
    lastBuildNo: last === undefined ? undefined : Number(last)
  }
}
