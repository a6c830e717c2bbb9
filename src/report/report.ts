import { isKnownBuildResult } from '../build-log/build-result.js'
import { StepRecord } from '../build-log/step-tracker.js'
import { formatDuration } from '../text/duration.js'
import type { FollowOutcome } from '../follow/follow-types.js'
import { ActionCore } from '../runner/action-core.js'
import { AnnotationChoice } from './annotation-budget.js'
import { writeFailureAnnotations } from './failure-annotations.js'
import { renderSummary } from './job-summary.js'
import { TestTotals } from '../build-log/test-totals.js'
import { SecretRedactor } from '../runner/secrets.js'
import { WorkflowLog } from '../runner/workflow-log.js'

/** What the end of a followed build is reported from. */
export interface FollowReport {
  readonly jobId: string
  readonly buildNo: number
  readonly outcome: FollowOutcome
  /** The steps the log named, in order. */
  readonly steps: readonly StepRecord[]
  /** The step that failed, with its last lines, if one did. */
  readonly failedStep: StepRecord | undefined
  readonly logBytes: number
  /** The error annotations chosen at the end of the run, and those left for the summary. */
  readonly annotations?: AnnotationChoice
  /** Test totals the log printed, if any. */
  readonly testTotals?: TestTotals
}

/** Where the report goes: the workflow log, the runner's commands, and what to redact. */
export interface ReportTarget {
  readonly log: WorkflowLog
  readonly redactor: SecretRedactor
  readonly core: ActionCore
}

/** `<job-id>#<build-no>`, the way the action names a build everywhere. */
export function buildName(jobId: string, buildNo: number): string {
  return `${jobId}#${buildNo}`
}

/**
 * The end of the run in the workflow log: outputs, the chosen error annotations, then for a
 * failed build the failed step's last lines outside every group, then the error annotation
 * that fails the step.
 */
export function reportOutcome(target: ReportTarget, report: FollowReport): void {
  const { log, redactor, core } = target
  const { outcome, failedStep } = report
  const build = buildName(report.jobId, report.buildNo)
  log.outsideFence(() => {
    core.setOutput('result', outcome.result)
    core.setOutput('failed-step', failedStep?.name ?? '')
  })
  writeFailureAnnotations(log, report.annotations?.chosen ?? [])
  switch (outcome.result) {
    case 'success':
      log.info(
        `CodeArts build ${build} succeeded (${outcome.serverResult}) after ${formatDuration(outcome.elapsedMs)}; ${report.logBytes} bytes of log received${outcome.note ? `; ${outcome.note}` : ''}.`
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
        ? `CodeArts build ${build} ${verb}${where} (${outcome.serverResult})${outcome.note ? `: ${outcome.note}` : ''}.`
        : `CodeArts build ${build} ended with '${outcome.serverResult}', a result this action does not know${where}; it counts as a failure.`
      log.outsideFence(() => core.setFailed(redactor.safe(failure)))
      return
    }
    case 'timeout':
    case 'cancelled': {
      const lastStep = report.steps.at(-1)
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

/**
 * Writes the job summary when the runner provides one (`summaryFile`, from
 * GITHUB_STEP_SUMMARY); its text is redacted like the log.
 */
export async function writeJobSummary(
  target: Omit<ReportTarget, 'log'> & { readonly summaryFile: string | undefined },
  report: FollowReport
): Promise<void> {
  if (!target.summaryFile) return
  const { redactor } = target
  const markdown = renderSummary({
    result: report.outcome.result,
    serverResult: report.outcome.serverResult,
    jobId: report.jobId,
    buildNo: report.buildNo,
    elapsedMs: report.outcome.elapsedMs,
    logBytes: report.logBytes,
    steps: report.steps,
    failedStep: report.failedStep,
    note: report.outcome.note,
    testTotals: report.testTotals,
    annotationsLeftOut: report.annotations?.rest ?? [],
    redact: (text) => redactor.redactCut(text)
  })
  await target.core.writeSummary(redactor.redact(markdown))
}
