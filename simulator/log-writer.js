// @ts-check
/**
 * What every generated log is written with: a line collector whose clock stamps the step
 * markers, the two marker wordings CodeArts uses, and the status block that ends a log.
 */
import { randomInt } from './random.js'
import { formatLogTimestamp } from './timestamps.js'

/** @typedef {import('./timestamps.js').MarkerStyle} MarkerStyle */

// Fixed so that logs are identical from run to run: Sep 14, 2026 02:29:37.820 GMT+08:00.
export const LOG_EPOCH_MS = Date.UTC(2026, 8, 13, 18, 29, 37, 820)

/**
 * Collects lines, each with its own ending, and stamps markers from a clock that moves
 * forward a little on every stamp.
 */
export class LogWriter {
  /** @param {() => number} random @param {number} startEpochMs */
  constructor(random, startEpochMs) {
    this.random = random
    this.clockMs = startEpochMs
    /** @type {string[]} */
    this.parts = []
  }

  /** @param {MarkerStyle} style */
  stamp(style) {
    this.clockMs += randomInt(this.random, 3, 1500)
    return formatLogTimestamp(this.clockMs, style)
  }

  /** @param {string} text a whole line with its ending */
  raw(text) {
    this.parts.push(text)
  }

  /** @param {string} text */
  line(text) {
    this.parts.push(text + '\n')
  }

  /**
   * @param {{ name: string, id: string }} step
   * @param {MarkerStyle} style
   * @param {'INFO' | 'ERROR'} level
   * @param {string} message
   */
  marker(step, style, level, message) {
    const tag = style === 'dated' ? `[${step.name}: ${step.id}]:` : `[${step.name}:${step.id}] :`
    this.line(`[${this.stamp(style)}] [${level}] ${tag} ${message}`)
  }

  text() {
    return this.parts.join('')
  }
}

/** @param {MarkerStyle} style */
export const startWording = (style) =>
  style === 'dated' ? 'This step starts.' : 'This step is start'
/** @param {MarkerStyle} style */
export const completeWording = (style) =>
  style === 'dated' ? 'This step is complete.' : 'This step is completed'

/**
 * @param {LogWriter} writer
 * @param {import('./logs.js').LogStep[]} steps
 */
export function writeStatusBlock(writer, steps) {
  const states = { success: 'COMPLETED', error: 'FAILED', aborted: 'ABORTED' }
  writer.line('')
  writer.line('==================== All Tasks Status ====================')
  for (const step of steps) {
    const status = step.status === 'success' ? 'success' : 'error'
    writer.line(`${step.name}:${step.id} state: ${states[step.status]}, status: ${status}`)
  }
}
