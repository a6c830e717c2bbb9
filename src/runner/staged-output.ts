/** The part of a writable stream the log needs; process.stdout fits. */
export interface OutputStream {
  /** The callback runs once the stream is done with the chunk. */
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean
  readonly writableNeedDrain?: boolean
  /** Bytes written and not yet taken by the reader (see StagedOutput.flush). */
  readonly writableLength?: number
  /** Set when the stream writes to a file descriptor (see StagedOutput). */
  readonly fd?: number
  once(event: 'drain' | 'error' | 'close', listener: () => void): unknown
  removeListener?(event: 'drain' | 'error' | 'close', listener: () => void): unknown
}

/** The size of one staged write: a chunk of the log in one write, not one write per line. */
const STAGE_BYTES = 256 * 1024
/** Free stage buffers kept for reuse. */
const KEEP_FREE = 4
/**
 * How much stdout may hold that its reader has not taken yet before the log waits for it. A
 * pipe takes a write only as fast as the runner reads it; waiting after every write leaves
 * the action idle each time the reader falls a write behind, while with this much in hand it
 * goes on reading and walking the log meanwhile. Two stages: the memory stays small.
 */
export const STDOUT_BACKLOG_BYTES = 2 * STAGE_BYTES

/**
 * Collects what is written to stdout into one buffer and writes it in one piece. The bytes
 * given are copied, so the caller may reuse its memory at once (the log's answer buffers go
 * back to their pool as soon as a chunk is taken).
 *
 * A stage buffer is reused only after the stream's callback says its write is done, and only
 * when the stream writes to a file descriptor: stdout to a pipe is synchronous on Linux but
 * not on every OS, and an in-memory stream (a PassThrough) may hand the very buffer on to a
 * reader that keeps it, so those get a copy of their own instead.
 */
export class StagedOutput {
  private stage: Buffer | undefined
  private used = 0
  private readonly free: Buffer[] = []
  private readonly reusable: boolean

  constructor(private readonly out: OutputStream) {
    this.reusable = typeof out.fd === 'number'
  }

  /** Adds text or bytes to what the next `flush` writes. */
  append(data: string | Uint8Array): void {
    if (typeof data === 'string') {
      const length = Buffer.byteLength(data)
      if (length > STAGE_BYTES - this.used) this.flush()
      if (length > STAGE_BYTES) this.out.write(data)
      else this.used += this.current().write(data, this.used)
      return
    }
    for (let from = 0; from < data.length;) {
      if (this.used === STAGE_BYTES) this.flush()
      const stage = this.current()
      const count = Math.min(data.length - from, STAGE_BYTES - this.used)
      stage.set(data.subarray(from, from + count), this.used)
      this.used += count
      from += count
    }
  }

  /**
   * Writes what was staged; false when the writer should wait for the stream's 'drain': it asks
   * to (see OutputStream.write) and holds more than STDOUT_BACKLOG_BYTES not yet taken.
   */
  flush(): boolean {
    const stage = this.stage
    if (!stage || this.used === 0) return this.hasRoom(!this.out.writableNeedDrain)
    const view = stage.subarray(0, this.used)
    this.used = 0
    if (!this.reusable) return this.hasRoom(this.out.write(Buffer.from(view)))
    this.stage = undefined
    const accepted = this.out.write(view, () => {
      if (this.free.length < KEEP_FREE) this.free.push(stage)
    })
    return this.hasRoom(accepted)
  }

  private hasRoom(accepted: boolean): boolean {
    const pending = this.out.writableLength
    return accepted || (pending !== undefined && pending <= STDOUT_BACKLOG_BYTES)
  }

  private current(): Buffer {
    this.stage ??= this.free.pop() ?? Buffer.allocUnsafeSlow(STAGE_BYTES)
    return this.stage
  }
}
