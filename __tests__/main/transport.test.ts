/**
 * The transport, run() in process: an endpoint that is not the API ends within seconds with one
 * error naming the cause and the input to change; an IPv6 endpoint, a withdrawn v3 log route,
 * a slow link and gzip answers are followed to the end with every byte once. The certificate
 * and DNS cases need the process: bundle/transport.test.ts.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLog } from '../../simulator/logs.js'
import { expectExactFollow, expectFastFailure, isSuccessfulRead } from '../support/follow-checks.js'
import {
  followInProcess as follow,
  runActionInProcess as runAction
} from '../support/in-process-action.js'
import { closeSimulators, inputsFor, LIVE, simulate } from '../support/simulated-run.js'

afterEach(closeSimulators)

const LOG = generateBuildLog({ result: 'SUCCESS', seed: 11 })

describe('an endpoint that is not the API', () => {
  it('fails after a few web pages in a row, quoting one safely', async () => {
    const { sim, run, view } = await follow({ portal: true })
    const message = expectFastFailure(run, view, [
      new RegExp(`endpoint 127\\.0\\.0\\.1:${sim.port} is not the CodeArts Build API`),
      /text\/html/,
      /starting "<!DOCTYPE html> <html lang='en'>/,
      /'endpoint'/,
      /'region'/
    ])
    expect(message).not.toMatch(/[\r\n`]/)
    expect(sim.requests.length).toBeLessThanOrEqual(6)
  })

  it('a gateway web page in the middle of a good run is only retried', async () => {
    const done = await follow({
      ...LIVE,
      log: LOG,
      faults: { rate: 0.3, kinds: ['http503', 'notJson'], routes: ['log'], seed: 5 }
    })
    expect(done.sim.requests.some((request) => request.fault === 'notJson')).toBe(true)
    expectExactFollow(done, LOG)
  })
})

describe('transport features that keep the log flowing', () => {
  it('follows a build at an IPv6 loopback endpoint', async () => {
    const done = await follow({ ...LIVE, log: LOG, host: '::1' })
    expect(done.sim.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    expectExactFollow(done, LOG)
  })

  it('follows the v1 log route when v3 is withdrawn, and says so once', async () => {
    const done = await follow({ ...LIVE, log: LOG, logRoute: 'v1-only' })
    expectExactFollow(done, LOG)
    const notices = done.run.stdout.split('\n').filter((line) => line.includes('/v1/log/'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/v3 real-time-log route is not published/)
    const v3Reads = done.sim.requests.filter((request) => request.route === 'log')
    expect(v3Reads).toHaveLength(1) // asked once, then the run stays on v1
    const v1Reads = done.sim.requests.filter((request) => request.route === 'logV1')
    expect(v1Reads.filter((read) => (read.servedRange?.bytes ?? 0) > 0).length).toBeGreaterThan(1)
    // Each read starts where the one before ended: forward only, every byte once.
    let cursor = '0'
    for (const read of v1Reads.filter((request) => request.status === 200)) {
      expect(read.query.start_offset).toBe(cursor)
      expect(read.query.end_offset).toBeUndefined()
      cursor = String(read.servedRange?.end)
    }
  })

  it('completes over a slow link', async () => {
    // 20 kB/s in tenths of a second, 4 KiB reads: every answer arrives in several parts.
    const done = await follow({ ...LIVE, log: LOG, finished: true, bytesPerSecond: 20_000 })
    expectExactFollow(done, LOG)
    expect(done.sim.requests.filter(isSuccessfulRead).length).toBeGreaterThan(1)
  })

  it.each([
    ['gzips', true],
    ['ignores the request for gzip', false]
  ])('follows a server that %s, byte for byte', async (_, gzip) => {
    const done = await follow({ ...LIVE, log: LOG, gzip })
    expectExactFollow(done, LOG)
    const reads = done.sim.requests.filter(isSuccessfulRead)
    for (const read of reads) expect(read.headers['accept-encoding']).toMatch(/gzip/)
    expect(reads.every((read) => read.gzipped === (gzip || undefined))).toBe(true)
  })

  it('sends a stop request that met a reset socket once more', async () => {
    const sim = await simulate({
      ...LIVE,
      log: LOG,
      stopFault: 'resetFirst',
      pieceIntervalMs: 200,
      maxPieceBytes: 100
    })
    const run = await runAction(
      inputsFor(sim, { 'stop-on-cancel': 'true', timeout: String(1.5 / 60) })
    )
    expect(run.outputs.result).toBe('timeout')
    const stops = sim.requests.filter((request) => request.route === 'stop')
    expect(stops).toHaveLength(2)
    expect(sim.stops).toHaveLength(1)
    expect(run.stdout).toContain('CodeArts accepted the request to stop the build')
  })
})
