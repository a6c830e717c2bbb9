/**
 * A LogMirror writing into memory, for the mirror's tests: the stdout the runner would read,
 * its fence token masked first as the action does.
 */
import { LogMirror } from '../../src/mirror/log-mirror.js'
import { SecretRedactor } from '../../src/runner/secrets.js'
import { WorkflowLog } from '../../src/runner/workflow-log.js'

export const FENCE_TOKEN = '0123456789abcdef0123456789abcdef'

export interface MemoryMirrorOptions {
  readonly showLog?: boolean
  /** A status line of the action's own is written after this chunk. */
  readonly statusAfterChunk?: number
  readonly secrets?: readonly string[]
}

/** Feeds `chunks` to a mirror writing into memory; returns the stdout the runner would read. */
export function mirrorChunks(
  chunks: ReadonlyArray<string | Buffer>,
  options: MemoryMirrorOptions = {}
): { stdout: string; mirror: LogMirror } {
  let stdout = `::add-mask::${FENCE_TOKEN}\n`
  const out = {
    write: (text: string) => {
      stdout += text
      return true
    },
    once: () => undefined
  }
  const redactor = new SecretRedactor()
  for (const secret of options.secrets ?? []) redactor.add(secret)
  const log = new WorkflowLog(out, FENCE_TOKEN)
  const logMirror = new LogMirror(log, { showLog: options.showLog ?? true, redactor })
  chunks.forEach((chunk, index) => {
    logMirror.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    if (index === options.statusAfterChunk) logMirror.statusLine('Still waiting: a status line')
  })
  logMirror.end()
  log.close()
  return { stdout, mirror: logMirror }
}
