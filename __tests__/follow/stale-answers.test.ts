import { describe, expect, it } from '@jest/globals'
import { StaleAnswers } from '../../src/follow/stale-answers.js'

function judge(): { answers: StaleAnswers; warnings: string[]; debug: string[] } {
  const warnings: string[] = []
  const debug: string[] = []
  const answers = new StaleAnswers({
    onContent: () => undefined,
    onStatus: (message) => warnings.push(`status: ${message}`),
    onWarning: (message) => warnings.push(message),
    onDebug: (message) => debug.push(message),
    finishedLineResult: () => undefined
  })
  return { answers, warnings, debug }
}

const OLD = Buffer.from('Started at 10:00\nstep one\nstep two\n')

describe('StaleAnswers', () => {
  it('drops an answer from the start that repeats the log shown, without a warning', () => {
    const { answers, warnings, debug } = judge()
    answers.taken(OLD)
    expect(answers.isStale('0', String(OLD.length), OLD.subarray(0, 20))).toBe(true)
    expect(warnings).toEqual([])
    expect(debug.join('\n')).toContain('behind the cursor')
  })

  it('takes an answer from the start with other text as a restarted log at once, said once', () => {
    const { answers, warnings } = judge()
    answers.taken(OLD)
    const restarted = Buffer.from('Started at 11:30\nstep one\n')
    expect(answers.isStale('0', '2334', restarted)).toBe(false)
    expect(warnings).toEqual([
      "The build's log restarted: an answer began at offset 0 with other text than the log shown, behind offset 2334 already shown; following the new log from offset 0."
    ])
    // The new log's start is the one compared from now on: its own repeat is stale.
    answers.taken(restarted)
    expect(answers.isStale('0', String(restarted.length), restarted)).toBe(true)
    expect(warnings).toHaveLength(1)
  })

  it('keeps only the first KiB of the log for the comparison', () => {
    const { answers, warnings } = judge()
    const long = Buffer.alloc(5000, 'a')
    answers.taken(long)
    // Differs only past the first KiB: not told apart from a lagging answer.
    const sameStart = Buffer.concat([Buffer.alloc(1024, 'a'), Buffer.alloc(100, 'b')])
    expect(answers.isStale('0', '5000', sameStart)).toBe(true)
    expect(warnings).toEqual([])
  })
})
