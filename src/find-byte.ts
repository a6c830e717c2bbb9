/**
 * Where a byte next occurs in a byte array at or after `from`, or -1: V8's own search
 * (`%TypedArray%.prototype.indexOf`), for the `:` the failure lines ask about on every line.
 *
 * Not Buffer#indexOf, for the reason Latin1Search gives: Node's validator, compiled after a
 * couple of thousand calls, keeps V8's optimizing compiler resident while a build waits. Not a
 * Latin1Search either: a second copy of every log byte (the JSON decoder's is the first) made
 * V8 grow its young generation, and the peaks with it (200 MiB log 67 -> 76 MiB, 2 M short
 * lines 60 -> 72 MiB). V8's search copies nothing; its price is a call into C++, about 60 ns
 * against 18 ns.
 *
 * A bound builtin, not a function of ours: a wrapper called more than once a line would itself
 * be compiled within the first few hundred lines.
 */
export const findByte = Function.prototype.call.bind(
  Object.getPrototypeOf(Uint8Array.prototype).indexOf as Uint8Array['indexOf']
) as (bytes: Uint8Array, byte: number, from: number) => number
