import { DEFAULT_JOB_ID, DEFAULT_TOKEN, startSimulator } from '../../simulator/server.js'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import {
  generateBuildLog,
  generateBuildLogWithSteps,
  generateLargeLog,
  generateShortLinesLog,
  generateSingleLongLineLog
} from '../../simulator/logs.js'
import { FAULT_KINDS } from '../../simulator/faults.js'
import type { FaultKind } from '../../simulator/faults.js'

interface LogAnswer {
  has_more_data: boolean | string
  offset: number | string
  content: string
  current_offset: number | string
}
interface BuildInfo {
  building: boolean | string
  build_result: string | null
  job_id: string
  build_number: number
  start_time: string
  end_time: string | null
}
interface Envelope<T> {
  result: T
  error: null
  status: string
}
interface ErrorBody {
  error_code: string
  error_msg: string
  status?: string
}
interface TriggerAnswer {
  actual_build_number: string
  daily_build_number: string
}

interface CallOptions {
  method?: string
  token?: string | null
  headers?: Record<string, string>
  body?: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(2)
  }
}

const running: Simulator[] = []
async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options)
  running.push(sim)
  return sim
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()))
})

async function call(sim: Simulator, path: string, options: CallOptions = {}) {
  const auth: Record<string, string> =
    options.token === null ? {} : { 'X-Auth-Token': options.token ?? sim.token }
  const res = await fetch(sim.url + path, {
    method: options.method ?? 'GET',
    headers: { ...auth, ...options.headers },
    body: options.body
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }
}

const logPath = (sim: Simulator, offset: number | string, buildNo = 1, extra = '') =>
  `/v3/jobs/${sim.jobId}/${buildNo}/real-time-log?offset=${offset}${extra}`
const statusPath = (sim: Simulator, buildNo = 1) => `/v1/job/${sim.jobId}/${buildNo}/build-info`

async function readLog(sim: Simulator, offset: number | string, buildNo = 1) {
  const res = await call(sim, logPath(sim, offset, buildNo))
  expect(res.status).toBe(200)
  return res.json<Envelope<LogAnswer>>().result
}

async function buildInfo(sim: Simulator, buildNo = 1) {
  const res = await call(sim, statusPath(sim, buildNo))
  expect(res.status).toBe(200)
  return res.json<Envelope<BuildInfo>>().result
}

/** Follows a build the way a careful client does: to the end of the build, then drained. */
async function follow(sim: Simulator, buildNo = 1) {
  const answers: LogAnswer[] = []
  let offset: number | string = 0
  let over = false
  for (;;) {
    const answer = await readLog(sim, offset, buildNo)
    answers.push(answer)
    offset = answer.offset
    if (String(answer.has_more_data) === 'true') continue
    if (over) break
    over = String((await buildInfo(sim, buildNo)).building) === 'false'
    if (!over) await sleep(2)
  }
  return { text: answers.map((a) => a.content).join(''), answers }
}

const CHINESE_LINE = '构建成功,正在下载依赖。编译中……🚀 第二阶段完成\n'

describe('log generators', () => {
  it('brackets every step with start and complete markers in both wordings', () => {
    const { text, steps } = generateBuildLogWithSteps()
    expect(steps.map((s) => s.status)).toEqual(Array(6).fill('success'))
    for (const step of steps) {
      const tag =
        step.style === 'dated' ? `[${step.name}: ${step.id}]:` : `[${step.name}:${step.id}] :`
      const start = step.style === 'dated' ? 'This step starts.' : 'This step is start'
      const done = step.style === 'dated' ? 'This step is complete.' : 'This step is completed'
      expect(text).toContain(`] [INFO] ${tag} ${start}\n`)
      expect(text).toContain(`] [INFO] ${tag} ${done}\n`)
    }
    expect(new Set(steps.map((s) => s.style))).toEqual(new Set(['dated', 'month']))
    expect(text).toMatch(/^\[\w{3} \d\d, \d{4} \d\d:\d\d:\d\d\.\d{3} GMT\+08:00\] /m)
    expect(text).toMatch(/^\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} GMT\+08:00\] /m)
    expect(text).toContain('All Tasks Status')
    expect(text).toContain('state: COMPLETED, status: success')
    expect(text.endsWith('Finished: SUCCESS\n')).toBe(true)
  })

  it('holds tool output with colours, Chinese, empty lines, a CRLF line and one long line', () => {
    const text = generateBuildLog()
    expect(text).toContain('[INFO] Downloading from central: ')
    expect(text).toContain('[INFO] BUILD SUCCESS')
    expect(text).toContain('\u001b[1;34m')
    expect(text).toContain('构建成功')
    expect(text).toContain('正在下载依赖')
    expect(text).toContain('\r\n')
    expect(text).toContain('\n\n')
    const lengths = text.split('\n').map((line) => Buffer.byteLength(line))
    expect(Math.max(...lengths)).toBe(64 * 1024)
    expect(
      Math.max(
        ...generateBuildLog({ longLineBytes: 300 })
          .split('\n')
          .map((l) => l.length)
      )
    ).toBe(300)
  })

  it('stops at the failing step with ERROR markers and Maven errors', () => {
    const { text, steps } = generateBuildLogWithSteps({ result: 'FAILURE', markerStyle: 'month' })
    expect(steps.map((s) => s.id)).toEqual([
      'cacheCheck',
      'officialCodeCheckout',
      'external_post_maven',
      'unitTestReport',
      'buildImage'
    ])
    expect(steps[4].status).toBe('error')
    expect(text).toMatch(
      /\[\w{3} \d\d, \d{4} [\d:.]+ GMT\+08:00\] \[ERROR\] \[buildImage:buildImage\] : Execute docker command failed\n/
    )
    expect(text).toContain('[ERROR] [buildImage:buildImage] : Failed to complete this step\n')
    expect(text).toMatch(/^\[ERROR\] /m)
    expect(text).not.toContain('[Upload to release repo:uploadArtifact] : This step is start')
    expect(text).toContain('buildImage:buildImage state: FAILED, status: error')
    expect(text.endsWith('Finished: FAILURE\n')).toBe(true)

    const maven = generateBuildLogWithSteps({
      result: 'FAILURE',
      failAtStep: 'external_post_maven'
    })
    expect(maven.steps).toHaveLength(3)
    expect(maven.text).toContain('[ERROR] Failed to execute goal')
  })

  it('cuts an aborted build in the middle of a step', () => {
    const { text, steps } = generateBuildLogWithSteps({
      result: 'ABORTED',
      markerStyle: 'dated',
      failAtStep: 1
    })
    expect(steps.map((s) => s.status)).toEqual(['success', 'aborted'])
    expect(text).not.toContain('[Code checkout: officialCodeCheckout]: This step is complete.')
    expect(text).toContain('] [INFO] Build aborted by user\n')
    expect(text.endsWith('Finished: ABORTED\n')).toBe(true)
  })

  it('is deterministic for a seed', () => {
    expect(generateBuildLog({ seed: 5 })).toBe(generateBuildLog({ seed: 5 }))
    expect(generateBuildLog({ seed: 5 })).not.toBe(generateBuildLog({ seed: 6 }))
  })

  it('builds a 100 MiB log quickly', () => {
    const startedAt = Date.now()
    const log = generateLargeLog({ targetBytes: 100 * 1024 * 1024 })
    expect(Date.now() - startedAt).toBeLessThan(2000)
    expect(log.length).toBeGreaterThanOrEqual(100 * 1024 * 1024)
    expect(log.subarray(-18).toString()).toBe('Finished: SUCCESS\n')
    const small = generateLargeLog({ targetBytes: 1024 * 1024, seed: 3 })
    expect(Buffer.from(small.toString('utf8')).equals(small)).toBe(true)
    expect(small.toString()).toContain('正在编译模块')
    expect(small.toString()).toContain('This step starts.')
  })

  it('builds the short-lines and single-long-line stress logs', () => {
    const short = generateShortLinesLog({ lineCount: 100_000 }).toString()
    expect(short.split('\n').length).toBeGreaterThan(100_000)
    expect(short).toContain('\nok 99999\n')
    expect(short.endsWith('Finished: SUCCESS\n')).toBe(true)

    const long = generateSingleLongLineLog({ lineBytes: 1024 * 1024 }).toString()
    expect(Math.max(...long.split('\n').map((l) => l.length))).toBe(1024 * 1024)
    expect(long.endsWith('Finished: SUCCESS\n')).toBe(true)
  })
})

describe('log growth in arbitrary byte pieces', () => {
  it('serves exactly the readable bytes, piece by piece, until the build ends', async () => {
    const sim = await start({
      startDelayMs: 20,
      pieceIntervalMs: 4,
      minPieceBytes: 1,
      maxPieceBytes: 4000,
      finishDelayMs: 20,
      maxReadBytes: 4096
    })
    const { text } = await follow(sim)
    const served = sim.servedLog(1)
    expect(Buffer.from(text).equals(served)).toBe(true)
    expect(served.toString()).toBe(generateBuildLog())

    const pieces = sim.pieceTimes(1)
    expect(pieces.length).toBeGreaterThan(10)
    expect(pieces.at(-1)?.endByte).toBe(served.length)
    for (let i = 1; i < pieces.length; i++) {
      expect(pieces[i].endByte).toBeGreaterThan(pieces[i - 1].endByte)
      expect(pieces[i].atEpochMs).toBeGreaterThanOrEqual(pieces[i - 1].atEpochMs)
    }
    const midLine = pieces.filter((p) => served[p.endByte - 1] !== 0x0a)
    expect(midLine.length).toBeGreaterThan(0)
  })

  it('follows an explicit schedule', async () => {
    const log = 'line one\nline two\nline three\n'
    const sim = await start({
      log,
      schedule: [
        { atMs: 150, endByte: 5 },
        { atMs: 250, endByte: 18 }
      ],
      finishDelayMs: 30
    })
    expect((await readLog(sim, 0)).content).toBe('')
    await waitFor(() => sim.servedLog(1).length === 5)
    expect((await readLog(sim, 0)).content).toBe('line ')
    await waitFor(() => sim.servedLog(1).length === 18)
    expect((await readLog(sim, 5)).content).toBe('one\nline two\n')
    const { text } = await follow(sim)
    expect(text).toBe(log)
    expect(sim.pieceTimes(1).map((p) => p.endByte)).toEqual([5, 18, log.length])
  })

  it('serves a large log intact across 1 MB reads', async () => {
    const log = generateLargeLog({ targetBytes: 24 * 1024 * 1024, seed: 2 })
    const sim = await start({ log, finished: true })
    const { text, answers } = await follow(sim)
    expect(answers.length).toBeGreaterThanOrEqual(24)
    expect(Buffer.from(text).equals(log)).toBe(true)
  })
})

describe('UTF-8 characters are never split', () => {
  const chinese = CHINESE_LINE.repeat(800)

  it('with a 4096-byte cap on a finished log', async () => {
    const sim = await start({ log: chinese, finished: true, maxReadBytes: 4096 })
    const { text, answers } = await follow(sim)
    expect(text).toBe(chinese)
    for (const answer of answers) {
      expect(Buffer.byteLength(answer.content)).toBeLessThanOrEqual(4096)
      expect(answer.content).not.toContain('\uFFFD')
    }
    expect(answers.length).toBeGreaterThan(Buffer.byteLength(chinese) / 4096)
  })

  it('while pieces end inside characters', async () => {
    const log = CHINESE_LINE.repeat(10)
    const sim = await start({
      log,
      startDelayMs: 0,
      pieceIntervalMs: 1,
      minPieceBytes: 1,
      maxPieceBytes: 7
    })
    const { text, answers } = await follow(sim)
    expect(text).toBe(log)
    for (const answer of answers) expect(answer.content).not.toContain('\uFFFD')
    const served = sim.servedLog(1)
    expect(sim.pieceTimes(1).some((p) => (served[p.endByte] & 0xc0) === 0x80)).toBe(true)
  })
})

describe('string cursors', () => {
  it('sends offset, current_offset and has_more_data as strings', async () => {
    const log = CHINESE_LINE.repeat(20)
    const sim = await start({ log, finished: true, cursorTypes: 'string', maxReadBytes: 100 })
    const first = await readLog(sim, 0)
    expect(first.offset).toBe(String(Buffer.byteLength(first.content)))
    expect(first.current_offset).toBe('0')
    expect(first.has_more_data).toBe('true')
    const { text, answers } = await follow(sim)
    expect(text).toBe(log)
    expect(answers.at(-1)?.has_more_data).toBe('false')
  })
})

describe('character cursor unit', () => {
  it('counts offsets in code points and still serves whole characters', async () => {
    const log = ('plain ascii line\n' + CHINESE_LINE).repeat(50)
    const sim = await start({ log, finished: true, cursorUnit: 'chars', maxReadBytes: 1000 })
    const { text, answers } = await follow(sim)
    expect(text).toBe(log)
    expect(answers.at(-1)?.offset).toBe([...log].length)
    let expected = 0
    for (const answer of answers) {
      expect(answer.current_offset).toBe(expected)
      expected += [...answer.content].length
      expect(answer.offset).toBe(expected)
    }
  })
})

describe('has_more_data policies', () => {
  const log = 'a'.repeat(100) + '\n'

  it("'caught-up' says false whenever the reader has everything readable, mid-build too", async () => {
    const sim = await start({ log, schedule: [{ atMs: 150, endByte: 50 }], finishDelayMs: 200 })
    const queued = await readLog(sim, 0)
    expect(queued).toMatchObject({ content: '', offset: 0, has_more_data: false })
    expect((await buildInfo(sim)).building).toBe(true)
    await waitFor(() => sim.servedLog(1).length === 50)
    const part = await readLog(sim, 0)
    expect(part).toMatchObject({ offset: 50, has_more_data: false })
    expect((await buildInfo(sim)).building).toBe(true)
  })

  it("'caught-up' says true when the length cap left bytes behind", async () => {
    const sim = await start({ log, finished: true, maxReadBytes: 40 })
    expect(await readLog(sim, 0)).toMatchObject({ offset: 40, has_more_data: true })
  })

  it("'while-running' says true until the build is over and read", async () => {
    const sim = await start({
      log,
      hasMoreData: 'while-running',
      schedule: [{ atMs: 150, endByte: 50 }],
      finishDelayMs: 100
    })
    expect(await readLog(sim, 0)).toMatchObject({ content: '', has_more_data: true })
    await waitFor(() => sim.servedLog(1).length === 50)
    expect(await readLog(sim, 0)).toMatchObject({ offset: 50, has_more_data: true })
    await waitFor(() => sim.builds.get(1)?.building === false)
    expect(await readLog(sim, 50)).toMatchObject({ offset: 101, has_more_data: false })
  })
})

describe('build-info', () => {
  it('reports queued, running and finished states', async () => {
    const sim = await start({
      result: 'FAILURE',
      schedule: [
        { atMs: 150, endByte: 100 },
        { atMs: 170, endByte: 200 }
      ],
      finishDelayMs: 150
    })
    const queued = await buildInfo(sim)
    expect(queued).toMatchObject({
      building: true,
      build_result: null,
      job_id: DEFAULT_JOB_ID,
      build_number: 1,
      end_time: null
    })
    expect(sim.servedLog(1).length).toBe(0)
    await waitFor(() => sim.servedLog(1).length > 0)
    expect(await buildInfo(sim)).toMatchObject({ building: true, build_result: null })
    await waitFor(() => sim.builds.get(1)?.building === false)
    const done = await buildInfo(sim)
    expect(done).toMatchObject({ building: false, build_result: 'FAILURE' })
    expect(Date.parse(done.end_time ?? '')).toBeGreaterThanOrEqual(Date.parse(done.start_time))
    expect(sim.servedLog(1).toString().endsWith('Finished: FAILURE\n')).toBe(true)
  })

  it('can send building as a string and a running build_result', async () => {
    const sim = await start({
      buildingAsString: true,
      runningBuildResult: 'BUILDING',
      startDelayMs: 1000
    })
    expect(await buildInfo(sim)).toMatchObject({ building: 'true', build_result: 'BUILDING' })
    const finished = await start({ buildingAsString: true, finished: true })
    expect(await buildInfo(finished)).toMatchObject({ building: 'false', build_result: 'SUCCESS' })
  })

  it('answers 404 APIGW.0101 when unpublished', async () => {
    const sim = await start({ statusRoute: 'unpublished', finished: true })
    const res = await call(sim, statusPath(sim))
    expect(res.status).toBe(404)
    expect(res.json<ErrorBody>()).toMatchObject({
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment'
    })
    expect((await call(sim, logPath(sim, 0))).status).toBe(200)
  })

  it('answers 403 when forbidden, leaving the log route usable', async () => {
    const sim = await start({ statusRoute: 'forbidden', finished: true })
    const res = await call(sim, statusPath(sim))
    expect(res.status).toBe(403)
    expect(res.json<ErrorBody>().error_code).toBe('CB.00060403')
    expect((await call(sim, logPath(sim, 0))).status).toBe(200)
  })
})

describe('error answers', () => {
  it('401 APIGW.0301 for a missing or wrong token', async () => {
    const sim = await start({ finished: true })
    for (const token of [null, 'wrong-token']) {
      for (const path of [logPath(sim, 0), statusPath(sim)]) {
        const res = await call(sim, path, { token })
        expect(res.status).toBe(401)
        expect(res.json<ErrorBody>().error_code).toBe('APIGW.0301')
      }
    }
    expect(sim.token).toBe(DEFAULT_TOKEN)
  })

  it('403 on every route when forbidden', async () => {
    const sim = await start({ finished: true, forbidden: true })
    for (const path of [logPath(sim, 0), statusPath(sim)]) {
      const res = await call(sim, path)
      expect(res.status).toBe(403)
      expect(res.json<ErrorBody>().error_code).toBe('CB.00060403')
    }
  })

  it('400 for bad parameters and an unknown job, 422 for an unknown build', async () => {
    const sim = await start({ finished: true })
    const expectError = async (path: string, status: number, code: string) => {
      const res = await call(sim, path)
      expect([res.status, res.json<ErrorBody>().error_code]).toEqual([status, code])
    }
    await expectError(`/v3/jobs/${sim.jobId}/1/real-time-log`, 400, 'CB.00060200')
    await expectError(`/v3/jobs/${sim.jobId}/1/real-time-log?offset=-1`, 400, 'CB.00060200')
    await expectError(`/v3/jobs/${sim.jobId}/1/real-time-log?offset=abc`, 400, 'CB.00060200')
    await expectError(logPath(sim, 0, 1, '&length=x'), 400, 'CB.00060200')
    await expectError(logPath(sim, 0, 0), 400, 'CB.00060200')
    await expectError(`/v3/jobs/short/1/real-time-log?offset=0`, 400, 'CB.00060200')
    const otherJob = 'f'.repeat(32)
    await expectError(`/v3/jobs/${otherJob}/1/real-time-log?offset=0`, 400, 'CB.00060201')
    await expectError(`/v1/job/${otherJob}/1/build-info`, 400, 'CB.00060201')
    await expectError(logPath(sim, 0, 7), 422, 'CB.00031006')
    await expectError(statusPath(sim, 7), 422, 'CB.00031006')
    await expectError('/v2/unknown', 404, 'APIGW.0101')
  })

  it('422 DEVCB.00031006 until a late record appears', async () => {
    const sim = await start({ finished: true, recordAppearsAfterMs: 150 })
    for (const path of [logPath(sim, 0), statusPath(sim)]) {
      const res = await call(sim, path)
      expect([res.status, res.json<ErrorBody>().error_code]).toEqual([422, 'DEVCB.00031006'])
    }
    await sleep(170)
    expect((await call(sim, logPath(sim, 0))).status).toBe(200)
    expect((await call(sim, statusPath(sim))).status).toBe(200)
  })

  it('lets an authenticate hook replace the token check', async () => {
    const seen: number[] = []
    const sim = await start({
      finished: true,
      authenticate: (req, body) => {
        seen.push(body.length)
        return req.headers.authorization === 'SDK-HMAC-SHA256 good'
          ? null
          : {
              status: 401,
              error_code: 'APIGW.0301',
              error_msg: 'Incorrect IAM authentication information: verify aksk signature fail'
            }
      }
    })
    const good = await call(sim, logPath(sim, 0), {
      token: null,
      headers: { Authorization: 'SDK-HMAC-SHA256 good' }
    })
    expect(good.status).toBe(200)
    const bad = await call(sim, logPath(sim, 0), {
      headers: { Authorization: 'SDK-HMAC-SHA256 bad' }
    })
    expect(bad.status).toBe(401)
    expect(bad.json<ErrorBody>().error_msg).toContain('verify aksk signature fail')
    const posted = await call(sim, '/v1/job/execute', {
      method: 'POST',
      token: null,
      headers: { Authorization: 'SDK-HMAC-SHA256 good', 'Content-Type': 'application/json' },
      body: JSON.stringify({ job_id: sim.jobId, parameter: [] })
    })
    expect(posted.status).toBe(200)
    expect(seen).toEqual([0, 0, JSON.stringify({ job_id: sim.jobId, parameter: [] }).length])
  })
})

describe('fault injection', () => {
  const startFaulty = (kind: FaultKind) =>
    start({ finished: true, faults: { rate: 1, kinds: [kind], hangMs: 100 } })

  const expectUnchanged = (sim: Simulator) => {
    const build = sim.builds.get(1)
    expect(build?.building).toBe(false)
    expect(sim.servedLog(1).toString()).toBe(generateBuildLog())
    expect(sim.builds.size).toBe(1)
  }

  it.each(['reset', 'hang'] as const)('%s: no answer at all', async (kind) => {
    const sim = await startFaulty(kind)
    const startedAt = Date.now()
    await expect(call(sim, logPath(sim, 0))).rejects.toThrow()
    if (kind === 'hang') expect(Date.now() - startedAt).toBeGreaterThanOrEqual(90)
    expect(sim.requests[0]).toMatchObject({ fault: kind, status: 0 })
    expectUnchanged(sim)
  })

  it.each([
    ['http500', 500, 'CB.00060000'],
    ['http502', 502, 'APIGW.0202'],
    ['gateway429', 429, 'APIGW.0308'],
    ['echoHeaders', 500, 'CB.00060000']
  ] as const)('%s: HTTP %i with %s', async (kind, status, code) => {
    const sim = await startFaulty(kind)
    const res = await call(sim, logPath(sim, 0))
    expect(res.status).toBe(status)
    expect(res.json<ErrorBody>().error_code).toBe(code)
    if (kind === 'echoHeaders') expect(res.json<ErrorBody>().error_msg).toContain(sim.token)
    expect(sim.requests[0]).toMatchObject({ fault: kind, status })
    expectUnchanged(sim)
  })

  it('http503: an HTML error page', async () => {
    const sim = await startFaulty('http503')
    const res = await call(sim, statusPath(sim))
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(() => res.json()).toThrow()
  })

  it('http429: Retry-After in seconds', async () => {
    const sim = await start({
      finished: true,
      faults: { rate: 1, kinds: ['http429'], retryAfterSeconds: 3 }
    })
    const res = await call(sim, logPath(sim, 0))
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
  })

  it('throttle500: too many requests and network busy in turn', async () => {
    const sim = await startFaulty('throttle500')
    const codes = []
    for (let i = 0; i < 3; i++) {
      const res = await call(sim, logPath(sim, 0))
      expect(res.status).toBe(500)
      codes.push(res.json<ErrorBody>().error_code)
    }
    expect(codes).toEqual(['CB.00060211', 'CB.00060100', 'CB.00060211'])
  })

  it('notJson: HTTP 200 with an HTML body', async () => {
    const sim = await startFaulty('notJson')
    const res = await call(sim, logPath(sim, 0))
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/^<!DOCTYPE html>/)
  })

  it('truncatedJson: a valid Content-Length around half a JSON body', async () => {
    const sim = await startFaulty('truncatedJson')
    const res = await call(sim, logPath(sim, 0))
    expect(res.status).toBe(200)
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text))
    expect(res.text.startsWith('{"result":{"has_more_data":false,"offset":')).toBe(true)
    expect(() => res.json()).toThrow()
  })

  it('cutConnection: the connection dies mid-body', async () => {
    const sim = await startFaulty('cutConnection')
    const res = await fetch(sim.url + statusPath(sim), { headers: { 'X-Auth-Token': sim.token } })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
    expectUnchanged(sim)
  })

  it('error200 and stringified: errors inside HTTP 200', async () => {
    const busy = await startFaulty('error200')
    const res = await call(busy, logPath(busy, 0))
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({
      error_code: 'CB.00060100',
      error_msg: 'network busy',
      status: 'fail'
    })

    const stringified = await startFaulty('stringified')
    const res2 = await call(stringified, logPath(stringified, 0))
    expect(res2.status).toBe(200)
    const once = res2.json<string>()
    expect(typeof once).toBe('string')
    expect(JSON.parse(once)).toEqual({ error_code: 'CB.00060100', error_msg: 'network busy' })
  })

  it('covers every kind', () => {
    expect([...FAULT_KINDS].sort()).toEqual(
      [
        'reset',
        'hang',
        'http500',
        'http502',
        'http503',
        'http429',
        'throttle500',
        'gateway429',
        'notJson',
        'truncatedJson',
        'cutConnection',
        'error200',
        'stringified',
        'echoHeaders'
      ].sort()
    )
  })

  it('fails a seeded, repeatable fraction of answers and never changes the build', async () => {
    const run = async () => {
      const sim = await start({
        finished: true,
        faults: { rate: 0.3, kinds: ['http500', 'error200', 'gateway429'], seed: 7 }
      })
      for (let i = 0; i < 40; i++) await call(sim, logPath(sim, 0))
      expectUnchanged(sim)
      return sim.requests.map((r) => r.fault ?? null)
    }
    const first = await run()
    expect(await run()).toEqual(first)
    const failed = first.filter((f) => f !== null)
    expect(failed.length).toBeGreaterThan(4)
    expect(failed.length).toBeLessThan(25)
    expect(failed.slice(0, 3)).toEqual(['http500', 'error200', 'gateway429'])
  })

  it('limits faults to the chosen routes', async () => {
    const sim = await start({
      finished: true,
      faults: { rate: 1, kinds: ['http500'], routes: ['status'] }
    })
    expect((await call(sim, logPath(sim, 0))).status).toBe(200)
    expect((await call(sim, statusPath(sim))).status).toBe(500)
  })
})

describe('trigger', () => {
  const body = (sim: Simulator) =>
    JSON.stringify({ job_id: sim.jobId, parameter: [{ name: 'branch', value: 'main' }] })
  const post = (sim: Simulator, path: string, payload: string) =>
    call(sim, path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: payload
    })
  const timing = { startDelayMs: 5, pieceIntervalMs: 2, maxPieceBytes: 30000, finishDelayMs: 5 }

  it('starts the next build and answers at the top level', async () => {
    const sim = await start({ ...timing, result: 'FAILURE' })
    const res = await post(sim, '/v1/job/execute', body(sim))
    expect(res.status).toBe(200)
    const answer = res.json<TriggerAnswer>()
    expect(answer.actual_build_number).toBe('2')
    expect(answer.daily_build_number).toMatch(/^\d{8}\.2$/)
    expect(sim.triggers).toEqual([
      { route: 'execute', body: JSON.parse(body(sim)), buildNo: 2, atEpochMs: expect.any(Number) }
    ])
    const { text } = await follow(sim, 2)
    expect(text.endsWith('Finished: FAILURE\n')).toBe(true)
    expect((await buildInfo(sim, 2)).build_result).toBe('FAILURE')
  })

  it("answers under 'result' when asked", async () => {
    const sim = await start({ ...timing, triggerAnswerShape: 'result' })
    const res = await post(sim, '/v3/jobs/build', body(sim))
    const answer = res.json<Envelope<TriggerAnswer>>()
    expect(answer.status).toBe('success')
    expect(answer.result.actual_build_number).toBe('2')
  })

  it('falls back to the legacy route when v1 is unpublished', async () => {
    const sim = await start({ ...timing, executeRoute: 'unpublished' })
    const v1 = await post(sim, '/v1/job/execute', body(sim))
    expect([v1.status, v1.json<ErrorBody>().error_code]).toEqual([404, 'APIGW.0101'])
    const v3 = await post(sim, '/v3/jobs/build', body(sim))
    expect(v3.json<TriggerAnswer>().actual_build_number).toBe('2')
    expect(sim.triggers.map((t) => t.route)).toEqual(['executeLegacy'])
  })

  it('refuses unknown jobs and bad bodies', async () => {
    const sim = await start(timing)
    const unknown = await post(sim, '/v1/job/execute', JSON.stringify({ job_id: 'a'.repeat(32) }))
    expect([unknown.status, unknown.json<ErrorBody>().error_code]).toEqual([400, 'CB.00060201'])
    const bad = await post(sim, '/v1/job/execute', 'not json')
    expect([bad.status, bad.json<ErrorBody>().error_code]).toEqual([400, 'CB.00060200'])
    expect(sim.builds.size).toBe(1)
  })

  it("'resetAfterStart' starts the build, then drops the answer", async () => {
    const sim = await start({ ...timing, triggerFault: 'resetAfterStart' })
    await expect(post(sim, '/v1/job/execute', body(sim))).rejects.toThrow()
    expect(sim.builds.has(2)).toBe(true)
    expect(sim.triggers[0].buildNo).toBe(2)
    const again = await post(sim, '/v1/job/execute', body(sim))
    expect(again.json<TriggerAnswer>().actual_build_number).toBe('3')
  })

  it("'refuseBeforeStart' answers 429 without starting anything", async () => {
    const sim = await start({ ...timing, triggerFault: 'refuseBeforeStart' })
    const refused = await post(sim, '/v1/job/execute', body(sim))
    expect([refused.status, refused.json<ErrorBody>().error_code]).toEqual([429, 'APIGW.0308'])
    expect(sim.builds.size).toBe(1)
    expect(sim.triggers[0].buildNo).toBeNull()
    const again = await post(sim, '/v1/job/execute', body(sim))
    expect(again.json<TriggerAnswer>().actual_build_number).toBe('2')
  })
})

describe('stop', () => {
  const log = generateBuildLog()
  const firstLines = log.slice(0, log.indexOf('\n', 2000) + 1)
  const slow = {
    log,
    schedule: [
      { atMs: 0, endByte: Buffer.byteLength(firstLines) },
      { atMs: 60_000, endByte: Buffer.byteLength(log) }
    ]
  }

  it('aborts a running build: the abort lines follow what was readable', async () => {
    const sim = await start(slow)
    await waitFor(() => sim.servedLog(1).length > 0)
    const res = await call(sim, `/v1/job/${sim.jobId}/stop?build_no=1`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ result: {}, error: null, status: 'success' })
    expect(await buildInfo(sim)).toMatchObject({ building: false, build_result: 'ABORTED' })
    const served = sim.servedLog(1).toString()
    expect(served.startsWith(firstLines)).toBe(true)
    expect(served.slice(firstLines.length)).toMatch(
      /^\n\[\w{3} \d\d, \d{4} [\d:.]+ GMT\+08:00\] \[INFO\] Build aborted by user\nFinished: ABORTED\n$/
    )
    expect((await follow(sim)).text).toBe(served)
    expect(sim.stops).toEqual([
      { route: 'stop', buildNo: 1, stopped: true, atEpochMs: expect.any(Number) }
    ])
  })

  it('takes build_no from the body, and on the legacy route from the path', async () => {
    const sim = await start(slow)
    const res = await call(sim, `/v1/job/${sim.jobId}/stop`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ build_no: 1 })
    })
    expect(res.status).toBe(200)
    expect(sim.builds.get(1)?.result).toBe('ABORTED')

    const legacy = await start(slow)
    expect((await call(legacy, `/v3/jobs/${legacy.jobId}/1/stop`, { method: 'POST' })).status).toBe(
      200
    )
    expect(legacy.stops[0]).toMatchObject({ route: 'stopLegacy', buildNo: 1, stopped: true })
  })

  it('leaves a finished build alone, and honours an unpublished v1 route', async () => {
    const sim = await start({ finished: true, stopRoute: 'unpublished' })
    const v1 = await call(sim, `/v1/job/${sim.jobId}/stop?build_no=1`, { method: 'POST' })
    expect(v1.status).toBe(404)
    const legacy = await call(sim, `/v3/jobs/${sim.jobId}/1/stop`, { method: 'POST' })
    expect(legacy.status).toBe(200)
    expect(sim.stops[0].stopped).toBe(false)
    expect(sim.builds.get(1)?.result).toBe('SUCCESS')
    const missing = await call(sim, `/v3/jobs/${sim.jobId}/9/stop`, { method: 'POST' })
    expect(missing.status).toBe(422)
  })
})

describe('request records', () => {
  it('records every request with its answer and served range, without bodies', async () => {
    const sim = await start({ finished: true, maxReadBytes: 100 })
    await readLog(sim, 0)
    await call(sim, statusPath(sim), { token: 'nope' })
    await call(sim, '/v1/job/execute', {
      method: 'POST',
      body: JSON.stringify({ job_id: sim.jobId })
    })

    expect(sim.requests).toHaveLength(3)
    const [log, status, trigger] = sim.requests
    expect(log).toMatchObject({
      method: 'GET',
      path: `/v3/jobs/${sim.jobId}/1/real-time-log`,
      query: { offset: '0' },
      status: 200,
      route: 'log',
      servedRange: { offset: 0, end: 100, bytes: 100 }
    })
    expect(log.headers['x-auth-token']).toBe(sim.token)
    expect(log.atEpochMs).toBeLessThanOrEqual(Date.now())
    expect(status).toMatchObject({ route: 'status', status: 401 })
    expect(status.servedRange).toBeUndefined()
    expect(trigger).toMatchObject({ method: 'POST', route: 'execute', status: 200 })
    expect(Object.keys(trigger)).not.toContain('body')
  })

  it('keeps connections alive between requests', async () => {
    const sim = await start({ finished: true })
    const http = await import('node:http')
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ports = new Set<number>()
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          sim.url + statusPath(sim),
          { agent, headers: { 'X-Auth-Token': sim.token } },
          (res) => {
            ports.add(res.socket.localPort ?? 0)
            res.resume()
            res.on('end', resolve)
          }
        )
        req.on('error', reject)
      })
    }
    agent.destroy()
    expect(ports.size).toBe(1)
  })
})

describe('UTF-16 cursor unit', () => {
  it('counts code units, may end an answer between the halves of a pair, and rejoins them', async () => {
    const log = 'ab😀cd🚀\n'.repeat(20)
    const sim = await start({ log, finished: true, cursorUnit: 'utf16', maxReadBytes: 5 })
    const { text, answers } = await follow(sim)
    expect(text).toBe(log)
    expect(answers.at(-1)?.offset).toBe(log.length)
    const cut = answers.filter((a) => /[\ud800-\udbff]$/.test(a.content))
    expect(cut.length).toBeGreaterThan(0)
    for (const answer of answers) expect(Number(answer.offset)).toBeGreaterThanOrEqual(0)
  })
})

describe('a status call that misbehaves', () => {
  it.each([
    ['down', (res: { status: number; text: string }) => expect(res.status).toBe(503)],
    [
      'noBuilding',
      (res: { status: number; text: string }) =>
        expect(JSON.parse(res.text).result).not.toHaveProperty('building')
    ],
    [
      'buildingNumber',
      (res: { status: number; text: string }) =>
        expect(typeof JSON.parse(res.text).result.building).toBe('number')
    ],
    [
      'buildingObject',
      (res: { status: number; text: string }) =>
        expect(typeof JSON.parse(res.text).result.building).toBe('object')
    ]
  ] as const)('statusAnswer %s', async (statusAnswer, check) => {
    const sim = await start({ finished: true, statusAnswer })
    check(await call(sim, statusPath(sim)))
    // The log route is not touched.
    expect((await readLog(sim, 0)).content.length).toBeGreaterThan(0)
  })

  it('statusAnswer reset drops the connection, silent holds it for silentMs', async () => {
    const sim = await start({ finished: true, statusAnswer: 'reset' })
    await expect(call(sim, statusPath(sim))).rejects.toThrow()
    const silent = await start({ finished: true, statusAnswer: 'silent', silentMs: 300 })
    const startedAt = Date.now()
    await expect(call(silent, statusPath(silent))).rejects.toThrow()
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250)
  })
})

describe('stale answers', () => {
  it('every n-th answer starts lag units before the asked offset and says so', async () => {
    const log = 'x'.repeat(100)
    const sim = await start({
      log,
      finished: true,
      maxReadBytes: 10,
      staleAnswers: { every: 2, lag: 4 }
    })
    const first = await readLog(sim, 0)
    expect(first.current_offset).toBe(0)
    const second = await readLog(sim, 10)
    expect(second.current_offset).toBe(6)
    expect(second.offset).toBe(16)
    const third = await readLog(sim, 10)
    expect(third.current_offset).toBe(10)
  })
})

describe('unknown jobs and the per-job question', () => {
  const otherJob = 'b'.repeat(32)

  it('answers an unknown job with 400 CB.00060201 by default, 422 CB.00031006 when asked', async () => {
    const byDefault = await start({ finished: true })
    const res = await call(byDefault, `/v3/jobs/${otherJob}/1/real-time-log?offset=0`)
    expect(res.status).toBe(400)
    expect(res.json<ErrorBody>().error_code).toBe('CB.00060201')
    const live = await start({ finished: true, unknownJobAnswer: 'record-missing' })
    for (const path of [
      `/v3/jobs/${otherJob}/1/real-time-log?offset=0`,
      `/v1/job/${otherJob}/1/build-info`
    ]) {
      const answer = await call(live, path)
      expect(answer.status).toBe(422)
      expect(answer.json<ErrorBody>().error_code).toBe('CB.00031006')
    }
  })

  it('running-status gives the last build number and whether one runs; 422 for an unknown job', async () => {
    const sim = await start({ buildNo: 4, startDelayMs: 60_000 })
    const res = await call(sim, `/v1/job/${sim.jobId}/running-status`)
    expect(res.status).toBe(200)
    expect(res.json<Envelope<unknown>>().result).toEqual({ is_running: true, last_build_no: '4' })
    const unknown = await call(sim, `/v1/job/${otherJob}/running-status`)
    expect(unknown.status).toBe(422)
    expect(unknown.json<ErrorBody>().error_code).toBe('CB.00031006')
  })
})

describe('builds that never run', () => {
  it('neverRuns: the status says over at once with the result, the log route answers 500 CB.00030004', async () => {
    const sim = await start({ neverRuns: true, result: 'SCHEDULE_FAILURE', startDelayMs: 60_000 })
    const info = await buildInfo(sim)
    expect(info).toMatchObject({ building: false, build_result: 'SCHEDULE_FAILURE' })
    const res = await call(sim, logPath(sim, 0))
    expect(res.status).toBe(500)
    expect(res.json<ErrorBody>().error_code).toBe('CB.00030004')
  })
})
