/**
 * BuildFollower's timing logic, exactly: a scripted CodeArts build whose log and status depend
 * on a virtual clock that jumps forward on every sleep. No HTTP; the bundle tests cover that.
 */
import { describe, expect, it } from '@jest/globals'
import type { BuildInfo, JobStatus, LogChunk } from '../../src/codearts/client.js'
import { ApiError, classifyFailure } from '../../src/codearts/errors.js'
import { type Clock, realClock } from '../../src/follow/clock.js'
import { formatDuration } from '../../src/workflow/duration.js'
import {
  type BuildApi,
  BuildFollower,
  type FollowListener,
  type FollowOptions
} from '../../src/follow/follower.js'

/** One thing that happened, at virtual time `at`. */
type TraceEvent =
  | { readonly kind: 'status'; readonly at: number; readonly building?: boolean }
  | { readonly kind: 'read'; readonly at: number; readonly offset: string; readonly chars?: number }
  | { readonly kind: 'sleep'; readonly at: number; readonly ms: number }

/** More events than any scripted case needs: a follow that never ends fails instead of hanging. */
const MAX_EVENTS = 5000

/** Virtual time: `sleep` moves it forward at once (and, if asked, waits a little real time). */
class VirtualClock implements Clock {
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
    if (this.realMsPerSleep > 0) await realSleep(this.realMsPerSleep, signal)
    this.nowMs += ms
    signal?.throwIfAborted()
  }
}

function record(trace: TraceEvent[], event: TraceEvent): void {
  if (trace.length >= MAX_EVENTS) throw new Error(`runaway follow: over ${MAX_EVENTS} events`)
  trace.push(event)
}

const realSleep = realClock.sleep

/** A piece of log that becomes readable at `atMs`. */
interface Piece {
  readonly atMs: number
  readonly text: string
}

interface BuildScript {
  readonly pieces?: readonly Piece[]
  /** The status call says `building: false` from this time on. */
  readonly endsAtMs?: number
  readonly result?: string
  /** The most characters one read returns, whatever it asks for. */
  readonly maxReadChars?: number
  /** Called before each read (1-based count); a returned error is thrown instead of answering. */
  readonly failRead?: (call: number, nowMs: number) => Error | undefined
  readonly failStatus?: (call: number, nowMs: number) => Error | undefined
  /** Reads never answer; only the signal ends them. */
  readonly hangReads?: boolean
  /** Each read takes this much real time and does not listen to its signal meanwhile. */
  readonly deafReadMs?: number
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
 * false once the reader has all that is readable now (mid-build too), as the real API does.
 */
class ScriptedBuild implements BuildApi {
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
    if (this.script.deafReadMs) await realSleep(this.script.deafReadMs)
    const readable = this.readable()
    const start = Math.max(0, Number(offset) - (this.script.staleRead?.(call) ?? 0))
    const end = Math.min(readable.length, start + Math.min(length, this.script.maxReadChars ?? 1e9))
    const chunk: LogChunk = {
      hasContent: end > start,
      pieces: [readable.slice(start, end)],
      nextOffset: String(end),
      hasMoreData: end < readable.length,
      startOffset: String(start)
    }
    record(this.trace, { kind: 'read', at, offset, chars: end - start })
    this.script.afterRead?.(call, chunk)
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
    const building = at < (this.script.endsAtMs ?? Infinity)
    const info: BuildInfo = {
      building,
      buildResult: building ? '' : (this.script.result ?? 'SUCCESS')
    }
    record(this.trace, { kind: 'status', at, building })
    this.script.afterStatus?.(info, this)
    return info
  }

  async getJobStatus(signal?: AbortSignal): Promise<JobStatus> {
    signal?.throwIfAborted()
    const answer = this.script.jobStatus?.() ?? { lastBuildNo: 1, running: false }
    if (answer instanceof Error) throw answer
    return answer
  }
}

/** What the rest of the action would see; `Finished:` counts only on a complete line. */
class Listener implements FollowListener {
  content = ''
  readonly statuses: Array<{ at: number; message: string }> = []
  readonly debugs: string[] = []

  constructor(private readonly clock: Clock) {}

  onContent(content: string): void {
    this.content += content
  }

  onStatus(message: string): void {
    this.statuses.push({ at: this.clock.now(), message })
  }

  onDebug(message: string): void {
    this.debugs.push(message)
  }

  finishedLineResult(): string | undefined {
    const complete = this.content.slice(0, this.content.lastIndexOf('\n') + 1)
    return /^Finished: ([A-Za-z_]+)\s*$/m.exec(complete)?.[1]
  }

  messages(prefix: string): Array<{ at: number; message: string }> {
    return this.statuses.filter((status) => status.message.startsWith(prefix))
  }
}

/** Short names for the defaults below, so each case states only what it is about. */
const POLL_MS = 1000
const BASE_OPTIONS = {
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

function setup(
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
function compact(trace: readonly TraceEvent[]): string {
  return trace
    .map((event) => {
      if (event.kind === 'status') return 'S'
      if (event.kind === 'sleep') return event.ms === POLL_MS ? 'z' : `z${event.ms}`
      if (event.chars === undefined) return 'x'
      return event.chars > 0 ? 'R' : 'r'
    })
    .join(' ')
}

const times = (trace: readonly TraceEvent[], kind: TraceEvent['kind']): number[] =>
  trace.filter((event) => event.kind === kind).map((event) => event.at)

const sleeps = (trace: readonly TraceEvent[]): number[] =>
  trace.flatMap((event) => (event.kind === 'sleep' ? [event.ms] : []))

function lines(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join('')
}

const FINISHED = 'Finished: SUCCESS\n'

const statusUnpublished = (): ApiError =>
  classifyFailure('asking for the build status', 404, {
    errorCode: 'APIGW.0101',
    errorMessage: 'The API does not exist or has not been published in the environment'
  })
const statusForbidden = (): ApiError =>
  classifyFailure('asking for the build status', 403, {
    errorCode: 'CB.00060403',
    errorMessage: 'Insufficient permissions'
  })
const serverBusy = (): ApiError =>
  classifyFailure('reading the log', 503, { errorCode: 'APIGW.0201', errorMessage: 'busy' })
const notYet = (what: string): ApiError =>
  classifyFailure(what, 422, { errorCode: 'DEVCB.00031006', errorMessage: 'record not found' })

describe('BuildFollower', () => {
  describe('reading the log', () => {
    it('reads again at once while has_more_data is true, and sleeps one poll interval when caught up', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: 'x'.repeat(99) + '\n' },
          { atMs: 3000, text: FINISHED }
        ],
        maxReadChars: 10,
        endsAtMs: 3000
      })
      const outcome = await follower.follow()

      // Ten reads drain the first 100 characters back to back, then one read per poll until
      // the last 18 characters come, in two reads of at most 10.
      expect(compact(trace)).toBe('S R R R R R R R R R R z r z r z R R S r')
      expect(sleeps(trace)).toEqual([POLL_MS, POLL_MS, POLL_MS])
      expect(listener.content).toBe(build.wholeLog)
      expect(outcome).toEqual({
        result: 'success',
        serverResult: 'SUCCESS',
        resultSource: 'status',
        elapsedMs: 3000
      })
    })

    it('sends back the cursor of the last answer on each read', async () => {
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: lines(3) + FINISHED }],
        maxReadChars: 7,
        endsAtMs: 0
      })
      await follower.follow()
      const offsets = trace.flatMap((event) => (event.kind === 'read' ? [event.offset] : []))
      expect(offsets).toEqual(['0', '7', '14', '21', '28', '35'])
    })

    it('never ends on has_more_data: false while the build runs', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: lines(2, 'first') },
          { atMs: 10_000, text: lines(2, 'second') },
          { atMs: 20_000, text: lines(2, 'third') },
          { atMs: 30_000, text: FINISHED }
        ],
        endsAtMs: 30_000
      })
      const outcome = await follower.follow()

      const caughtUpWhileBuilding = trace.filter(
        (event) => event.kind === 'read' && event.at < 30_000
      )
      expect(caughtUpWhileBuilding.length).toBeGreaterThan(25)
      expect(outcome.elapsedMs).toBe(30_000)
      expect(outcome.result).toBe('success')
      expect(listener.content).toBe(build.wholeLog)
    })

    it('keeps going when the log shows Finished: but the status still says building', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 4500, text: FINISHED }
          ],
          endsAtMs: 8000
        },
        { statusIntervalMs: 60_000 }
      )
      const outcome = await follower.follow()
      // Once the line is there, every poll asks again, so the end is seen within one poll.
      expect(times(trace, 'status')).toEqual([0, 5000, 6000, 7000, 8000])
      expect(outcome.elapsedMs).toBe(8000)
    })
  })

  describe('the end of the build', () => {
    it('needs a caught-up read that started after the status said over', async () => {
      const tail = 'last words\n' + FINISHED
      const { trace, listener, follower, build } = setup({
        pieces: [{ atMs: 0, text: 'first words\n' }],
        endsAtMs: 10_000,
        // The log lags the status: its last lines become readable as the status says over.
        afterStatus: (info, scripted) => {
          if (!info.building) scripted.reveal(tail)
        }
      })
      const outcome = await follower.follow()

      const statusOver = trace.find((event) => event.kind === 'status' && !event.building)
      expect(statusOver?.at).toBe(10_000)
      const after = trace.slice(trace.indexOf(statusOver as TraceEvent) + 1)
      expect(compact(after)).toBe('R')
      expect(listener.content).toBe(build.wholeLog)
      expect(listener.content.endsWith(tail)).toBe(true)
      expect(outcome).toMatchObject({ result: 'success', resultSource: 'status' })
    })

    it('waits for log text that arrives some polls after the status said over', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: 'first words\n' },
          { atMs: 12_500, text: 'late words\n' + FINISHED }
        ],
        endsAtMs: 10_000,
        result: 'FAILURE'
      })
      const outcome = await follower.follow()
      expect(listener.content).toBe(build.wholeLog)
      expect(times(trace, 'status')).toEqual([0, 5000, 10_000])
      expect(outcome).toEqual({
        result: 'failure',
        serverResult: 'FAILURE',
        resultSource: 'status',
        elapsedMs: 13_000
      })
    })

    it('ends logSettleMs after the status said over when the log never shows Finished:', async () => {
      const { listener, follower } = setup(
        { pieces: [{ atMs: 0, text: 'no end line\n' }], endsAtMs: 3000, result: 'SUCCESS' },
        { statusIntervalMs: 1000, logSettleMs: 15_000 }
      )
      const outcome = await follower.follow()
      expect(outcome).toEqual({
        result: 'success',
        serverResult: 'SUCCESS',
        resultSource: 'status',
        elapsedMs: 18_000
      })
      expect(listener.messages('The build is over but its log has no "Finished:" line')).toEqual([
        { at: 18_000, message: expect.any(String) }
      ])
    })

    it('takes the word of the Finished: line when the status says over without a result', async () => {
      const { follower } = setup({
        pieces: [
          { atMs: 0, text: 'a\n' },
          { atMs: 2000, text: 'Finished: FAILURE\n' }
        ],
        endsAtMs: 2000,
        result: ''
      })
      expect(await follower.follow()).toEqual({
        result: 'failure',
        serverResult: 'FAILURE',
        resultSource: 'log',
        elapsedMs: 2000
      })
    })

    it('ends at once for a build that is already over', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [{ atMs: 0, text: lines(5) + 'Finished: ABORTED\n' }],
        endsAtMs: 0,
        result: 'ABORTED'
      })
      const outcome = await follower.follow()
      expect(compact(trace)).toBe('S R')
      expect(listener.content).toBe(build.wholeLog)
      expect(outcome).toMatchObject({ result: 'aborted', serverResult: 'ABORTED', elapsedMs: 0 })
    })
  })

  describe('status calls', () => {
    it.each([
      // poll, status interval, expected spacing of status calls while the log is quiet
      [1000, 5000, 5000],
      [3000, 1000, 3000],
      [2000, 2000, 2000],
      [500, 1750, 2000]
    ])(
      'with a poll of %i ms and a status interval of %i ms, asks every %i ms while quiet',
      async (pollIntervalMs, statusIntervalMs, spacingMs) => {
        const endsAtMs = 30_000
        const { trace, follower } = setup(
          {
            pieces: [
              { atMs: 0, text: 'quiet\n' },
              { atMs: endsAtMs, text: FINISHED }
            ],
            endsAtMs
          },
          { pollIntervalMs, statusIntervalMs }
        )
        await follower.follow()
        const quiet = times(trace, 'status').filter((at) => at < endsAtMs)
        const gaps = quiet.slice(1).map((at, i) => at - quiet[i])
        expect(gaps.length).toBeGreaterThan(3)
        expect(new Set(gaps)).toEqual(new Set([spacingMs]))
      }
    )

    it('asks at once when the Finished: line appears', async () => {
      const { trace, follower } = setup(
        {
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 4500, text: FINISHED }
          ],
          endsAtMs: 4000
        },
        { statusIntervalMs: 60_000 }
      )
      const outcome = await follower.follow()
      expect(compact(trace)).toBe('S R z r z r z r z r z R S r')
      expect(times(trace, 'status')).toEqual([0, 5000])
      expect(outcome.elapsedMs).toBe(5000)
    })

    it.each([
      ['route-missing (404 APIGW.0101)', statusUnpublished, 'HTTP 404 APIGW.0101'],
      ['403', statusForbidden, 'HTTP 403 CB.00060403']
    ])(
      'falls back to the Finished: line when the status call answers %s',
      async (_, failure, answer) => {
        const { trace, listener, follower } = setup({
          pieces: [
            { atMs: 0, text: 'a\n' },
            { atMs: 3000, text: 'Finished: FAILURE\n' }
          ],
          endsAtMs: 0, // the status would say over at once, were it asked successfully
          failStatus: () => failure()
        })
        const outcome = await follower.follow()
        expect(times(trace, 'status')).toEqual([0])
        expect(listener.messages('The build status call is not available')).toEqual([
          { at: 0, message: expect.stringContaining(`(${answer})`) }
        ])
        expect(outcome).toEqual({
          result: 'failure',
          serverResult: 'FAILURE',
          resultSource: 'log',
          elapsedMs: 3000
        })
      }
    )
  })

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
        {
          at: 154_000,
          message: `Still waiting: build running, no new log lines for 30s (${formatDuration(154_000)} elapsed).`
        },
        {
          at: 184_000,
          message: 'Still waiting: build running, no new log lines for 1m 00s (3m 04s elapsed).'
        }
      ])
    })
  })

  describe('failures', () => {
    it('retries transient failures with capped backoff, never moves the cursor on a failed read, and backs off from the start again after a success', async () => {
      const log = 'aaaa\nbbbb\ncccc\n' + FINISHED
      const { trace, listener, follower } = setup({
        pieces: [{ atMs: 0, text: log }],
        maxReadChars: 5,
        endsAtMs: 0,
        failRead: (call) =>
          (call >= 2 && call <= 6) || call === 8 || call === 9 ? serverBusy() : undefined
      })
      const outcome = await follower.follow()

      expect(compact(trace)).toBe(
        'S R x z100 x z200 x z400 x z800 x z1500 R x z100 x z200 R R R R R'
      )
      const attempts = trace.flatMap((event) => (event.kind === 'read' ? [event.offset] : []))
      expect(attempts).toEqual([
        '0',
        '5',
        '5',
        '5',
        '5',
        '5',
        '5',
        '10',
        '10',
        '10',
        '15',
        '20',
        '25',
        '30'
      ])
      expect(listener.content).toBe(log)
      expect(outcome.result).toBe('success')
      // Failures 3, 4 and 5 of a streak are worth a status line; the first two only a debug one.
      expect(listener.messages('CodeArts refused reading the log').map((s) => s.message)).toEqual([
        'CodeArts refused reading the log (HTTP 503 APIGW.0201: busy). Retrying in 0.4 s (failure 3 in a row).',
        'CodeArts refused reading the log (HTTP 503 APIGW.0201: busy). Retrying in 0.8 s (failure 4 in a row).',
        'CodeArts refused reading the log (HTTP 503 APIGW.0201: busy). Retrying in 1.5 s (failure 5 in a row).'
      ])
      expect(listener.debugs).toEqual(
        expect.arrayContaining([
          'Reading the log succeeded after 5 failed tries.',
          'Reading the log succeeded after 2 failed tries.'
        ])
      )
    })

    it('waits at least as long as a Retry-After asks', async () => {
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: FINISHED }],
        endsAtMs: 0,
        failRead: (call) =>
          call === 1
            ? classifyFailure('reading the log', 429, { errorCode: 'APIGW.0308' }, 7000)
            : undefined
      })
      await follower.follow()
      expect(sleeps(trace)).toEqual([7000])
    })

    it('never holds the log back for a failing status call: the Finished: line ends the follow', async () => {
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: FINISHED }],
        endsAtMs: 0,
        failStatus: (call) => (call <= 2 ? serverBusy() : undefined)
      })
      const outcome = await follower.follow()
      expect(compact(trace)).toBe('S R')
      expect(outcome).toMatchObject({ result: 'success', resultSource: 'log' })
    })

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

    it.each([
      [
        '401 on the status call',
        {
          failStatus: () =>
            classifyFailure('asking for the build status', 401, { errorCode: 'APIGW.0301' })
        }
      ],
      [
        '403 on the log',
        {
          failRead: () => classifyFailure('reading the log', 403, { errorCode: 'CB.00060403' })
        }
      ],
      [
        'an invalid job on the log',
        {
          failRead: () => classifyFailure('reading the log', 400, { errorCode: 'CB.00060201' })
        }
      ],
      ['a defect (TypeError)', { failRead: () => new TypeError('boom') }]
    ])('throws at once on %s', async (_, failures: Partial<BuildScript>) => {
      const thrown = (failures.failRead ?? failures.failStatus)?.(1, 0)
      const { trace, follower } = setup({
        pieces: [{ atMs: 0, text: 'a\n' }],
        failRead: failures.failRead && (() => thrown),
        failStatus: failures.failStatus && (() => thrown)
      })
      await expect(follower.follow()).rejects.toBe(thrown)
      // One call, no retry, no sleep.
      expect(compact(trace)).toBe(failures.failRead ? 'S x' : 'S')
    })
  })

  describe('timeout and cancel', () => {
    // The deadline is a real timer: these clocks also wait a little real time on every sleep.
    it.each([
      ['a quiet running build', {} as Partial<BuildScript>],
      ['a server that keeps failing', { failRead: () => serverBusy() }],
      ['a build that never appears', { failStatus: () => notYet('asking for the build status') }]
    ])('ends with timeout once timeoutMs has passed, on %s', async (_, failures) => {
      const { follower } = setup(
        { pieces: [{ atMs: 0, text: 'a\n' }], ...failures },
        { timeoutMs: 150 },
        2
      )
      const startedAt = Date.now()
      const outcome = await follower.follow()
      const realMs = Date.now() - startedAt
      expect(outcome.result).toBe('timeout')
      expect(outcome.note).toMatch(/timeout/)
      expect(outcome.note).toContain(formatDuration(150))
      expect(realMs).toBeGreaterThanOrEqual(140)
      expect(realMs).toBeLessThan(3000)
    })

    it('ends with timeout during a read that does not answer', async () => {
      const { follower } = setup({ hangReads: true }, { timeoutMs: 100 })
      const outcome = await follower.follow()
      expect(outcome.result).toBe('timeout')
    })

    it('ends with cancelled when the cancel signal aborts between polls', async () => {
      const cancel = new AbortController()
      const { trace, follower } = setup(
        {
          pieces: [{ atMs: 0, text: 'a\n' }],
          afterRead: (call) => {
            if (call === 3) cancel.abort(new Error('received SIGINT'))
          }
        },
        { cancelSignal: cancel.signal }
      )
      const outcome = await follower.follow()
      expect(outcome).toEqual({
        result: 'cancelled',
        elapsedMs: 2000,
        note: 'the workflow was cancelled'
      })
      expect(trace.filter((event) => event.kind === 'read')).toHaveLength(3)
    })

    it('ends with cancelled during a read that does not answer', async () => {
      const { follower, cancel } = setup({ hangReads: true })
      setTimeout(() => cancel.abort(new Error('received SIGINT')), 20)
      const outcome = await follower.follow()
      expect(outcome.result).toBe('cancelled')
    })

    it('makes no call at all when cancelled before it starts', async () => {
      const { trace, follower, cancel } = setup({ pieces: [{ atMs: 0, text: 'a\n' }] })
      cancel.abort(new Error('received SIGINT'))
      const outcome = await follower.follow()
      expect(outcome.result).toBe('cancelled')
      expect(trace).toEqual([])
    })

    it('prefers cancelled over timeout when both happened', async () => {
      // A read that outlasts both the deadline (30 ms) and the cancel (60 ms).
      const { follower, cancel } = setup(
        { pieces: [{ atMs: 0, text: 'a\n' }], deafReadMs: 120 },
        { timeoutMs: 30 }
      )
      setTimeout(() => cancel.abort(new Error('received SIGINT')), 60)
      const outcome = await follower.follow()
      expect(outcome).toMatchObject({ result: 'cancelled', note: 'the workflow was cancelled' })
    })
  })

  describe('followTail', () => {
    it('goes on from the cursor where the follow stopped and reads until the Finished: line', async () => {
      const cancel = new AbortController()
      const { trace, clock, listener, follower, build } = setup(
        {
          pieces: [
            { atMs: 0, text: 'before the cancel\n' },
            { atMs: 1500, text: 'while stopping\n' },
            { atMs: 2600, text: 'Finished: ABORTED\n' }
          ],
          afterRead: (call) => {
            if (call === 1) cancel.abort(new Error('received SIGINT'))
          }
        },
        { cancelSignal: cancel.signal }
      )
      expect((await follower.follow()).result).toBe('cancelled')
      const readsBefore = trace.filter((event) => event.kind === 'read').length

      await follower.followTail(10_000, new AbortController().signal)
      expect(listener.content).toBe(build.wholeLog)
      expect(clock.now()).toBe(2750) // the first 250 ms step at or after 2600
      const tailReads = trace.filter((event) => event.kind === 'read').slice(readsBefore)
      expect(tailReads[0]).toMatchObject({ offset: String('before the cancel\n'.length) })
      expect(new Set(sleeps(trace).slice(-5))).toEqual(new Set([250]))
    })

    it('stops at its limit when no Finished: line comes, and survives failed reads', async () => {
      const { clock, listener, follower } = setup({
        pieces: [{ atMs: 0, text: 'a\n' }],
        failRead: (call) => (call % 2 === 0 ? serverBusy() : undefined)
      })
      await follower.followTail(3100, new AbortController().signal)
      expect(clock.now()).toBe(3100)
      expect(listener.content).toBe('a\n')
      expect(
        listener.debugs.some((message) => message.startsWith('Reading the end of the log failed'))
      ).toBe(true)
    })

    it('reads nothing when its signal is already aborted', async () => {
      const { trace, follower } = setup({ pieces: [{ atMs: 0, text: 'a\n' }] })
      const signal = AbortSignal.abort(new Error('received SIGTERM'))
      await follower.followTail(5000, signal)
      expect(trace).toEqual([])
    })
  })

  describe('resilience', () => {
    it('reads the whole log while the status call fails for the whole build, and warns once', async () => {
      const { trace, listener, follower, build } = setup({
        pieces: [
          { atMs: 0, text: lines(3) },
          { atMs: 20_000, text: lines(2, 'late') + 'Finished: FAILURE\n' }
        ],
        endsAtMs: 20_000,
        failStatus: () => serverBusy()
      })
      const outcome = await follower.follow()
      expect(listener.content).toBe(build.wholeLog)
      // The first read goes out right after the first status call, not after its retries.
      expect(compact(trace).startsWith('S R')).toBe(true)
      expect(times(trace, 'status').length).toBeGreaterThan(5)
      expect(listener.messages('The build status call keeps failing')).toHaveLength(1)
      expect(outcome).toMatchObject({
        result: 'failure',
        serverResult: 'FAILURE',
        resultSource: 'log'
      })
      expect(outcome.elapsedMs).toBe(20_000)
    })

    it('a 401 on a later status call still ends the follow', async () => {
      const unauthorized = classifyFailure('asking for the build status', 401, {
        errorCode: 'APIGW.0301'
      })
      const { follower } = setup({
        pieces: [{ atMs: 0, text: 'a\n' }],
        failStatus: (call) => (call >= 3 ? unauthorized : undefined)
      })
      await expect(follower.follow()).rejects.toBe(unauthorized)
    })

    it.each([
      ['SUCCESS', 'Finished: FAILURE\n', 'success', 'SUCCESS', 'status'],
      ['WEIRD', 'Finished: FAILURE\n', 'failure', 'FAILURE', 'log'],
      ['WEIRD', 'no end line\n', 'failure', 'WEIRD', 'status']
    ])(
      'status %j and log %j: the result is %s (%s, from the %s)',
      async (result, tail, expected, word, source) => {
        const { follower } = setup(
          { pieces: [{ atMs: 0, text: tail }], endsAtMs: 0, result },
          { logSettleMs: 1000 }
        )
        expect(await follower.follow()).toMatchObject({
          result: expected,
          serverResult: word,
          resultSource: source
        })
      }
    )

    it('drops answers that start behind the cursor and keeps the cursor', async () => {
      const log = lines(20) + FINISHED
      const { listener, follower, trace } = setup({
        pieces: [{ atMs: 0, text: log }],
        maxReadChars: 16,
        endsAtMs: 0,
        staleRead: (call) => (call % 3 === 0 ? 10 : undefined)
      })
      await follower.follow()
      expect(listener.content).toBe(log)
      expect(listener.debugs.filter((d) => d.startsWith('Dropped a stale log answer'))).not.toEqual(
        []
      )
      const offsets = trace.flatMap((event) =>
        event.kind === 'read' ? [Number(event.offset)] : []
      )
      expect(offsets.every((offset, i) => i === 0 || offset >= offsets[i - 1])).toBe(true)
    })

    it('ends at once with the status result when the log of an ended build keeps failing with CB.00030004', async () => {
      const neverRan = classifyFailure('reading the log', 500, { errorCode: 'CB.00030004' })
      const { listener, follower } = setup({
        endsAtMs: 0,
        result: 'SCHEDULE_FAILURE',
        failRead: () => neverRan
      })
      const outcome = await follower.follow()
      expect(outcome).toMatchObject({ result: 'failure', serverResult: 'SCHEDULE_FAILURE' })
      expect(outcome.elapsedMs).toBeLessThan(1000)
      expect(
        listener.messages('The build is over (SCHEDULE_FAILURE) but its log cannot be read')
      ).toHaveLength(1)
    })

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
        "Build #5 of CodeArts job 'job' did not appear within 1m 00s: the job's last build is #3. Check the 'build-no' input."
      )
      expect(clock.nowMs).toBeGreaterThanOrEqual(60_000)
      expect(clock.nowMs).toBeLessThan(63_000)
      expect(listener.statuses[0].message).toContain(
        "waiting for it until 1m 00s have passed (the job's last build is #3)"
      )
    })

    it.each([
      ['this step started the build', { startedByThisStep: true }, {}],
      ['the job is running', {}, { running: true }],
      ['the per-job question is not available', {}, statusUnpublished()]
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

    it('warns once when the same error goes on for sameErrorWarnMs, and again after it changed', async () => {
      const other = classifyFailure('reading the log', 502, { errorMessage: 'bad gateway' })
      const { listener, follower } = setup(
        {
          pieces: [{ atMs: 0, text: FINISHED }],
          // Still building: an ended build whose log keeps failing would end at logSettleMs.
          endsAtMs: 60_000,
          failRead: (_call, now) => (now < 20_000 ? serverBusy() : now < 45_000 ? other : undefined)
        },
        { sameErrorWarnMs: 10_000 }
      )
      await follower.follow()
      const warned = listener.messages('Reading the log has failed with the same error')
      expect(warned.map((w) => w.message)).toEqual([
        expect.stringContaining('HTTP 503 APIGW.0201'),
        expect.stringContaining('HTTP 502')
      ])
      expect(warned[0].at).toBeGreaterThanOrEqual(10_000)
      expect(warned[0].at).toBeLessThan(12_000)
    })

    it('halves the read length after reads that time out, and doubles it back after successes', async () => {
      const slow = new ApiError({
        message: 'no answer in time',
        kind: 'transient',
        timedOut: true
      })
      const { build, follower } = setup({
        pieces: [{ atMs: 0, text: lines(200) + FINISHED }],
        endsAtMs: 0,
        maxReadChars: 100,
        failRead: (call) => (call <= 3 ? slow : undefined)
      })
      await follower.follow()
      expect(build.lengths.slice(0, 6)).toEqual([
        1_000_000, 500_000, 250_000, 125_000, 250_000, 500_000
      ])
    })
  })
})
