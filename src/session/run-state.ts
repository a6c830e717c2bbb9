import { Clock } from '../follow/clock.js'
import { ActionInputs } from '../inputs/action-inputs.js'
import { ActionCore } from '../runner/action-core.js'
import { Cancellation } from '../runner/cancellation.js'
import { LogArchive } from '../mirror/log-archive.js'
import { LogMirror } from '../mirror/log-mirror.js'
import { SecretRedactor } from '../runner/secrets.js'
import { WorkflowLog } from '../runner/workflow-log.js'
import { LogContent } from '../mirror/log-content.js'
import { MainPhaseRecord } from './post-state.js'

/** The parts of one run that its modes, its end and its error path all need. */
export interface RunState {
  readonly redactor: SecretRedactor
  readonly log: WorkflowLog
  readonly cancellation: Cancellation
  readonly core: ActionCore
  /** The environment: runner paths for the log file, GITHUB_STEP_SUMMARY. */
  readonly env: NodeJS.ProcessEnv
  /** What the post phase will need to stop a build this step started and left running. */
  readonly postState: MainPhaseRecord
  /** The clock of the follow's waits (RunDeps.clock, or the wall clock). */
  readonly clock: Clock
  archive?: LogArchive
  mirror?: LogMirror
  /** Passes the log on to the archive and the mirror; joins characters cut between answers. */
  content?: LogContent
}

/** A run's state with its inputs read: what every mode works from. */
export interface Session {
  readonly state: RunState
  readonly inputs: ActionInputs
}

/** Sets outputs between fenced log lines, where the runner reads commands. */
export function setOutputs(state: RunState, outputs: Record<string, string>): void {
  state.log.outsideFence(() => {
    for (const [name, value] of Object.entries(outputs)) state.core.setOutput(name, value)
  })
}
