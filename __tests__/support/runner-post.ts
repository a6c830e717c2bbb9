/**
 * How the runner carries a step's state from its main phase to its post phase (actions/runner:
 * SaveStateFileCommand reads the GITHUB_STATE file once the main process has ended, however it
 * ended, into the step's IntraActionState, a name saved again replacing the earlier value;
 * ActionRunner then gives the post phase each value as `STATE_<name>`, beside the same inputs).
 */
import { parseOutputFile } from './run-action.js'

/** The state the runner keeps from a GITHUB_STATE file (`name=value` or heredoc; last wins). */
export function runnerState(stateFileText: string): Record<string, string> {
  // The state file has the same syntax as the output and env files.
  return parseOutputFile(stateFileText)
}

/** The environment the runner adds for the post phase: one `STATE_<name>` per saved name. */
export function postPhaseEnvironment(stateFileText: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(runnerState(stateFileText)).map(([name, value]) => [`STATE_${name}`, value])
  )
}
