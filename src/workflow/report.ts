import * as core from '@actions/core'
import { isKnownBuildResult } from '../build-log/build-result.js'
import { formatDuration } from './duration.js'
import { FollowOutcome } from '../follow/follower.js'
import { renderSummary } from './job-summary.js'
import { LogMirror } from './log-mirror.js'
import { SecretRedactor } from './secrets.js'
import { WorkflowLog } from './workflow-log.js'

/** What the end of a followed build is reported from. */
export interface FollowReport {
  readonly jobId: string
  readonly buildNo: number
  readonly outcome: FollowOutcome
  readonly mirror: LogMirror
  readonly logBytes: number
}

/** `<job-id>#<build-no>`, the way the action names a build everywhere. */
export function buildName(jobId: string, buildNo: number): string {
  return `${jobId}#${buildNo}`
}

/**
 * The end of the run in the workflow log: outputs, then for a failed build the failed step's
 * last lines outside every group, then the error annotation that fails the step.
 */
export function reportOutcome(
  log: WorkflowLog,
  redactor: SecretRedactor,
  report: FollowReport
): void {
  const { outcome, mirror } = report
  const build = buildName(report.jobId, report.buildNo)
  const failedStep = mirror.tracker.failedStep()
  log.outsideFence(() => {
    core.setOutput('result', outcome.result)
    core.setOutput('failed-step', failedStep?.name ?? '')
  })
  switch (outcome.result) {
    case 'success':
      log.info(
        `CodeArts build ${build} succeeded (${outcome.serverResult}) after ${formatDuration(outcome.elapsedMs)}; ${report.logBytes} bytes of log received.`
      )
      return
    case 'failure':
    case 'aborted': {
      const verb = outcome.result === 'aborted' ? 'was aborted' : 'failed'
      const where = failedStep ? ` at step '${failedStep.name}'` : ''
      if (failedStep && failedStep.tailLines.length > 0) {
        log.info(`Last ${failedStep.tailLines.length} lines of step '${failedStep.name}':`)
        log.remoteLines(failedStep.tailLines.map((line) => redactor.redactCut(line)))
      }
      const failure = isKnownBuildResult(outcome.serverResult)
        ? `CodeArts build ${build} ${verb}${where} (${outcome.serverResult}).`
        : `CodeArts build ${build} ended with '${outcome.serverResult}', a result this action does not know${where}; it counts as a failure.`
      log.outsideFence(() => core.setFailed(redactor.safe(failure)))
      return
    }
    case 'timeout':
    case 'cancelled': {
      const lastStep = mirror.tracker.steps.at(-1)
      const reached = lastStep ? `, in step '${lastStep.name}'` : ''
      log.outsideFence(() =>
        core.setFailed(
          redactor.safe(
            `Stopped following CodeArts build ${build} after ${formatDuration(outcome.elapsedMs)}: ${outcome.note}. The log got to ${report.logBytes} bytes${reached}.`
          )
        )
      )
    }
  }
}

/** Writes the job summary when the runner provides one; its text is redacted like the log. */
export async function writeJobSummary(
  redactor: SecretRedactor,
  report: FollowReport
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const { tracker } = report.mirror
  const markdown = renderSummary({
    result: report.outcome.result,
    serverResult: report.outcome.serverResult,
    jobId: report.jobId,
    buildNo: report.buildNo,
    elapsedMs: report.outcome.elapsedMs,
    logBytes: report.logBytes,
    steps: tracker.steps,
    failedStep: tracker.failedStep(),
    note: report.outcome.note,
    redact: (text) => redactor.redactCut(text)
  })
  await core.summary.addRaw(redactor.redact(markdown)).write()
}
