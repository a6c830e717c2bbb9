// @ts-check
/**
 * The wait for the end of a build, shared by bench/run.js and bench/fleet.js: short builds,
 * each followed by one follower on its own server, whose end comes at phases spread evenly
 * over a cycle, (i + 0.5) / n of it after a read, so the median is the wait for an end at a
 * moment nobody can predict, without the noise of random phases.
 * - 'withLines', as builds end (the last tool lines, the status block and `Finished:` come
 *   together): the build's first lines are read, and its last lines and its end come at a
 *   phase of the half poll interval that the next read follows new lines by.
 * - 'afterSilence': once the follower is in its quiet poll cycle (two empty reads a poll
 *   interval apart after the last one with content: the action's first silent waits are
 *   shorter and longer than that, src/follow/read-pacer.ts), the `Finished:` trailer comes at
 *   a phase of the poll interval.
 */
import { performance } from 'node:perf_hooks'
import { runFollower } from './harness.js'
import { planLiveBuild } from './live-log.js'
import { startPrerenderedServer } from './prerendered-server.js'

/** @typedef {'withLines' | 'afterSilence'} EndKind */
/** @typedef {Awaited<ReturnType<typeof runFollower>>} FollowerRun */

/**
 * Waits until a follower has read the build's log: a read that carried content, and, for a
 * `quietCycleMs`, two empty reads after the last one that did, that far apart (±10 %).
 *
 * @param {Awaited<ReturnType<typeof startPrerenderedServer>>} server
 * @param {Promise<FollowerRun>} running
 * @param {number | null} quietCycleMs
 * @returns {Promise<number | null>} when the last of those reads arrived; null if the
 *   follower ended first or took too long
 */
async function readsSeen(server, running, quietCycleMs) {
  let ended = false
  void running.then(() => (ended = true))
  const deadline = Date.now() + 20_000
  while (!ended && Date.now() < deadline) {
    const reads = server.requests.filter((r) => r.path.endsWith('/real-time-log'))
    let lastWithContent = reads.length - 1
    while (lastWithContent >= 0 && (reads[lastWithContent].servedBytes ?? 0) === 0)
      lastWithContent--
    const empties = reads.slice(lastWithContent + 1)
    if (lastWithContent >= 0 && quietCycleMs === null) return reads[lastWithContent].atEpochMs
    const last = empties.length - 1
    const gap = last >= 1 ? empties[last].atEpochMs - empties[last - 1].atEpochMs : NaN
    if (
      lastWithContent >= 0 &&
      quietCycleMs !== null &&
      Math.abs(gap - quietCycleMs) <= quietCycleMs / 10
    )
      return empties[last].atEpochMs
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return null
}

/**
 * Follows `runs` short builds ending as `how` says, each with every kind of follower given
 * (side by side, each on its own server, at the same phases).
 *
 * @param {object} options
 * @param {EndKind} options.how
 * @param {number} options.runs
 * @param {number} options.pollS
 * @param {ReadonlyArray<'action' | 'raw'>} options.kinds
 * @param {(run: FollowerRun) => void} options.check told of every run
 * @param {(message: string) => void} options.note told of a build not followed as planned
 * @returns {Promise<Record<'action' | 'raw', number[]>>} from each build's end to its
 *   follower's exit, in ms
 */
export async function endsToExits({ how, runs, pollS, kinds, check, note }) {
  const pollMs = pollS * 1000
  const [cycleMs, quietCycleMs] = how === 'withLines' ? [pollMs / 2, null] : [pollMs, pollMs]
  /** @type {Record<'action' | 'raw', number[]>} */
  const endToExit = { action: [], raw: [] }
  for (let run = 0; run < runs; run++) {
    const plan = planLiveBuild({ pollMs, pieces: 3, spanMs: 1000, firstAtMs: 0, seed: 300 + run })
    const phase = (run + 0.5) / runs
    // With its last lines: the last piece waits for the end, with the trailer.
    const readable = plan.schedule[plan.schedule.length - (how === 'withLines' ? 2 : 1)].endByte
    await Promise.all(
      kinds.map(async (kind) => {
        const server = await startPrerenderedServer({
          log: plan.log,
          building: true,
          readableWhileBuilding: readable
        })
        try {
          const running = runFollower(kind, server, { pollInterval: String(pollS) })
          const readAt = await readsSeen(server, running, quietCycleMs)
          if (readAt === null) {
            note(
              `The ${kind === 'action' ? 'action' : 'raw follower'} never read short build ${run + 1} as planned (${how}).`
            )
            server.finish()
          } else {
            const delay = readAt + phase * cycleMs - (performance.timeOrigin + performance.now())
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, delay)))
            server.finish()
          }
          const result = await running
          check(result)
          endToExit[kind].push(result.exitAtEpochMs - (server.endedAtEpochMs() ?? NaN))
        } finally {
          await server.close()
        }
      })
    )
  }
  return endToExit
}
