/**
 * Talking to the simulator directly, as its own tests do: raw HTTP calls, the log and status
 * routes, and a careful client that follows a build to its end.
 */
import { expect } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'

export interface LogAnswer {
  has_more_data: boolean | string
  offset: number | string
  content: string
  current_offset: number | string
}
export interface BuildInfo {
  building: boolean | string
  build_result: string | null
  job_id: string
  build_number: number
  start_time: string
  end_time: string | null
}
export interface Envelope<T> {
  result: T
  error: null
  status: string
}
export interface ErrorBody {
  error_code: string
  error_msg: string
  status?: string
}
export interface TriggerAnswer {
  actual_build_number: string
  daily_build_number: string
}

export interface CallOptions {
  method?: string
  token?: string | null
  headers?: Record<string, string>
  body?: string
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(2)
  }
}

/** The simulators these helpers start are the support's own: one way to start and close them. */
export { closeSimulators as closeStarted, simulate as start } from './simulated-run.js'

export async function call(sim: Simulator, path: string, options: CallOptions = {}) {
  const auth: Record<string, string> =
    options.token === null ? {} : { 'X-Auth-Token': options.token ?? sim.token }
  const res = await fetch(sim.url + path, {
    method: options.method ?? 'GET',
    headers: { ...auth, ...options.headers },
    body: options.body
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }
}

export const logPath = (sim: Simulator, offset: number | string, buildNo = 1, extra = '') =>
  `/v3/jobs/${sim.jobId}/${buildNo}/real-time-log?offset=${offset}${extra}`
export const statusPath = (sim: Simulator, buildNo = 1) =>
  `/v1/job/${sim.jobId}/${buildNo}/build-info`

export async function readLog(sim: Simulator, offset: number | string, buildNo = 1) {
  const res = await call(sim, logPath(sim, offset, buildNo))
  expect(res.status).toBe(200)
  return res.json<Envelope<LogAnswer>>().result
}

export async function buildInfo(sim: Simulator, buildNo = 1) {
  const res = await call(sim, statusPath(sim, buildNo))
  expect(res.status).toBe(200)
  return res.json<Envelope<BuildInfo>>().result
}

/** Follows a build the way a careful client does: to the end of the build, then drained. */
export async function follow(sim: Simulator, buildNo = 1) {
  const answers: LogAnswer[] = []
  let offset: number | string = 0
  let over = false
  for (;;) {
    const answer = await readLog(sim, offset, buildNo)
    answers.push(answer)
    offset = answer.offset
    if (String(answer.has_more_data) === 'true') continue
    if (over) break
    over = String((await buildInfo(sim, buildNo)).building) === 'false'
    if (!over) await sleep(2)
  }
  return { text: answers.map((a) => a.content).join(''), answers }
}
