import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { stripAnsi } from '../text/ansi.js'
import { AnnotationCandidate, AnnotationChoice, chooseAnnotations } from './annotation-budget.js'
import { FailureLines, FailureSeen } from './failure-lines.js'
import { SecretRedactor } from '../runner/secrets.js'
import { classToRepositoryPath, SourcePathOptions, toRepositoryPath } from './source-paths.js'
import { WorkflowLog } from '../runner/workflow-log.js'
import { singleLineRemoteText } from '../runner/command-text.js'

const MAX_ANNOTATION_LENGTH = 1000
const OUTSIDE_STEPS_TITLE = 'CodeArts build'

/** What the choice needs to know besides the failures seen. */
export interface FailureAnnotationContext {
  /** The checkout (GITHUB_WORKSPACE); without it no failure is put on a file. */
  readonly workspace: string | undefined
  /** The `workspace-prefix` input: when set, it replaces what the log told. */
  readonly workspacePrefix: string | undefined
  readonly redactor: SecretRedactor
  /** Annotations the action keeps for its own errors (its final failure: 1). */
  readonly reserved: number
}

/** Whether a repository-relative path is a file under the checkout. */
function fileInCheckout(workspace: string): (relativePath: string) => boolean {
  return (relativePath) => {
    const full = join(workspace, relativePath)
    return existsSync(full) && statSync(full).isFile()
  }
}

function toCandidate(
  failure: FailureSeen,
  paths: SourcePathOptions | undefined,
  redactor: SecretRedactor
): AnnotationCandidate | undefined {
  const { source } = failure
  if (source && paths) {
    const file =
      source.path !== undefined
        ? toRepositoryPath(source.path, paths)
        : source.className !== undefined
          ? classToRepositoryPath(source.className, paths)
          : undefined
    // A path is written as it is (a redacted one would point nowhere), so one that holds a
    // secret is not used: the failure stays step-titled, with its message redacted.
    if (file !== undefined && !redactor.appearsIn(file)) {
      return {
        file,
        line: source.line,
        column: source.column,
        title: singleLineRemoteText(failure.stepName ?? OUTSIDE_STEPS_TITLE),
        // Redacted before it is shortened: a cut through a secret would hide it from redaction.
        message: redactor.safe(
          singleLineRemoteText(stripAnsi(source.message)),
          MAX_ANNOTATION_LENGTH
        )
      }
    }
  }
  // A failure whose file is not in the checkout stays the step-titled error it was.
  return failure.stepTitled
}

/**
 * Chooses the run's error annotations at its end, when the whole picture is known: failures on
 * the checkout's files and step-titled errors share what the runner shows of one step (10),
 * less what the action keeps for its own errors. The rest goes to the job summary.
 */
export function chooseFailureAnnotations(
  failures: FailureLines,
  context: FailureAnnotationContext
): AnnotationChoice {
  const prefixes = context.workspacePrefix ? [context.workspacePrefix] : failures.workspacePrefixes
  const paths = context.workspace
    ? { workspacePrefixes: prefixes, exists: fileInCheckout(context.workspace) }
    : undefined
  const candidates = failures.failures
    .map((failure) => toCandidate(failure, paths, context.redactor))
    .filter((candidate): candidate is AnnotationCandidate => candidate !== undefined)
  return chooseAnnotations(candidates, context.reserved)
}

/** Writes the chosen annotations; every remote value is escaped by the command's format. */
export function writeFailureAnnotations(
  log: WorkflowLog,
  chosen: readonly AnnotationCandidate[]
): void {
  for (const annotation of chosen) {
    log.annotate('error', annotation.message, {
      title: annotation.title,
      file: annotation.file,
      line: annotation.line?.toString(),
      col: annotation.column?.toString()
    })
  }
}
