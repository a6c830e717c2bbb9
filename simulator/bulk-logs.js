// @ts-check
/**
 * Logs of many megabytes for the benchmarks and size tests, assembled from Buffers in a
 * fraction of a second: a Maven-like log, many short lines, one very long line.
 */
import { createRandom, pick, randomInt } from './random.js'
import {
  completeWording,
  LOG_EPOCH_MS,
  LogWriter,
  startWording,
  writeStatusBlock
} from './log-writer.js'
import { STOCK_STEPS } from './logs.js'
import { ARTIFACTS, MAVEN_REPO } from './step-output.js'

/** @typedef {import('./timestamps.js').MarkerStyle} MarkerStyle */

const MiB = 1024 * 1024

/**
 * Start and complete markers plus the trailer for logs assembled from Buffers.
 *
 * @param {{ name: string, id: string }[]} steps
 * @param {() => number} random
 */
function frame(steps, random) {
  const writer = new LogWriter(random, LOG_EPOCH_MS)
  /** @param {(w: LogWriter) => void} write */
  const render = (write) => {
    writer.parts = []
    write(writer)
    return Buffer.from(writer.text())
  }
  const header = render((w) => {
    w.line(`[${w.stamp('month')}] [INFO] Start to execute build task: demo-service`)
    w.line('[INFO] 构建任务开始执行 (build started)')
  })
  const markers = steps.map((step, i) => {
    /** @type {MarkerStyle} */
    const style = i % 2 === 0 ? 'dated' : 'month'
    return {
      start: render((w) => w.marker(step, style, 'INFO', startWording(style))),
      complete: render((w) => w.marker(step, style, 'INFO', completeWording(style)))
    }
  })
  const trailer = render((w) => {
    writeStatusBlock(
      w,
      steps.map((s, i) => ({ ...s, style: i % 2 === 0 ? 'dated' : 'month', status: 'success' }))
    )
    w.line('Finished: SUCCESS')
  })
  const fixedBytes =
    header.length +
    trailer.length +
    markers.reduce((n, m) => n + m.start.length + m.complete.length, 0)
  return { header, markers, trailer, fixedBytes }
}

/**
 * About 64 KiB of Maven output ending on a line boundary.
 *
 * @param {() => number} random
 */
function mavenBlock(random) {
  /** @type {string[]} */
  const lines = []
  let size = 0
  while (size < 64 * 1024) {
    const url = `${MAVEN_REPO}/${pick(random, ARTIFACTS)}.${pick(random, ['pom', 'jar'])}`
    const roll = random()
    let line
    if (roll < 0.4) line = `[INFO] Downloading from central: ${url}`
    else if (roll < 0.8)
      line = `[INFO] Downloaded from central: ${url} (${randomInt(random, 1, 900)} kB at ${randomInt(random, 100, 9000)} kB/s)`
    else if (roll < 0.9) line = `[INFO] 正在编译模块 module-${randomInt(random, 1, 99)} (编译中)`
    else if (roll < 0.95)
      line = '[INFO] \u001b[1;34m--- maven-surefire-plugin:3.2.2:test ---\u001b[m'
    else line = ''
    lines.push(line)
    size += Buffer.byteLength(line) + 1
  }
  return Buffer.from(lines.join('\n') + '\n')
}

/**
 * A Maven-like log of at least `targetBytes` bytes, assembled from a few distinct blocks so a
 * 100 MiB log takes a fraction of a second.
 *
 * @param {{ targetBytes?: number, seed?: number }} [options] targetBytes default 100 MiB,
 *   seed default 1
 * @returns {Buffer} ends with `Finished: SUCCESS\n`
 */
export function generateLargeLog(options = {}) {
  const targetBytes = options.targetBytes ?? 100 * MiB
  const random = createRandom(options.seed ?? 1)
  const steps = STOCK_STEPS.slice(2, 5)
  const { header, markers, trailer, fixedBytes } = frame(steps, random)
  const blocks = Array.from({ length: 16 }, () => mavenBlock(random))
  const smallest = Math.min(...blocks.map((b) => b.length))
  const blockCount = Math.ceil(Math.max(0, targetBytes - fixedBytes) / smallest)

  /** @type {Buffer[]} */
  const parts = [header]
  for (let s = 0; s < steps.length; s++) {
    parts.push(markers[s].start)
    const from = Math.floor((blockCount * s) / steps.length)
    const to = Math.floor((blockCount * (s + 1)) / steps.length)
    for (let b = from; b < to; b++) parts.push(blocks[Math.floor(random() * blocks.length)])
    parts.push(markers[s].complete)
  }
  parts.push(trailer)
  return Buffer.concat(parts)
}

/**
 * Many short lines split between two steps: stresses per-line costs in a reader.
 *
 * @param {{ lineCount?: number }} [options] lineCount default 2 000 000
 * @returns {Buffer}
 */
export function generateShortLinesLog(options = {}) {
  const lineCount = options.lineCount ?? 2_000_000
  const steps = [STOCK_STEPS[2], STOCK_STEPS[3]]
  const { header, markers, trailer } = frame(steps, createRandom(7))
  /** @type {Buffer[]} */
  const parts = [header]
  const half = Math.floor(lineCount / 2)
  const ranges = [
    [0, half],
    [half, lineCount]
  ]
  ranges.forEach(([from, to], s) => {
    parts.push(markers[s].start)
    for (let chunk = from; chunk < to; chunk += 50_000) {
      const end = Math.min(to, chunk + 50_000)
      const lines = new Array(end - chunk)
      for (let i = chunk; i < end; i++) lines[i - chunk] = `ok ${i}\n`
      parts.push(Buffer.from(lines.join('')))
    }
    parts.push(markers[s].complete)
  })
  parts.push(trailer)
  return Buffer.concat(parts)
}

/**
 * One step whose output is a single ASCII line of `lineBytes` bytes.
 *
 * @param {{ lineBytes?: number }} [options] lineBytes default 20 MiB
 * @returns {Buffer}
 */
export function generateSingleLongLineLog(options = {}) {
  const lineBytes = options.lineBytes ?? 20 * MiB
  const { header, markers, trailer } = frame([STOCK_STEPS[2]], createRandom(11))
  const line = Buffer.alloc(lineBytes + 1, 'abcdefghijklmnopqrstuvwxyz0123456789-')
  line[lineBytes] = 0x0a
  return Buffer.concat([header, markers[0].start, line, markers[0].complete, trailer])
}
