/**
 * The read pacer's rule on its own: which answers are read on at once, and the wait after
 * the others. The follower's read times under it are in read-pacing.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import {
  type AnswerSeen,
  FIRST_SILENT_PAUSES,
  FULL_ANSWER_SHARE,
  ReadPacer,
  SMALLEST_SERVER_CAP
} from '../../src/follow/read-pacer.js'

const POLL = 2000
const ASKED = 1000

const answer = (seen: Partial<AnswerSeen>): AnswerSeen => ({
  hasContent: true,
  hasMoreData: true,
  cursorMoved: 10,
  askedLength: ASKED,
  buildOver: false,
  slowed: false,
  ...seen
})
const EMPTY = answer({ hasContent: false, cursorMoved: 0 })

describe('ReadPacer', () => {
  it.each<[string, Partial<AnswerSeen>, boolean]>([
    ['a full answer by its cursor', { cursorMoved: ASKED }, true],
    ['an answer just full enough', { cursorMoved: ASKED * FULL_ANSWER_SHARE }, true],
    ['a short answer, has_more_data true (trusted until shown wrong)', {}, true],
    ['a short answer, has_more_data false', { hasMoreData: false }, false],
    ['a full answer with has_more_data false', { cursorMoved: ASKED, hasMoreData: false }, false],
    ['a short answer of an ended build, has_more_data true', { buildOver: true }, true],
    ['an empty answer', { hasContent: false, cursorMoved: 0 }, false],
    ['an opaque cursor, has_more_data true', { cursorMoved: undefined }, true]
  ])('%s: read on at once: %s', (_, seen, atOnce) => {
    expect(new ReadPacer(POLL).readsAtOnce(answer(seen))).toBe(atOnce)
  })

  it('stops taking has_more_data at its word once a read sent on it found nothing, until the build is over', () => {
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(answer({}))).toBe(true)
    expect(pacer.readsAtOnce(EMPTY)).toBe(false) // nothing behind the word
    expect(pacer.readsAtOnce(answer({}))).toBe(false)
    expect(pacer.readsAtOnce(answer({ cursorMoved: ASKED }))).toBe(true) // full: still at once
    expect(pacer.readsAtOnce(answer({ buildOver: true }))).toBe(true)
  })

  it('reads a burst on at once from a server that caps every answer below what was asked', () => {
    const asked = 256 * 1024
    const cap = 64 * 1024
    const capped = (cursorMoved: number): AnswerSeen => answer({ askedLength: asked, cursorMoved })
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(capped(2000))).toBe(true) // the word, trusted at first
    expect(pacer.readsAtOnce(EMPTY)).toBe(false) // the word is shown wrong
    expect(pacer.readsAtOnce(capped(2000))).toBe(false) // a few new lines: half a poll later
    // A burst: each answer stops at the cap, far below what was asked, yet is full.
    expect(pacer.readsAtOnce(capped(cap))).toBe(true)
    expect(pacer.readsAtOnce(capped(cap - 100))).toBe(true)
    expect(pacer.readsAtOnce(capped(cap / 2))).toBe(false)
    expect(pacer.readsAtOnce(capped(2000))).toBe(false)
  })

  it('drops the guess of a cap once a read sent on it finds nothing while the build runs', () => {
    // A build that writes more than SMALLEST_SERVER_CAP between two reads: its answers are
    // the lines it wrote, no cap. The read sent on the guess comes back empty.
    const asked = 1_000_000
    const written = (cursorMoved: number): AnswerSeen =>
      answer({ askedLength: asked, cursorMoved, hasMoreData: false })
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(answer({ askedLength: asked, cursorMoved: 60_000 }))).toBe(true)
    expect(pacer.readsAtOnce(EMPTY)).toBe(false)
    expect(pacer.pauseMs(false)).toBe(POLL / 2) // the lines came just before: no silence
    // The answer that looked full also said more was waiting: that word is dropped with it.
    for (const size of [60_000, 59_000, 61_000]) {
      expect(pacer.readsAtOnce(answer({ askedLength: asked, cursorMoved: size }))).toBe(false)
      expect(pacer.pauseMs(false)).toBe(POLL / 2)
    }
    // Full of what was asked still reads on at once.
    expect(pacer.readsAtOnce(written(asked))).toBe(false) // has_more_data false: nothing waits
    expect(pacer.readsAtOnce(answer({ askedLength: asked, cursorMoved: asked }))).toBe(true)
  })

  it('keeps the guess of a cap when the read sent on it finds nothing after the build ended', () => {
    const capped = (cursorMoved: number): AnswerSeen =>
      answer({ askedLength: 256 * 1024, cursorMoved })
    const pacer = new ReadPacer(POLL)
    pacer.readsAtOnce(capped(2000))
    pacer.readsAtOnce(EMPTY) // the word is shown wrong
    expect(pacer.readsAtOnce(capped(64 * 1024))).toBe(true)
    expect(pacer.readsAtOnce(answer({ hasContent: false, cursorMoved: 0, buildOver: true }))).toBe(
      false
    )
    expect(pacer.readsAtOnce(capped(64 * 1024 - 10))).toBe(true)
  })

  it('sends no read on a guess while the pace is slowed: only a full answer or an ended build', () => {
    const asked = 256 * 1024
    const capped = (cursorMoved: number, seen: Partial<AnswerSeen> = {}): AnswerSeen =>
      answer({ askedLength: asked, cursorMoved, ...seen })
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(capped(64 * 1024, { slowed: true }))).toBe(false) // cap guessed
    expect(pacer.fullByContent(64 * 1024, asked)).toBe(false)
    expect(pacer.pauseMs(false)).toBe(POLL / 2) // new lines: the half interval, slowed by pace.ts
    expect(pacer.readsAtOnce(capped(2000, { slowed: true }))).toBe(false) // the word
    // Neither guess was tested: both hold again once the pace is back.
    expect(pacer.readsAtOnce(capped(64 * 1024 - 10))).toBe(true)
    expect(pacer.readsAtOnce(capped(2000))).toBe(true)
    expect(pacer.readsAtOnce(capped(asked, { slowed: true }))).toBe(true) // full
    expect(pacer.readsAtOnce(capped(2000, { slowed: true, buildOver: true }))).toBe(true)
  })

  it('follows an empty answer to a read sent at once with the half interval; a guess shown wrong is paid back by the first silent wait', () => {
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(answer({}))).toBe(true) // on the word
    pacer.readsAtOnce(EMPTY)
    expect(pacer.pauseMs(false)).toBe(POLL / 2) // no silence: the lines came just before
    pacer.readsAtOnce(answer({ hasMoreData: false })) // more lines: nothing paid yet
    expect(pacer.pauseMs(false)).toBe(POLL / 2)
    pacer.readsAtOnce(EMPTY) // a paced read: silence, and the read the guess spent
    expect(pacer.pauseMs(false)).toBe(FIRST_SILENT_PAUSES[0] * POLL + POLL / 2)
    pacer.readsAtOnce(EMPTY)
    expect(pacer.pauseMs(false)).toBe(FIRST_SILENT_PAUSES[1] * POLL) // paid once
    // A full answer's empty successor: the log ended at the answer's edge, no guess was wrong.
    pacer.readsAtOnce(answer({ hasMoreData: false }))
    expect(pacer.readsAtOnce(answer({ cursorMoved: ASKED }))).toBe(true)
    pacer.readsAtOnce(EMPTY)
    expect(pacer.pauseMs(false)).toBe(POLL / 2)
    pacer.readsAtOnce(EMPTY)
    expect(pacer.pauseMs(false)).toBe(FIRST_SILENT_PAUSES[0] * POLL)
  })

  it('owes nothing for an empty read sent on the word after the build ended: the word was right to try', () => {
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(answer({ buildOver: true }))).toBe(true)
    pacer.readsAtOnce({ ...EMPTY, buildOver: true })
    expect(pacer.pauseMs(false)).toBe(POLL / 2)
    pacer.readsAtOnce({ ...EMPTY, buildOver: true })
    expect(pacer.pauseMs(false)).toBe(FIRST_SILENT_PAUSES[0] * POLL)
  })

  it('counts an empty answer after a dropped one as silence: the reason to read at once is spent', () => {
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(answer({}))).toBe(true) // on the word
    pacer.dropped() // the answer to that read repeated what was taken
    pacer.readsAtOnce(EMPTY) // the next, paced, read
    expect(pacer.pauseMs(false)).toBe(FIRST_SILENT_PAUSES[0] * POLL)
    expect(pacer.readsAtOnce(answer({}))).toBe(true) // the word was never shown wrong
  })

  it('takes no answer below SMALLEST_SERVER_CAP for a cap', () => {
    const small = answer({ askedLength: 256 * 1024, cursorMoved: SMALLEST_SERVER_CAP / 2 })
    const pacer = new ReadPacer(POLL)
    expect(pacer.readsAtOnce(small)).toBe(true) // the word, trusted at first
    expect(pacer.readsAtOnce(EMPTY)).toBe(false)
    expect(pacer.readsAtOnce(small)).toBe(false)
    expect(pacer.readsAtOnce(small)).toBe(false)
  })

  it('learns what the word is worth from an empty answer that says it before any content', () => {
    const startingBuild = new ReadPacer(POLL)
    expect(startingBuild.readsAtOnce(EMPTY)).toBe(false) // running, nothing yet, "more waits"
    expect(startingBuild.readsAtOnce(answer({}))).toBe(false) // a short answer: not read on
    const loggingBuild = new ReadPacer(POLL)
    expect(loggingBuild.readsAtOnce(answer({}))).toBe(true) // content first: the word is tried
    // An empty answer that does not say more waits teaches nothing about the word.
    const quietStart = new ReadPacer(POLL)
    expect(quietStart.readsAtOnce(answer({ hasContent: false, hasMoreData: false }))).toBe(false)
    expect(quietStart.readsAtOnce(answer({}))).toBe(true)
  })

  it('keeps taking the word when the read sent on it brought more', () => {
    const pacer = new ReadPacer(POLL)
    for (let i = 0; i < 5; i++) expect(pacer.readsAtOnce(answer({}))).toBe(true)
    expect(pacer.readsAtOnce(answer({ hasMoreData: false }))).toBe(false)
    expect(pacer.readsAtOnce(EMPTY)).toBe(false) // not sent on the word: proves nothing
    expect(pacer.readsAtOnce(answer({}))).toBe(true)
  })

  it.each([
    [ASKED, true, true],
    [ASKED * FULL_ANSWER_SHARE, true, true],
    [ASKED * FULL_ANSWER_SHARE - 1, true, false],
    [ASKED, false, false]
  ])(
    'after showing %i content bytes (has_more_data %s), full after all: %s',
    (bytes, more, full) => {
      const pacer = new ReadPacer(POLL)
      pacer.readsAtOnce(answer({ hasMoreData: more, cursorMoved: undefined }))
      expect(pacer.fullByContent(bytes, ASKED)).toBe(full)
    }
  )

  it('waits half an interval after new lines, 0.8 and 1.2 after the first empty answers, then the whole one', () => {
    const pacer = new ReadPacer(POLL)
    pacer.readsAtOnce(EMPTY)
    expect(pacer.pauseMs(false)).toBe(POLL) // silent from the start
    pacer.readsAtOnce(answer({ hasMoreData: false }))
    expect(pacer.pauseMs(false)).toBe(POLL / 2)
    const waits: number[] = []
    for (let empty = 1; empty <= 5; empty++) {
      pacer.readsAtOnce(EMPTY)
      waits.push(pacer.pauseMs(false))
    }
    expect(waits).toEqual([0.8 * POLL, 1.2 * POLL, POLL, POLL, POLL])
    // The first silent waits average one interval: silence costs one read per interval.
    const firstWaits = FIRST_SILENT_PAUSES.reduce((sum, share) => sum + share, 0)
    expect(firstWaits).toBe(FIRST_SILENT_PAUSES.length)
    pacer.readsAtOnce(answer({ hasMoreData: false })) // new lines bring the half interval back
    expect(pacer.pauseMs(false)).toBe(POLL / 2)
    pacer.readsAtOnce(EMPTY)
    expect(pacer.pauseMs(false)).toBe(0.8 * POLL)
  })

  it('waits the whole interval once the log shows its Finished: line', () => {
    const pacer = new ReadPacer(POLL)
    pacer.readsAtOnce(answer({ hasMoreData: false }))
    expect(pacer.pauseMs(true)).toBe(POLL)
  })
})
