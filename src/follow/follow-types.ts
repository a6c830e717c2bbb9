import type { BuildInfo, JobStatus, LogChunk } from '../codearts/client.js'
import type { ActionResult } from '../build-log/build-result.js'
import type { BackoffPolicy } from './backoff.js'
import type { Clock } from './clock.js'
import type { KnownNewlines } from '../text/known-newlines.js'

/** The calls the follower needs; CodeArtsClient provides them. */
export interface BuildApi {
  readLog(buildNo: number, offset: string, length: number, signal?: AbortSignal): Promise<LogChunk>
  getBuildInfo(buildNo: number, signal?: AbortSignal): Promise<BuildInfo>
  /** The per-job question: tells an unknown job from a build record that is not there yet. */
  getJobStatus(signal?: AbortSignal): Promise<JobStatus>
}

/** What the follower reports to the rest of the action while it works. */
export interface FollowListener {
  /**
   * New log bytes (UTF-8), in order, each byte once. Awaited: a slow consumer slows the reads.
   * The bytes are lent: valid until the returned promise settles (or the call returns); what
   * must outlive that is copied. `newlines`: theirs, when the decoder took them down.
   */
  onContent(content: Buffer, newlines?: KnownNewlines): void | Promise<void>
  /** A status line of the action's own (waiting, retrying, heartbeat). */
  onStatus(message: string): void
  /** Trouble worth a warning (shown once); a status line when not given. */
  onWarning?(message: string): void
  /** A detail for the debug log only. */
  onDebug(message: string): void
  /** The log started over: a line of the old one left without its end is ended there. */
  onLogRestart?(): void
  /**
   * The result of the log's `Finished:` line, once one has been seen (asked only when the log
   * is caught up, so a last line without its newline may count). `logComplete`: the build is
   * over and the log drained, so a last line without newline is surely whole.
   */
  finishedLineResult(logComplete?: boolean): string | undefined
}

/** Says trouble worth a warning through the listener: its onWarning, else a status line. */
export function warnThrough(listener: FollowListener, message: string): void {
  if (listener.onWarning) listener.onWarning(message)
  else listener.onStatus(message)
}

export interface FollowOptions {
  readonly buildNo: number
  readonly pollIntervalMs: number
  /** 0: no limit. */
  readonly timeoutMs: number
  /** Aborted when the workflow is cancelled. */
  readonly cancelSignal: AbortSignal
  /** For messages about the job: its ID and the API host. */
  readonly jobId?: string
  readonly host?: string
  /** This step started the build: its record is surely coming, however long it takes. */
  readonly startedByThisStep?: boolean
  /** The length asked of each log read; the server may send less. */
  readonly readLength?: number
  /** How often to ask whether the build is over while the log is quiet. */
  readonly statusIntervalMs?: number
  /** How long to wait, once the build is over, for a log that lacks its `Finished:` line. */
  readonly logSettleMs?: number
  /**
   * How long a caught-up log's `Finished:` line waits for the status call to agree before it
   * ends the follow on its own.
   */
  readonly finishedLinePatienceMs?: number
  /** How long a build number above the job's last one is waited for (not started here). */
  readonly newBuildGraceMs?: number
  /** After how long an unchanged error is worth a warning. */
  readonly sameErrorWarnMs?: number
  readonly heartbeatIntervalMs?: number
  readonly backoff?: BackoffPolicy
  readonly clock?: Clock
  readonly random?: () => number
}

export interface FollowOutcome {
  readonly result: ActionResult
  /** The server's own word (FAILURE, ABORTED, ...), when the build ended. */
  readonly serverResult?: string
  /** Where the result came from: the status call, or the log's `Finished:` line. */
  readonly resultSource?: 'status' | 'log'
  readonly elapsedMs: number
  /** Why the follow ended early (timeout, cancel), or what else the result must say. */
  readonly note?: string
}

/**
 * The length asked of each log read unless the options say otherwise: the most the API serves
 * in one answer. Larger reads cost fewer round trips; the memory behind an answer no longer
 * grows with it, since the buffers Node read it into are freed at its end (read-buffers.ts)
 * and its body lives in a reused pooled buffer. Measured on Node 24 with the bundle (200 MiB
 * real-log mix, alternating runs): 1,000,000 against 384 KiB took 1.91-2.44 s against
 * 2.25-2.40 s, peaking at 86-87 MiB against 87-98 MiB.
 */
export const DEFAULT_READ_LENGTH = 1_000_000
/** The smallest length a slow link shrinks reads to: still a useful step forward. */
export const MIN_READ_LENGTH = 16 * 1024
/** How often the status call is asked while the log is quiet, unless the options say otherwise. */
export const DEFAULT_STATUS_INTERVAL_MS = 10_000
/** How long an ended build's log may lack its `Finished:` line before the follow ends anyway. */
export const DEFAULT_LOG_SETTLE_MS = 15_000
/** How long a `Finished:` line waits for the status call to agree before it decides alone. */
export const DEFAULT_FINISHED_LINE_PATIENCE_MS = 5000
/** The quiet time between two "still waiting" lines. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000
/** How long a build number above the job's last one is waited for when another step starts it. */
export const NEW_BUILD_GRACE_MS = 2 * 60_000
/** After how long a run of the same error is reported as a warning. */
export const SAME_ERROR_WARN_MS = 3 * 60_000

/** The status call's end-of-build answer and when it came. */
export interface EndSeen {
  readonly serverResult: string
  readonly observedAt: number
}
