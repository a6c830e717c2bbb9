import * as fs from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../inputs/input-error.js'

/**
 * The raw log file: exactly the bytes the server sent, appended as they arrive. Writes are
 * synchronous on purpose: once `append` returns, the bytes are the operating system's, so a
 * timeout, a cancel or a crash of the action afterwards cannot lose them.
 */
export class LogArchive {
  private bytesWritten = 0

  private constructor(
    readonly filePath: string,
    private fd: number | undefined
  ) {}

  /** Creates (or empties) the file; a path that cannot be written is a bad 'log-file' input. */
  static create(filePath: string): LogArchive {
    try {
      fs.mkdirSync(path.dirname(filePath), { recursive: true })
      return new LogArchive(filePath, fs.openSync(filePath, 'w'))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new InputError(
        `Invalid 'log-file' input: '${filePath}' cannot be written (${reason}). Choose a path in a writable directory, e.g. under \${{ runner.temp }}.`
      )
    }
  }

  get size(): number {
    return this.bytesWritten
  }

  /** Appends the bytes as they are; written before this returns, so they may be reused. */
  append(content: Uint8Array): void {
    if (this.fd === undefined || content.length === 0) return
    let written = 0
    // A short write (rare: a signal, a nearly full disk) is followed by the rest.
    while (written < content.length) {
      written += fs.writeSync(this.fd, content, written, content.length - written)
    }
    this.bytesWritten += content.length
  }

  /** Safe to call more than once, and from a crash path. */
  close(): void {
    if (this.fd === undefined) return
    const fd = this.fd
    this.fd = undefined
    fs.closeSync(fd)
  }
}
