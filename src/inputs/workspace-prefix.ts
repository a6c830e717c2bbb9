import { invalid } from './input-error.js'

/**
 * The `workspace-prefix` input: the directory the remote build checked the repository out
 * to, stripped from the paths its compilers print. Empty means "learn it from the log".
 * Only an absolute directory can be stripped from the absolute paths compilers print.
 */
export function parseWorkspacePrefix(value: string): string | undefined {
  if (value === '') return undefined
  if (!/^(?:\/|[A-Za-z]:[\\/])/.test(value) || /[\0\r\n]/.test(value)) {
    throw invalid(
      'workspace-prefix',
      value,
      "Expected the remote build's absolute checkout directory, e.g. /codearts/workspace, or leave it empty to learn it from the log."
    )
  }
  return value
}
