import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { generateBuildLog } from '../../simulator/logs.js'
import { FAULT_KINDS } from '../../simulator/faults.js'
import type { FaultKind } from '../../simulator/faults.js'
import {
  call,
  closeStarted,
  ErrorBody,
  logPath,
  start,
  statusPath
} from '../support/simulator-calls.js'

afterEach(closeStarted)

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
