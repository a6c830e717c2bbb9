import { CodeArtsClient } from '../codearts/client.js'
import { BuildFollower } from '../follow/follower.js'
import type { FollowOutcome } from '../follow/follow-types.js'
import { buildName } from '../report/report.js'
import { SecretRedactor } from '../runner/secrets.js'
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

/** The one call a stop needs; CodeArtsClient provides it. */
export interface BuildStopper {
  stopBuild(buildNo: number, signal?: AbortSignal): Promise<void>
}

/** CodeArts's answer to a stop request: accepted, or why not (redacted, for a message). */
export type StopAnswer =
  { readonly accepted: true } | { readonly accepted: false; readonly reason: string }

/**
 * Sends the stop request, with the client's own retry (the legacy route where the current one
 * is not published, once more after a connection reset), within `signal`. Never throws.
 */
export async function requestStop(
  client: BuildStopper,
  buildNo: number,
  signal: AbortSignal,
  redactor: SecretRedactor
): Promise<StopAnswer> {
  try {
    await client.stopBuild(buildNo, signal)
    return { accepted: true }
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'no answer in time'
    return { accepted: false, reason: redactor.safe(reason, 500) }
  }
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
  const limit = AbortSignal.any([cancellation.forced, AbortSignal.timeout(STOP_REQUEST_TIMEOUT_MS)])
  const answer = await requestStop(client, buildNo, limit, state.redactor)
  // Saved at once: the post step must not stop the build again, even if this process is killed.
  if (answer.accepted) state.postState.buildSettled('stopped')
  const stopNote = answer.accepted
    ? 'CodeArts accepted the request to stop the build'
    : `the request to stop the build failed (${answer.reason})`
  mirror?.statusLine(`Build ${buildName(inputs.jobId, buildNo)}: ${stopNote}.`)
  const tailMs = outcome.result === 'cancelled' ? TAIL_AFTER_CANCEL_MS : TAIL_AFTER_TIMEOUT_MS
  await follower.followTail(tailMs, cancellation.forced)
  return { ...outcome, note: `${outcome.note}; ${stopNote}` }
}
