/**
 * A build record that is not there, on the virtual-clock harness: waiting for it, and the
 * per-job question that tells an unknown job or a build number above the last one.
 */
import { describe, expect, it } from '@jest/globals'
import { classifyFailure } from '../../src/codearts/errors.js'
import {
  setup,
  times,
  sleeps,
  FINISHED,
  statusUnpublished,
  notYet
} from '../support/follow-harness.js'

describe('BuildFollower', () => {
  describe('failures', () => {
    it('waits for a build that does not exist yet, saying so once', async () => {
      const appearsAtMs = 6000
      const { trace, listener, follower } = setup({
        pieces: [{ atMs: 7000, text: 'hello\n' + FINISHED }],
        endsAtMs: 8000,
        failStatus: (_, now) =>
          now < appearsAtMs ? notYet('asking for the build status') : undefined,
        failRead: (_, now) => (now < appearsAtMs ? notYet('reading the log') : undefined)
      })
      const outcome = await follower.follow()

      expect(times(trace, 'status').slice(0, 4)).toEqual([0, 2000, 4000, 6000])
      // A missing record is polled every max(poll interval, 2 s).
      expect(sleeps(trace).slice(0, 3)).toEqual([2000, 2000, 2000])
      // One line while waiting (it names the answer), one when the build is there.
      expect(listener.statuses).toEqual([
        { at: 0, message: expect.stringMatching(/Build #1\b.*HTTP 422 DEVCB\.00031006/) },
        { at: 6000, message: expect.stringMatching(/Build #1\b.*found/) }
      ])
      expect(outcome).toMatchObject({ result: 'success', elapsedMs: 8000 })
    })

    it('waits with one message even when both calls find no build for a while', async () => {
      const { listener, follower } = setup({
        pieces: [{ atMs: 0, text: FINISHED }],
        endsAtMs: 20_000,
        // The status finds the record at once; the log only from 10 s on.
        failRead: (_, now) => (now < 10_000 ? notYet('reading the log') : undefined)
      })
      await follower.follow()
      expect(listener.statuses.map((status) => status.at)).toEqual([0, 10_000])
    })
  })

  describe('resilience', () => {
    it('fails at once for a job the per-job question does not know', async () => {
      const { follower, trace } = setup(
        {
          failRead: () => notYet('reading the log'),
          failStatus: () => notYet('asking for the build status'),
          jobStatus: () =>
            classifyFailure('the job status request', 422, { errorCode: 'CB.00031006' })
        },
        { jobId: 'j'.repeat(32), host: 'cloudbuild.example' }
      )
      await expect(follower.follow()).rejects.toThrow(
        `CodeArts job '${'j'.repeat(32)}' was not found at cloudbuild.example: check the 'job-id' and 'region' (or 'endpoint') inputs.`
      )
      expect(sleeps(trace)).toEqual([])
    })

    it('waits only the short time for a build number above the job last one', async () => {
      const { follower, clock, listener } = setup(
        {
          failRead: () => notYet('reading the log'),
          failStatus: () => notYet('asking for the build status'),
          jobStatus: () => ({ lastBuildNo: 3, running: false })
        },
        { buildNo: 5, jobId: 'job', newBuildGraceMs: 60_000 }
      )
      await expect(follower.follow()).rejects.toThrow(
        "Job or build not found: build #5 of CodeArts job 'job' did not appear at this endpoint within 1m 00s (the job's last build is #3). Check the 'job-id', 'build-no' and 'region' (or 'endpoint') inputs."
      )
      expect(clock.nowMs).toBeGreaterThanOrEqual(60_000)
      expect(clock.nowMs).toBeLessThan(63_000)
      expect(listener.statuses[0].message).toContain(
        "waiting for it until 1m 00s have passed (the job's last build is #3)"
      )
    })

    it.each([
      ['this step started the build', { startedByThisStep: true }, {}],
      ['the job is running', {}, { running: true }]
    ])('waits as usual for a build number above the last one when %s', async (_, options, job) => {
      const { follower, listener } = setup(
        {
          pieces: [{ atMs: 300_000, text: FINISHED }],
          endsAtMs: 300_000,
          failRead: (_call, now) => (now < 300_000 ? notYet('reading the log') : undefined),
          failStatus: (_call, now) => (now < 300_000 ? notYet('asking') : undefined),
          jobStatus: () => (job instanceof Error ? job : { lastBuildNo: 3, running: false, ...job })
        },
        { buildNo: 5, newBuildGraceMs: 60_000, ...options }
      )
      expect(await follower.follow()).toMatchObject({ result: 'success', elapsedMs: 300_000 })
      expect(listener.statuses[0].message).toContain('waiting for it until it appears')
    })

    it('ends after the short wait when the per-job question itself is not available', async () => {
      const { follower, clock, listener } = setup(
        {
          failRead: () => notYet('reading the log'),
          failStatus: () => notYet('asking for the build status'),
          jobStatus: () => statusUnpublished()
        },
        { buildNo: 5, jobId: 'job', host: 'cloudbuild-ext.example', newBuildGraceMs: 60_000 }
      )
      await expect(follower.follow()).rejects.toThrow(
        "Job or build not found: build #5 of CodeArts job 'job' did not appear at cloudbuild-ext.example within 1m 00s (the job's builds could not be asked). Check the 'job-id', 'build-no' and 'region' (or 'endpoint') inputs."
      )
      expect(clock.nowMs).toBeLessThan(63_000)
      expect(listener.statuses[0].message).toContain(
        'waiting for it until 1m 00s have passed (the job cannot be asked about its builds)'
      )
    })
  })
})
