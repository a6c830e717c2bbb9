import * as fs from 'node:fs'
import type { SecretRedactor } from '../runner/secrets.js'
import { openLogFile } from './log-file-open.js'

/** What the log file needs from the run besides its path. */
export interface LogArchiveHooks {
  /** The action's own secrets: replaced by *** in the file as on the page. */
  readonly secrets?: SecretRedactor
  /** Says something about the file on the page (a file replaced, a write that failed). */
  readonly warn?: (message: string) => void
}

/**
 * The raw log file: the bytes the server sent, appended as they arrive, with only the action's
 * own secrets replaced by `***`. Writes are synchronous on purpose: once `append` returns, the
 * bytes are the operating system's, so a timeout, a cancel or a crash of the action afterwards
 * cannot lose them. The one exception is a piece at the very end that may be the start of a
 * secret: it waits for the next piece (or `close`), so a secret cut between two answers never
 * reaches the file.
 *
 * A write that fails (a full disk, an I/O error) costs the file, not the build: it is said once
 * on the page, what was written stays, and the log goes on to the page as before.
 */
export class LogArchive {
  private bytesReceived = 0
  /** Bytes that may begin a secret, held until the next piece tells. */
  private held: Buffer = Buffer.alloc(0)

  private constructor(
    readonly filePath: string,
    private fd: number | undefined,
    private readonly hooks: LogArchiveHooks
  ) {}

  /**
   * Creates the file (mode 0600, never through a symbolic link); a file already there is
   * replaced with a warning; a path that cannot be written is a bad 'log-file' input.
   */
  static create(filePath: string, hooks: LogArchiveHooks = {}): LogArchive {
    const opened = openLogFile(filePath)
    if (opened.replaced) {
      hooks.warn?.(
        `The log file '${filePath}' already existed (from an earlier step or run) and has been replaced by this build's log.`
      )
    }
    return new LogArchive(filePath, opened.fd, hooks)
  }

  /** The bytes of log received, whether or not the file could keep them all. */
  get size(): number {
    return this.bytesReceived
  }

  /**
   * Appends the bytes; they are copied or written before this returns, so they may be reused.
   * `hasNoSecret`: the caller searched them for the run's secrets already and found none.
   */
  append(content: Uint8Array, hasNoSecret = false): void {
    if (content.length === 0) return
    this.bytesReceived += content.length
    if (this.fd === undefined) return
    const secrets = this.hooks.secrets
    if (!secrets) return this.write(content)
    const bytes = this.held.length === 0 ? content : Buffer.concat([this.held, content])
    const ready = secrets.heldFrom(bytes)
    this.held = ready === bytes.length ? EMPTY : Buffer.from(bytes.subarray(ready))
    if (ready === 0) return
    const readyBytes = asBuffer(bytes).subarray(0, ready)
    // Held bytes before the content may begin a secret that ends in it: those are searched.
    this.write(hasNoSecret && bytes === content ? readyBytes : secrets.redactBytes(readyBytes))
  }

  /** Writes what is held and closes the file. Safe to call more than once, and from a crash path. */
  close(): void {
    if (this.fd === undefined) return
    this.flushHeld()
    const fd = this.fd
    if (fd === undefined) return
    this.fd = undefined
    try {
      fs.closeSync(fd)
    } catch (error) {
      this.failed(error)
    }
  }

  /** Writes the bytes held as a possible secret's start: what follows will not complete it. */
  flushHeld(): void {
    if (this.held.length === 0) return
    const last = this.hooks.secrets?.redactBytes(this.held) ?? this.held
    this.held = EMPTY
    this.write(last)
  }

  private write(bytes: Uint8Array): void {
    if (this.fd === undefined) return
    try {
      // A short write (rare: a signal, a nearly full disk) is followed by the rest.
      for (let written = 0; written < bytes.length;) {
        written += fs.writeSync(this.fd, bytes, written, bytes.length - written)
      }
    } catch (error) {
      this.failed(error)
    }
  }

  /** Says once that the file stops here; the log goes on to the page. */
  private failed(error: unknown): void {
    const fd = this.fd
    this.fd = undefined
    this.held = EMPTY
    if (fd !== undefined) {
      try {
        fs.closeSync(fd)
      } catch {
        // Already failing: the warning below says what matters.
      }
    }
    const { code, message } = error as NodeJS.ErrnoException
    const reason = code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : String(error)
    this.hooks.warn?.(
      `Writing the log file '${this.filePath}' failed (${reason}); it keeps what was written before, and the rest of the log is on this page only.`
    )
  }
}

const EMPTY = Buffer.alloc(0)

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
}
