import { readInputs } from './inputs/action-inputs.js'
import { defaultDeps, maskSecrets, RunDeps, secretSink } from './session/run-deps.js'
import { clientForInputs } from './session/api-client.js'
import { readPostPhaseTask } from './session/post-state.js'
import { stopUnsettledBuild } from './session/post-stop.js'
import { singleLineRemoteText } from './runner/command-text.js'

/**
 * How long the status call and the stop request may take together. The main phase's cancel
 * grace does not apply here; this only keeps a silent endpoint from holding the job's end.
 */
const POST_PHASE_LIMIT_MS = 40_000

/**
 * The action's post phase (`runs.post`, `post-if: always()`): stops a build this step started
 * that the main phase neither saw end nor stopped, e.g. because it was killed. Says what it
 * did in one line; a failure is a warning, never a failed job.
 */
export async function runPost(deps: RunDeps = defaultDeps()): Promise<void> {
  const redactor = maskSecrets(deps)
  // Every line here starts with the action's own words; remote text in it is kept on one line.
  const say = (line: string): void => void deps.stdout.write(`${line}\n`)
  try {
    const task = readPostPhaseTask(deps.env)
    if (task.kind === 'nothing') {
      say(task.line)
      return
    }
    // Credentials and endpoint come from the same inputs again: the state holds nothing secret.
    const inputs = readInputs(deps.readInput, deps.env)
    const client = clientForInputs(
      { ...inputs, jobId: task.build.jobId },
      (notice) => say(singleLineRemoteText(redactor.safe(notice))),
      secretSink(redactor, deps.core)
    )
    try {
      const signal = AbortSignal.timeout(POST_PHASE_LIMIT_MS)
      const report = await stopUnsettledBuild(client, task.build, signal, redactor)
      if (report.level === 'info') say(report.message)
      else deps.core.warning(report.message)
    } finally {
      client.dispose()
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    deps.core.warning(redactor.safe(`The post step could not check for a build to stop: ${reason}`))
  }
}
