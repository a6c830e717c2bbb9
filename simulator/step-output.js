// @ts-check
/**
 * The tool output inside a generated log's steps: Maven, tests, Docker, uploads, shell, with
 * the colours, Chinese text and URLs of real CodeArts builds, and one very long line.
 */
import { pick, randomInt } from './random.js'

/** @typedef {import('./logs.js').StepKind} StepKind */

export const ARTIFACTS = [
  'org/springframework/boot/spring-boot-starter-web/3.2.1/spring-boot-starter-web-3.2.1',
  'org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0',
  'com/fasterxml/jackson/core/jackson-databind/2.16.1/jackson-databind-2.16.1',
  'com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre',
  'org/slf4j/slf4j-api/2.0.11/slf4j-api-2.0.11',
  'io/netty/netty-handler/4.1.104.Final/netty-handler-4.1.104.Final',
  'org/junit/jupiter/junit-jupiter-api/5.10.1/junit-jupiter-api-5.10.1',
  'com/huaweicloud/sdk/huaweicloud-sdk-core/3.1.76/huaweicloud-sdk-core-3.1.76'
]

export const MAVEN_REPO = 'https://repo.huaweicloud.com/repository/maven'

/** @param {StepKind} kind */
export function failureWording(kind) {
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
export function stepOutput(kind, random, failing) {
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
export function longLine(bytes) {
  const prefix = '[DEBUG] -classpath '
  const entries =
    ARTIFACTS.map((artifact) => `/root/.m2/repository/${artifact}.jar`).join(':') + ':'
  const body = prefix + entries.repeat(Math.ceil(bytes / entries.length) + 1)
  return body.slice(0, bytes)
}
