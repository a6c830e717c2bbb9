/**
 * Stands in for @actions/exec when the action is bundled (tsconfig.json `paths` maps the name
 * here).
 *
 * @actions/core imports @actions/exec only for `core.platform.getDetails()`, which runs
 * `lsb_release`, `sw_vers` or PowerShell to name the runner's operating system. The action
 * never asks for that, so the real library (with @actions/io, node:child_process and
 * node:assert) would be bundled and loaded at every start for code that never runs.
 */
const NOT_BUNDLED =
  '@actions/exec is not bundled with this action: core.platform.getDetails() is not available.'

/** @returns {Promise<never>} */
export async function exec() {
  throw new Error(NOT_BUNDLED)
}

/** @returns {Promise<never>} */
export async function getExecOutput() {
  throw new Error(NOT_BUNDLED)
}
