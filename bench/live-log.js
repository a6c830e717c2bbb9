// @ts-check
/**
 * A live build with a known timeline: the log is written in numbered pieces that end on line
 * boundaries, each line carrying its piece's sequence number, so a line seen on a follower's
 * stdout maps back to the moment the simulator made its piece readable.
 */
import { StringDecoder } from 'node:string_decoder'
import { createRandom, pick, randomInt } from '../simulator/random.js'

/** 1/φ² and 1/φ: steps by these fractions of the poll interval spread phases most evenly. */
const GOLDEN_FRACTIONS = [0.381966, 0.618034]

const STEP_START =
  '[2026/09/14 02:29:37.820 GMT+08:00] [INFO] [Maven build: external_post_maven]: This step starts.\n'
const TRAILER = [
  '[2026/09/14 02:31:02.114 GMT+08:00] [INFO] [Maven build: external_post_maven]: This step is complete.',
  '',
  '==================== All Tasks Status ====================',
  'Maven build:external_post_maven state: COMPLETED, status: success',
  'Finished: SUCCESS',
  ''
].join('\n')

const TOOL_OUTPUT = [
  'Downloading from central: https://repo.huaweicloud.com/repository/maven/com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre.jar',
  'Downloaded from central: https://repo.huaweicloud.com/repository/maven/org/slf4j/slf4j-api/2.0.11/slf4j-api-2.0.11.pom (4 kB at 912 kB/s)',
  '正在编译模块 module-17 (编译中)',
  '\u001b[1;34m--- maven-surefire-plugin:3.2.2:test ---\u001b[m',
  'Tests run: 42, Failures: 0, Errors: 0, Skipped: 1'
]

/**
 * @typedef {object} LiveBuild
 * @property {Buffer} log the whole log: the pieces, then a trailer with `Finished: SUCCESS`
 *   that the simulator makes readable when the build ends
 * @property {Array<{ atMs: number, endByte: number }>} schedule one entry per piece
 * @property {number[]} lineCounts lines in each piece
 * @property {number} lastPieceAtMs
 */

/**
 * Plans the pieces. Piece times step by a whole number of poll intervals plus a golden
 * fraction of one (a Weyl sequence, with a small seeded jitter), so the moments the pieces
 * appear fall evenly over the follower's poll cycle, whatever its phase: the median lag then
 * converges on its true value with far fewer pieces than independent random times need.
 *
 * @param {object} options
 * @param {number} options.pollMs the follower's poll interval
 * @param {number} options.pieces how many pieces
 * @param {number} options.spanMs about how long the pieces take, first to last
 * @param {number} options.firstAtMs when the first piece appears, from the build's start
 * @param {number} options.seed
 * @returns {LiveBuild}
 */
export function planLiveBuild({ pollMs, pieces, spanMs, firstAtMs, seed }) {
  const random = createRandom(seed)
  const nominal = spanMs / Math.max(1, pieces - 1) / pollMs
  const whole = Math.floor(nominal)
  const fraction = GOLDEN_FRACTIONS.reduce((best, f) =>
    Math.abs(f - (nominal - whole)) < Math.abs(best - (nominal - whole)) ? f : best
  )
  const stepMs = pollMs * (whole + fraction)
  const jitterMs = 0.04 * pollMs
  const offsetMs = random() * pollMs

  /** @type {string[]} */
  const parts = []
  /** @type {Array<{ atMs: number, endByte: number }>} */
  const schedule = []
  /** @type {number[]} */
  const lineCounts = []
  let bytes = 0
  let lastPieceAtMs = 0
  for (let piece = 0; piece < pieces; piece++) {
    const lineCount = randomInt(random, 1, 6)
    let text = piece === 0 ? STEP_START : ''
    for (let line = 1; line <= lineCount; line++) {
      text += `[INFO] piece ${pieceLabel(piece)} line ${line}/${lineCount} ${pick(random, TOOL_OUTPUT)}\n`
    }
    parts.push(text)
    bytes += Buffer.byteLength(text)
    const atMs = Math.round(firstAtMs + offsetMs + piece * stepMs + (random() - 0.5) * jitterMs)
    schedule.push({ atMs, endByte: bytes })
    lineCounts.push(lineCount)
    lastPieceAtMs = atMs
  }
  parts.push(TRAILER)
  return { log: Buffer.from(parts.join('')), schedule, lineCounts, lastPieceAtMs }
}

/** @param {number} piece */
function pieceLabel(piece) {
  return String(piece).padStart(4, '0')
}

const PIECE_LINE = /\bpiece (\d{4}) line (\d+)\/(\d+) /

/**
 * Watches a follower's stdout for the pieces' lines; a piece has arrived when its last line
 * has (lines are written in order). Mapping by content, not by position, so the follower's
 * own lines (groups, fences, status) do not disturb it.
 */
export class PieceWatcher {
  constructor() {
    /** @type {Map<number, number>} piece number to the epoch ms its last line arrived */
    this.arrivals = new Map()
    this.decoder = new StringDecoder('utf8')
    this.partial = ''
  }

  /**
   * @param {Buffer} chunk
   * @param {number} atEpochMs
   */
  push(chunk, atEpochMs) {
    const text = this.partial + this.decoder.write(chunk)
    const lastBreak = text.lastIndexOf('\n')
    if (lastBreak === -1) {
      this.partial = text
      return
    }
    this.partial = text.slice(lastBreak + 1)
    for (const line of text.slice(0, lastBreak).split('\n')) {
      const match = PIECE_LINE.exec(line)
      if (!match || match[2] !== match[3]) continue
      const piece = Number(match[1])
      if (!this.arrivals.has(piece)) this.arrivals.set(piece, atEpochMs)
    }
  }
}
