/**
 * Where a byte next occurs in a byte array at or after `from`, or -1: V8's own search
 * (`%TypedArray%.prototype.indexOf`), for the searches the mirror makes more than once a line
 * (a JSON escape ends nearly every line; `:` is asked about on every line).
 *
 * Why not Buffer#indexOf: it first runs one of Node's argument validators, and all of them
 * share one wrapper function. The couple of thousand searches of a build's first few hundred
 * lines made V8 compile that wrapper with its optimizing compiler within a second, and the
 * compiler then stays resident, about 3.5 MiB for a build that may wait an hour (measured on
 * 16 KiB of log then silence: 50.1 -> 46.5 MiB, against 43.2 for a plain poller that never
 * searches). V8's search runs no JavaScript that could be compiled.
 *
 * It is a bound builtin, not a function of ours, for the same reason: a wrapper called a few
 * times a line would be compiled as soon. Its price is a call into C++ (about 60 ns against
 * Buffer#indexOf's 18 ns once compiled) and a plain byte loop (2.5 GB/s against memchr's 10+).
 * That is why the newline walk, one call a line and the one search that runs through long
 * lines, keeps Buffer#indexOf: moving it too made a 200 MiB log 25 % slower, against 9 % for
 * these two.
 */
export const findByte = Function.prototype.call.bind(
  Object.getPrototypeOf(Uint8Array.prototype).indexOf as Uint8Array['indexOf']
) as (bytes: Uint8Array, byte: number, from: number) => number
