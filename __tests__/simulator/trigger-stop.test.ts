import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { generateBuildLog } from '../../simulator/logs.js'
import {
  buildInfo,
  call,
  closeStarted,
  Envelope,
  ErrorBody,
  follow,
  readLog,
  start,
  statusPath,
  TriggerAnswer,
  waitFor
} from '../support/simulator-calls.js'

afterEach(closeStarted)

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
