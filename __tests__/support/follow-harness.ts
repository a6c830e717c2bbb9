/**
 * The follower's virtual-clock harness: a scripted CodeArts build whose log and status depend
 * on a virtual clock that jumps forward on every sleep, and a listener that records what the
 * follower said. No HTTP; the bundle tests cover that.
 */
import {
  finishedLineResult,
  unterminatedFinishedResult
} from '../../src/build-log/finished-line.js'
import type { BuildInfo, JobStatus, LogChunk } from '../../src/codearts/client.js'
import { ApiError, classifyFailure } from '../../src/codearts/errors.js'
import { type Clock, realClock } from '../../src/follow/clock.js'
import { BuildFollower } from '../../src/follow/follower.js'
import type { BuildApi, FollowListener, FollowOptions } from '../../src/follow/follow-types.js'

/** One thing that happened, at virtual time `at`. */
export type TraceEvent =
  | { readonly kind: 'status'; readonly at: number; readonly building?: boolean }
  | { readonly kind: 'read'; readonly at: number; readonly offset: string; readonly chars?: number }
  | { readonly kind: 'sleep'; readonly at: number; readonly ms: number }

/** More events than any scripted case needs: a follow that never ends fails instead of hanging. */
export const MAX_EVENTS = 5000

/** Virtual time: `sleep` moves it forward at once (and, if asked, waits a little real time). */
export class VirtualClock implements Clock {
  nowMs = 0

  constructor(
    private readonly trace: TraceEvent[],
    private readonly realMsPerSleep = 0
  ) {}

  now(): number {
    return this.nowMs
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    record(this.trace, { kind: 'sleep', at: this.nowMs, ms })
    if (this.realMsPerSleep > 0) await realClock.sleep(this.realMsPerSleep, signal)
    this.nowMs += ms
    signal?.throwIfAborted()
  }
}

export function record(trace: TraceEvent[], event: TraceEvent): void {
  if (trace.length >= MAX_EVENTS) throw new Error(`runaway follow: over ${MAX_EVENTS} events`)
  trace.push(event)
}

/** A piece of log that becomes readable at `atMs`. */
export interface Piece {
  readonly atMs: number
  readonly text: string
}

export interface BuildScript {
  readonly pieces?: readonly Piece[]
  /** The status call says `building: false` from this time on. */
  readonly endsAtMs?: number
  readonly result?: string
  /** The most characters one read returns, whatever it asks for. */
  readonly maxReadChars?: number
  /**
   * `has_more_data` is also true for as long as the build runs, caught up or not, as the
   * CodeArts API says it; default: false once the reader has all that is readable now.
   */
  readonly moreWhileRunning?: boolean
  /** Called before each read (1-based count); a returned error is thrown instead of answering. */
  readonly failRead?: (call: number, nowMs: number) => Error | undefined
  readonly failStatus?: (call: number, nowMs: number) => Error | undefined
  /** Reads never answer; only the signal ends them. */
  readonly hangReads?: boolean
  /** Each read takes this much real time and does not listen to its signal meanwhile. */
  readonly deafReadMs?: number
  /** Each read's answer arrives this long (virtual time) after the read was sent. */
  readonly answerTakesMs?: number
  /** Called after each status answer, e.g. to make log text readable only then. */
  readonly afterStatus?: (info: BuildInfo, build: ScriptedBuild) => void
  /** Called after each read. */
  readonly afterRead?: (call: number, chunk: LogChunk) => void
  /** How far behind the asked offset the answer to read number `call` starts (a lagging replica). */
  readonly staleRead?: (call: number) => number | undefined
  /** The per-job answer, or the error to throw; default: a known job whose last build is #1. */
  readonly jobStatus?: () => JobStatus | Error
}

/**
 * A CodeArts build in virtual time: the log cursor counts characters, `has_more_data` is
 * false once the reader has all that is readable now (mid-build too), unless the script says
 * it stays true while the build runs.
 */
export class ScriptedBuild implements BuildApi {
  readonly pieces: Piece[]
  /** The length each read asked for. */
  readonly lengths: number[] = []
  private reads = 0
  private statusCalls = 0

  constructor(
    private readonly clock: VirtualClock,
    private readonly trace: TraceEvent[],
    private readonly script: BuildScript
  ) {
    this.pieces = [...(script.pieces ?? [])]
  }

  /** Makes more text readable from now on. */
  reveal(text: string): void {
    this.pieces.push({ atMs: this.clock.now(), text })
  }

  get wholeLog(): string {
    return this.pieces.map((piece) => piece.text).join('')
  }

  private readable(): string {
    return this.pieces
      .filter((piece) => piece.atMs <= this.clock.now())
      .map((piece) => piece.text)
      .join('')
  }

  async readLog(
    _buildNo: number,
    offset: string,
    length: number,
    signal?: AbortSignal
  ): Promise<LogChunk> {
    signal?.throwIfAborted()
    const call = ++this.reads
    const at = this.clock.now()
    this.lengths.push(length)
    const failure = this.script.failRead?.(call, at)
    if (failure) {
      record(this.trace, { kind: 'read', at, offset })
      throw failure
    }
    if (this.script.hangReads) {
      record(this.trace, { kind: 'read', at, offset })
      await new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
      )
    }
    if (this.script.deafReadMs) await realClock.sleep(this.script.deafReadMs)
    const readable = this.readable()
    const start = Math.max(0, Number(offset) - (this.script.staleRead?.(call) ?? 0))
    const end = Math.min(readable.length, start + Math.min(length, this.script.maxReadChars ?? 1e9))
    const chunk: LogChunk = {
      content: Buffer.from(readable.slice(start, end)),
      release: () => undefined,
      nextOffset: String(end),
      hasMoreData: end < readable.length || (!!this.script.moreWhileRunning && this.building(at)),
      startOffset: String(start)
    }
    record(this.trace, { kind: 'read', at, offset, chars: end - start })
    this.script.afterRead?.(call, chunk)
    if (this.script.answerTakesMs) await this.clock.sleep(this.script.answerTakesMs)
    return chunk
  }

  async getBuildInfo(_buildNo: number, signal?: AbortSignal): Promise<BuildInfo> {
    signal?.throwIfAborted()
    const call = ++this.statusCalls
    const at = this.clock.now()
    const failure = this.script.failStatus?.(call, at)
    if (failure) {
      record(this.trace, { kind: 'status', at })
      throw failure
    }
    const building = this.building(at)
    const info: BuildInfo = {
      building,
      buildResult: building ? '' : (this.script.result ?? 'SUCCESS')
    }
    record(this.trace, { kind: 'status', at, building })
    this.script.afterStatus?.(info, this)
    return info
  }

  private building(at: number): boolean {
    return at < (this.script.endsAtMs ?? Infinity)
  }

  async getJobStatus(signal?: AbortSignal): Promise<JobStatus> {
    signal?.throwIfAborted()
    const answer = this.script.jobStatus?.() ?? { lastBuildNo: 1, running: false }
    if (answer instanceof Error) throw answer
    return answer
  }
}

/** What the rest of the action would see; `Finished:` counts only on a complete line. */
export class Listener implements FollowListener {
  content = ''
  readonly statuses: Array<{ at: number; message: string }> = []
  readonly debugs: string[] = []

  constructor(private readonly clock: Clock) {}

  onContent(content: Buffer): void {
    this.content += content.toString()
  }

  onStatus(message: string): void {
    this.statuses.push({ at: this.clock.now(), message })
  }

  onDebug(message: string): void {
    this.debugs.push(message)
  }

  finishedLineResult(logComplete = false): string | undefined {
    // As the mirror's step tracker decides it: the last complete Finished line names the result.
    const lastBreak = this.content.lastIndexOf('\n')
    const named = this.content
      .slice(0, Math.max(lastBreak, 0))
      .split('\n')
      .map(finishedLineResult)
      .filter((result) => result !== undefined)
    const unterminated = this.content.slice(lastBreak + 1).replace(/\r$/, '')
    return named.at(-1) ?? unterminatedFinishedResult(unterminated, logComplete)
  }

  messages(prefix: string): Array<{ at: number; message: string }> {
    return this.statuses.filter((status) => status.message.startsWith(prefix))
  }
}

/** Short names for the defaults below, so each case states only what it is about. */
export const POLL_MS = 1000
export const BASE_OPTIONS = {
  buildNo: 1,
  pollIntervalMs: POLL_MS,
  timeoutMs: 0,
  statusIntervalMs: 5000,
  logSettleMs: 15_000,
  heartbeatIntervalMs: 30_000,
  backoff: { baseDelayMs: 100, maxDelayMs: 1500 },
  // The top of each jitter range: delays are the full capped exponential ones.
  random: () => 1
} as const

export function setup(
  script: BuildScript,
  options: Partial<FollowOptions> = {},
  realMsPerSleep = 0
): {
  trace: TraceEvent[]
  clock: VirtualClock
  build: ScriptedBuild
  listener: Listener
  follower: BuildFollower
  cancel: AbortController
} {
  const trace: TraceEvent[] = []
  const clock = new VirtualClock(trace, realMsPerSleep)
  const build = new ScriptedBuild(clock, trace, script)
  const listener = new Listener(clock)
  const cancel = new AbortController()
  const follower = new BuildFollower(
    build,
    { ...BASE_OPTIONS, cancelSignal: cancel.signal, clock, ...options },
    listener
  )
  return { trace, clock, build, listener, follower, cancel }
}

/**
 * The trace in one line: S status, R read with text, r read without, x failed read, z sleep
 * (with its length when it is not one poll interval).
 */
export function compact(trace: readonly TraceEvent[]): string {
  return trace
    .map((event) => {
      if (event.kind === 'status') return 'S'
      if (event.kind === 'sleep') return event.ms === POLL_MS ? 'z' : `z${event.ms}`
      if (event.chars === undefined) return 'x'
      return event.chars > 0 ? 'R' : 'r'
    })
    .join(' ')
}

export const times = (trace: readonly TraceEvent[], kind: TraceEvent['kind']): number[] =>
  trace.filter((event) => event.kind === kind).map((event) => event.at)

export const sleeps = (trace: readonly TraceEvent[]): number[] =>
  trace.flatMap((event) => (event.kind === 'sleep' ? [event.ms] : []))

export function lines(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join('')
}

export const FINISHED = 'Finished: SUCCESS\n'

export const statusUnpublished = (): ApiError =>
  classifyFailure('asking for the build status', 404, {
    errorCode: 'APIGW.0101',
    errorMessage: 'The API does not exist or has not been published in the environment'
  })
export const statusForbidden = (): ApiError =>
  classifyFailure('asking for the build status', 403, {
    errorCode: 'CB.00060403',
    errorMessage: 'Insufficient permissions'
  })
export const serverBusy = (): ApiError =>
  classifyFailure('reading the log', 503, { errorCode: 'APIGW.0201', errorMessage: 'busy' })
export const notYet = (what: string): ApiError =>
  classifyFailure(what, 422, { errorCode: 'DEVCB.00031006', errorMessage: 'record not found' })
