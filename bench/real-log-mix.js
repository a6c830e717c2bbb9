// @ts-check
/**
 * A build log with the content of a real CodeArts Maven build, seeded and deterministic:
 * framework chatter with timestamps the majority (`[<timestamp> GMT+08:00] [<LEVEL>]
 * [<step>:<id>] : <text>`, in both of the engine's timestamp shapes), plain tool lines in
 * between (Maven `[INFO] ...`, `+ docker pull ...`), about 10 % of lines with ANSI colour
 * escapes, about 10 % with CJK text, URLs, blank lines; steps bracketed by their start and
 * complete markers, and the `All Tasks Status` block and `Finished: SUCCESS` at the end.
 *
 * Every line is drawn on its own (no repeated blocks), so a reader sees the variety a real
 * log has; 200 MiB takes a few seconds. The same options give the same bytes.
 *
 *   generateRealLogMix({ targetBytes, seed }) -> Buffer
 */
import { createRandom } from '../simulator/random.js'

/** The shares the mix is drawn with, per non-blank line (see {@link generateRealLogMix}). */
export const MIX_SHARES = Object.freeze({
  blank: 0.05,
  /** framework chatter with a timestamp, of the non-blank lines */
  stamped: 0.6,
  ansi: 0.1,
  cjk: 0.1,
  url: 0.25
})

/** The steps of the build; most of the log is the Maven step's. */
export const MIX_STEPS = Object.freeze([
  { name: 'Cache Check', id: 'cacheCheck', style: 'month', weight: 0.02 },
  { name: 'Code checkout', id: 'officialCodeCheckout', style: 'month', weight: 0.03 },
  { name: 'Maven build', id: 'external_post_maven', style: 'dated', weight: 0.8 },
  { name: 'Unit test report', id: 'unitTestReport', style: 'dated', weight: 0.05 },
  { name: 'buildImage', id: 'buildImage', style: 'month', weight: 0.1 }
])

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** 2026-09-14 02:29:37.820 at GMT+08:00, as UTC milliseconds. */
const START_MS = Date.UTC(2026, 8, 13, 18, 29, 37, 820)
const GMT8_MS = 8 * 3600 * 1000

const ARTIFACTS = [
  'org/springframework/boot/spring-boot-starter-web/3.2.1/spring-boot-starter-web-3.2.1',
  'org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0',
  'com/fasterxml/jackson/core/jackson-databind/2.16.1/jackson-databind-2.16.1',
  'org/apache/maven/plugins/maven-compiler-plugin/3.11.0/maven-compiler-plugin-3.11.0',
  'io/netty/netty-handler/4.1.104.Final/netty-handler-4.1.104.Final',
  'org/slf4j/slf4j-api/2.0.9/slf4j-api-2.0.9',
  'com/huaweicloud/sdk/huaweicloud-sdk-core/3.1.76/huaweicloud-sdk-core-3.1.76',
  'org/junit/jupiter/junit-jupiter-engine/5.10.1/junit-jupiter-engine-5.10.1'
]
const REPOS = [
  'https://repo.huaweicloud.com/repository/maven',
  'https://repo.maven.apache.org/maven2',
  'https://devrepo.devcloud.cn-north-4.huaweicloud.com/artgalaxy/cn-north-4_release'
]
const IMAGES = [
  'swr.cn-north-4.myhuaweicloud.com/codeci/maven:3.9.6-jdk17',
  'swr.cn-north-4.myhuaweicloud.com/demo/order-service:1.4.2',
  'docker.io/library/eclipse-temurin:17-jre'
]
const CHATTER = [
  'start to download build image',
  'Execute command successfully',
  'The build parameters are loaded.',
  'Start to run the script in the container',
  'check the cache of the dependencies',
  'upload the step log to the log service',
  'heartbeat: the executor is alive',
  'collect the build metrics'
]
const CJK_CHATTER = [
  '开始下载构建镜像',
  '正在执行构建脚本，请稍候',
  '依赖缓存命中，跳过下载',
  '构建产物上传到发布库',
  '镜像拉取完成，耗时较长请关注网络'
]
const CJK_TOOL = [
  '[INFO] 正在编译模块 order-service (编译中)',
  '[WARNING] 源文件使用了已过时的 API，请使用 -Xlint:deprecation 重新编译',
  '[INFO] 单元测试报告已生成：target/surefire-reports',
  '+ echo "构建版本号 1.4.2"'
]
const MODULES = ['order-service', 'user-service', 'gateway', 'common-utils', 'billing-core']
const CLASSES = ['OrderServiceTest', 'UserRepositoryTest', 'GatewayRouteTest', 'PriceCalcTest']

/** @param {number} n @param {number} width */
const pad = (n, width) => String(n).padStart(width, '0')

/**
 * The engine's two timestamp shapes at GMT+08:00.
 *
 * @param {number} epochMs
 * @param {'dated' | 'month'} style `2023/12/21 15:44:18.793` or `Sep 14, 2026 02:29:37.820`
 */
export function formatStamp(epochMs, style) {
  const d = new Date(epochMs + GMT8_MS)
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  return style === 'dated'
    ? `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1, 2)}/${pad(d.getUTCDate(), 2)} ${time} GMT+08:00`
    : `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate(), 2)}, ${d.getUTCFullYear()} ${time} GMT+08:00`
}

/**
 * @param {{ name: string, id: string, style: string }} step
 * @returns {string} the step's tag as the engine writes it in that timestamp shape
 */
const tagOf = (step) =>
  step.style === 'dated' ? `[${step.name}: ${step.id}]:` : `[${step.name}:${step.id}] :`

/**
 * @param {object} [options]
 * @param {number} [options.targetBytes] at least this many bytes; default 36 MiB
 * @param {number} [options.seed] default 1
 * @param {'SUCCESS' | 'FAILURE'} [options.result] how the build ends: with `FAILURE` its last
 *   step fails (an error line, the step marked `error` in the status block); default SUCCESS
 * @returns {Buffer} valid UTF-8, every line ending in `\n`, ending with `Finished: <result>\n`
 */
export function generateRealLogMix(options = {}) {
  const targetBytes = options.targetBytes ?? 36 * 1024 * 1024
  const failed = options.result === 'FAILURE'
  const random = createRandom(options.seed ?? 1)
  /** @template T @param {readonly T[]} list @returns {T} */
  const pick = (list) => list[Math.floor(random() * list.length)]
  /** @param {number} low @param {number} high */
  const int = (low, high) => low + Math.floor(random() * (high - low + 1))
  let clockMs = START_MS
  /** @param {'dated' | 'month'} style */
  const stamp = (style) => {
    clockMs += int(0, 40)
    return formatStamp(clockMs, style)
  }
  const url = () => `${pick(REPOS)}/${pick(ARTIFACTS)}.${random() < 0.5 ? 'pom' : 'jar'}`

  /** @param {typeof MIX_STEPS[number]} step @returns {string} one line, no ending */
  const stamped = (step) => {
    const style = /** @type {'dated' | 'month'} */ (step.style)
    const levelRoll = random()
    const level = levelRoll < 0.7 ? 'INFO' : levelRoll < 0.95 ? 'INTERNAL' : 'WARN'
    const cjk = random() < MIX_SHARES.cjk
    let text
    if (cjk) text = pick(CJK_CHATTER)
    else if (random() < MIX_SHARES.url) text = `fetch ${url()} status=200`
    else text = `${pick(CHATTER)} (${int(1, 9999)})`
    return `[${stamp(style)}] [${level}] ${tagOf(step)} ${text}`
  }
  /** @returns {string} */
  const tool = () => {
    if (random() < MIX_SHARES.cjk) return pick(CJK_TOOL)
    const roll = random()
    if (roll < 0.3) return `[INFO] Downloading from huaweicloud: ${url()}`
    if (roll < 0.55)
      return `[INFO] Downloaded from huaweicloud: ${url()} (${int(1, 900)} kB at ${int(100, 9000)} kB/s)`
    if (roll < 0.65)
      return `[INFO] Compiling ${int(2, 400)} source files to /opt/build/${pick(MODULES)}/target/classes`
    if (roll < 0.72)
      return `[INFO] Tests run: ${int(1, 60)}, Failures: 0, Errors: 0, Skipped: ${int(0, 2)}, Time elapsed: ${int(0, 9)}.${pad(int(0, 999), 3)} s - in com.example.${pick(CLASSES)}`
    if (roll < 0.8) return `+ docker pull ${pick(IMAGES)}`
    if (roll < 0.88)
      return `${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}.${pad(int(0, 999), 3)} [main] INFO  c.e.${pick(MODULES)}.Application - Started in ${int(1, 30)}.${int(0, 9)} s`
    if (roll < 0.94)
      return `[INFO] --- maven-jar-plugin:3.3.0:jar (default-jar) @ ${pick(MODULES)} ---`
    return `${int(1, 99)}f${int(100, 999)}a${int(10, 99)}: Pull complete`
  }
  /** @param {string} line */
  const colour = (line) =>
    line.startsWith('[INFO] ')
      ? `[\u001b[1;34mINFO\u001b[m] \u001b[1m${line.slice(7)}\u001b[m`
      : `\u001b[32m${line}\u001b[0m`

  const header =
    `[${formatStamp(clockMs, 'month')}] [INFO] Start to execute build task: order-service\n` +
    '[INFO] 构建任务开始执行 (build started)\n'
  /** @type {Buffer[]} */
  const parts = [Buffer.from(header)]
  let size = parts[0].length
  const chunkBytes = 1 << 20
  let weightSoFar = 0
  for (const step of MIX_STEPS) {
    const style = /** @type {'dated' | 'month'} */ (step.style)
    const start = style === 'dated' ? 'This step starts.' : 'This step is start'
    const complete = style === 'dated' ? 'This step is complete.' : 'This step is complete'
    const opening = Buffer.from(`[${stamp(style)}] [INFO] ${tagOf(step)} ${start}\n`)
    parts.push(opening)
    size += opening.length
    weightSoFar += step.weight
    const stepTarget = Math.max(0, targetBytes - 512) * weightSoFar
    while (size < stepTarget) {
      /** @type {string[]} */
      const lines = []
      let chunk = 0
      while (chunk < chunkBytes && size + chunk < stepTarget) {
        let line
        if (random() < MIX_SHARES.blank) line = ''
        else {
          // The engine's own lines carry no colour; the tools' output does, so a tool line is
          // coloured with the share that makes about MIX_SHARES.ansi of all lines coloured.
          if (random() < MIX_SHARES.stamped) line = stamped(step)
          else {
            line = tool()
            if (random() < MIX_SHARES.ansi / (1 - MIX_SHARES.stamped)) line = colour(line)
          }
        }
        lines.push(line)
        // Near enough for the loop; the exact size is the buffer's.
        chunk += line.length + 1
      }
      const buffer = Buffer.from(lines.join('\n') + '\n')
      parts.push(buffer)
      size += buffer.length
    }
    const lastStep = step === MIX_STEPS[MIX_STEPS.length - 1]
    const closing = Buffer.from(
      failed && lastStep
        ? `[${stamp(style)}] [ERROR] ${tagOf(step)} Execute docker command failed\n` +
            `[${stamp(style)}] [ERROR] ${tagOf(step)} Failed to complete this step\n`
        : `[${stamp(style)}] [INFO] ${tagOf(step)} ${complete}\n`
    )
    parts.push(closing)
    size += closing.length
  }
  let trailer = '\n==================== All Tasks Status ====================\n'
  for (const step of MIX_STEPS) {
    const bad = failed && step === MIX_STEPS[MIX_STEPS.length - 1]
    trailer += `${step.name}:${step.id} state: ${bad ? 'FAILED' : 'COMPLETED'}, status: ${bad ? 'error' : 'success'}\n`
  }
  trailer += `Finished: ${failed ? 'FAILURE' : 'SUCCESS'}\n`
  parts.push(Buffer.from(trailer))
  size += Buffer.byteLength(trailer)
  // Top up to the target with Maven lines before the status block, should rounding fall short.
  if (size < targetBytes) {
    const last = parts.pop()
    const filler = []
    let extra = 0
    while (size + extra < targetBytes) {
      const line = tool()
      filler.push(line)
      extra += Buffer.byteLength(line) + 1
    }
    parts.push(Buffer.from(filler.join('\n') + '\n'), /** @type {Buffer} */ (last))
  }
  return Buffer.concat(parts)
}
