import { ApiError } from '../codearts/errors.js'
import { StartedBuild } from '../codearts/client.js'
import { Clock, realClock } from './clock.js'
import { isTransient, withRetries } from './retry.js'
import { TriggerRequest } from '../inputs/trigger.js'

/** The one call this module needs; CodeArtsClient provides it. */
export interface BuildStarter {
  startBuild(body: Record<string, unknown>, signal?: AbortSignal): Promise<StartedBuild>
}

/** How the start is told and timed. */
export interface StartOptions {
  readonly signal: AbortSignal
  /** A status line for each retry. */
  readonly onStatus: (message: string) => void
  readonly clock?: Clock
  readonly random?: () => number
}

const MAX_START_ATTEMPTS = 5

/** The request body of RunJob/ExecuteJob for what the inputs asked. */
function startRequestBody(trigger: TriggerRequest): Record<string, unknown> {
  return {
    ...(trigger.parameters.length > 0 ? { parameter: trigger.parameters } : {}),
    ...(trigger.scm ? { scm: trigger.scm } : {})
  }
}

/** Only a failure that surely never reached CodeArts (refused connection, 429, 503) is safe. */
function surelyNotActedOn(error: unknown): boolean {
  return isTransient(error) && error.neverReachedServer
}

/**
 * Starts the build. Starting is not idempotent, so only failures that surely never reached
 * CodeArts are retried; after any other failure the build may have started, and a second
 * start would run it twice, so the action stops and says so.
 */
export async function startBuild(
  starter: BuildStarter,
  trigger: TriggerRequest,
  options: StartOptions
): Promise<StartedBuild> {
  const body = startRequestBody(trigger)
  const { signal } = options
  try {
    return await withRetries((callSignal) => starter.startBuild(body, callSignal), {
      clock: options.clock ?? realClock,
      random: options.random,
      signal,
      maxAttempts: MAX_START_ATTEMPTS,
      shouldRetry: surelyNotActedOn,
      onRetry: ({ error, delayMs }) =>
        options.onStatus(
          `${(error as ApiError).message} CodeArts did not take the start request; trying again in ${(delayMs / 1000).toFixed(1)} s.`
        )
    })
  } catch (error) {
    if (!isTransient(error) || error.neverReachedServer || signal.aborted) throw error
    throw new ApiError({
      message: `Starting the build failed in a way that leaves open whether CodeArts started it (${error.message}) Not retrying, so as not to start it twice: look at the task's build history in CodeArts, then follow the build with 'build-no'.`,
      kind: 'fatal',
      httpStatus: error.httpStatus,
      errorCode: error.errorCode
    })
  }
}
