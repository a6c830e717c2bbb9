/**
 * The step state that the main phase leaves for the post phase (`runs.post`), so that a build
 * this step started is stopped even when the main process never got to stop it (killed after
 * the runner's grace period, the job's `timeout-minutes`).
 *
 * How the runner carries it (actions/runner, ActionRunner.cs and SaveStateFileCommand):
 * `core.saveState` appends to the GITHUB_STATE file with a synchronous write, so a value
 * survives a SIGKILL right after it; the runner reads that file once the main process has
 * ended, however it ended, and gives each value to the post phase as the environment variable
 * `STATE_<name>`. A name saved twice keeps its last value; these names are each saved once.
 * Nothing secret is saved: the post phase reads the credentials from its inputs again (the
 * runner passes the post phase the same inputs).
 */
import type { RunMode } from '../inputs/action-inputs.js'

/** The names under which the values are saved (the environment gets `STATE_<name>`). */
export const STATE_NAMES = {
  /** Saved first by every main phase: its presence is how the bundle knows it runs as post. */
  mainPhaseRan: 'isPost',
  /** Why the post phase has nothing to watch, when the inputs already say so. */
  notWatched: 'remoteStopNotWatched',
  /** The build this step started and follows with a stop in effect: `{"jobId","buildNo"}`. */
  startedBuild: 'remoteStopBuild',
  /** How that build was settled by the main phase: `ended` or `stopped`. */
  settled: 'remoteStopSettled'
} as const

/** Why a run leaves the post phase nothing to stop, known as soon as the inputs are read. */
export type NotWatchedReason = 'not-started' | 'no-wait' | 'no-stop-on-cancel'

/** How the main phase settled a started build: it saw the build end, or CodeArts took its stop. */
export type SettledHow = 'ended' | 'stopped'

/**
 * Whether the post phase must watch this run's build: only a build this step starts, follows
 * and would stop on cancel. A build given by `build-no` is never stopped by the post phase,
 * even with `stop-on-cancel: true`: the main phase stops it on cancel and timeout, but a build
 * the step did not start is not the step's to clean up after a kill.
 */
export function notWatchedReason(
  mode: RunMode,
  stopOnCancel: boolean
): NotWatchedReason | undefined {
  if (mode.kind !== 'start') return 'not-started'
  if (!mode.follow) return 'no-wait'
  if (!stopOnCancel) return 'no-stop-on-cancel'
  return undefined
}

/** Saves one state value; `ActionCore.saveState` by default. */
export type StateSaver = (name: string, value: string) => void

/**
 * What the main phase tells the post phase, in the order it learns it. A failure to save a
 * value about the build is a warning, never the end of the run: a started build must still be
 * followed. A failure to save the marker ends the run before any request instead: without
 * it, the post phase would take itself for a main phase and could start a second build.
 */
export class MainPhaseRecord {
  private watching = false
  private watchedBuild: string | undefined
  private settledAlready = false

  constructor(
    private readonly save: StateSaver,
    private readonly warn: (message: string) => void
  ) {}

  /** At the main phase's start, before any request. Throws when the state cannot be saved. */
  mainPhaseStarted(): void {
    try {
      this.save(STATE_NAMES.mainPhaseRan, 'true')
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(
        `Could not save the step state that tells the post step from this one (${reason}). Nothing was started; check the runner's GITHUB_STATE file.`,
        { cause: error }
      )
    }
  }

  /** Once the inputs are read: whether a started build will need watching. */
  inputsRead(mode: RunMode, stopOnCancel: boolean): void {
    const reason = notWatchedReason(mode, stopOnCancel)
    this.watching = reason === undefined
    if (reason) this.trySave(STATE_NAMES.notWatched, reason)
  }

  /** As soon as the build this step started has a number, before it is followed. */
  buildStarted(jobId: string, buildNo: number): void {
    if (!this.watching) return
    this.watchedBuild = `${jobId}#${buildNo}`
    this.trySave(STATE_NAMES.startedBuild, JSON.stringify({ jobId, buildNo }))
  }

  /** The main phase saw the watched build end, or CodeArts accepted its stop request. */
  buildSettled(how: SettledHow): void {
    if (this.watchedBuild === undefined || this.settledAlready) return
    this.settledAlready = true
    this.trySave(STATE_NAMES.settled, how)
  }

  private trySave(name: string, value: string): void {
    try {
      this.save(name, value)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const about = this.watchedBuild ? ` CodeArts build ${this.watchedBuild}` : ' a build'
      this.warn(
        `Could not save the step state '${name}' (${reason}); the post step may not be able to stop${about} left running.`
      )
    }
  }
}

/** The build the post phase must look at: started and followed here, not seen to end or stopped. */
export interface UnsettledBuild {
  readonly jobId: string
  readonly buildNo: number
}

/** What the post phase reads from the main phase's state. */
export type PostPhaseTask =
  | { readonly kind: 'nothing'; readonly line: string }
  | { readonly kind: 'check'; readonly build: UnsettledBuild }

/** Whether this process is the post phase: the main phase of this step saved its marker. */
export function isPostPhase(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env[`STATE_${STATE_NAMES.mainPhaseRan}`])
}

const NOT_WATCHED_LINES: Record<NotWatchedReason, string> = {
  'not-started':
    "Nothing to stop: this step followed a build it did not start ('build-no'), which is left as it is.",
  'no-wait':
    "Nothing to stop: this step started a build without following it ('wait: false'); it is left running.",
  'no-stop-on-cancel':
    "Nothing to stop: 'stop-on-cancel' is false, so the build this step started is left as it is."
}

/**
 * Reads the state the main phase saved (`STATE_<name>` variables) into what the post phase
 * has to do. Throws when the saved build cannot be read: that is worth a warning, not silence.
 */
export function readPostPhaseTask(
  env: Readonly<Record<string, string | undefined>>
): PostPhaseTask {
  const value = (name: string): string => env[`STATE_${name}`] ?? ''
  const savedBuild = value(STATE_NAMES.startedBuild)
  if (!savedBuild) {
    const reason = value(STATE_NAMES.notWatched)
    const line =
      reason in NOT_WATCHED_LINES
        ? NOT_WATCHED_LINES[reason as NotWatchedReason]
        : 'Nothing to stop: the main step started no CodeArts build.'
    return { kind: 'nothing', line }
  }
  const build = parseSavedBuild(savedBuild)
  const name = `CodeArts build ${build.jobId}#${build.buildNo}`
  switch (value(STATE_NAMES.settled)) {
    case 'ended':
      return { kind: 'nothing', line: `Nothing to stop: the main step saw ${name} end.` }
    case 'stopped':
      return { kind: 'nothing', line: `Nothing to stop: the main step stopped ${name}.` }
    default:
      return { kind: 'check', build }
  }
}

function parseSavedBuild(text: string): UnsettledBuild {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const { jobId, buildNo } = (parsed ?? {}) as Record<string, unknown>
  if (
    typeof jobId !== 'string' ||
    !/^[0-9A-Za-z]{32}$/.test(jobId) ||
    typeof buildNo !== 'number' ||
    !Number.isSafeInteger(buildNo) ||
    buildNo < 1
  ) {
    throw new Error(
      `The step state '${STATE_NAMES.startedBuild}' holds '${text.slice(0, 200)}', not a build this step started; nothing was stopped. Check the build task in CodeArts.`
    )
  }
  return { jobId, buildNo }
}
