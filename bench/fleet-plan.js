// @ts-check
/**
 * What each build of the fleet benchmark writes, and when: a real-log mix cut into pieces on
 * line boundaries that become readable one after another over the build's span, each piece
 * ending with a mark line (`[INFO] --- bench piece <n> ---`) so its arrival on a follower's
 * stdout can be timed; the last piece (the status block and `Finished:`) comes as the build
 * ends. A silent build shows a few pieces at its start and then nothing, never ending.
 * Pure and seeded: the same options give the same plan.
 */
import { createRandom } from '../simulator/random.js'
import { generateRealLogMix } from './real-log-mix.js'

/** @param {number} n */
export const pieceMark = (n) => `[INFO] --- bench piece ${n} ---\n`
/** Finds the marks in stdout text (ASCII, so any decoding of the bytes will do). */
export const PIECE_MARK_PATTERN = /--- bench piece (\d+) ---/g

/**
 * @typedef {object} FleetBuildPlan
 * @property {Buffer} log the whole log, marks included
 * @property {Array<{ atMs: number, endByte: number, mark: number | null }>} pieces in order,
 *   times from the build's start; `mark` the number of the mark line it ends with (null for
 *   the last piece of a build that ends)
 * @property {number | null} endsAtMs when the build ends (its last piece readable, the status
 *   saying over); null for a silent build
 * @property {'SUCCESS' | 'FAILURE'} result
 */

/**
 * @param {object} options
 * @param {number} options.seed
 * @param {number} options.bytes about how large the log is
 * @param {number} options.spanMs from the first piece to the end of the build
 * @param {'SUCCESS' | 'FAILURE'} [options.result] default SUCCESS
 * @param {number} [options.meanGapMs] mean time between pieces; default 1000
 * @param {boolean} [options.silent] a few pieces in the first seconds, then silence, no end
 * @returns {FleetBuildPlan}
 */
export function planFleetBuild(options) {
  const random = createRandom(options.seed * 7919 + 13)
  const result = options.result ?? 'SUCCESS'
  const meanGapMs = options.meanGapMs ?? 1000
  const mix = generateRealLogMix({ targetBytes: options.bytes, seed: options.seed, result })
  const text = mix
  // The trailer: from the blank line before the status block.
  const trailerAt = text.lastIndexOf('\n\n==================== All Tasks Status') + 1
  /** @type {number[]} piece times */
  const times = [0]
  const gaps = options.silent ? 3 : Math.max(2, Math.round(options.spanMs / meanGapMs))
  for (let i = 1; i < gaps; i++) {
    const nominal = (i * (options.silent ? 3000 : options.spanMs)) / gaps
    const jitter = (random() - 0.5) * 0.8 * (options.silent ? 1000 : options.spanMs / gaps)
    times.push(Math.max(times[times.length - 1] + 50, Math.round(nominal + jitter)))
  }
  // Cut points for the pieces before the trailer, on line ends, about evenly by bytes.
  const body = options.silent ? Math.min(trailerAt, 4096) : trailerAt
  /** @type {Buffer[]} */
  const parts = []
  /** @type {FleetBuildPlan['pieces']} */
  const pieces = []
  let from = 0
  let size = 0
  for (let i = 0; i < times.length; i++) {
    let to = i === times.length - 1 ? body : Math.round((body * (i + 1)) / times.length)
    if (to < body) {
      const lineEnd = text.indexOf(0x0a, to)
      to = lineEnd === -1 || lineEnd >= body ? body : lineEnd + 1
    }
    if (to <= from) continue
    const mark = Buffer.from(pieceMark(pieces.length))
    parts.push(text.subarray(from, to), mark)
    size += to - from + mark.length
    pieces.push({ atMs: times[i], endByte: size, mark: pieces.length })
    from = to
  }
  if (options.silent) return { log: Buffer.concat(parts), pieces, endsAtMs: null, result }
  const trailer = text.subarray(trailerAt)
  parts.push(trailer)
  size += trailer.length
  const endsAtMs = Math.max(options.spanMs, times[times.length - 1] + 200)
  pieces.push({ atMs: endsAtMs, endByte: size, mark: null })
  return { log: Buffer.concat(parts), pieces, endsAtMs, result }
}
