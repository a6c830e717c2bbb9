import { describe, expect, it } from '@jest/globals'
import { CaughtUpFacts, decideAtCaughtUp, finalResult } from '../../src/follow/end-rule.js'

/** A caught-up log of a running build: no Finished line, the status call answering. */
const RUNNING: CaughtUpFacts = {
  finishedLine: undefined,
  lastLineLooksFinished: false,
  endedBeforeRead: undefined,
  statusWord: undefined,
  nowMs: 100_000,
  settleMs: 15_000,
  finishedLineMayDecide: false,
  statusAvailable: true,
  statusDue: false,
  logGrew: false
}
const ENDED = { serverResult: 'SUCCESS', observedAt: 90_000 }

describe('decideAtCaughtUp', () => {
  it.each<[string, Partial<CaughtUpFacts>, ReturnType<typeof decideAtCaughtUp>]>([
    [
      'status over before the read, Finished: shown: ends on the status word',
      { endedBeforeRead: ENDED, finishedLine: 'SUCCESS' },
      { end: true, statusWord: 'SUCCESS' }
    ],
    [
      'status over, no Finished: yet, within the settle time: waits, asks nothing',
      { endedBeforeRead: ENDED, nowMs: 100_000 },
      { end: false, askStatus: false, atOnce: false }
    ],
    [
      'status over, no Finished: after the settle time: ends, saying so',
      { endedBeforeRead: ENDED, nowMs: 105_000 },
      {
        end: true,
        statusWord: 'SUCCESS',
        note: 'The build is over but its log has no "Finished:" line; ending with the log received so far.'
      }
    ],
    [
      'Finished: shown and the status call cannot gainsay it: ends on the log',
      { finishedLine: 'FAILURE', finishedLineMayDecide: true },
      { end: true, statusWord: undefined }
    ],
    [
      'Finished: shown, the status call may still answer: asks it at once',
      { finishedLine: 'FAILURE' },
      { end: false, askStatus: true, atOnce: true }
    ],
    [
      'a last line that only looks finished: asks at once',
      { lastLineLooksFinished: true },
      { end: false, askStatus: true, atOnce: true }
    ],
    [
      'status due on a quiet log: asks at its pace',
      { statusDue: true },
      { end: false, askStatus: true, atOnce: false }
    ],
    [
      'status due while the log grows: the log says more, no call',
      { statusDue: true, logGrew: true },
      { end: false, askStatus: false, atOnce: false }
    ],
    [
      'Finished: shown while the log grows: still asked at once',
      { finishedLine: 'SUCCESS', logGrew: true },
      { end: false, askStatus: true, atOnce: true }
    ],
    [
      'no status call in the region: nothing to ask',
      { statusAvailable: false, statusDue: true },
      { end: false, askStatus: false, atOnce: false }
    ]
  ])('%s', (_, facts, decision) => {
    expect(decideAtCaughtUp({ ...RUNNING, ...facts })).toEqual(decision)
  })
})

describe('finalResult', () => {
  it.each<[string | undefined, string | undefined, string, string, boolean]>([
    // status, log, result, word, contradiction
    ['SUCCESS', 'SUCCESS', 'success', 'SUCCESS', false],
    ['FAILURE', undefined, 'failure', 'FAILURE', false],
    [undefined, 'ABORTED', 'aborted', 'ABORTED', false],
    ['ABORTED', 'FAILURE', 'aborted', 'ABORTED', false],
    ['SUCCESS', 'FAILURE', 'failure', 'FAILURE', true],
    ['FAILURE', 'SUCCESS', 'failure', 'FAILURE', true],
    ['UNSTABLE', 'SUCCESS', 'failure', 'UNSTABLE', true]
  ])('status %s, log %s: %s (%s)', (status, log, result, word, contradiction) => {
    const ending = finalResult(status, log)
    expect(ending.result).toBe(result)
    expect(ending.word).toBe(word)
    expect(ending.contradiction !== undefined).toBe(contradiction)
  })

  it('says both words when they disagree without a contradiction', () => {
    expect(finalResult('ABORTED', 'FAILURE').disagreement).toBe(
      'The status says ABORTED and the log says "Finished: FAILURE"; taking ABORTED.'
    )
  })
})
