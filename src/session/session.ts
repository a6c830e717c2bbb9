import { CodeArtsClient } from '../codearts/client.js'
import { classifyBuildResult } from '../build-log/build-result.js'
import { BuildFollower } from '../follow/follower.js'
import { startBuild } from '../follow/start-build.js'
import { ActionInputs } from '../inputs/action-inputs.js'
import { resolveLogFile } from '../inputs/log-file.js'
import { TriggerRequest } from '../inputs/trigger.js'
import { LogArchive } from '../mirror/log-archive.js'
import { chooseFailureAnnotations } from '../report/failure-annotations.js'
import { LogMirror } from '../mirror/log-mirror.js'
import type { StepRecord } from '../build-log/step-tracker.js'
import { buildName, reportOutcome, writeJobSummary } from '../report/report.js'
import { LogContent } from '../mirror/log-content.js'
import { RunState, Session, setOutputs } from './run-state.js'
import { stopBuildIfAsked } from './stop-build.js'
import { clientForInputs } from './api-client.js'
import { secretSink } from './run-deps.js'

/** With a stop request to send and a log tail to read, the runner's 7.5 s before SIGTERM. */
const CANCEL_WITH_STOP_GRACE_MS = 6500

/**
 * Runs the mode the inputs ask for: start a build, follow one to its end, or check one once.
 * Inputs -> client -> (start) -> follower -> mirror and archive -> report.
 */
export async function runSession(state: RunState, inputs: ActionInputs): Promise<void> {
  const session: Session = { state, inputs }
  const { mode } = inputs
  state.postState.inputsRead(mode, inputs.stopOnCancel)
  if (inputs.stopOnCancel) state.cancellation.setGraceMs(CANCEL_WITH_STOP_GRACE_MS)
  // Checked before any request when its path is known; the default one needs the build number.
  const earlyLogFile =
    mode.kind === 'follow' || (mode.kind === 'start' && mode.follow)
      ? logFileFor(session, mode.kind === 'follow' ? mode.buildNo : undefined)
      : undefined
  if (earlyLogFile) state.archive = createArchive(state, earlyLogFile)

  const client = clientFor(session)
  try {
    switch (mode.kind) {
      case 'follow':
        setOutputs(state, { 'build-no': String(mode.buildNo) })
        return await followLog(session, client, mode.buildNo)
      case 'check':
        setOutputs(state, { 'build-no': String(mode.buildNo) })
        return await checkOnce(session, client, mode.buildNo)
      case 'start': {
        const buildNo = await startRequestedBuild(session, client, mode.trigger)
        // Before anything else: from here on, a kill leaves the post step what it needs.
        state.postState.buildStarted(inputs.jobId, buildNo)
        setOutputs(state, { 'build-no': String(buildNo) })
        if (mode.follow) return await followLog(session, client, buildNo)
        state.log.info(
          `Started CodeArts build ${buildName(inputs.jobId, buildNo)}; not following it (wait: false).`
        )
      }
    }
  } finally {
    client.dispose()
  }
}

function logFileFor(session: Session, buildNo: number): string
function logFileFor(session: Session, buildNo: number | undefined): string | undefined
function logFileFor({ state, inputs }: Session, buildNo: number | undefined): string | undefined {
  return resolveLogFile({
    value: inputs.logFileInput,
    jobId: inputs.jobId,
    buildNo,
    paths: state.env
  })
}

function clientFor({ state, inputs }: Session): CodeArtsClient {
  return clientForInputs(
    inputs,
    (message) => {
      const safe = state.redactor.safe(message)
      if (state.mirror) state.mirror.statusLine(safe)
      else state.log.info(safe)
    },
    secretSink(state.redactor, state.core, (write) => state.log.outsideFence(write))
  )
}

/** trigger: true: starts the build and sets its numbers as outputs at once. */
async function startRequestedBuild(
  { state, inputs }: Session,
  client: CodeArtsClient,
  trigger: TriggerRequest
): Promise<number> {
  const { log, redactor, cancellation } = state
  log.info(`Starting a build of CodeArts job ${inputs.jobId} at ${new URL(inputs.endpoint).host}.`)
  const started = await startBuild(client, trigger, {
    signal: cancellation.requested,
    onStatus: (message) => log.info(redactor.safe(message)),
    clock: state.clock
  })
  setOutputs(state, { 'daily-build-no': started.dailyBuildNo })
  const daily = started.dailyBuildNo ? ` (${started.dailyBuildNo})` : ''
  log.info(`Started build #${started.buildNo}${daily}.`)
  return started.buildNo
}

/** wait: false on a given build: reads how it stands once, sets the outputs, and ends. */
async function checkOnce(
  { state, inputs }: Session,
  client: CodeArtsClient,
  buildNo: number
): Promise<void> {
  const build = buildName(inputs.jobId, buildNo)
  const info = await client.getBuildInfo(buildNo, state.cancellation.requested)
  if (info.building) {
    state.log.info(`CodeArts build ${build} is still running; not following it (wait: false).`)
    return
  }
  const result = classifyBuildResult(info.buildResult)
  setOutputs(state, { result })
  const message = state.redactor.safe(`CodeArts build ${build} has ended: ${info.buildResult}.`)
  if (result === 'success') state.log.info(message)
  else state.log.outsideFence(() => state.core.setFailed(message))
}

/** The log file, with the run's secrets kept out of it and its troubles said as warnings. */
function createArchive(state: RunState, filePath: string): LogArchive {
  const warn = (message: string): void =>
    state.log.outsideFence(() => state.core.warning(state.redactor.safe(message)))
  return LogArchive.create(filePath, { secrets: state.redactor, warn })
}

/** Follows the build's log to its end, then reports the outcome. */
async function followLog(session: Session, client: CodeArtsClient, buildNo: number): Promise<void> {
  const { state, inputs } = session
  const { log, redactor, cancellation, core } = state
  const archive = (state.archive ??= createArchive(state, logFileFor(session, buildNo)))
  setOutputs(state, { 'log-file': archive.filePath })
  const host = new URL(inputs.endpoint).host
  log.info(
    `Following CodeArts build ${buildName(inputs.jobId, buildNo)} at ${host}; raw log: ${archive.filePath}`
  )
  const mirror = (state.mirror = new LogMirror(log, { showLog: inputs.showLog, redactor }))
  const content = (state.content = new LogContent(archive, mirror, log, redactor))
  const follower = new BuildFollower(
    client,
    {
      buildNo,
      pollIntervalMs: inputs.pollIntervalMs,
      timeoutMs: inputs.timeoutMs,
      cancelSignal: cancellation.requested,
      jobId: inputs.jobId,
      host,
      startedByThisStep: inputs.mode.kind === 'start',
      clock: state.clock
    },
    {
      onContent: (text, newlines) => content.take(text, newlines),
      onStatus: (message) => mirror.statusLine(redactor.safe(message)),
      onWarning: (message) =>
        mirror.atLineBoundary(() => {
          log.endGroup()
          log.outsideFence(() => core.warning(redactor.safe(message)))
        }),
      onDebug: (message) =>
        mirror.atLineBoundary(() => log.outsideFence(() => core.debug(redactor.safe(message)))),
      onLogRestart: () => content.breakLine(),
      // Asked only when the log is caught up: a last line without its newline counts then.
      finishedLineResult: (logComplete) =>
        mirror.finishedResult ?? mirror.unterminatedFinishedResult(logComplete)
    }
  )
  const followed = await follower.follow()
  // Any result but these means the build is over: the post step then has nothing to stop.
  if (followed.result !== 'cancelled' && followed.result !== 'timeout') {
    state.postState.buildSettled('ended')
  }
  const outcome = await stopBuildIfAsked(session, { client, follower, buildNo, outcome: followed })
  content.end()
  mirror.end()
  const { tracker } = mirror
  if (outcome.result === 'aborted') markAbortedStep(tracker.steps)
  const annotations = chooseFailureAnnotations(mirror.failures, {
    workspace: state.env.GITHUB_WORKSPACE || undefined,
    workspacePrefix: inputs.workspacePrefix,
    redactor,
    // A failed run ends with the action's own error, which counts against the same cap.
    reserved: outcome.result === 'success' ? 0 : 1
  })
  const report = {
    jobId: inputs.jobId,
    buildNo,
    outcome,
    steps: tracker.steps,
    failedStep: tracker.failedStep(),
    logBytes: archive.size,
    annotations,
    testTotals: mirror.failures.totals()
  }
  reportOutcome(state, report)
  await writeJobSummary({ ...state, summaryFile: state.env.GITHUB_STEP_SUMMARY }, report)
}

/**
 * An aborted build stops the step that runs: the last step, when the log shows no end of it,
 * was aborted (not merely without an end marker). A step with error lines stays failed.
 */
function markAbortedStep(steps: readonly StepRecord[]): void {
  const last = steps.at(-1)
  if (last?.status === 'unfinished') last.status = 'aborted'
}
