import { ApiError } from '../codearts/errors.js'
import { StartedBuild } from '../codearts/client.js'
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js'
import { Clock, realClock } from './clock.js'
import { TriggerRequest } from '../inputs/trigger.js'

/** The one call this module needs; CodeArtsClient provides it. */
export interface BuildStarter {
  startBuild(body: Record<string, unknown>, signal?: AbortSignal): Promise<StartedBuild>
}

const MAX_START_ATTEMPTS = 5

/** The request body of RunJob/ExecuteJob for what the inputs asked. */
export function startRequestBody(trigger: TriggerRequest): Record<string, unknown> {
  return {
    ...(trigger.parameters.length > 0 ? { parameter: trigger.parameters } : {}),
    ...(trigger.scm ? { scm: trigger.scm } : {})
  }
}

/**
 * Starts the build. Starting is not idempotent, so only failures that surely never reached
 * CodeArts (connection refused, 429, 503) are retried; after any other failure the build may
 * have started, and a second start would run it twice, so the action stops and says so.
 */
export async function startBuild(
  starter: BuildStarter,
  trigger: TriggerRequest,
  signal: AbortSignal,
  onStatus: (message: string) => void,
  clock: Clock = realClock,
  random: () => number = Math.random
): Promise<StartedBuild> {
  const body = startRequestBody(trigger)
  for (let attempt = 1; ; attempt++) {
    try {
      return await starter.startBuild(body, signal)
    } catch (error) {
      if (!(error instanceof ApiError) || error.kind !== 'transient' || signal.aborted) throw error
      if (!error.neverReachedServer) {
        throw new ApiError({
          message: `Starting the build failed in a way that leaves open whether CodeArts started it (${error.message}) Not retrying, so as not to start it twice: look at the task's build history in CodeArts, then follow the build with 'build-no'.`,
          kind: 'fatal',
          httpStatus: error.httpStatus,
          errorCode: error.errorCode
        })
      }
      if (attempt >= MAX_START_ATTEMPTS) throw error
      const delayMs = backoffDelayMs(attempt, DEFAULT_BACKOFF, random, error.retryAfterMs)
      onStatus(
        `${error.message} CodeArts did not take the start request; trying again in ${(delayMs / 1000).toFixed(1)} s.`
      )
      await clock.sleep(delayMs, signal)
    }
  }
}
