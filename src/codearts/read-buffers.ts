import type { Duplex } from 'node:stream'

/**
 * The buffers Node read one answer into, freed as soon as the body is copied out of them. Node
 * reads the socket into a buffer of its own per read (64 KiB), and its HTTP parser copies each
 * piece of the body into another; once the body is in the body pool both are dead, but their
 * memory came back only when the garbage collector found them, and an action that makes almost
 * no garbage of its own is collected rarely: on a 200 MiB log tens of megabytes of dead read
 * buffers piled up. Detaching a buffer (`ArrayBuffer#transfer(0)`) gives its memory back at
 * once, so the memory held stays in step with the answer being read.
 *
 * This is the one place that does so. Only a buffer that a chunk covers whole is detached (a
 * view into memory Node shares, such as its slab of small buffers, is left to the collector),
 * only for a plain body (a gzipped one goes through zlib), and only after the answer's end,
 * when the parser is done with everything read for this answer; after a failure nothing is.
 */
/** `ArrayBuffer#transfer` (ES2024; Node 21 and later), absent from the compiler's library. */
type Transferable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }

export class AnswerReadBuffers {
  private readonly buffers = new Set<ArrayBuffer>()
  private socket: Duplex | undefined
  private readonly onRead = (chunk: Buffer): void => this.add(chunk)

  /** Collects what the request's socket reads from now until the answer ends. */
  watch(socket: Duplex): void {
    this.unwatch()
    this.socket = socket
    socket.on('data', this.onRead)
  }

  /** A chunk read for this answer, or a part of its body, already copied. */
  add(part: Buffer): void {
    const buffer = part.buffer
    if (
      buffer instanceof ArrayBuffer &&
      part.byteOffset === 0 &&
      part.length === buffer.byteLength &&
      part.length > 0
    ) {
      this.buffers.add(buffer)
    }
  }

  /** The answer is complete: its read buffers are no longer needed by anyone. */
  free(): void {
    this.unwatch()
    for (const buffer of this.buffers) {
      try {
        ;(buffer as Transferable).transfer?.(0)
      } catch {
        // Not detachable (a buffer Node shares otherwise): the collector frees it.
      }
    }
    this.buffers.clear()
  }

  /** The answer failed or is gzipped: nothing is freed, the collector does it. */
  forget(): void {
    this.unwatch()
    this.buffers.clear()
  }

  private unwatch(): void {
    this.socket?.removeListener('data', this.onRead)
    this.socket = undefined
  }
}
