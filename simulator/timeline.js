// @ts-check
import { characterBoundary } from './log-window.js'
import { createRandom, randomInt } from './random.js'
import { formatLogTimestamp } from './timestamps.js'

/**
 * How a build's log becomes readable over time. Times count from the build's start (the
 * simulator's start for the first build, the trigger for later ones).
 *
 * @typedef {object} TimelineOptions
 * @property {boolean} [finished] the whole log is readable at once and the build is over;
 *   default false
 * @property {number} [startDelayMs] queued time before the first piece (building, empty
 *   log); default 100
 * @property {number} [pieceIntervalMs] time between pieces; default 50
 * @property {number} [minPieceBytes] smallest piece; default 1
 * @property {number} [maxPieceBytes] largest piece; default 16384
 * @property {Array<{ atMs: number, endByte: number }>} [schedule] explicit pieces instead of
 *   random ones: the log is readable up to `endByte` from `atMs`; `startDelayMs` and piece
 *   sizes are then ignored, and whatever the schedule leaves out becomes readable at the finish
 * @property {number} [finishDelayMs] time from the last piece to the build being over;
 *   default 100
 * @property {number} [seed] seeds piece sizes; default 1
 */

/**
 * @typedef {object} Piece
 * @property {number} atEpochMs wall-clock time the bytes became readable
 * @property {number} endByte the log was readable up to here from then on
 */

/**
 * One build of the job: its log, how much of it is readable, and whether it is over.
 */
export class SimulatedBuild {
  /** @type {Set<NodeJS.Timeout>} */
  #timers = new Set()

  /**
   * @param {object} init
   * @param {number} init.buildNo
   * @param {Buffer} init.log the whole log the build will produce
   * @param {string} init.result build_result once the build is over
   * @param {TimelineOptions} init.timeline
   */
  constructor({ buildNo, log, result, timeline }) {
    this.buildNo = buildNo
    /** The planned log; after a stop, what had been readable plus the abort lines. */
    this.log = log
    this.plannedResult = result
    /** Bytes of `log` readable now. */
    this.available = 0
    this.building = true
    /** @type {string | null} */
    this.result = null
    this.startEpochMs = Date.now()
    /** @type {number | null} */
    this.endEpochMs = null
    /** @type {Piece[]} */
    this.pieces = []
    this.stopped = false
    this.#start(timeline)
  }

  /** The readable part of the log. */
  get readableLog() {
    return this.log.subarray(0, this.available)
  }

  /**
   * Stops a running build the way a user's stop does: the rest of the planned log is dropped
   * and the abort lines follow what was readable.
   *
   * @returns {boolean} false when the build was already over
   */
  stop() {
    if (!this.building) return false
    this.dispose()
    const now = Date.now()
    const kept = characterBoundary(this.log, this.available)
    const tail = `\n[${formatLogTimestamp(now, 'month')}] [INFO] Build aborted by user\nFinished: ABORTED\n`
    this.log = Buffer.concat([this.log.subarray(0, kept), Buffer.from(tail)])
    this.available = this.log.length
    this.pieces.push({ atEpochMs: now, endByte: this.available })
    this.stopped = true
    this.#end('ABORTED', now)
    return true
  }

  /**
   * The log starts over under the same build number: from now on `log` is served, as much of
   * it readable as was readable of the old one (all of it once the build is over), and the
   * timeline, if still running, goes on revealing it.
   *
   * @param {Buffer} log
   */
  restartLog(log) {
    this.log = log
    this.available = this.building ? Math.min(this.available, log.length) : log.length
    this.pieces.push({ atEpochMs: Date.now(), endByte: this.available })
  }

  /** Cancels pending timeline events; the build stays as it is. */
  dispose() {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }

  /** @param {TimelineOptions} timeline */
  #start(timeline) {
    if (timeline.finished) {
      this.#reveal(this.log.length)
      this.#end(this.plannedResult, this.startEpochMs)
      return
    }
    const finishDelayMs = timeline.finishDelayMs ?? 100
    if (timeline.schedule) {
      let lastMs = 0
      for (const { atMs, endByte } of timeline.schedule) {
        this.#later(atMs, () => this.#reveal(endByte))
        lastMs = Math.max(lastMs, atMs)
      }
      this.#later(lastMs + finishDelayMs, () => this.#finish())
      return
    }
    const random = createRandom((timeline.seed ?? 1) * 31 + this.buildNo)
    const minPieceBytes = Math.max(1, timeline.minPieceBytes ?? 1)
    const maxPieceBytes = Math.max(minPieceBytes, timeline.maxPieceBytes ?? 16384)
    const pieceIntervalMs = timeline.pieceIntervalMs ?? 50
    const next = () => {
      this.#reveal(this.available + randomInt(random, minPieceBytes, maxPieceBytes))
      if (this.available >= this.log.length) this.#later(finishDelayMs, () => this.#finish())
      else this.#later(pieceIntervalMs, next)
    }
    this.#later(timeline.startDelayMs ?? 100, next)
  }

  /** @param {number} delayMs @param {() => void} action */
  #later(delayMs, action) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      action()
    }, delayMs)
    timer.unref()
    this.#timers.add(timer)
  }

  /** @param {number} endByte */
  #reveal(endByte) {
    const end = Math.min(endByte, this.log.length)
    if (end <= this.available) return
    this.available = end
    this.pieces.push({ atEpochMs: Date.now(), endByte: end })
  }

  #finish() {
    this.#reveal(this.log.length)
    this.#end(this.plannedResult, Date.now())
  }

  /** @param {string} result @param {number} atEpochMs */
  #end(result, atEpochMs) {
    this.dispose()
    this.building = false
    this.result = result
    this.endEpochMs = atEpochMs
  }
}
