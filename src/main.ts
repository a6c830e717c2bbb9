import { realClock } from './follow/clock.js'
import { InputError } from './inputs/input-error.js'
import { readInputs } from './inputs/action-inputs.js'
import { defaultDeps, openWorkflowLog, RunDeps } from './session/run-deps.js'
import { runSession } from './session/session.js'
import { MainPhaseRecord } from './session/post-state.js'
import { RunState } from './session/run-state.js'
import { Cancellation } from './runner/cancellation.js'

/** After a cancel, the process ends within this even if a socket still holds it. */
const CANCEL_GRACE_MS = 1500

/**
 * The action's main phase: masks, the workflow log, cancellation, the session, and any error
 * turned into a failed step. The post phase is `runPost` (post.ts).
 */
export async function run(deps: RunDeps = defaultDeps()): Promise<void> {
  const state = openRun(deps)
  try {
    // First of all: the post phase runs after this one however it ends, and must know it is post.
    state.postState.mainPhaseStarted()
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
  const { redactor, log, warn } = openWorkflowLog(deps)
  return {
    redactor,
    log,
    cancellation: new Cancellation(CANCEL_GRACE_MS, deps.cancellation),
    core: deps.core,
    env: deps.env,
    postState: new MainPhaseRecord((name, value) => deps.core.saveState(name, value), warn),
    clock: deps.clock ?? realClock
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
