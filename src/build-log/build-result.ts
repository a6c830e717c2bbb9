/** The outcome the action reports in its `result` output. */
export type ActionResult = 'success' | 'failure' | 'aborted' | 'timeout' | 'cancelled'

/**
 * Maps the server's word for a finished build to the action's result. There is no documented
 * enum, so the values seen in public material are matched case-insensitively and anything
 * unknown counts as a failure: a deployment gate must not open on a result it cannot read.
 */
export function classifyBuildResult(serverResult: string): 'success' | 'failure' | 'aborted' {
  const value = serverResult.trim().toUpperCase()
  if (value === 'SUCCESS' || value === 'SUCCEEDED' || value === 'SUCCESSFUL') return 'success'
  if (value === 'ABORTED' || value === 'STOPPED' || value === 'CANCELED' || value === 'CANCELLED') {
    return 'aborted'
  }
  return 'failure'
}

/** The final `Finished: <RESULT>` line of the log, the fallback when no status call exists. */
export function finishedLineResult(line: string): string | undefined {
  const match = /^Finished: ([A-Za-z_]+)\s*$/.exec(line)
  return match ? match[1] : undefined
}
