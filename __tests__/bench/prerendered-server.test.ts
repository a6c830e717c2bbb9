/**
 * The bench's pre-rendered log server answers as the simulator's v3 route does: the content
 * of consecutive answers is the log byte for byte, whatever the read length, with the same
 * fields and cursor, and `has_more_data` stays true while the build runs.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { PrerenderedServer } from '../../bench/prerendered-server.js'
import { BLOCK_BYTES, startPrerenderedServer } from '../../bench/prerendered-server.js'
import { DEFAULT_JOB_ID, DEFAULT_TOKEN } from '../../simulator/server.js'

/** Text that needs every kind of JSON escape, and multi-byte characters across cut points. */
function awkwardLog(): Buffer {
  const lines: string[] = []
  for (let i = 0; i < 3000; i++) {
    lines.push(
      `[INFO] ${i} "quoted" back\\slash tab\there \u0001 正在编译 😀 ${'x'.repeat(i % 97)}\r`
    )
  }
  return Buffer.from(lines.join('\n') + '\nFinished: SUCCESS\n')
}

let server: PrerenderedServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

interface LogAnswer {
  has_more_data: boolean
  offset: number
  content: string
  current_offset: number
}

async function read(url: string, offset: number, length: number): Promise<LogAnswer> {
  const response = await fetch(
    `${url}/v3/jobs/${DEFAULT_JOB_ID}/1/real-time-log?offset=${offset}&length=${length}`,
    { headers: { 'X-Auth-Token': DEFAULT_TOKEN } }
  )
  expect(response.status).toBe(200)
  const text = await response.text()
  expect(Object.keys(JSON.parse(text).result)).toEqual([
    'has_more_data',
    'offset',
    'content',
    'current_offset'
  ])
  return JSON.parse(text).result as LogAnswer
}

describe('startPrerenderedServer', () => {
  it.each([1000, BLOCK_BYTES, 10_000, 262_144, 1_000_000])(
    'serves the whole log byte for byte in reads of %i bytes',
    async (length) => {
      const log = awkwardLog()
      server = await startPrerenderedServer({ log })
      const parts: Buffer[] = []
      let offset = 0
      for (let answers = 0; answers < 10_000; answers++) {
        const answer = await read(server.url, offset, length)
        expect(answer.current_offset).toBe(offset)
        const bytes = Buffer.from(answer.content, 'utf8')
        expect(bytes.length).toBeLessThanOrEqual(length)
        expect(answer.offset).toBe(offset + bytes.length)
        parts.push(bytes)
        offset = answer.offset
        if (!answer.has_more_data) break
      }
      expect(Buffer.concat(parts).equals(log)).toBe(true)
      expect(await read(server.url, offset, length)).toEqual({
        has_more_data: false,
        offset,
        content: '',
        current_offset: offset
      })
    }
  )

  it('says has_more_data while the build runs, and the build is over after finish()', async () => {
    const log = awkwardLog()
    server = await startPrerenderedServer({ log, building: true })
    const status = async (): Promise<unknown> => {
      const response = await fetch(`${server?.url}/v1/job/${DEFAULT_JOB_ID}/1/build-info`, {
        headers: { 'X-Auth-Token': DEFAULT_TOKEN }
      })
      return ((await response.json()) as { result: { building: boolean } }).result.building
    }
    expect((await read(server.url, log.length, 1000)).has_more_data).toBe(true)
    expect(await status()).toBe(true)
    server.finish()
    expect((await read(server.url, log.length, 1000)).has_more_data).toBe(false)
    expect(await status()).toBe(false)
  })

  it('holds back the end of the log while the build runs, and serves it after finish()', async () => {
    const log = awkwardLog()
    const readableWhileBuilding = log.length - 'Finished: SUCCESS\n'.length
    server = await startPrerenderedServer({ log, building: true, readableWhileBuilding })
    const before = await read(server.url, 0, 1_000_000)
    expect(Buffer.from(before.content).equals(log.subarray(0, readableWhileBuilding))).toBe(true)
    expect(await read(server.url, before.offset, 1_000_000)).toEqual({
      has_more_data: true,
      offset: before.offset,
      content: '',
      current_offset: before.offset
    })
    expect(server.endedAtEpochMs()).toBeNull()
    server.finish()
    expect(server.endedAtEpochMs()).toEqual(expect.any(Number))
    expect(await read(server.url, before.offset, 1_000_000)).toEqual({
      has_more_data: false,
      offset: log.length,
      content: 'Finished: SUCCESS\n',
      current_offset: before.offset
    })
  })

  it('serves the raw log in one answer for curl, and refuses a wrong token', async () => {
    const log = awkwardLog()
    server = await startPrerenderedServer({ log })
    const raw = Buffer.from(await (await fetch(server.rawLogUrl)).arrayBuffer())
    expect(raw.equals(log)).toBe(true)
    const refused = await fetch(
      `${server.url}/v3/jobs/${DEFAULT_JOB_ID}/1/real-time-log?offset=0&length=100`,
      { headers: { 'X-Auth-Token': 'wrong' } }
    )
    expect(refused.status).toBe(401)
  })
})
