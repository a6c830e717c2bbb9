import type { Clock } from './clock.js'
import { formatDuration } from '../text/duration.js'

/**
 * The "still waiting" line: a quiet log for a whole interval is worth one line, so a silent
 * step does not look hung; never more often than the interval.
 */
export class Heartbeat {
  private readonly startedAt: number
  private lastContentAt: number
  private lastBeatAt: number
  private bytesSeen = false

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onStatus: (message: string) => void
  ) {
    this.startedAt = clock.now()
    this.lastContentAt = this.startedAt
    this.lastBeatAt = this.startedAt
  }

  /** New log content arrived: the quiet time starts again. */
  contentSeen(): void {
    this.bytesSeen = true
    this.lastContentAt = this.clock.now()
  }

  /** Says "still waiting" when the log has been quiet, and no line said so, for an interval. */
  beat(): void {
    const now = this.clock.now()
    if (now - this.lastContentAt < this.intervalMs || now - this.lastBeatAt < this.intervalMs) {
      return
    }
    this.lastBeatAt = now
    const state = this.bytesSeen
      ? `running, no new log lines for ${formatDuration(now - this.lastContentAt)}`
      : 'queued or starting, no log yet'
    this.onStatus(
      `Still waiting: build ${state} (${formatDuration(now - this.startedAt)} elapsed).`
    )
  }
}
