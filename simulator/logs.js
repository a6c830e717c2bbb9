// @ts-check
import { createRandom, pick, randomInt } from './random.js'
import { formatLogTimestamp } from './timestamps.js'

/** @typedef {import('./timestamps.js').MarkerStyle} MarkerStyle */
/** @typedef {'cache' | 'checkout' | 'maven' | 'test' | 'docker' | 'upload' | 'shell'} StepKind */

/**
 * A step to put in a generated log.
 *
 * @typedef {object} StepSpec
 * @property {string} name display name, the first half of the marker tag
 * @property {string} id step id, the second half of the marker tag
 * @property {StepKind} [kind] which tool's output fills the step (default 'shell')
 */

/**
 * A step as it appears in a generated log. Steps after a failed or aborted one never run and
 * are not listed.
 *
 * @typedef {object} LogStep
 * @property {string} name
 * @property {string} id
 * @property {MarkerStyle} style which marker wording brackets this step
 * @property {'success' | 'error' | 'aborted'} status
 */

/**
 * @typedef {object} BuildLogOptions
 * @property {string} [result] 'SUCCESS' (default), 'ABORTED', or anything else for a failing
 *   build (the log then ends with `Finished: FAILURE`, the engine's own word)
 * @property {'both' | 'dated' | 'month'} [markerStyle] marker wording; 'both' (default)
 *   alternates the two wordings from step to step
 * @property {number | string} [failAtStep] 0-based index or id of the step that fails (or is
 *   aborted mid-way); default the second-to-last step
 * @property {number | StepSpec[]} [steps] how many of the stock steps to use (more than six
 *   adds shell steps), or the steps themselves; default the six stock steps
 * @property {number} [seed] default 1; the same options always give the same text
 * @property {number} [longLineBytes] length of the one very long line (ASCII, newline
 *   excluded), default 65536; 0 leaves it out
 */

const MiB = 1024 * 1024

// Fixed so that logs are identical from run to run: Sep 14, 2026 02:29:37.820 GMT+08:00.
const LOG_EPOCH_MS = Date.UTC(2026, 8, 13, 18, 29, 37, 820)

/** @type {readonly Required<StepSpec>[]} */
export const STOCK_STEPS = Object.freeze([
  { name: 'Cache Check', id: 'cacheCheck', kind: 'cache' },
  { name: 'Code checkout', id: 'officialCodeCheckout', kind: 'checkout' },
  { name: 'Maven build', id: 'external_post_maven', kind: 'maven' },
  { name: 'Unit test report', id: 'unitTestReport', kind: 'test' },
  { name: 'buildImage', id: 'buildImage', kind: 'docker' },
  { name: 'Upload to release repo', id: 'uploadArtifact', kind: 'upload' }
])

const ARTIFACTS = [
  'org/springframework/boot/spring-boot-starter-web/3.2.1/spring-boot-starter-web-3.2.1',
  'org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0',
  'com/fasterxml/jackson/core/jackson-databind/2.16.1/jackson-databind-2.16.1',
  'com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre',
  'org/slf4j/slf4j-api/2.0.11/slf4j-api-2.0.11',
  'io/netty/netty-handler/4.1.104.Final/netty-handler-4.1.104.Final',
  'org/junit/jupiter/junit-jupiter-api/5.10.1/junit-jupiter-api-5.10.1',
  'com/huaweicloud/sdk/huaweicloud-sdk-core/3.1.76/huaweicloud-sdk-core-3.1.76'
]

const MAVEN_REPO = 'https://repo.huaweicloud.com/repository/maven'

/**
 * Collects lines, each with its own ending, and stamps markers from a clock that moves
 * forward a little on every stamp.
 */
class LogWriter {
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
const startWording = (style) => (style === 'dated' ? 'This step starts.' : 'This step is start')
/** @param {MarkerStyle} style */
const completeWording = (style) =>
  style === 'dated' ? 'This step is complete.' : 'This step is completed'

/** @param {StepKind} kind */
function failureWording(kind) {
  if (kind === 'docker') return 'Execute docker command failed'
  if (kind === 'maven' || kind === 'test') return 'Execute maven command failed'
  return 'Execute shell command failed'
}

/** @param {() => number} random @param {number} length */
function hex(random, length) {
  let out = ''
  while (out.length < length) out += Math.floor(random() * 16).toString(16)
  return out
}

/**
 * Tool output for one step, as whole lines with their endings. Failing steps end with
 * Maven-style `[ERROR]` lines whatever the tool, as CodeArts' own wrappers print them.
 *
 * @param {StepKind} kind
 * @param {() => number} random
 * @param {boolean} failing
 * @returns {string[]}
 */
function stepOutput(kind, random, failing) {
  /** @type {string[]} */
  const lines = []
  const add = (/** @type {string} */ text) => lines.push(text + '\n')
  switch (kind) {
    case 'cache':
      add(`Checking build cache, key ${hex(random, 40)}`)
      add('缓存未命中,将执行完整构建 (cache miss)')
      add(`Cache check finished in ${randomInt(random, 1, 9) / 10}s`)
      break
    case 'checkout':
      add('+ git init /codearts/workspace')
      add(
        'Fetching upstream changes from https://codehub.devcloud.cn-north-4.huaweicloud.com/demo00001/demo-service.git'
      )
      add(`HEAD is now at ${hex(random, 7)} Merge branch 'feature/订单导出' into 'master'`)
      add('\u001b[32m检出代码成功\u001b[0m')
      break
    case 'maven': {
      add('[INFO] Scanning for projects...')
      add('[INFO] 正在下载依赖 (resolving dependencies)')
      add('[INFO] ')
      add(
        '[INFO] \u001b[1m------------------< \u001b[0;36mcom.example:demo-service\u001b[0;1m >-------------------\u001b[m'
      )
      add('[INFO] \u001b[1mBuilding demo-service 1.0.0-SNAPSHOT\u001b[m')
      const downloads = randomInt(random, 4, 9)
      for (let i = 0; i < downloads; i++) {
        const url = `${MAVEN_REPO}/${pick(random, ARTIFACTS)}.${pick(random, ['pom', 'jar'])}`
        add(`[INFO] Downloading from central: ${url}`)
        add(
          `[INFO] Downloaded from central: ${url} (${randomInt(random, 1, 900)} kB at ${randomInt(random, 100, 9000)} kB/s)`
        )
      }
      add('')
      add(
        '[INFO] \u001b[1;34m--- maven-compiler-plugin:3.11.0:compile (default-compile) @ demo-service ---\u001b[m'
      )
      add(
        `[INFO] Compiling ${randomInt(random, 20, 300)} source files to /codearts/workspace/target/classes`
      )
      add('[WARNING] 某些输入文件使用了未经检查或不安全的操作。')
      if (failing) {
        add(
          '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) on project demo-service: Compilation failure'
        )
        add(
          '[ERROR] /codearts/workspace/src/main/java/com/example/OrderService.java:[57,21] 找不到符号'
        )
        add('[INFO] \u001b[1;31mBUILD FAILURE\u001b[m')
        add('[ERROR] -> [Help 1]')
      } else {
        add('[INFO] ------------------------------------------------------------------------')
        add('[INFO] BUILD SUCCESS')
        add('[INFO] \u001b[1;32m构建成功\u001b[m')
        add(`[INFO] Total time:  ${randomInt(random, 5, 240)}.${randomInt(random, 100, 999)} s`)
      }
      break
    }
    case 'test':
      add('[INFO] -------------------------------------------------------')
      add('[INFO]  T E S T S')
      add('[INFO] -------------------------------------------------------')
      add(`[INFO] Running com.example.OrderServiceTest`)
      if (failing) {
        add('[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0')
        add('[ERROR] OrderServiceTest.exportsOrders:88 expected: <3> but was: <2>')
      } else {
        add(`[INFO] Tests run: ${randomInt(random, 10, 200)}, Failures: 0, Errors: 0, Skipped: 1`)
        add('单元测试报告已生成: target/surefire-reports')
      }
      break
    case 'docker': {
      const image = `swr.cn-north-4.myhuaweicloud.com/demo/demo-service:${randomInt(random, 1, 9)}.0.0`
      add(`+ docker build -t ${image} .`)
      add('Step 1/6 : FROM openjdk:17-jdk-slim')
      add(` ---> ${hex(random, 12)}`)
      add('Step 2/6 : COPY target/demo-service.jar /app/app.jar')
      add(` ---> ${hex(random, 12)}`)
      add('')
      if (failing) {
        add('Step 3/6 : RUN ./gradlew assemble')
        add('/bin/sh: 1: ./gradlew: not found')
        add("The command '/bin/sh -c ./gradlew assemble' returned a non-zero code: 127")
        add('[ERROR] docker build failed, exit code 127')
      } else {
        add(`Successfully built ${hex(random, 12)}`)
        add(`Successfully tagged ${image}`)
        add('\u001b[1;32m镜像推送成功\u001b[0m')
      }
      break
    }
    case 'upload':
      add('Uploading target/demo-service.jar to release repo')
      if (failing) add('[ERROR] upload failed: 403 Forbidden')
      else add(`上传成功 (${randomInt(random, 1, 90)}.${randomInt(random, 0, 9)} MB)`)
      break
    default:
      add(`+ sh -c 'echo build step ${hex(random, 6)}'`)
      add(`build step ${hex(random, 6)}`)
      if (failing) add('[ERROR] command exited with code 1')
      else add('执行完毕')
  }
  return lines
}

/**
 * A classpath-like ASCII line of exactly `bytes` bytes before its newline.
 *
 * @param {number} bytes
 */
function longLine(bytes) {
  const prefix = '[DEBUG] -classpath '
  const entries =
    ARTIFACTS.map((artifact) => `/root/.m2/repository/${artifact}.jar`).join(':') + ':'
  const body = prefix + entries.repeat(Math.ceil(bytes / entries.length) + 1)
  return body.slice(0, bytes)
}

/**
 * @param {number | StepSpec[] | undefined} steps
 * @returns {Required<StepSpec>[]}
 */
function resolveSteps(steps) {
  if (Array.isArray(steps)) return steps.map((s) => ({ kind: 'shell', ...s }))
  const count = steps ?? STOCK_STEPS.length
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`Invalid 'steps': ${count}. Expected a whole number from 1, or a list.`)
  }
  return Array.from({ length: count }, (_, i) =>
    i < STOCK_STEPS.length
      ? { ...STOCK_STEPS[i] }
      : {
          name: `Shell command ${i + 1}`,
          id: `shell_${i + 1}`,
          kind: /** @type {const} */ ('shell')
        }
  )
}

/**
 * @param {number | string | undefined} failAtStep
 * @param {Required<StepSpec>[]} steps
 */
function resolveFailIndex(failAtStep, steps) {
  if (failAtStep === undefined) return Math.max(0, steps.length - 2)
  const index =
    typeof failAtStep === 'number' ? failAtStep : steps.findIndex((s) => s.id === failAtStep)
  if (!Number.isInteger(index) || index < 0 || index >= steps.length) {
    throw new Error(`Invalid 'failAtStep': ${failAtStep}. Expected a step index or id of this log.`)
  }
  return index
}

/**
 * Generates a realistic CodeArts build log together with the steps it contains, so tests can
 * check step grouping against what was actually written.
 *
 * @param {BuildLogOptions} [options]
 * @returns {{ text: string, steps: LogStep[] }}
 */
export function generateBuildLogWithSteps(options = {}) {
  const result = (options.result ?? 'SUCCESS').toUpperCase()
  const markerStyle = options.markerStyle ?? 'both'
  const longLineBytes = options.longLineBytes ?? 64 * 1024
  const random = createRandom(options.seed ?? 1)
  const specs = resolveSteps(options.steps)
  const stopIndex = result === 'SUCCESS' ? -1 : resolveFailIndex(options.failAtStep, specs)
  const aborted = result === 'ABORTED'
  const longLineIndex = Math.max(
    0,
    specs.findIndex((s) => s.kind === 'maven')
  )

  const writer = new LogWriter(random, LOG_EPOCH_MS)
  writer.line(`[${writer.stamp('month')}] [INFO] Start to execute build task: demo-service`)
  writer.line('[INFO] 构建任务开始执行 (build started)')

  /** @type {LogStep[]} */
  const steps = []
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]
    /** @type {MarkerStyle} */
    const style = markerStyle === 'both' ? (i % 2 === 0 ? 'dated' : 'month') : markerStyle
    const failing = i === stopIndex && !aborted
    const output = stepOutput(spec.kind, random, failing)
    if (i === 0) output.splice(1, 0, 'Progress: 100% (245/245), done.\r\n', '\n')
    if (i === longLineIndex && longLineBytes > 0)
      output.splice(2, 0, longLine(longLineBytes) + '\n')

    writer.marker(spec, style, 'INFO', startWording(style))
    if (i === stopIndex && aborted) {
      output.slice(0, Math.ceil(output.length / 2)).forEach((l) => writer.raw(l))
      writer.line(`[${writer.stamp('month')}] [INFO] Build aborted by user`)
      steps.push({ name: spec.name, id: spec.id, style, status: 'aborted' })
      break
    }
    output.forEach((l) => writer.raw(l))
    if (failing) {
      writer.marker(spec, style, 'ERROR', failureWording(spec.kind))
      writer.marker(spec, style, 'ERROR', 'Failed to complete this step')
      steps.push({ name: spec.name, id: spec.id, style, status: 'error' })
      break
    }
    writer.marker(spec, style, 'INFO', completeWording(style))
    steps.push({ name: spec.name, id: spec.id, style, status: 'success' })
  }

  writeStatusBlock(writer, steps)
  writer.line(`Finished: ${result === 'SUCCESS' || aborted ? result : 'FAILURE'}`)
  return { text: writer.text(), steps }
}

/**
 * Same as {@link generateBuildLogWithSteps}, the text only.
 *
 * @param {BuildLogOptions} [options]
 * @returns {string}
 */
export function generateBuildLog(options = {}) {
  return generateBuildLogWithSteps(options).text
}

/**
 * @param {LogWriter} writer
 * @param {LogStep[]} steps
 */
function writeStatusBlock(writer, steps) {
  const states = { success: 'COMPLETED', error: 'FAILED', aborted: 'ABORTED' }
  writer.line('')
  writer.line('==================== All Tasks Status ====================')
  for (const step of steps) {
    const status = step.status === 'success' ? 'success' : 'error'
    writer.line(`${step.name}:${step.id} state: ${states[step.status]}, status: ${status}`)
  }
}

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
