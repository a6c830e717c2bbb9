// @ts-check

/**
 * A small seeded generator (mulberry32). Tests compare runs byte for byte, so every random
 * choice the simulator makes must repeat exactly for the same seed; Math.random cannot.
 *
 * @param {number} seed any integer
 * @returns {() => number} a function returning floats in [0, 1)
 */
export function createRandom(seed) {
  let state = seed >>> 0 || 0x9e3779b9
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param {() => number} random
 * @param {number} min inclusive
 * @param {number} max inclusive
 */
export function randomInt(random, min, max) {
  return min + Math.floor(random() * (max - min + 1))
}

/**
 * @template T
 * @param {() => number} random
 * @param {readonly T[]} items non-empty
 * @returns {T}
 */
export function pick(random, items) {
  return items[Math.floor(random() * items.length)]
}
