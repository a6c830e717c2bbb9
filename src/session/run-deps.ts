import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import type { SecretSink } from '../codearts/id-token.js'
import { Clock } from '../follow/clock.js'
import { secretValues } from '../inputs/credentials.js'
import { InputReader } from '../inputs/input-error.js'
import { ACTIONS_CORE, ActionCore } from '../runner/action-core.js'
import { CancellationEnvironment } from '../runner/cancellation.js'
import { SecretRedactor } from '../runner/secrets.js'
import { OutputStream } from '../runner/staged-output.js'
import { WorkflowLog } from '../runner/workflow-log.js'

/**
 * What a run of either phase (main or post) reads and writes: the real ones by default, a
 * test's own in-process.
 */
export interface RunDeps {
  /** The workflow log (the runner reads stdout). */
  readonly stdout: OutputStream & { on(event: 'error', listener: () => void): unknown }
  /**
   * Runner paths, GITHUB_STEP_SUMMARY, credentials left by huaweicloud/auth-action, and in the
   * post phase the main phase's state as `STATE_<name>`.
   */
  readonly env: NodeJS.ProcessEnv
  readonly readInput: InputReader
  readonly core: ActionCore
  /** Where cancel signals come from and how the process ends after them. */
  readonly cancellation?: CancellationEnvironment
  /** Time for the run's waits and deadlines of the follow: the wall clock by default. */
  readonly clock?: Clock
}

/** The process's own stdout, environment, inputs and runner commands. */
export function defaultDeps(): RunDeps {
  return {
    stdout: process.stdout,
    env: process.env,
    readInput: (name) => core.getInput(name),
    core: ACTIONS_CORE
  }
}

/**
 * Registers every secret with the runner before anything else is printed, so that it hides
 * them wherever they appear, and returns the redactor for the text the action writes itself.
 */
export function maskSecrets(deps: RunDeps): SecretRedactor {
  const redactor = new SecretRedactor()
  for (const secret of secretValues(deps.readInput, deps.env)) {
    deps.core.setSecret(secret)
    redactor.add(secret)
  }
  return redactor
}

/**
 * Where secrets received during the run go (a keyless sign-in's ID and IAM tokens): the
 * action's redactor first, then the runner's mask. `around` runs the mask command where the
 * runner reads commands (outside the log's command fence in the main phase).
 */
export function secretSink(
  redactor: SecretRedactor,
  actionCore: ActionCore,
  around: (write: () => void) => void = (write) => write()
): SecretSink {
  return (value) => {
    redactor.add(value)
    around(() => actionCore.setSecret(value))
  }
}

/**
 * The workflow log of either phase, and its warning: every secret masked first, then a fresh
 * fence token (masked before its first use), so remote text is fenced by the same rules in
 * both phases. A closed stdout (the runner gone) must not stop the run from finishing.
 */
export function openWorkflowLog(deps: RunDeps): {
  readonly redactor: SecretRedactor
  readonly log: WorkflowLog
  readonly warn: (message: string) => void
} {
  const redactor = maskSecrets(deps)
  const fenceToken = randomBytes(16).toString('hex')
  deps.core.setSecret(fenceToken)
  deps.stdout.on('error', () => undefined)
  const log = new WorkflowLog(deps.stdout, fenceToken)
  const warn = (message: string): void =>
    log.outsideFence(() => deps.core.warning(redactor.safe(message)))
  return { redactor, log, warn }
}
