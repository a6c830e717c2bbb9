import { CodeArtsClient } from '../codearts/client.js'
import { BuildFollower, FollowOutcome } from '../follow/follower.js'
import { buildName } from '../workflow/report.js'
import { Session } from './run-state.js'

const STOP_REQUEST_TIMEOUT_MS = 2500
const TAIL_AFTER_CANCEL_MS = 3000
const TAIL_AFTER_TIMEOUT_MS = 15_000

/** The build being followed, and how its follow ended. */
export interface FollowedBuild {
  readonly client: CodeArtsClient
  readonly follower: BuildFollower
  readonly buildNo: number
  readonly outcome: FollowOutcome
}

/** Stops the build on cancel or timeout when asked to; says whether CodeArts accepted. */
export async function stopBuildIfAsked(
  { state, inputs }: Session,
  followed: FollowedBuild
): Promise<FollowOutcome> {
  const { outcome, client, follower, buildNo } = followed
  if (!inputs.stopOnCancel || (outcome.result !== 'cancelled' && outcome.result !== 'timeout')) {
    return outcome
  }
  const { mirror, cancellation } = state
  let stopNote: string
  try {
    const limit = AbortSignal.any([
      cancellation.forced,
      AbortSignal.timeout(STOP_REQUEST_TIMEOUT_MS)
    ])
    await client.stopBuild(buildNo, limit)
    stopNote = 'CodeArts accepted the request to stop the build'
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'no answer in time'
    stopNote = `the request to stop the build failed (${state.redactor.safe(reason, 500)})`
  }
  mirror?.statusLine(`Build ${buildName(inputs.jobId, buildNo)}: ${stopNote}.`)
  const tailMs = outcome.result === 'cancelled' ? TAIL_AFTER_CANCEL_MS : TAIL_AFTER_TIMEOUT_MS
  await follower.followTail(tailMs, cancellation.forced)
  return { ...outcome, note: `${outcome.note}; ${stopNote}` }
}
