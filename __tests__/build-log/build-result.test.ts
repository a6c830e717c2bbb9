import { classifyBuildResult, finalBuildWord } from '../../src/build-log/build-result.js'
import { finishedLineResult } from '../../src/build-log/finished-line.js'

describe('build-result', () => {
  describe('classifyBuildResult', () => {
    it.each([
      ['SUCCESS', 'success'],
      ['success', 'success'],
      ['Success', 'success'],
      [' SUCCESS\n', 'success'],
      ['SUCCEEDED', 'success'],
      ['FAILURE', 'failure'],
      ['FAILED', 'failure'],
      ['failed', 'failure'],
      ['ERROR', 'failure'],
      ['SCHEDULE_FAILURE', 'failure'],
      ['TIMEOUT', 'failure'],
      ['ABORTED', 'aborted'],
      ['aborted', 'aborted'],
      ['STOPPED', 'aborted'],
      ['CANCELED', 'aborted'],
      ['CANCELLED', 'aborted']
    ])('reads %j as %s', (serverResult, expected) => {
      expect(classifyBuildResult(serverResult)).toBe(expected)
    })

    // A deployment gate must not open on a result it cannot read.
    it.each(['', '   ', 'UNSTABLE', 'NOT_BUILT', 'SUCCESS_PARTIAL', 'SUCCESS!', 'unknown', '成功'])(
      'counts unknown result %j as a failure',
      (serverResult) => {
        expect(classifyBuildResult(serverResult)).toBe('failure')
      }
    )
  })

  describe('finishedLineResult', () => {
    it.each([
      ['Finished: SUCCESS', 'SUCCESS'],
      ['Finished: FAILURE', 'FAILURE'],
      ['Finished: ABORTED', 'ABORTED'],
      ['Finished: NOT_BUILT', 'NOT_BUILT'],
      ['Finished: SUCCESS\r', 'SUCCESS'],
      ['Finished: SUCCESS  ', 'SUCCESS']
    ])('reads %j as %s', (line, expected) => {
      expect(finishedLineResult(line)).toBe(expected)
    })

    it.each([
      '',
      'Finished:',
      'Finished: ',
      'finished: SUCCESS',
      ' Finished: SUCCESS',
      '[INFO] Finished: SUCCESS',
      'Finished: SUCCESS with warnings',
      'Finished: 0',
      'Build Finished: SUCCESS'
    ])('ignores %j', (line) => {
      expect(finishedLineResult(line)).toBeUndefined()
    })

    it('gives a result the classifier understands', () => {
      for (const [line, expected] of [
        ['Finished: SUCCESS', 'success'],
        ['Finished: FAILURE', 'failure'],
        ['Finished: ABORTED', 'aborted']
      ]) {
        expect(classifyBuildResult(finishedLineResult(line) as string)).toBe(expected)
      }
    })
  })
})

describe('finalBuildWord', () => {
  it.each([
    ['FAILURE', 'SUCCESS', 'FAILURE', true],
    ['UNSTABLE', 'FAILURE', 'FAILURE', false],
    ['UNSTABLE', undefined, 'UNSTABLE', true],
    [undefined, 'ABORTED', 'ABORTED', false],
    ['', '', 'UNKNOWN', false],
    [undefined, undefined, 'UNKNOWN', false]
  ])('status %j and log %j give %j (from the status: %j)', (status, log, word, fromStatus) => {
    expect(finalBuildWord(status, log)).toEqual({ word, fromStatus })
  })
})
