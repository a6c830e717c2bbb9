import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { secretValues } from './inputs/credentials.js'
import { InputError, InputReader } from './inputs/input-error.js'
import { readInputs } from './inputs/action-inputs.js'
import { runSession } from './session.js'
import { RunState } from './session/run-state.js'
import { ACTIONS_CORE, ActionCore } from './workflow/action-core.js'
import { Cancellation, CancellationEnvironment } from './workflow/cancellation.js'
import { SecretRedactor } from './workflow/secrets.js'
import { OutputStream, WorkflowLog } from './workflow/workflow-log.js'

/** After a cancel, the process ends within this even if a socket still holds it. */
const CANCEL_GRACE_MS = 1500

/** What a run reads and writes; the real ones by default, a test's own in-process. */
export interface RunDeps {
  /** The workflow log (the runner reads stdout). */
  readonly stdout: OutputStream & { on(event: 'error', listener: () => void): unknown }
  /** Runner paths, GITHUB_STEP_SUMMARY, and credentials left by huaweicloud/auth-action. */
  readonly env: NodeJS.ProcessEnv
  readonly readInput: InputReader
  readonly core: ActionCore
  /** Where cancel signals come from and how the process ends after them. */
  readonly cancellation?: CancellationEnvironment
}

function defaultDeps(): RunDeps {
  return {
    stdout: process.stdout,
    env: process.env,
    readInput: (name) => core.getInput(name),
    core: ACTIONS_CORE
  }
}

/**
 * The action's run: masks, the workflow log, cancellation, the session, and any error turned
 * into a failed step.
 */
export async function run(deps: RunDeps = defaultDeps()): Promise<void> {
  const state = openRun(deps)
  try {
    await runSession(state, readInputs(deps.readInput, deps.env))
  } catch (error) {
    failStep(state, error)
  } finally {
    state.archive?.close()
    state.log.close()
    state.cancellation.dispose()
  }
}

/** Masks every secret, then opens the workflow log and listens for a cancel. */
function openRun(deps: RunDeps): RunState {
  const redactor = new SecretRedactor()
  // Masked before anything else is printed, so the runner hides them wherever they appear.
  for (const secret of secretValues(deps.readInput, deps.env)) {
    deps.core.setSecret(secret)
    redactor.add(secret)
  }
  const fenceToken = randomBytes(16).toString('hex')
  deps.core.setSecret(fenceToken)
  // A closed stdout (the runner gone) must not stop the log file from being completed.
  deps.stdout.on('error', () => undefined)
  return {
    redactor,
    log: new WorkflowLog(deps.stdout, fenceToken),
    cancellation: new Cancellation(CANCEL_GRACE_MS, deps.cancellation),
    core: deps.core,
    env: deps.env
  }
}

/** Whatever happened, what was received is on disk and the workflow log is left clean. */
function failStep(state: RunState, error: unknown): void {
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
      state.core.debug(state.redactor.redact(error.stack))
    }
    state.core.setFailed(state.redactor.safe(message))
  })
}
