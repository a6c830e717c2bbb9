/**
 * Counts the UTF-8 bytes of a log answer's content while it is shown, without holding it or
 * reading it twice (its pieces may be iterated only once): the read pacer judges from it
 * whether an answer was full.
 */
export class ContentMeter {
  /** UTF-8 bytes of the pieces handed on so far. */
  bytes = 0

  /** The same answer, its pieces counted as they are taken. */
  measure<C extends { readonly pieces: Iterable<string | Uint8Array> }>(chunk: C): C {
    return { ...chunk, pieces: this.count(chunk.pieces) }
  }

  private *count<T extends string | Uint8Array>(pieces: Iterable<T>): Generator<T> {
    for (const piece of pieces) {
      this.bytes += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength
      yield piece
    }
  }
}
