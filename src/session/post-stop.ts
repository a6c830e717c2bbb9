import { SecretRedactor } from '../runner/secrets.js'
import { UnsettledBuild } from './post-state.js'
import { BuildStopper, requestStop } from './stop-build.js'

/** The calls the post phase makes; CodeArtsClient provides them. */
export type PostStopApi = BuildStopper

/** What the post phase says: one line, as a plain line or as a warning. */
export interface PostStopReport {
  readonly level: 'info' | 'warning'
  readonly message: string
}

/**
 * Stops a build the main phase left unsettled, if it still runs: asks its status once; stops
 * it when it runs; says so when it is over. When the status cannot be read (a region without
 * the status call, a failing gateway), the stop request is sent all the same: the build was
 * never seen to end, and a stop of a build already over changes nothing. Only a stop that
 * failed is a warning; it never fails the job, whose result is the main phase's.
 */
export async function stopUnsettledBuild(
  api: PostStopApi,
  build: UnsettledBuild,
  signal: AbortSignal,
  redactor: SecretRedactor
): Promise<PostStopReport> {
  const name = `CodeArts build ${build.jobId}#${build.buildNo}`
  let statusTrouble: string | undefined
  try {
    const info = await api.getBuildInfo(build.buildNo, signal)
    if (!info.building) {
      // Redacted, then cut; the post phase writes it on one line, fenced when it needs to be.
      const word = redactor.safe(info.buildResult || 'no result given', 100)
      return { level: 'info', message: `Nothing to stop: ${name} is already over (${word}).` }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    statusTrouble = `its status could not be read (${redactor.safe(reason, 500)})`
  }
  // A status that could not be read just now is not asked again after a failed stop.
  const answer = await requestStop(api, build.buildNo, signal, redactor, !statusTrouble)
  if (answer.accepted) {
    const before = statusTrouble ? `${statusTrouble}, so` : 'it was still running, and'
    return {
      level: 'info',
      message: `${name} was left unsettled by the main step; ${before} CodeArts accepted the request to stop it.`
    }
  }
  if (answer.ended !== undefined) {
    return {
      level: 'info',
      message: `${name} is over (${answer.ended}): stopped, or ended on its own.`
    }
  }
  // The stop's failure is what matters; the status call's, if any, mostly says the same.
  return {
    level: 'warning',
    message: `${name} may still be running: the request to stop it was not taken (${answer.reason}). Stop it in CodeArts if it is.`
  }
}
