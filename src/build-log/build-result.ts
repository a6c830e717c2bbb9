/** The outcome the action reports in its `result` output. */
export type ActionResult = 'success' | 'failure' | 'aborted' | 'timeout' | 'cancelled'

/**
 * The final words of the API notes' sets, and a few spellings seen in public material. Matched
 * case-insensitively.
 */
const KNOWN_RESULTS: ReadonlyMap<string, 'success' | 'failure' | 'aborted'> = new Map([
  ['SUCCESS', 'success'],
  ['SUCCEEDED', 'success'],
  ['SUCCESSFUL', 'success'],
  ['FAILURE', 'failure'],
  ['FAILED', 'failure'],
  ['ERROR', 'failure'],
  ['SCHEDULE_FAILURE', 'failure'],
  ['TIMEOUT', 'failure'],
  ['ABORTED', 'aborted'],
  ['STOPPED', 'aborted'],
  ['CANCELED', 'aborted'],
  ['CANCELLED', 'aborted']
])

/** True when the server's word for a finished build is one this action knows. */
export function isKnownBuildResult(serverResult: string | undefined): boolean {
  return serverResult !== undefined && KNOWN_RESULTS.has(serverResult.trim().toUpperCase())
}

/**
 * Maps the server's word for a finished build to the action's result. Anything unknown counts
 * as a failure: a deployment gate must not open on a result it cannot read (the report quotes
 * the word, see isKnownBuildResult).
 */
export function classifyBuildResult(serverResult: string): 'success' | 'failure' | 'aborted' {
  return KNOWN_RESULTS.get(serverResult.trim().toUpperCase()) ?? 'failure'
}

/**
 * The build's final word from its two sources: the status call's when it is a known one, else
 * the log's `Finished:` word, else whatever the status said (an unknown word is reported as
 * such), else UNKNOWN.
 */
export function finalBuildWord(
  statusWord: string | undefined,
  logWord: string | undefined
): { readonly word: string; readonly fromStatus: boolean } {
  const fromStatus = !!statusWord && (isKnownBuildResult(statusWord) || !logWord)
  return { word: (fromStatus ? statusWord : logWord || statusWord) || 'UNKNOWN', fromStatus }
}
