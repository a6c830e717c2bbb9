/**
 * The rarer answers of the live service, each switched on by one option (scenario-options.js).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import zlib from 'node:zlib'
import { WORKFLOW_COMMANDS_MESSAGE } from '../../simulator/errors.js'
import { GZIP_BOMB_INFLATED_BYTES, HUGE_CONTENT_LENGTH } from '../../simulator/hostile.js'
import type { Simulator } from '../../simulator/server.js'
import {
  call,
  closeStarted,
  Envelope,
  ErrorBody,
  LogAnswer,
  logPath,
  sleep,
  start,
  statusPath,
  waitFor
} from '../support/simulator-calls.js'

afterEach(closeStarted)

const v1LogPath = (sim: Simulator, start: number, extra = '&size=1000') =>
  `/v1/log/${sim.jobId}/1/real-time-log?start_offset=${start}${extra}`
const post = (sim: Simulator, path: string, body = '{}') =>
  call(sim, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })

/** A raw GET that reports the status and headers and reads at most `limit` body bytes. */
function rawGet(sim: Simulator, path: string, limit: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>(
    (resolve, reject) => {
      const req = http.get(sim.url + path, { headers: { 'X-Auth-Token': sim.token, ...headers } })
      req.on('error', reject)
      req.on('response', (res) => {
        let bytes = 0
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes })
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length
          if (bytes >= limit) {
            req.destroy()
            done()
          }
        })
        res.on('end', done)
        res.on('error', done)
        res.on('close', done)
      })
    }
  )
}

describe('throttling', () => {
  it.each([
    ['APIGW.0308', 429],
    ['APIG.0308', 429],
    ['CB.00060211', 500]
  ] as const)('answers %s with HTTP %i on demand, with Retry-After', async (spelling, status) => {
    const sim = await start({
      finished: true,
      throttle: { spelling, routes: ['log'], skip: 1, count: 2, retryAfterSeconds: 3 }
    })
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await call(sim, logPath(sim, 0)))
    expect(answers.map((a) => a.status)).toEqual([200, status, status, 200])
    expect(answers[1].json<ErrorBody>().error_code).toBe(spelling)
    expect(answers[1].headers.get('retry-after')).toBe('3')
    expect((await call(sim, statusPath(sim))).status).toBe(200)
    expect(sim.requests.map((r) => r.throttled ?? false)).toEqual([false, true, true, false, false])
  })

  it('shares one token bucket across routes and counts served and throttled a second', async () => {
    const sim = await start({ finished: true, rateLimit: { perSecond: 5, burst: 3 } })
    const statuses = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await call(sim, i % 2 ? statusPath(sim) : logPath(sim, 0))).status)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    await sleep(450)
    expect((await call(sim, statusPath(sim))).status).toBe(200)
    const stats = sim.stats()
    expect(stats.served).toBe(4)
    expect(stats.throttled).toBe(1)
    expect(stats.perSecond.reduce((n, s) => n + s.served + s.throttled, 0)).toBe(5)
    expect(stats.perSecond[0].second).toBe(Math.floor(sim.requests[0].atEpochMs / 1000))
  })
})

describe('missing routes', () => {
  it.each(['CB.00060214', 'APIG.0101', 'APIGW.0101'] as const)(
    'answers 404 %s on each route named',
    async (code) => {
      const sim = await start({
        finished: true,
        missingRoutes: {
          log: code,
          logV1: code,
          status: code,
          jobStatus: code,
          jobStatusLegacy: code,
          stop: code,
          stopLegacy: code,
          execute: code
        }
      })
      const answers = [
        await call(sim, logPath(sim, 0)),
        await call(sim, v1LogPath(sim, 0)),
        await call(sim, statusPath(sim)),
        await call(sim, `/v1/job/${sim.jobId}/running-status`),
        await call(sim, `/v3/jobs/${sim.jobId}/status`),
        await post(sim, `/v1/job/${sim.jobId}/stop?build_no=1`),
        await post(sim, `/v3/jobs/${sim.jobId}/1/stop`),
        await post(sim, '/v1/job/execute', JSON.stringify({ job_id: sim.jobId }))
      ]
      for (const answer of answers) {
        expect(answer.status).toBe(404)
        expect(answer.json<ErrorBody>().error_code).toBe(code)
      }
      expect(sim.triggers).toEqual([])
      expect(sim.stops).toEqual([])
      expect(
        (await post(sim, '/v3/jobs/build', JSON.stringify({ job_id: sim.jobId }))).status
      ).toBe(200)
    }
  )

  it('per-job routes missing, an unknown build answers 422 CB.00031006 on the log route', async () => {
    const sim = await start({
      finished: true,
      missingRoutes: { jobStatus: 'APIGW.0101', jobStatusLegacy: 'CB.00060214' }
    })
    expect((await call(sim, `/v1/job/${sim.jobId}/running-status`)).status).toBe(404)
    expect((await call(sim, `/v3/jobs/${sim.jobId}/status`)).status).toBe(404)
    const unknown = await call(sim, logPath(sim, 0, 99))
    expect(unknown.status).toBe(422)
    expect(unknown.json<ErrorBody>().error_code).toBe('CB.00031006')
    const otherJob = await start({
      finished: true,
      jobId: 'a'.repeat(32),
      unknownJobAnswer: 'record-missing',
      missingRoutes: { jobStatus: 'APIGW.0101', jobStatusLegacy: 'APIGW.0101' }
    })
    const unknownJob = await call(otherJob, `/v3/jobs/${'b'.repeat(32)}/1/real-time-log?offset=0`)
    expect(unknownJob.status).toBe(422)
    expect(unknownJob.json<ErrorBody>().error_code).toBe('CB.00031006')
  })
})

describe('v1 log size fixed at 1000', () => {
  it('answers 400 unless size is exactly 1000, and then serves more than 1000 bytes', async () => {
    const sim = await start({ finished: true, logV1Size: 'fixed1000' })
    for (const extra of ['', '&size=999', '&size=1000.0', '&size=01000', '&size=4096']) {
      const res = await call(sim, v1LogPath(sim, 0, extra))
      expect(res.status).toBe(400)
      expect(res.json<ErrorBody>().error_code).toBe('CB.00060200')
    }
    const ok = await call(sim, v1LogPath(sim, 0))
    expect(ok.status).toBe(200)
    const result = ok.json<Envelope<{ end_offset: string; log: string }>>().result
    expect(Number(result.end_offset)).toBe(sim.servedLog(1).length)
    expect(Buffer.byteLength(result.log)).toBeGreaterThan(1000)
  })
})

describe('refused stop', () => {
  it('answers 200 success false (legacy) and status fail (v1) while the build runs on', async () => {
    const sim = await start({ startDelayMs: 5000, stopAnswer: 'refused' })
    const legacy = await post(sim, `/v3/jobs/${sim.jobId}/1/stop`)
    expect(legacy.status).toBe(200)
    expect(legacy.json<{ success: boolean; result: unknown }>()).toMatchObject({ success: false })
    const v1 = await post(sim, `/v1/job/${sim.jobId}/stop?build_no=1`)
    expect(v1.status).toBe(200)
    expect(v1.json<{ status: string }>().status).toBe('fail')
    expect(sim.builds.get(1)?.building).toBe(true)
    expect(sim.stops.map((s) => [s.route, s.stopped, s.refused])).toEqual([
      ['stopLegacy', false, true],
      ['stop', false, true]
    ])
    const info = await call(sim, statusPath(sim))
    expect(info.json<Envelope<{ building: boolean }>>().result.building).toBe(true)
  })
})

describe('build-info', () => {
  it('says SUCCESS while the log ends Finished: FAILURE', async () => {
    const sim = await start({ finished: true, result: 'FAILURE', statusResultOverride: 'SUCCESS' })
    const info = (await call(sim, statusPath(sim))).json<Envelope<{ build_result: string }>>()
    expect(info.result.build_result).toBe('SUCCESS')
    const log = (await call(sim, logPath(sim, 0))).json<Envelope<LogAnswer>>().result.content
    expect(log.trimEnd().endsWith('Finished: FAILURE')).toBe(true)
  })

  it('sends result as a one-element array', async () => {
    const sim = await start({ finished: true, statusResultShape: 'array' })
    const body = (await call(sim, statusPath(sim))).json<{ result: unknown }>()
    expect(body.result).toEqual([
      expect.objectContaining({ building: false, build_result: 'SUCCESS', build_number: 1 })
    ])
  })

  it('answers an error whose message holds newlines and workflow commands', async () => {
    const sim = await start({ finished: true, statusError: 'workflowCommands' })
    const res = await call(sim, statusPath(sim))
    expect(res.status).toBe(500)
    const msg = res.json<ErrorBody>().error_msg
    expect(msg).toBe(WORKFLOW_COMMANDS_MESSAGE)
    expect(msg).toContain('\n::add-mask::y')
    expect(msg).toContain('\n##[group]z')
    const custom = await start({
      finished: true,
      statusError: { status: 400, error_code: 'CB.00060200', error_msg: 'a\n::error::b' }
    })
    const answer = await call(custom, statusPath(custom))
    expect([answer.status, answer.json<ErrorBody>().error_msg]).toEqual([400, 'a\n::error::b'])
  })
})

describe('log reads', () => {
  it('answers 502 with an HTML page for N reads past an offset once the build is over', async () => {
    const sim = await start({
      finished: true,
      maxReadBytes: 1000,
      logBadGateway: { count: 2, fromOffset: 1000, whenOver: true }
    })
    const first = await call(sim, logPath(sim, 0))
    expect(first.status).toBe(200)
    const bad = [await call(sim, logPath(sim, 1000)), await call(sim, logPath(sim, 1000))]
    for (const res of bad) {
      expect(res.status).toBe(502)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.text).toContain('502 Bad Gateway')
    }
    expect((await call(sim, logPath(sim, 1000))).status).toBe(200)
  })

  it('waits for the end of the build when whenOver is set', async () => {
    const sim = await start({
      startDelayMs: 1,
      pieceIntervalMs: 1,
      maxPieceBytes: 50000,
      finishDelayMs: 300,
      logBadGateway: { count: 1, whenOver: true }
    })
    await waitFor(() => sim.servedLog(1).length === sim.builds.get(1)?.log.length)
    expect((await call(sim, logPath(sim, 0))).status).toBe(200)
    await waitFor(() => sim.builds.get(1)?.building === false)
    expect((await call(sim, logPath(sim, 0))).status).toBe(502)
  })

  it('starts the log over under the same build number at a chosen offset', async () => {
    const sim = await start({
      finished: true,
      maxReadBytes: 500,
      logRestart: { atOffset: 1000, log: 'second run\nFinished: SUCCESS\n' }
    })
    const read = async (offset: number) =>
      (await call(sim, logPath(sim, offset))).json<Envelope<LogAnswer>>().result
    expect((await read(0)).offset).toBe(500)
    expect((await read(500)).offset).toBe(1000)
    const restarted = await read(1000)
    expect(restarted).toMatchObject({
      current_offset: 0,
      content: 'second run\nFinished: SUCCESS\n'
    })
    expect(restarted.offset).toBe(29)
    expect(await read(29)).toMatchObject({ current_offset: 29, offset: 29, content: '' })
    expect(sim.servedLog(1).toString()).toBe('second run\nFinished: SUCCESS\n')
  })
})

describe('hostile transport', () => {
  it('sends a body that never ends', async () => {
    const sim = await start({ finished: true, hostile: { kind: 'endlessBody', routes: ['log'] } })
    const res = await rawGet(sim, logPath(sim, 0), 8 * 1024 * 1024)
    expect(res.status).toBe(200)
    expect(res.bytes).toBeGreaterThanOrEqual(8 * 1024 * 1024)
    expect(res.headers['content-length']).toBeUndefined()
    expect((await call(sim, statusPath(sim))).status).toBe(200)
  })

  it('announces 2^50 bytes and sends a few', async () => {
    const sim = await start({ finished: true, hostile: { kind: 'hugeContentLength', count: 1 } })
    const res = await rawGet(sim, logPath(sim, 0), Infinity)
    expect(res.headers['content-length']).toBe(String(HUGE_CONTENT_LENGTH))
    expect(res.bytes).toBeLessThan(100)
    expect((await call(sim, logPath(sim, 0))).status).toBe(200)
  })

  it('sends a gzip bomb', async () => {
    const sim = await start({ finished: true, hostile: { kind: 'gzipBomb', routes: ['status'] } })
    const res = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        http
          .get(sim.url + statusPath(sim), { headers: { 'X-Auth-Token': sim.token } }, (r) => {
            const parts: Buffer[] = []
            r.on('data', (c: Buffer) => parts.push(c))
            r.on('end', () => resolve({ headers: r.headers, body: Buffer.concat(parts) }))
          })
          .on('error', reject)
      }
    )
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.body.length).toBeLessThan(1024 * 1024)
    let inflated = 0
    let nonZero = false
    await new Promise<void>((resolve, reject) => {
      const gunzip = zlib.createGunzip()
      gunzip.on('data', (c: Buffer) => {
        inflated += c.length
        if (!nonZero && c.some((b) => b !== 0)) nonZero = true
      })
      gunzip.on('end', resolve)
      gunzip.on('error', reject)
      gunzip.end(res.body)
    })
    expect(inflated).toBe(GZIP_BOMB_INFLATED_BYTES)
    expect(nonZero).toBe(false)
  }, 30_000)

  it('answers a web page that echoes the request headers, token included', async () => {
    const sim = await start({ finished: true, hostile: { kind: 'echoHeadersPage' } })
    const res = await call(sim, logPath(sim, 0))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.text).toContain(sim.token)
    expect(res.text).toContain('x-auth-token')
    expect(() => JSON.parse(res.text)).toThrow()
    expect(sim.requests[0].hostile).toBe('echoHeadersPage')
  })
})
