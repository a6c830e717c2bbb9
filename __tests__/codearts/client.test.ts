/**
 * CodeArtsClient in process against the simulator over real HTTP: the per-job question and its
 * legacy fallback, the v1 log route, the idle limit, gzip, and messages that say what the
 * server sent.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { CodeArtsClient, ClientOptions, LogChunk } from '../../src/codearts/client.js'
import { ApiError } from '../../src/codearts/errors.js'
import { closeSimulators, simulate, Simulator } from '../support/simulated-run.js'

afterEach(closeSimulators)

const clients: CodeArtsClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

function clientFor(sim: Simulator, options: Partial<ClientOptions> = {}): CodeArtsClient {
  const client = new CodeArtsClient({
    endpoint: sim.url,
    jobId: sim.jobId,
    authenticate: () => ({ 'X-Auth-Token': sim.token }),
    requestTimeoutMs: 5000,
    userAgent: 'test',
    ...options
  })
  clients.push(client)
  return client
}

function text(chunk: LogChunk): string {
  return chunk.content.toString('utf8')
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

describe('getJobStatus', () => {
  it('reads the running state and the last build number from the current route', async () => {
    const sim = await simulate({ finished: true, buildNo: 4 })
    const status = await clientFor(sim).getJobStatus()
    expect(status).toEqual({ running: false, lastBuildNo: 4 })
    expect(sim.requests.map((request) => request.route)).toEqual(['jobStatus'])
  })

  it('says the job runs while a build runs', async () => {
    const sim = await simulate({ startDelayMs: 10_000 })
    expect(await clientFor(sim).getJobStatus()).toEqual({ running: true, lastBuildNo: 1 })
  })

  it('falls back to the legacy route, which knows no build number', async () => {
    const sim = await simulate({ startDelayMs: 10_000, jobStatusRoute: 'unpublished' })
    expect(await clientFor(sim).getJobStatus()).toEqual({ running: true, lastBuildNo: undefined })
    expect(sim.requests.map((request) => request.route)).toEqual(['jobStatus', 'jobStatusLegacy'])
  })

  it('answers an unknown job with 422 CB.00031006, a not-found failure', async () => {
    const sim = await simulate({})
    const client = clientFor(sim, { jobId: '0'.repeat(32) })
    const error = await failureOf(client.getJobStatus())
    expect(error.kind).toBe('not-found')
    expect(error.httpStatus).toBe(422)
    expect(error.errorCode).toBe('CB.00031006')
  })
})

describe('the v1 log route', () => {
  it('is adopted when v3 answers 404 APIGW.0101, announced once, and kept', async () => {
    const log = 'line one\nline two\n'.repeat(100)
    const sim = await simulate({ log, finished: true, logRoute: 'v1-only' })
    const notices: string[] = []
    const client = clientFor(sim, { onNotice: (message) => notices.push(message) })
    const first = await client.readLog(1, '0', 1000)
    expect(first).toMatchObject({ nextOffset: '1000', hasMoreData: true, startOffset: '0' })
    const second = await client.readLog(1, first.nextOffset, 5000)
    expect(second).toMatchObject({ hasMoreData: false, startOffset: '1000' })
    expect(text(first) + text(second)).toBe(log)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/not published .*\(404 APIGW\.0101\).*GET \/v1\/log\//)
    expect(sim.requests.map((request) => request.route)).toEqual(['log', 'logV1', 'logV1'])
    // size is documented as fixed at 1000, whatever the read length asks.
    expect(sim.requests[2].query).toEqual({ start_offset: '1000', size: '1000' })
  })

  it('says a 400 from it is the route unusable here, not a passing fault', async () => {
    // A region whose v1 route refuses even the documented parameters (size=1000).
    const sim = await simulate({ log: 'abc\n', finished: true, logRoute: 'v1-only' })
    const refusing = await simulate({
      log: 'abc\n',
      finished: true,
      logRoute: 'v1-only',
      authenticate: (req) =>
        req.url?.startsWith('/v1/log/')
          ? { status: 400, error_code: 'CB.00060200', error_msg: 'Invalid parameter: size' }
          : null
    })
    expect(text(await clientFor(sim).readLog(1, '0', 5000))).toBe('abc\n')
    const failure = await failureOf(clientFor(refusing).readLog(1, '0', 5000))
    expect(failure.kind).toBe('fatal')
    expect(failure.httpStatus).toBe(400)
    const host = new URL(refusing.url).host
    expect(failure.message).toContain(
      `The log route GET /v1/log/{job_id}/{build_no}/real-time-log is unusable at ${host}: it refused a request with its documented parameters (HTTP 400 CB.00060200`
    )
    // The server's own words, and what to check.
    expect(failure.message).toContain('Invalid parameter: size')
    expect(failure.message).toContain("Check the 'region' and 'endpoint' inputs")
    const v1 = refusing.requests.filter((request) => request.route === 'logV1')
    expect(v1.map((request) => request.query.size)).toEqual(['1000'])
  })

  it('keeps v3 while it answers, with its current_offset as startOffset', async () => {
    const sim = await simulate({ log: 'abc\n', finished: true })
    const notices: string[] = []
    const chunk = await clientFor(sim, { onNotice: (m) => notices.push(m) }).readLog(1, '0', 10)
    expect(chunk).toMatchObject({ nextOffset: '4', startOffset: '0', hasMoreData: false })
    expect(text(chunk)).toBe('abc\n')
    expect(notices).toEqual([])
  })
})

describe('getBuildInfo', () => {
  it.each(['object', 'array'] as const)('reads a result sent as an %s alike', async (shape) => {
    const sim = await simulate({ finished: true, result: 'ABORTED', statusResultShape: shape })
    expect(await clientFor(sim).getBuildInfo(1)).toEqual({
      building: false,
      buildResult: 'ABORTED'
    })
  })
})

describe('the idle limit', () => {
  it('lets an answer that keeps flowing take longer than the limit', async () => {
    const log = 'x'.repeat(6000) + '\n'
    const sim = await simulate({ log, finished: true, bytesPerSecond: 5000 })
    const startedAt = Date.now()
    const chunk = await clientFor(sim, { requestTimeoutMs: 500 }).readLog(1, '0', 100_000)
    expect(Date.now() - startedAt).toBeGreaterThan(1000)
    expect(text(chunk)).toBe(log)
  })

  it('ends a silent request, marking it timedOut', async () => {
    const sim = await simulate({ faults: { rate: 1, kinds: ['hang'], hangMs: 5000 } })
    const error = await failureOf(clientFor(sim, { requestTimeoutMs: 300 }).readLog(1, '0', 10))
    expect(error.kind).toBe('transient')
    expect(error.timedOut).toBe(true)
    expect(error.message).toMatch(/no answer within 300 ms/)
  })
})

describe('answers', () => {
  it('decodes a gzip answer', async () => {
    const log = 'compressible line\n'.repeat(500)
    const sim = await simulate({ log, finished: true, gzip: true })
    const chunk = await clientFor(sim).readLog(1, '0', 1_000_000)
    expect(text(chunk)).toBe(log)
    expect(sim.requests[0].gzipped).toBe(true)
  })

  it('tells an HTTP 200 with status fail as such, still retried like a 500', async () => {
    const sim = await simulate({ faults: { rate: 1, kinds: ['error200'] } })
    const error = await failureOf(clientFor(sim).getBuildInfo(1))
    expect(error.kind).toBe('transient')
    expect(error.httpStatus).toBe(500)
    expect(error.message).toContain('(HTTP 200 with status fail, CB.00060100: network busy)')
    expect(error.message).not.toContain('HTTP 500')
  })
})
