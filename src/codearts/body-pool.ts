/**
 * Memory for answer bodies, reused from one log read to the next. A log answer read into
 * fresh buffers leaves a dead buffer per read; when the rest of the action allocates little,
 * nothing collects them until tens of megabytes have piled up. Reusing a few buffers keeps the
 * resident size flat however long the log.
 *
 * Ownership is explicit: `acquire` hands out a buffer that nobody else uses until `release`
 * gives it back. A buffer never released (an answer dropped unread) is simply left to the
 * garbage collector, so forgetting a release costs memory, never correctness.
 */

/** The smallest buffer handed out: most answers fit, so few ever grow. */
const MIN_CAPACITY = 64 * 1024
/** Larger buffers are not kept for reuse: one huge answer must not pin its memory. */
const LARGEST_KEPT = 8 * 1024 * 1024

/** A few buffers kept for reuse. */
export class BodyPool {
  private readonly free: Buffer[] = []

  /** @param keep how many free buffers to keep at most */
  constructor(private readonly keep = 4) {}

  /**
   * A buffer of at least `minBytes` (a power of two), for the caller alone until released. The
   * largest free one is taken: an answer of unknown length then rarely has to grow.
   */
  acquire(minBytes: number): Buffer {
    let index = -1
    for (let i = 0; i < this.free.length; i++) {
      if (
        this.free[i].length >= minBytes &&
        (index === -1 || this.free[i].length > this.free[index].length)
      )
        index = i
    }
    if (index !== -1) return this.free.splice(index, 1)[0]
    let capacity = MIN_CAPACITY
    while (capacity < minBytes) capacity *= 2
    // Not from Node's shared slab: the whole buffer is ours to reuse.
    return Buffer.allocUnsafeSlow(capacity)
  }

  /** Gives a buffer back; it must not be read or written afterwards. */
  release(buffer: Buffer): void {
    if (buffer.length > LARGEST_KEPT || this.free.includes(buffer)) return
    if (this.free.length >= this.keep) this.free.shift()
    this.free.push(buffer)
  }
}

/**
 * One answer's body as it arrives, in a pooled buffer that grows (into a larger pooled one)
 * when needed. `release` gives the memory back; it is safe to call more than once, and after
 * it any further part is ignored, so a late event of an aborted request cannot write into a
 * buffer that is in use elsewhere.
 */
export class PooledBody {
  private buffer: Buffer | undefined
  private length = 0
  private released = false

  constructor(
    private readonly pool: BodyPool,
    expectedBytes = 0
  ) {
    this.buffer = pool.acquire(expectedBytes)
  }

  append(part: Buffer): void {
    if (this.released || !this.buffer) return
    if (this.length + part.length > this.buffer.length) {
      const larger = this.pool.acquire(this.length + part.length)
      this.buffer.copy(larger, 0, 0, this.length)
      this.pool.release(this.buffer)
      this.buffer = larger
    }
    part.copy(this.buffer, this.length)
    this.length += part.length
  }

  /** The bytes so far: valid until `release`. */
  bytes(): Buffer {
    return this.released || !this.buffer ? Buffer.alloc(0) : this.buffer.subarray(0, this.length)
  }

  release(): void {
    if (this.released) return
    this.released = true
    if (this.buffer) this.pool.release(this.buffer)
    this.buffer = undefined
  }
}
