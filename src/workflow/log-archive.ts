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

  append(content: string): void {
    if (this.fd === undefined || content.length === 0) return
    // The string form: Node encodes into a short-lived native buffer, not a heap Buffer that
    // would wait for the garbage collector.
    const bytes = Buffer.byteLength(content, 'utf8')
    let written = fs.writeSync(this.fd, content, null, 'utf8')
    if (written < bytes) {
      // A short write (rare: a signal, a nearly full disk): the rest, counted in bytes.
      const buffer = Buffer.from(content, 'utf8')
      while (written < bytes) written += fs.writeSync(this.fd, buffer, written, bytes - written)
    }
    this.bytesWritten += bytes
  }

  /** Safe to call more than once, and from a crash path. */
  close(): void {
    if (this.fd === undefined) return
    const fd = this.fd
    this.fd = undefined
    fs.closeSync(fd)
  }
}
