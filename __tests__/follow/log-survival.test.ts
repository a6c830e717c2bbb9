/**
 * The log survives its edges, on the virtual-clock harness: one failed answer never truncates
 * a log that has answered, a long run of failures ends it with the part read said as such,
 * and answers behind the cursor several reads in a row are a restarted log, said once.
 */
import { describe, expect, it } from '@jest/globals'
import { classifyFailure } from '../../src/codearts/errors.js'
import { PARTIAL_LOG_GIVE_UP_MS } from '../../src/follow/log-reader.js'
import { FINISHED, lines, setup } from '../support/follow-harness.js'

const badGateway = () => classifyFailure('reading the log', 502, {})

describe('the log survives', () => {
  it('goes on through failures during the drain of a finished build, longer than the settle time', async () => {
    const log = lines(40) + FINISHED
    const { listener, follower, clock } = setup(
      {
        pieces: [{ atMs: 0, text: log }],
        endsAtMs: 0,
        maxReadChars: 100,
        // After two answers, 30 s of 502s: twice the settle time.
        failRead: (call, now) => (call > 2 && now < 30_000 ? badGateway() : undefined)
      },
      { logSettleMs: 15_000 }
    )
    const outcome = await follower.follow()
    expect(listener.content).toBe(log)
    expect(outcome).toMatchObject({ result: 'success', serverResult: 'SUCCESS' })
    expect(outcome.note).toBeUndefined()
    expect(clock.nowMs).toBeGreaterThanOrEqual(30_000)
    expect(listener.statuses.map((s) => s.message).join('\n')).not.toMatch(/cannot be read/)
  })

  it('ends a partly read log only after a run of failures, saying the bytes held and that it is incomplete', async () => {
    const log = lines(40) + FINISHED
    const { listener, follower, clock } = setup({
      pieces: [{ atMs: 0, text: log }],
      endsAtMs: 0,
      maxReadChars: 100,
      failRead: (call) => (call > 2 ? badGateway() : undefined)
    })
    const outcome = await follower.follow()
    expect(clock.nowMs).toBeGreaterThanOrEqual(PARTIAL_LOG_GIVE_UP_MS)
    expect(clock.nowMs).toBeLessThan(PARTIAL_LOG_GIVE_UP_MS + 5000)
    expect(listener.content).toBe(log.slice(0, 200))
    expect(outcome).toMatchObject({
      result: 'success',
      note: 'the log is incomplete: 200 bytes were read before it stopped answering'
    })
    expect(listener.statuses.at(-1)?.message).toBe(
      'The build is over (SUCCESS) but its log has failed to answer for 5m 00s in a row (HTTP 502); ending with the 200 bytes read, which the log file holds: the log is incomplete.'
    )
  })

  it('drops a few answers behind the cursor, and takes a run of them as a restarted log, said once', async () => {
    const log = lines(20) + FINISHED
    const { listener, follower } = setup({
      pieces: [{ atMs: 0, text: log }],
      endsAtMs: 0,
      maxReadChars: 50,
      // Reads 3 to 6 answer from 0 again: a log started over under the same number.
      staleRead: (call) => (call >= 3 && call <= 6 ? 100 : undefined)
    })
    const outcome = await follower.follow()
    expect(outcome).toMatchObject({ result: 'success' })
    const restarts = listener.statuses.filter((s) => s.message.includes('restarted'))
    expect(restarts.map((s) => s.message)).toEqual([
      "The build's log restarted: 4 answers in a row began at offset 0, behind offset 100 already shown; following the new log from offset 0, so lines may repeat below."
    ])
    // What was shown before the restart is shown again only after that warning.
    expect(listener.content).toBe(log.slice(0, 100) + log)
  })

  it('drops a lagging answer or two without a warning', async () => {
    const log = lines(20) + FINISHED
    const { listener, follower } = setup({
      pieces: [{ atMs: 0, text: log }],
      endsAtMs: 0,
      maxReadChars: 50,
      staleRead: (call) => (call === 3 || call === 4 ? 20 : undefined)
    })
    await follower.follow()
    expect(listener.content).toBe(log)
    expect(listener.statuses.some((s) => s.message.includes('restarted'))).toBe(false)
  })
})
