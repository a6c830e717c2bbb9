import * as core from '@actions/core'

/**
 * The runner commands the run gives outside the log's own lines. `@actions/core` by default;
 * a test passes its own to see them without touching the test process's stdout or exit code.
 */
export interface ActionCore {
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  /** Fails the step: an error annotation and exit code 1. */
  setFailed(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Saves a value for the post phase, which gets it as `STATE_<name>`. */
  saveState(name: string, value: string): void
  /** Appends Markdown to the job summary file the runner named. */
  writeSummary(markdown: string): Promise<void>
}

/** The real commands, through `@actions/core`. */
export const ACTIONS_CORE: ActionCore = {
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (message) => core.setFailed(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  saveState: (name, value) => {
    // Without the runner's state file there is no post phase to read it, and @actions/core
    // would fall back to the deprecated `::save-state` command in the middle of the log.
    if (process.env.GITHUB_STATE) core.saveState(name, value)
  },
  writeSummary: async (markdown) => {
    await core.summary.addRaw(markdown).write()
  }
}
