/**
 * The pure pieces of the fleet benchmark and the real-log mix, and the bench servers' answers
 * over loopback: the token bucket's arithmetic, the mix's determinism and line shapes, the
 * build plans' pieces, the fleet server's 429s (with and without Retry-After) and both
 * servers' 1,000,000-byte cap on an answer.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { planFleetBuild, PIECE_MARK_PATTERN } from '../../bench/fleet-plan.js'
import { startFleetServer } from '../../bench/fleet-server.js'
import { startPrerenderedServer } from '../../bench/prerendered-server.js'
import { generateRealLogMix, MIX_STEPS } from '../../bench/real-log-mix.js'
import { splitSections } from '../../bench/results-file.js'
import { retryAfterSeconds, TokenBucket } from '../../bench/token-bucket.js'
import { DEFAULT_JOB_ID, DEFAULT_TOKEN } from '../../simulator/server.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.()
})

describe('TokenBucket', () => {
  it('grants its burst at once, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, nowMs: 1000 })
    for (let i = 0; i < 5; i++) expect(bucket.take(1000)).toEqual({ granted: true })
    const refused = bucket.take(1000)
    expect(refused.granted).toBe(false)
    expect(refused.granted === false && refused.waitMs).toBeCloseTo(100, 6)
    expect(bucket.take(1050).granted).toBe(false)
    expect(bucket.take(1100)).toEqual({ granted: true })
    // A long pause refills to the burst, not beyond.
    let granted = 0
    while (bucket.take(60_000).granted) granted++
    expect(granted).toBe(5)
  })

  it('sustains its rate over a long run of requests every 10 ms', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, nowMs: 0 })
    let granted = 0
    for (let t = 0; t < 10_000; t += 10) if (bucket.take(t).granted) granted++
    // 5 at once, then 10 a second for 10 s (the last token at 9.95 s).
    expect(granted).toBe(5 + 99)
  })

  it('refuses a bucket that could never grant', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 5, nowMs: 0 })).toThrow(/Invalid/)
    expect(() => new TokenBucket({ ratePerSecond: 10, burst: 0, nowMs: 0 })).toThrow(/Invalid/)
  })

  it('says Retry-After in whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1)
    expect(retryAfterSeconds(1000)).toBe(1)
    expect(retryAfterSeconds(1001)).toBe(2)
  })
})

describe('generateRealLogMix', () => {
  const log = generateRealLogMix({ targetBytes: 2_000_000, seed: 5 })
  const lines = log.toString('utf8').split('\n')
  lines.pop()

  it('gives the same bytes for the same seed, other bytes for another', () => {
    expect(generateRealLogMix({ targetBytes: 2_000_000, seed: 5 }).equals(log)).toBe(true)
    expect(generateRealLogMix({ targetBytes: 2_000_000, seed: 6 }).equals(log)).toBe(false)
  })

  it('is at least the size asked for, and not much more', () => {
    expect(log.length).toBeGreaterThanOrEqual(2_000_000)
    expect(log.length).toBeLessThan(2_000_000 + 64 * 1024)
    expect(Buffer.from(log.toString('utf8')).equals(log)).toBe(true)
  })

  it('holds the shares of a real build: timestamped majority, ANSI, CJK, URLs, blanks', () => {
    const share = (test: (line: string) => boolean) => lines.filter(test).length / lines.length
    const stamped = share((line) =>
      /^\[(\d{4}\/\d\d\/\d\d|[A-Z][a-z]{2} \d\d, \d{4}) \d\d:\d\d:\d\d\.\d{3} GMT\+08:00\] \[(INFO|INTERNAL|WARN|ERROR)\] \[/.test(
        line
      )
    )
    expect(stamped).toBeGreaterThan(0.5)
    expect(stamped).toBeLessThan(0.65)
    expect(share((line) => line.includes('\u001b['))).toBeGreaterThan(0.08)
    expect(share((line) => line.includes('\u001b['))).toBeLessThan(0.12)
    expect(share((line) => /[\u4e00-\u9fff]/.test(line))).toBeGreaterThan(0.08)
    expect(share((line) => /[\u4e00-\u9fff]/.test(line))).toBeLessThan(0.12)
    expect(share((line) => line.includes('https://'))).toBeGreaterThan(0.2)
    expect(share((line) => line === '')).toBeGreaterThan(0.03)
    expect(share((line) => line.startsWith('+ docker pull '))).toBeGreaterThan(0.01)
  })

  it('brackets every step with its markers, in the engine’s two shapes, and ends the build', () => {
    for (const step of MIX_STEPS) {
      const tag =
        step.style === 'dated' ? `[${step.name}: ${step.id}]:` : `[${step.name}:${step.id}] :`
      const start = step.style === 'dated' ? 'This step starts.' : 'This step is start'
      expect(lines.filter((line) => line.endsWith(`${tag} ${start}`))).toHaveLength(1)
    }
    expect(lines.slice(-2)).toEqual([
      'buildImage:buildImage state: COMPLETED, status: success',
      'Finished: SUCCESS'
    ])
    const failed = generateRealLogMix({ targetBytes: 100_000, seed: 5, result: 'FAILURE' })
    expect(failed.toString().endsWith('status: error\nFinished: FAILURE\n')).toBe(true)
  })
})

describe('planFleetBuild', () => {
  it('cuts the log into timed pieces on line ends, each but the last ending in its mark', () => {
    const plan = planFleetBuild({ seed: 3, bytes: 500_000, spanMs: 30_000 })
    expect(plan.endsAtMs).toBe(30_000)
    expect(plan.pieces.length).toBeGreaterThan(25)
    let previous = { atMs: -1, endByte: 0 }
    for (const piece of plan.pieces) {
      expect(piece.atMs).toBeGreaterThan(previous.atMs)
      expect(piece.endByte).toBeGreaterThan(previous.endByte)
      expect(plan.log[piece.endByte - 1]).toBe(0x0a)
      if (piece.mark !== null) {
        const text = plan.log.subarray(piece.endByte - 40, piece.endByte).toString('latin1')
        expect([...text.matchAll(PIECE_MARK_PATTERN)].map((m) => Number(m[1]))).toEqual([
          piece.mark
        ])
      }
      previous = piece
    }
    expect(previous).toEqual({ atMs: 30_000, endByte: plan.log.length, mark: null })
    expect(planFleetBuild({ seed: 3, bytes: 500_000, spanMs: 30_000 }).log.equals(plan.log)).toBe(
      true
    )
  })

  it('plans a silent build as a few pieces at its start and no end', () => {
    const plan = planFleetBuild({ seed: 4, bytes: 500_000, spanMs: 0, silent: true })
    expect(plan.endsAtMs).toBeNull()
    expect(plan.pieces.every((piece) => piece.atMs < 3000 && piece.mark !== null)).toBe(true)
    expect(plan.log.toString()).not.toContain('Finished:')
  })
})

describe('the bench servers', () => {
  it('answers 429 APIGW.0308 beyond the quota, with Retry-After or without', async () => {
    for (const retryAfter of [true, false]) {
      const server = await startFleetServer({ quota: { ratePerSecond: 1, burst: 2 }, retryAfter })
      closers.push(server.close)
      server.addBuild(1, planFleetBuild({ seed: 1, bytes: 10_000, spanMs: 0, silent: true }))
      server.startQuota()
      const get = () =>
        fetch(`${server.url}/v1/job/${server.jobId}/1/build-info`, {
          headers: { 'X-Auth-Token': server.token }
        })
      expect((await get()).status).toBe(200)
      expect((await get()).status).toBe(200)
      const refused = await get()
      expect(refused.status).toBe(429)
      expect(((await refused.json()) as { error_code: string }).error_code).toBe('APIGW.0308')
      expect(refused.headers.get('retry-after')).toBe(retryAfter ? '1' : null)
      expect(server.requests.map((request) => request.status)).toEqual([200, 200, 429])
    }
  })

  it('carry at most 1,000,000 log bytes an answer, whatever length asks', async () => {
    const log = generateRealLogMix({ targetBytes: 2_500_000, seed: 2 })
    const prerendered = await startPrerenderedServer({ log })
    closers.push(prerendered.close)
    const fleet = await startFleetServer({ quota: null })
    closers.push(fleet.close)
    const plan = planFleetBuild({ seed: 2, bytes: 2_500_000, spanMs: 0 })
    fleet.addBuild(1, {
      ...plan,
      pieces: [{ atMs: 0, endByte: plan.log.length, mark: null }],
      endsAtMs: 0
    })
    for (const [url, token, served] of [
      [`${prerendered.url}/v3/jobs/${DEFAULT_JOB_ID}/1/real-time-log`, DEFAULT_TOKEN, log],
      [`${fleet.url}/v3/jobs/${fleet.jobId}/1/real-time-log`, fleet.token, plan.log]
    ] as const) {
      const parts: Buffer[] = []
      let offset = 0
      for (;;) {
        const answer = await fetch(`${url}?offset=${offset}&length=5000000`, {
          headers: { 'X-Auth-Token': token }
        })
        const { result } = (await answer.json()) as {
          result: { offset: number; content: string; has_more_data: boolean }
        }
        const bytes = Buffer.from(result.content)
        expect(bytes.length).toBeLessThanOrEqual(1_000_000)
        parts.push(bytes)
        offset = result.offset
        if (!result.has_more_data) break
      }
      expect(parts.length).toBe(3)
      expect(Buffer.concat(parts).equals(served)).toBe(true)
    }
  })
})

describe('splitSections', () => {
  it('keeps the text before the first section and each section under its heading', () => {
    const { preamble, sections } = splitSections('intro\n\n## A\n\none\n\n## B\ntwo\n')
    expect(preamble.trim()).toBe('intro')
    expect(sections.map((section) => section.heading)).toEqual(['## A', '## B'])
    expect(sections[0].text).toBe('## A\n\none\n\n')
  })
})
