import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { CodeArtsClient } from './codearts/client.js'
import { authenticatorFor } from './codearts/auth.js'
import { classifyBuildResult } from './build-log/build-result.js'
import { Cancellation } from './workflow/cancellation.js'
import { BuildFollower, FollowOutcome } from './follow/follower.js'
import { secretValues } from './inputs/credentials.js'
import { InputError } from './inputs/input-error.js'
import { ActionInputs, readInputs, resolveLogFile } from './inputs/action-inputs.js'
import { LogArchive } from './workflow/log-archive.js'
import { LogMirror } from './workflow/log-mirror.js'
import { buildName, reportOutcome, writeJobSummary } from './workflow/report.js'
import { SecretRedactor } from './workflow/secrets.js'
import { startBuild } from './follow/start-build.js'
import { SurrogateCarry } from './follow/surrogate-carry.js'
import { TriggerRequest } from './inputs/trigger.js'
import { WorkflowLog } from './workflow/workflow-log.js'

const USER_AGENT = 'codearts-build-action/1.0'
const REQUEST_TIMEOUT_MS = 30_000
/** After a cancel, the process ends within this even if a socket still holds it. */
const CANCEL_GRACE_MS = 1500
/** With a stop request to send and a log tail to read, the runner's 7.5 s before SIGTERM. */
const CANCEL_WITH_STOP_GRACE_MS = 6500
const STOP_REQUEST_TIMEOUT_MS = 2500
const TAIL_AFTER_CANCEL_MS = 3000
const TAIL_AFTER_TIMEOUT_MS = 15_000

/** The parts of one run that its end and its error path both need. */
interface RunState {
  readonly redactor: SecretRedactor
  readonly log: WorkflowLog
  readonly cancellation: Cancellation
  archive?: LogArchive
  mirror?: LogMirror
  /** Passes the log on to the archive and the mirror; joins characters cut between answers. */
  content?: LogContent
}

/** Where the log's text goes: the raw file and the workflow log, each character whole. */
class LogContent {
  private readonly carry = new SurrogateCarry()

  constructor(
    private readonly archive: LogArchive,
    private readonly mirror: LogMirror,
    private readonly log: WorkflowLog
  ) {}

  /** Takes the next text; resolves once stdout can take more. */
  take(content: string): void | Promise<void> {
    return this.pass(this.carry.take(content))
  }

  /** The log is over: a half character still held is written (once). */
  end(): void {
    void this.pass(this.carry.flush())
  }

  private pass(text: string): void | Promise<void> {
    if (!text) return
    this.archive.append(text)
    if (!this.mirror.write(text)) return this.log.whenDrained()
  }
}

function readInput(name: string): string {
  return core.getInput(name)
}

function setOutputs(log: WorkflowLog, outputs: Record<string, string>): void {
  log.outsideFence(() => {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  })
}

/** Stops the build on cancel or timeout when asked to; says whether CodeArts accepted. */
async function stopBuildIfAsked(
  state: RunState,
  inputs: ActionInputs,
  client: CodeArtsClient,
  follower: BuildFollower,
  buildNo: number,
  outcome: FollowOutcome
): Promise<FollowOutcome> {
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

/** wait: false — start or check the build, set the outputs, and end without following. */
async function reportWithoutFollowing(
  state: RunState,
  inputs: ActionInputs,
  client: CodeArtsClient,
  buildNo: number
): Promise<void> {
  const build = buildName(inputs.jobId, buildNo)
  if (inputs.trigger) {
    state.log.info(`Started CodeArts build ${build}; not following it (wait: false).`)
    return
  }
  const info = await client.getBuildInfo(buildNo, state.cancellation.requested)
  if (info.building) {
    state.log.info(`CodeArts build ${build} is still running; not following it (wait: false).`)
    return
  }
  const result = classifyBuildResult(info.buildResult)
  setOutputs(state.log, { result })
  const message = state.redactor.safe(`CodeArts build ${build} has ended: ${info.buildResult}.`)
  if (result === 'success') state.log.info(message)
  else state.log.outsideFence(() => core.setFailed(message))
}

/** Reads the inputs, then starts, follows or checks the build as they ask. */
async function follow(state: RunState): Promise<void> {
  const inputs = readInputs(readInput, process.env)
  const { log, cancellation } = state
  if (inputs.stopOnCancel) cancellation.setGraceMs(CANCEL_WITH_STOP_GRACE_MS)
  const logFileFor = (buildNo?: number): string | undefined =>
    resolveLogFile(inputs.logFileInput, inputs.jobId, buildNo, process.env)
  // Checked before any request when its path is known; the default one needs the build number.
  const earlyLogFile = inputs.wait ? logFileFor(inputs.buildNo) : undefined
  if (earlyLogFile) state.archive = LogArchive.create(earlyLogFile)

  const client = new CodeArtsClient({
    endpoint: inputs.endpoint,
    jobId: inputs.jobId,
    authenticate: authenticatorFor(inputs.credentials),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    userAgent: USER_AGENT,
    onNotice: (message) => {
      const safe = state.redactor.safe(message)
      if (state.mirror) state.mirror.statusLine(safe)
      else log.info(safe)
    }
  })
  try {
    const buildNo = inputs.trigger
      ? await startRequestedBuild(state, inputs, inputs.trigger, client)
      : (inputs.buildNo as number)
    setOutputs(log, { 'build-no': String(buildNo) })
    if (inputs.wait) {
      state.archive ??= LogArchive.create(logFileFor(buildNo) as string)
      const startedByThisStep = inputs.trigger !== undefined
      await followLog(state, inputs, client, state.archive, buildNo, startedByThisStep)
    } else {
      await reportWithoutFollowing(state, inputs, client, buildNo)
    }
  } finally {
    client.dispose()
  }
}

/** trigger: true — starts the build and sets its numbers as outputs at once. */
async function startRequestedBuild(
  state: RunState,
  inputs: ActionInputs,
  trigger: TriggerRequest,
  client: CodeArtsClient
): Promise<number> {
  const { log, redactor, cancellation } = state
  log.info(`Starting a build of CodeArts job ${inputs.jobId} at ${new URL(inputs.endpoint).host}.`)
  const started = await startBuild(client, trigger, {
    signal: cancellation.requested,
    onStatus: (message) => log.info(redactor.safe(message))
  })
  setOutputs(log, { 'daily-build-no': started.dailyBuildNo })
  const daily = started.dailyBuildNo ? ` (${started.dailyBuildNo})` : ''
  log.info(`Started build #${started.buildNo}${daily}.`)
  return started.buildNo
}

/** Follows the build's log to its end, then reports the outcome. */
async function followLog(
  state: RunState,
  inputs: ActionInputs,
  client: CodeArtsClient,
  archive: LogArchive,
  buildNo: number,
  startedByThisStep: boolean
): Promise<void> {
  const { log, redactor, cancellation } = state
  setOutputs(log, { 'log-file': archive.filePath })
  log.info(
    `Following CodeArts build ${buildName(inputs.jobId, buildNo)} at ${new URL(inputs.endpoint).host}; raw log: ${archive.filePath}`
  )
  const mirror = new LogMirror(log, { showLog: inputs.showLog, redactor })
  state.mirror = mirror
  const content = new LogContent(archive, mirror, log)
  state.content = content
  const follower = new BuildFollower(
    client,
    {
      buildNo,
      pollIntervalMs: inputs.pollIntervalMs,
      timeoutMs: inputs.timeoutMs,
      cancelSignal: cancellation.requested,
      jobId: inputs.jobId,
      host: new URL(inputs.endpoint).host,
      startedByThisStep
    },
    {
      onContent: (text) => content.take(text),
      onStatus: (message) => mirror.statusLine(redactor.safe(message)),
      onWarning: (message) =>
        mirror.atLineBoundary(() => {
          log.endGroup()
          log.outsideFence(() => core.warning(redactor.safe(message)))
        }),
      onDebug: (message) =>
        mirror.atLineBoundary(() => log.outsideFence(() => core.debug(redactor.safe(message)))),
      // Asked only when the log is caught up: a last line without its newline counts then.
      finishedLineResult: (logComplete) =>
        mirror.finishedResult ?? mirror.unterminatedFinishedResult(logComplete)
    }
  )
  const followed = await follower.follow()
  const outcome = await stopBuildIfAsked(state, inputs, client, follower, buildNo, followed)
  content.end()
  mirror.end()
  const report = { jobId: inputs.jobId, buildNo, outcome, mirror, logBytes: archive.size }
  reportOutcome(log, redactor, report)
  await writeJobSummary(redactor, report)
}

/** The action's entry point: follows the build, and turns any error into a failed step. */
export async function run(): Promise<void> {
  const redactor = new SecretRedactor()
  // Masked before anything else is printed, so the runner hides them wherever they appear.
  for (const secret of secretValues(readInput, process.env)) {
    core.setSecret(secret)
    redactor.add(secret)
  }
  const fenceToken = randomBytes(16).toString('hex')
  core.setSecret(fenceToken)
  // A closed stdout (the runner gone) must not stop the log file from being completed.
  process.stdout.on('error', () => undefined)
  const state: RunState = {
    redactor,
    log: new WorkflowLog(process.stdout, fenceToken),
    cancellation: new Cancellation(CANCEL_GRACE_MS)
  }
  try {
    await follow(state)
  } catch (error) {
    // Whatever happened, what was received is on disk and the workflow log is left clean.
    try {
      state.content?.end()
      state.mirror?.end()
    } catch {
      // The mirror may be what failed; the fence and group are closed below regardless.
    }
    const message = error instanceof Error ? error.message : String(error)
    state.log.outsideFence(() => {
      // A defect (not a known error) leaves its stack in the debug log, never on the page.
      if (
        error instanceof Error &&
        !(error instanceof InputError) &&
        error.name !== 'ApiError' &&
        error.stack
      ) {
        core.debug(redactor.redact(error.stack))
      }
      core.setFailed(redactor.safe(message))
    })
  } finally {
    state.archive?.close()
    state.log.close()
    state.cancellation.dispose()
  }
}
