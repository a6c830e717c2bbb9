/**
 * The simulator's transport features, checked with plain node:http requests: the v1 log route
 * and a withdrawn v3 one, the per-job status routes, gzip, a slow link, a reset stop request,
 * a web portal, IPv6 and HTTPS.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import * as os from 'node:os'
import * as path from 'node:path'
import * as zlib from 'node:zlib'
import { afterEach, describe, expect, it } from '@jest/globals'
import { startSimulator } from '../../simulator/server.js'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'

const running: Simulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()))
})

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options)
  running.push(sim)
  return sim
}

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  ms: number
}

/** One request; the body as sent on the wire (not decompressed). */
function request(
  sim: Simulator,
  pathAndQuery: string,
  options: { method?: string; headers?: Record<string, string>; ca?: Buffer } = {}
): Promise<RawAnswer> {
  const url = new URL(pathAndQuery, sim.url)
  const startedAt = Date.now()
  const send = url.protocol === 'https:' ? https.request : http.request
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: { 'X-Auth-Token': sim.token, ...options.headers },
        ca: options.ca
      },
      (res) => {
        const parts: Buffer[] = []
        res.on('data', (part: Buffer) => parts.push(part))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts),
            ms: Date.now() - startedAt
          })
        )
      }
    )
    req.on('error', reject)
    req.end()
  })
}

const json = (answer: RawAnswer) =>
  JSON.parse(answer.body.toString('utf8')) as Record<string, unknown> & {
    result: Record<string, unknown>
    error_code?: string
  }

describe('the v1 log route', () => {
  it('answers with string cursors, has_more and log, end_offset being the next start', async () => {
    const log = 'first line\nsecond line\n'
    const sim = await start({ log, finished: true })
    const first = json(
      await request(sim, `/v1/log/${sim.jobId}/1/real-time-log?start_offset=0&size=10`)
    )
    expect(first).toEqual({
      result: {
        has_more: true,
        start_offset: '0',
        end_offset: '10',
        log: log.slice(0, 10),
        location: null
      },
      error: null,
      status: 'success'
    })
    const rest = json(
      await request(sim, `/v1/log/${sim.jobId}/1/real-time-log?start_offset=10&size=100`)
    )
    expect(rest.result).toMatchObject({ has_more: false, start_offset: '10', log: log.slice(10) })
  })

  it("'v1-only' withdraws the v3 route with 404 APIGW.0101", async () => {
    const sim = await start({ logRoute: 'v1-only' })
    const v3 = await request(sim, `/v3/jobs/${sim.jobId}/1/real-time-log?offset=0&length=10`)
    expect(v3.status).toBe(404)
    expect(json(v3).error_code).toBe('APIGW.0101')
    const v1 = await request(sim, `/v1/log/${sim.jobId}/1/real-time-log?start_offset=0&size=10`)
    expect(v1.status).toBe(200)
  })
})

describe('the per-job status routes', () => {
  it('current: is_running and last_build_no; legacy: a boolean', async () => {
    const sim = await start({ finished: true, buildNo: 7 })
    const current = json(await request(sim, `/v1/job/${sim.jobId}/running-status`))
    expect(current.result).toEqual({ is_running: false, last_build_no: '7' })
    const legacy = json(await request(sim, `/v3/jobs/${sim.jobId}/status`))
    expect(legacy.result).toBe(false)
  })

  it('an unknown job answers 422 CB.00031006 on both', async () => {
    const sim = await start({ jobStatusRoute: 'available' })
    for (const route of [
      `/v1/job/${'0'.repeat(32)}/running-status`,
      `/v3/jobs/${'0'.repeat(32)}/status`
    ]) {
      const answer = await request(sim, route)
      expect(answer.status).toBe(422)
      expect(json(answer).error_code).toBe('CB.00031006')
    }
  })

  it("'unpublished' withdraws the current route only", async () => {
    const sim = await start({ jobStatusRoute: 'unpublished' })
    expect((await request(sim, `/v1/job/${sim.jobId}/running-status`)).status).toBe(404)
    expect((await request(sim, `/v3/jobs/${sim.jobId}/status`)).status).toBe(200)
  })
})

describe('the link', () => {
  const logPath = (sim: Simulator) => `/v3/jobs/${sim.jobId}/1/real-time-log?offset=0&length=100000`

  it('gzips an answer only when asked, and records that it did', async () => {
    const sim = await start({ log: 'a line\n'.repeat(1000), finished: true, gzip: true })
    const zipped = await request(sim, logPath(sim), { headers: { 'Accept-Encoding': 'gzip' } })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    const plain = await request(sim, logPath(sim))
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(zlib.gunzipSync(zipped.body).equals(plain.body)).toBe(true)
    expect(zipped.body.length).toBeLessThan(plain.body.length / 10)
    expect(sim.requests.map((r) => r.gzipped)).toEqual([true, undefined])
  })

  it('trickles answers at bytesPerSecond', async () => {
    const sim = await start({ log: 'x'.repeat(3000), finished: true, bytesPerSecond: 5000 })
    const answer = await request(sim, logPath(sim))
    expect(answer.body.length).toBeGreaterThan(3000)
    expect(answer.ms).toBeGreaterThan(500)
    expect(json(answer).result.content).toBe('x'.repeat(3000))
  })

  it("stopFault 'resetFirst' resets the first stop request before it acts", async () => {
    const sim = await start({ startDelayMs: 10_000, stopFault: 'resetFirst' })
    const stopPath = `/v1/job/${sim.jobId}/stop?build_no=1`
    await expect(request(sim, stopPath, { method: 'POST' })).rejects.toThrow(/ECONNRESET|hang up/)
    expect(sim.stops).toHaveLength(0)
    expect((await request(sim, stopPath, { method: 'POST' })).status).toBe(200)
    expect(sim.stops).toHaveLength(1)
  })

  it('portal answers every path with an HTML page', async () => {
    const sim = await start({ portal: true })
    const answer = await request(sim, logPath(sim))
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/^text\/html/)
    expect(answer.body.toString()).toMatch(/^<!DOCTYPE html>/)
  })

  it("listens on ::1 with host '::1'", async () => {
    const sim = await start({ host: '::1', finished: true })
    expect(sim.url).toBe(`http://[::1]:${sim.port}`)
    expect((await request(sim, logPath(sim))).status).toBe(200)
  })

  it('serves HTTPS with the given key and certificate', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-tls-'))
    try {
      const [key, cert] = ['key.pem', 'cert.pem'].map((name) => path.join(directory, name))
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert].concat([
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1'
        ]),
        { stdio: 'ignore' }
      )
      const tls = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) }
      const sim = await start({ tls, finished: true })
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:/)
      await expect(request(sim, logPath(sim))).rejects.toThrow(/self-signed/)
      expect((await request(sim, logPath(sim), { ca: tls.cert })).status).toBe(200)
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  })
})
