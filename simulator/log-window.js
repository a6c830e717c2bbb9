// @ts-check

/**
 * The part of a log one real-time-log answer carries, computed without copying the log.
 *
 * @typedef {object} LogWindow
 * @property {number} startByte first served byte
 * @property {number} endByte end of the served bytes, never inside a UTF-8 character
 * @property {number} currentOffset cursor of the first served character, in the cursor unit
 * @property {number} nextOffset cursor to send back next time, in the cursor unit
 * @property {boolean} hasMoreData
 */

/** @typedef {'bytes' | 'chars'} CursorUnit */
/** @typedef {'caught-up' | 'while-running'} HasMorePolicy */

const CHECKPOINT_STRIDE = 64 * 1024

/** @param {number} byte */
const isContinuation = (byte) => (byte & 0xc0) === 0x80

/**
 * Moves `pos` back to the start of the UTF-8 character it falls in, never below `floor`.
 * Pieces of a growing log are cut at arbitrary bytes, so the readable end itself may fall
 * inside a character.
 *
 * @param {Buffer} log
 * @param {number} pos
 * @param {number} floor
 */
export function characterBoundary(log, pos, floor = 0) {
  while (pos > floor && pos < log.length && isContinuation(log[pos])) pos--
  return pos
}

/**
 * @param {Buffer} log
 * @param {number} start
 * @param {number} end
 */
export function countCodePoints(log, start, end) {
  let count = 0
  for (let i = start; i < end; i++) if (!isContinuation(log[i])) count++
  return count
}

/**
 * Maps code-point offsets to byte offsets. Built on first use only, because only servers
 * configured with `cursorUnit: 'chars'` need it and it reads the whole log once.
 */
export class CodePointIndex {
  /** @param {Buffer} log */
  constructor(log) {
    this.log = log
    const checkpoints = Math.floor(log.length / CHECKPOINT_STRIDE) + 1
    /** code points that start before byte `i * CHECKPOINT_STRIDE` */
    this.before = new Float64Array(checkpoints)
    let count = 0
    for (let c = 1; c < checkpoints; c++) {
      count += countCodePoints(log, (c - 1) * CHECKPOINT_STRIDE, c * CHECKPOINT_STRIDE)
      this.before[c] = count
    }
  }

  /**
   * @param {number} codePoints
   * @returns {number} byte offset where that many code points have passed, or -1 past the end
   */
  byteOffset(codePoints) {
    let low = 0
    let high = this.before.length - 1
    while (low < high) {
      const mid = Math.ceil((low + high) / 2)
      if (this.before[mid] <= codePoints) low = mid
      else high = mid - 1
    }
    let count = this.before[low]
    for (let pos = low * CHECKPOINT_STRIDE; pos < this.log.length; pos++) {
      if (isContinuation(this.log[pos])) continue
      if (count === codePoints) return pos
      count++
    }
    return count === codePoints ? this.log.length : -1
  }
}

/** @type {WeakMap<Buffer, CodePointIndex>} */
const indexes = new WeakMap()

/** @param {Buffer} log */
function codePointIndex(log) {
  let index = indexes.get(log)
  if (!index) {
    index = new CodePointIndex(log)
    indexes.set(log, index)
  }
  return index
}

/**
 * Computes what one real-time-log answer serves.
 *
 * @param {object} view
 * @param {Buffer} view.log the build's whole planned log
 * @param {number} view.available bytes of it readable now
 * @param {boolean} view.building
 * @param {object} request
 * @param {number} request.offset the client's cursor, in `unit`
 * @param {number} request.maxBytes most bytes to serve (length already capped by the server)
 * @param {CursorUnit} request.unit
 * @param {HasMorePolicy} request.hasMorePolicy
 * @returns {LogWindow}
 */
export function readLogWindow(view, request) {
  const { log, building } = view
  const { offset, maxBytes, unit, hasMorePolicy } = request
  const readable = characterBoundary(log, view.available)
  const startByte =
    unit === 'bytes'
      ? Math.min(offset, Number.MAX_SAFE_INTEGER)
      : codePointIndex(log).byteOffset(offset)

  if (startByte < 0 || startByte >= readable) {
    return {
      currentOffset: offset,
      nextOffset: offset,
      hasMoreData: hasMorePolicy === 'while-running' && building,
      startByte: readable,
      endByte: readable
    }
  }
  const endByte = characterBoundary(log, Math.min(readable, startByte + maxBytes), startByte)
  const advanced = unit === 'bytes' ? endByte - startByte : countCodePoints(log, startByte, endByte)
  return {
    currentOffset: offset,
    nextOffset: offset + advanced,
    hasMoreData: endByte < readable || (hasMorePolicy === 'while-running' && building),
    startByte,
    endByte
  }
}
