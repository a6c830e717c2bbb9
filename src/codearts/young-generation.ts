/**
 * Lets V8's collector see the bytes the network brings, so that the read buffers Node leaves
 * behind are freed as the answers arrive instead of tens of megabytes later.
 *
 * Node hands every socket read to JavaScript in buffers of its own, outside V8's heap. They
 * die at once (the action copies each part into a pooled body), but they are freed only when
 * V8 collects its young generation. V8 starts that collection when young objects fill their
 * space, or, for memory outside the heap alone, only once 32 MiB of such buffers are pending.
 * A log of ordinary lines makes enough young garbage of its own; one long line makes almost
 * none, so dead read buffers piled up to ~30 MiB: a peak of 81 MiB on a 20 MiB line.
 *
 * So each part is also copied once into a one-byte string, which lives in the young generation
 * and dies at once: V8 then collects about once per young space full of received bytes (1 to
 * 16 MiB), and the read buffers go with it. Measured on one 20 MiB line: peak 81 -> 56 MiB;
 * on 36 and 200 MiB logs of ordinary lines the peaks and times did not move (the copy runs at
 * memory speed, and the collections free nothing but garbage).
 */

/** Charges the young generation with as many bytes as `part` holds (see above). */
export function chargeYoungGeneration(part: Buffer): void {
  // Unused on purpose; the call goes into Node's C++ (latin1Slice), which no compiler drops.
  void part.toString('latin1')
}
