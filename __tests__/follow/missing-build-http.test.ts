/**
 * A build number that never appears, asked of the simulator over real HTTP while the per-job
 * question is itself missing there: the follower ends after the short wait, on a virtual clock
 * (the wait is minutes of real time in the bundle).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { CodeArtsClient } from '../../src/codearts/client.js'
import { BuildFollower } from '../../src/follow/follower.js'
import { NEW_BUILD_GRACE_MS } from '../../src/follow/follow-types.js'
import { BASE_OPTIONS, Listener, VirtualClock } from '../support/follow-harness.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'

afterEach(closeSimulators)

describe('a build number that never appears, the per-job routes missing', () => {
  it("ends after the short wait with 'Job or build not found' naming the inputs", async () => {
    const sim = await simulate({
      finished: true,
      missingRoutes: { jobStatus: 'CB.00060214', jobStatusLegacy: 'APIG.0101' }
    })
    const client = new CodeArtsClient({
      endpoint: sim.url,
      jobId: sim.jobId,
      authenticate: () => ({ 'X-Auth-Token': sim.token }),
      requestTimeoutMs: 5000,
      userAgent: 'test'
    })
    const clock = new VirtualClock([])
    const listener = new Listener(clock)
    const host = new URL(sim.url).host
    const follower = new BuildFollower(
      client,
      {
        ...BASE_OPTIONS,
        buildNo: 9,
        jobId: sim.jobId,
        host,
        pollIntervalMs: 2000,
        cancelSignal: new AbortController().signal,
        clock
      },
      listener
    )
    try {
      await expect(follower.follow()).rejects.toThrow(
        `Job or build not found: build #9 of CodeArts job '${sim.jobId}' did not appear at ${host} within 2m 00s (the job's builds could not be asked). Check the 'job-id', 'build-no' and 'region' (or 'endpoint') inputs.`
      )
    } finally {
      client.dispose()
    }
    expect(clock.nowMs).toBeGreaterThanOrEqual(NEW_BUILD_GRACE_MS)
    expect(clock.nowMs).toBeLessThan(NEW_BUILD_GRACE_MS + 5000)
    // Both per-job routes were asked once, and were not there.
    const perJob = sim.requests.filter((r) => r.route?.startsWith('jobStatus'))
    expect(perJob.map((r) => [r.route, r.status])).toEqual([
      ['jobStatus', 404],
      ['jobStatusLegacy', 404]
    ])
  })
})
