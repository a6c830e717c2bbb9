import { afterEach, describe, expect, it } from '@jest/globals'
import { generateLargeLog } from '../../simulator/bulk-logs.js'
import { generateBuildLog } from '../../simulator/logs.js'
import {
  buildInfo,
  closeStarted,
  follow,
  readLog,
  start,
  waitFor
} from '../support/simulator-calls.js'

afterEach(closeStarted)

const CHINESE_LINE = '构建成功,正在下载依赖。编译中……🚀 第二阶段完成\n'

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
