import type { JobStatus } from '../codearts/client.js'
import { ApiError, describeAnswer } from '../codearts/errors.js'
import type { Clock } from './clock.js'
import { BuildApi, FollowListener, FollowOptions, NEW_BUILD_GRACE_MS } from './follow-types.js'
import { formatDuration } from '../text/duration.js'

/** What the per-job question decided about a build record that is not there. */
type MissingRecordPlan =
  | { readonly kind: 'wait' }
  | {
      readonly kind: 'short-wait'
      /** Undefined when the per-job question could not be asked or does not tell it. */
      readonly lastBuildNo: number | undefined
      readonly until: number
    }

/** What the decision works with; the follower gives it. */
export interface MissingBuildContext {
  readonly api: BuildApi
  readonly options: FollowOptions
  readonly listener: FollowListener
  readonly clock: Clock
  readonly signal: AbortSignal
  /** The fatal error that ended the follow, if any: thrown instead of a mere abort. */
  readonly fatal: () => Error | undefined
}

/**
 * A build record that is not there: the API answers an unknown job the same way, so the
 * per-job question decides (once) whether to fail now (unknown job), wait a short while (a
 * build number above the job's last one, not started here), or wait as usual. The waiting is
 * said once, and the record's arrival too.
 */
export class MissingBuild {
  private plan: MissingRecordPlan | undefined
  private waitingReported = false

  constructor(private readonly context: MissingBuildContext) {}

  /** The record was not there (`error`): fails when it will not come, else says it is awaited. */
  async notThere(error: ApiError): Promise<void> {
    const plan = await this.decide()
    if (plan.kind === 'short-wait' && this.context.clock.now() >= plan.until) {
      const { buildNo, jobId = '', host = 'this endpoint' } = this.context.options
      const last =
        plan.lastBuildNo === undefined
          ? "the job's builds could not be asked"
          : `the job's last build is #${plan.lastBuildNo}`
      throw new ApiError({
        message: `Job or build not found: build #${buildNo} of CodeArts job '${jobId}' did not appear at ${host} within ${formatDuration(this.graceMs())} (${last}). Check the 'job-id', 'build-no' and 'region' (or 'endpoint') inputs.`,
        kind: 'fatal',
        httpStatus: error.httpStatus,
        errorCode: error.errorCode
      })
    }
    if (this.waitingReported) return
    this.waitingReported = true
    this.context.listener.onStatus(
      `Build #${this.context.options.buildNo} does not exist yet (CodeArts answered ${describeAnswer(error)}); waiting for it until ${this.untilText(plan)}.`
    )
  }

  /** A read succeeded: the record is there, which is news only after a waiting line. */
  found(): void {
    if (!this.waitingReported) return
    this.waitingReported = false
    this.context.listener.onStatus(`Build #${this.context.options.buildNo} found.`)
  }

  private untilText(plan: MissingRecordPlan): string {
    const { timeoutMs } = this.context.options
    if (plan.kind === 'short-wait') {
      const why =
        plan.lastBuildNo === undefined
          ? 'the job cannot be asked about its builds'
          : `the job's last build is #${plan.lastBuildNo}`
      return `${formatDuration(this.graceMs())} have passed (${why})`
    }
    return timeoutMs > 0 ? `the timeout (${formatDuration(timeoutMs)})` : 'it appears'
  }

  private graceMs(): number {
    return this.context.options.newBuildGraceMs ?? NEW_BUILD_GRACE_MS
  }

  private async decide(): Promise<MissingRecordPlan> {
    if (this.plan) return this.plan
    const { api, options, listener, signal } = this.context
    const { jobId = 'the job', host = 'this endpoint' } = options
    let job: JobStatus
    try {
      job = await api.getJobStatus(signal)
    } catch (error) {
      if (signal.aborted) throw this.context.fatal() ?? signal.reason
      if (error instanceof ApiError && error.kind === 'not-found') {
        throw new ApiError({
          message: `CodeArts job '${jobId}' was not found at ${host}: check the 'job-id' and 'region' (or 'endpoint') inputs.`,
          kind: 'fatal',
          httpStatus: error.httpStatus,
          errorCode: error.errorCode
        })
      }
      // Without the per-job question, a build this step did not start is waited for a short
      // while only: an unknown job or a wrong number must not hold the step to its timeout.
      listener.onDebug(
        `The job status request could not tell whether the job exists (${error instanceof Error ? error.message : String(error)}).`
      )
      this.plan = this.planFor({ running: undefined, lastBuildNo: undefined })
      return this.plan
    }
    this.plan = this.planFor(job)
    return this.plan
  }

  private planFor(job: JobStatus): MissingRecordPlan {
    const last = job.lastBuildNo
    // A job that runs may be about to record the build; a number at or below the last is one
    // the job had. Neither known (the legacy question says only "not running", or no answer):
    // the short wait.
    const comingSoon =
      this.context.options.startedByThisStep ||
      job.running === true ||
      (last !== undefined && this.context.options.buildNo <= last)
    if (comingSoon) return { kind: 'wait' }
    return {
      kind: 'short-wait',
      lastBuildNo: last,
      until: this.context.clock.now() + this.graceMs()
    }
  }
}
