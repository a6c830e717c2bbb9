/**
 * The buffers Node read one answer's body into, freed as soon as the body is copied out of
 * them. Node's HTTP parser hands the body on as pieces of up to 64 KiB, each a buffer of its
 * own; once copied into the body pool nothing needs them, but their memory comes back only
 * when the garbage collector finds them dead, and an action that makes almost no garbage of
 * its own is collected rarely: on a 200 MiB log tens of megabytes of dead pieces piled up.
 * Detaching a piece's buffer (`ArrayBuffer#transfer(0)`) gives its memory back at once, so
 * the memory held stays in step with the answer being read.
 *
 * This is the one place that does so. Only a piece that is the whole of its buffer is
 * detached (a view into memory Node shares, such as its slab of small buffers, is left to the
 * collector), only for a plain body (a gzipped one goes through zlib), and only after the
 * answer's end, when the parser is done with everything it read for this answer.
 */
/** `ArrayBuffer#transfer` (ES2024; Node 21 and later), absent from the compiler's library. */
type Transferable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }

export class AnswerReadBuffers {
  private readonly buffers = new Set<ArrayBuffer>()

  /** A part of the body, already copied. */
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
    for (const buffer of this.buffers) {
      try {
        ;(buffer as Transferable).transfer?.(0)
      } catch {
        // Not detachable (a buffer Node shares otherwise): the collector frees it.
      }
    }
    this.buffers.clear()
  }
}
