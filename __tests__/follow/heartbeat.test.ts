/**
 * The "still waiting" line of a quiet log, on the virtual-clock harness.
 */
import { describe, expect, it } from '@jest/globals'
import { formatDuration } from '../../src/text/duration.js'
import { setup, FINISHED } from '../support/follow-harness.js'

describe('BuildFollower', () => {
  describe('heartbeat', () => {
    it('says it is still waiting at most every heartbeatIntervalMs, with the elapsed time, and never while lines flow', async () => {
      // Queued until 65 s, a line every second until 124 s, quiet until 200 s.
      const flowing = Array.from({ length: 60 }, (_, i) => ({
        atMs: 65_000 + i * 1000,
        text: `step output ${i}\n`
      }))
      const { listener, follower } = setup({
        pieces: [...flowing, { atMs: 200_000, text: FINISHED }],
        endsAtMs: 200_000
      })
      await follower.follow()
      expect(listener.messages('Still waiting')).toEqual([
        {
          at: 30_000,
          message: 'Still waiting: build queued or starting, no log yet (30s elapsed).'
        },
        {
          at: 60_000,
          message: 'Still waiting: build queued or starting, no log yet (1m 00s elapsed).'
        },
        // Once the lines stop, reads come one poll interval apart, on the rhythm the last
        // half-interval read and the first silent waits (0.8 and 1.2 of one) set: the line comes
        // with the first read 30 s into the quiet.
        {
          at: 154_900,
          message: `Still waiting: build running, no new log lines for 31s (${formatDuration(154_900)} elapsed).`
        },
        {
          at: 184_900,
          message: 'Still waiting: build running, no new log lines for 1m 01s (3m 05s elapsed).'
        }
      ])
    })
  })
})
