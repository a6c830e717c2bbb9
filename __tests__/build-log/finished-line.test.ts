import { describe, expect, it } from '@jest/globals'
import { mayBeFinishedLine, unterminatedFinishedResult } from '../../src/build-log/finished-line.js'
import { StepTracker } from '../../src/build-log/step-tracker.js'

describe('finished-line', () => {
  describe('mayBeFinishedLine', () => {
    it.each([
      ['Finished: SUCCESS', true],
      ['Finished: ', true],
      ['Finished:SUCCESS', false],
      ['finished: SUCCESS', false],
      ['', false]
    ])('%j → %s', (line, expected) => {
      expect(mayBeFinishedLine(Buffer.from(`x\n${line}`), 2)).toBe(expected)
    })
  })

  describe('unterminatedFinishedResult', () => {
    it.each([
      ['Finished: SUCCESS', false, 'SUCCESS'],
      ['Finished: aborted', false, 'aborted'],
      ['Finished: SUCC', false, undefined],
      ['Finished: SUCC', true, 'SUCC'],
      ['Finished: UNSTABLE', true, 'UNSTABLE'],
      ['Finished: SUCCESS!', true, undefined],
      ['build output', true, undefined],
      ['', true, undefined]
    ])('%j (log complete: %s) → %j', (line, logComplete, expected) => {
      expect(unterminatedFinishedResult(line, logComplete)).toBe(expected)
    })
  })

  describe('StepTracker', () => {
    it('records the result of the last complete Finished line', () => {
      const tracker = new StepTracker()
      expect(tracker.finishedResult).toBeUndefined()
      tracker.observe('Finished: FAILURE')
      tracker.observe('Finished without a result')
      expect(tracker.finishedResult).toBe('FAILURE')
      tracker.observe('Finished: SUCCESS')
      expect(tracker.finishedResult).toBe('SUCCESS')
    })

    it('reads an unterminated last line only on request', () => {
      const tracker = new StepTracker()
      expect(tracker.unterminatedFinishedResult('Finished: ABORTED', false)).toBe('ABORTED')
      expect(tracker.finishedResult).toBeUndefined()
    })
  })
})
