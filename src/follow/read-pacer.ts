import { cursorValue, type LogChunk } from '../codearts/answers.js'
/**
 * Share of the length asked that an answer must carry to count as full. Not all of it: a
 * server may end an answer early at a character or line boundary. Measured in content bytes
 * (or in cursor units, see `AnswerSeen.cursorMoved`), never in characters, because the unit
 * of `length` is undocumented: UTF-8 bytes are at least as many as characters, so a full
 * answer reaches this share whether the server counts `length` in bytes or in characters,
 * while the short answer of a running build (a few new lines) stays far below it.
 */
export const FULL_ANSWER_SHARE = 0.75

/**
 * Waits after the first empty answers that follow new lines, in poll intervals. A pause of
 * the build's output shorter than an interval (a step between two tools, a test class
 * loading) is no silence: the read after the first empty answer comes 0.8 of an interval
 * later, catching the next lines sooner than a whole interval would. The one after it waits
 * 1.2, so the two average one interval: silence costs one read per interval from its start
 * (at 2 s, at most 10 reads in any 20 s), and one interval from then on. Not less than 0.8:
 * every silent wait stays over the half interval, so an empty read never brings the reads to
 * more than two per interval; and the cycle of a half and 0.8 falls out of step with pieces
 * that come a little over half an interval apart (at 0.75 the reads fell in step with pieces
 * 0.62 of an interval apart and missed one in two by a few ms).
 */
export const FIRST_SILENT_PAUSES = [0.8, 1.2] as const

/**
 * The smallest answer size taken for a server's own cap. A server may end every answer below
 * the length asked (a gateway's body limit, say) while saying more data waits; once an answer
 * at least this large was seen, one nearly as large counts as full too, so a burst of log is
 * read on at once instead of one capped answer per half interval. Far above the few lines a
 * running build writes between two reads, so those never count as full.
 */
export const SMALLEST_SERVER_CAP = 32 * 1024

/** What a log answer says about the log, as far as pacing goes; known before it is shown. */
export interface AnswerSeen {
  readonly hasContent: boolean
  readonly hasMoreData: boolean
  /**
   * How far the answer moved the cursor, in the server's unit (the unit of `length`, as far
   * as the API tells); undefined when the cursors are not numbers.
   */
  readonly cursorMoved: number | undefined
  /** The length the read asked for (it adapts to the link: see read-length.ts). */
  readonly askedLength: number
  /** The status call has said that the build is over. */
  readonly buildOver: boolean
  /** The shared pace slows the reads (pace.ts): no read goes out on a guess. */
  readonly slowed: boolean
}

/**
 * When the next log read goes out. Reads are spent evenly, because with new lines written at
 * moments nobody can predict the median wait for a line is half the time between two reads:
 * - a full answer (most of what was asked, or of the server's own cap once one was seen), or
 *   one the server says more follows right now, is read on at once (the next read goes out
 *   before the answer is shown), so a finished or fast log streams;
 * - after a short answer (new lines, less than asked) the next read comes after half a poll
 *   interval: the build is writing, and an immediate read would mostly come back empty;
 * - after an empty answer, one read per poll interval on average from the first one
 *   (`FIRST_SILENT_PAUSES`: 0.8 and 1.2 intervals, then one), so silence costs one read per
 *   interval from its start (the shared pace stretches it further after a minute of silence,
 *   and slows everything under throttling: see pace.ts); but an empty answer to a read sent at
 *   once is no silence, the lines came just before it: the half interval follows it (and
 *   when that read was sent on a guess shown wrong, the first silent wait is half an interval
 *   longer: a guess adds no read to the live pace, and no wait before the next lines);
 * - once the log shows its `Finished:` line nothing more is written: one read per interval,
 *   and the status call's answer that the build is over ends the pause early.
 *
 * `has_more_data` counts as the server's word that more is waiting only until a read sent at
 * once on that word comes back empty while the build runs, or an empty answer says it before
 * the log has shown anything: the CodeArts API says true for as long as a build runs, and such
 * a server's word says nothing. Once the build is over, the word means what it says again.
 * The guess of a server's cap is dropped the same way, once a read sent on it finds nothing.
 * While the shared pace is slowed, neither guess sends a read on: that read would wait out the
 * slowed pace anyway, so its answer could not show what the guess is worth, and a guess never
 * shown wrong would keep the follower a half interval ahead of its slowed pace. A full answer
 * still does (a backlog is caught up with longer reads, see pace.ts).
 */
export class ReadPacer {
  private emptyReadsInARow = Infinity
  /** A read sent on a guess came back empty; the first silent wait pays it back (pauseMs). */
  private owedRead = false
  private lastHadContent = false
  private lastHadMore = false
  private lastSlowed = false
  private moreWordTrusted = true
  /** Whether an answer as large as the largest seen counts as full (see fullness). */
  private capGuessTrusted = true
  /** Why the read being answered went out at once; undefined when it was paced. */
  private sentAtOnce: ReadOnAtOnce | undefined
  private contentSeen = false
  /** The largest answer seen, in the unit it was measured in (see fullness). */
  private largestAnswer = 0

  constructor(private readonly pollIntervalMs: number) {}

  /** Before an answer is shown: whether the next read goes out at once. */
  readsAtOnce(answer: AnswerSeen): boolean {
    const sentAtOnce = this.sentAtOnce
    this.sentAtOnce = undefined
    this.lastHadContent = answer.hasContent
    this.lastHadMore = answer.hasMoreData
    this.lastSlowed = answer.slowed
    if (!answer.hasContent) {
      // While the build runs, a read sent on the word that finds nothing shows what the word is
      // worth; so does an empty answer that says more waits before the log has shown anything
      // (a build still starting), and then no read has to be spent finding out.
      const wordSaidNothing = sentAtOnce === 'word' || (answer.hasMoreData && !this.contentSeen)
      if (wordSaidNothing && !answer.buildOver) this.moreWordTrusted = false
      // So does one sent on the size of the answer before: that size was no cap but the lines
      // the build wrote meanwhile (a build writing more than SMALLEST_SERVER_CAP between reads),
      // and that answer's word that more was waiting said nothing either.
      if (sentAtOnce === 'cap' && !answer.buildOver) {
        this.capGuessTrusted = false
        this.moreWordTrusted = false
      }
      // A read sent at once that finds nothing is no silence: the lines came just before it.
      if (sentAtOnce === undefined) this.emptyReadsInARow++
      // A guess shown wrong spent a read the live pace would not have sent: the first silent
      // wait pays it back, so a guess adds no read to the pace and no wait to the lines.
      if ((sentAtOnce === 'word' || sentAtOnce === 'cap') && !answer.buildOver) this.owedRead = true
      return false
    }
    this.emptyReadsInARow = 0
    this.contentSeen = true
    if (!answer.hasMoreData) return false
    const full =
      answer.cursorMoved === undefined
        ? undefined
        : this.fullness(answer.cursorMoved, answer.askedLength)
    if (full === 'length') return this.readOnAtOnce(full)
    if (answer.buildOver) return this.readOnAtOnce('over')
    if (answer.slowed) return false
    if (full === 'cap') return this.readOnAtOnce(full)
    return this.moreWordTrusted && this.readOnAtOnce('word')
  }

  /**
   * After an answer that was not read on at once has been shown: whether its content, in
   * bytes, made it full after all (a server whose cursor counts characters while `length`
   * counts bytes, or whose cursors are not numbers), so the next read goes out now.
   */
  fullByContent(contentBytes: number, askedLength: number): boolean {
    if (!this.lastHadContent || !this.lastHadMore) return false
    const full = this.fullness(contentBytes, askedLength)
    if (full === undefined || (full === 'cap' && this.lastSlowed)) return false
    return this.readOnAtOnce(full)
  }

  /**
   * An answer dropped unshown (it repeated what was taken): it tells nothing about the log,
   * and the reason its read went out at once is spent with it.
   */
  dropped(): void {
    this.sentAtOnce = undefined
  }

  /** How long to wait before the next read, after an answer not read on at once. */
  pauseMs(logFinished: boolean): number {
    const interval = this.pollIntervalMs
    if (logFinished) return interval
    if (this.emptyReadsInARow === 0) return interval / 2
    const waitMs = interval * (FIRST_SILENT_PAUSES[this.emptyReadsInARow - 1] ?? 1)
    if (!this.owedRead) return waitMs
    this.owedRead = false
    return waitMs + interval / 2
  }

  private readOnAtOnce(why: ReadOnAtOnce): true {
    this.sentAtOnce = why
    return true
  }

  /**
   * Whether an answer of `size` is full: 'length' when it carries most of what was asked,
   * 'cap' when it carries most of the largest answer seen, that one large enough to be the
   * server's cap (SMALLEST_SERVER_CAP) and no read sent on that guess having found nothing.
   */
  private fullness(size: number, askedLength: number): 'length' | 'cap' | undefined {
    this.largestAnswer = Math.max(this.largestAnswer, size)
    if (size >= askedLength * FULL_ANSWER_SHARE) return 'length'
    const capGuessed = this.capGuessTrusted && this.largestAnswer >= SMALLEST_SERVER_CAP
    const cap = Math.min(askedLength, this.largestAnswer)
    return capGuessed && size >= cap * FULL_ANSWER_SHARE ? 'cap' : undefined
  }
}

/**
 * Why a read goes out at once: its answer was full of what was asked ('length') or of the
 * server's guessed cap ('cap'), the server said more waits ('word'), or the build is over.
 */
type ReadOnAtOnce = 'length' | 'cap' | 'word' | 'over'

/** What an answer to a read from `offset` says for pacing. */
export function answerSeen(
  offset: string,
  chunk: LogChunk,
  askedLength: number,
  buildOver: boolean,
  slowed: boolean
): AnswerSeen {
  const from = cursorValue(chunk.startOffset ?? offset)
  const to = cursorValue(chunk.nextOffset)
  return {
    hasContent: chunk.content.length > 0,
    hasMoreData: chunk.hasMoreData,
    cursorMoved: from !== undefined && to !== undefined ? Number(to - from) : undefined,
    askedLength,
    buildOver,
    slowed
  }
}
