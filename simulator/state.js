// @ts-check
import { ERRORS, invalidParameter } from './errors.js'
import { generateBuildLog } from './logs.js'
import { SimulatedBuild } from './timeline.js'

/** @typedef {import('./errors.js').ApiError} ApiError */

/** A fixed job id in the API's shape (32 lower-case letters and digits). */
export const DEFAULT_JOB_ID = '5f3c9e2a8b1d4c7e9a0f6b2d8c4e1a73'

/** A fake IAM token shaped like a real one (a base64 PKI blob); it grants nothing anywhere. */
export const DEFAULT_TOKEN =
  'MIIDlQYJKoZIhvcNAQcCoIIDhjCCA4ICAQExDTALBglghkgBZQMEAgEwggHjBgkqhkiG9w0BBwGgggHUBIIB0HsidG9rZW4iOnsiZXhwaXJlc19hdCI6IjIwMjYtMTEtMjlUMDM6MDA6MDAuMDAwMDAwWiIsIm1ldGhvZHMiOlsicGFzc3dvcmQiXSwic2ltdWxhdGVkIjp0cnVlfX0-Q2IOqdy3Lp8aQxQ2xGmZ3v1Jx+7fWn5kB9T0hYs4Rv6uEcNaLoP1tGi8VbSjD2MwK5eHrZ3fX7yUqA0cI9nOl4pTs6gBhE1vJkRwF2mYdC8zQ3xN5aL7oPiU0bGtS4e'

export const JOB_ID_PATTERN = /^[0-9a-zA-Z]{32}$/
const MAX_BUILD_NO = 2147483647

/**
 * @param {string | null} text
 * @param {number} min
 * @param {number} max
 */
export function parseWholeNumber(text, min, max) {
  if (text === null || !/^\d{1,16}$/.test(text)) return null
  const value = Number(text)
  return value >= min && value <= max ? value : null
}

/** @param {Buffer} body */
export function parseJsonObject(body) {
  try {
    const value = JSON.parse(body.toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? /** @type {Record<string, unknown>} */ (value)
      : null
  } catch {
    return null
  }
}

/**
 * Everything one simulator knows: its options by group, the job's builds, what it was asked
 * and what it did. Route handlers read and change it.
 *
 * @param {import('./options.js').GroupedOptions} options
 */
export function createState(options) {
  const { build: buildOptions } = options
  const jobId = buildOptions.jobId ?? DEFAULT_JOB_ID
  const rawLog = buildOptions.log ?? generateBuildLog({ result: buildOptions.result })
  const log = typeof rawLog === 'string' ? Buffer.from(rawLog, 'utf8') : rawLog

  const state = {
    options,
    jobId,
    token: options.auth.token ?? DEFAULT_TOKEN,
    log,
    /** @type {Map<number, SimulatedBuild>} */
    builds: new Map(),
    /** @type {import('./server.js').RequestRecord[]} */
    requests: [],
    /** @type {import('./server.js').TriggerRecord[]} */
    triggers: [],
    /** @type {import('./server.js').StopRecord[]} */
    stops: [],
    /** Timers of held sockets and trickled bodies, cleared on close. */
    /** @type {Set<NodeJS.Timeout>} */
    timers: new Set(),
    /** Ways to end endless answers on close. */
    /** @type {Set<() => void>} */
    endless: new Set(),
    /** Uses of the counted scenarios so far. */
    used: {
      triggerFaults: 0,
      stopFaults: 0,
      logAnswers: 0,
      badGateway: 0,
      throttle: 0,
      hostile: 0,
      restarted: false
    },

    /** @param {number} buildNo */
    startBuild(buildNo) {
      const build = new SimulatedBuild({
        buildNo,
        log,
        result: buildOptions.result,
        timeline: buildOptions.timeline
      })
      state.builds.set(buildNo, build)
      return build
    },

    /** The next build number a trigger gets. */
    nextBuildNo() {
      return Math.max(0, ...state.builds.keys()) + 1
    },

    /** Whether a build of the job runs, as the per-job routes say. */
    anyRunning() {
      return [...state.builds.values()].some((b) => b.building && !buildOptions.neverRuns)
    },

    /**
     * @param {string} jobIdText
     * @param {string | null} buildNoText
     * @param {boolean} hideYoungRecords young builds answer 422 `DEVCB.00031006`
     * @returns {{ build: SimulatedBuild } | { error: ApiError }}
     */
    findBuild(jobIdText, buildNoText, hideYoungRecords) {
      if (!JOB_ID_PATTERN.test(jobIdText)) return { error: invalidParameter('job_id', jobIdText) }
      if (jobIdText !== jobId) {
        return {
          error:
            buildOptions.unknownJobAnswer === 'record-missing'
              ? ERRORS.recordNotFound
              : ERRORS.jobNotFound
        }
      }
      const buildNo = parseWholeNumber(buildNoText, 1, MAX_BUILD_NO)
      if (buildNo === null) return { error: invalidParameter('build_no', buildNoText) }
      const build = state.builds.get(buildNo)
      if (!build) return { error: ERRORS.recordNotFound }
      const appearsAt = build.startEpochMs + buildOptions.recordAppearsAfterMs
      if (hideYoungRecords && Date.now() < appearsAt) return { error: ERRORS.recordNotYet }
      return { build }
    },

    /** @param {number} ms @param {() => void} action */
    later(ms, action) {
      const timer = setTimeout(() => {
        state.timers.delete(timer)
        action()
      }, ms)
      state.timers.add(timer)
    },

    dispose() {
      for (const build of state.builds.values()) build.dispose()
      for (const timer of state.timers) clearTimeout(timer)
      state.timers.clear()
      for (const end of state.endless) end()
      state.endless.clear()
    }
  }
  state.startBuild(buildOptions.firstBuildNo)
  return state
}

/** @typedef {ReturnType<typeof createState>} SimulatorState */
