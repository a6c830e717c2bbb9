import type { BuildInfo, CodeArtsClient } from '../codearts/client.js'
import { BuildFollower } from '../follow/follower.js'
import type { FollowOutcome } from '../follow/follow-types.js'
import { buildName } from '../report/report.js'
import { singleLineRemoteText } from '../runner/command-text.js'
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

/** The calls a stop needs; CodeArtsClient provides them. */
export interface BuildStopper {
  /** True when the answer says the stop was taken. */
  stopBuild(buildNo: number, signal?: AbortSignal): Promise<boolean>
  getBuildInfo(buildNo: number, signal?: AbortSignal): Promise<BuildInfo>
}

/**
 * CodeArts's answer to a stop request: accepted; not taken, but the build is over anyway
 * (`ended`, with its result word); or not taken, and why (redacted, for a message).
 */
export type StopAnswer =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly ended: string }
  | { readonly accepted: false; readonly ended?: undefined; readonly reason: string }

/**
 * Sends the stop request, with the client's own retry (the legacy route where the current one
 * is not published, once more after a connection reset), within `signal`. A stop counts as
 * taken only when the answer says so; otherwise the status is asked: a build that is over
 * needs no stop (a stop of a finished build is refused), one that runs was not stopped.
 * Never throws.
 */
export async function requestStop(
  client: BuildStopper,
  buildNo: number,
  signal: AbortSignal,
  redactor: SecretRedactor,
  askStatus = true
): Promise<StopAnswer> {
  let reason: string
  try {
    if (await client.stopBuild(buildNo, signal)) return { accepted: true }
    reason = 'CodeArts answered that it did not take the stop'
  } catch (error) {
    reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'no answer in time'
  }
  try {
    if (!askStatus) throw new Error('not asked')
    const info = await client.getBuildInfo(buildNo, signal)
    if (!info.building) {
      return {
        accepted: false,
        ended: singleLineRemoteText(redactor.safe(info.buildResult || 'no result given', 100))
      }
    }
    reason += '; the build still runs'
  } catch {
    // The stop's own answer is what matters.
  }
  return { accepted: false, reason: redactor.safe(reason, 500) }
}

/** The line said about a stop request in the main phase. */
function stopNoteOf(answer: StopAnswer): string {
  if (answer.accepted) return 'CodeArts accepted the request to stop the build'
  if (answer.ended !== undefined)
    return `the build is over (${answer.ended}), stopped or ended on its own`
  return `the stop was not taken (${answer.reason}); the build may still be running: stop it in CodeArts`
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
  if (answer.accepted || answer.ended !== undefined) state.postState.buildSettled('stopped')
  const stopNote = stopNoteOf(answer)
  const line = `Build ${buildName(inputs.jobId, buildNo)}: ${stopNote}.`
  if (answer.accepted || answer.ended !== undefined) mirror?.statusLine(line)
  else state.log.outsideFence(() => state.core.warning(line))
  const tailMs = outcome.result === 'cancelled' ? TAIL_AFTER_CANCEL_MS : TAIL_AFTER_TIMEOUT_MS
  await follower.followTail(tailMs, cancellation.forced)
  return { ...outcome, note: `${outcome.note}; ${stopNote}` }
}
