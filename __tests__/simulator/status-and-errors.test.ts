import { afterEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_JOB_ID, DEFAULT_TOKEN } from '../../simulator/server.js'
import {
  buildInfo,
  call,
  closeStarted,
  Envelope,
  ErrorBody,
  logPath,
  readLog,
  sleep,
  start,
  statusPath,
  waitFor
} from '../support/simulator-calls.js'

afterEach(closeStarted)

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
