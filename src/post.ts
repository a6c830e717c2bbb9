import { readInputs } from './inputs/action-inputs.js'
import { defaultDeps, openWorkflowLog, RunDeps, secretSink } from './session/run-deps.js'
import { clientForInputs } from './session/api-client.js'
import { readPostPhaseTask } from './session/post-state.js'
import { stopUnsettledBuild } from './session/post-stop.js'

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
  // The same rules as the main phase: a line that quotes the server is fenced when it could
  // read as a command, so nothing a server says is ever run, whatever characters it uses.
  const { redactor, log, warn } = openWorkflowLog(deps)
  const say = (line: string): void => void log.info(redactor.safe(line).replace(/[\r\n]+/g, ' '))
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
      say,
      secretSink(redactor, deps.core, (write) => log.outsideFence(write))
    )
    try {
      const signal = AbortSignal.timeout(POST_PHASE_LIMIT_MS)
      const report = await stopUnsettledBuild(client, task.build, signal, redactor)
      if (report.level === 'info') say(report.message)
      else warn(report.message)
    } finally {
      client.dispose()
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    warn(`The post step could not check for a build to stop: ${reason}`)
  } finally {
    log.close()
  }
}
