import { describe, expect, it } from '@jest/globals'
import { realClock } from '../../src/follow/clock.js'
import { pauseUntilAnswer } from '../../src/follow/pause.js'

describe('pauseUntilAnswer', () => {
  it('waits the whole interval when no call is on its way', async () => {
    const started = Date.now()
    await pauseUntilAnswer(realClock, 120, new AbortController().signal, undefined)
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)
  })

  it('ends as soon as the call on its way answers, or fails', async () => {
    const answers = [() => Promise.resolve(), () => Promise.reject(new Error('status failed'))]
    for (const answer of answers) {
      const settle = answer()
      const started = Date.now()
      await pauseUntilAnswer(realClock, 5000, new AbortController().signal, settle)
      expect(Date.now() - started).toBeLessThan(1000)
    }
  })

  it('waits the whole interval when the call on its way answers false (the build runs on)', async () => {
    const started = Date.now()
    await pauseUntilAnswer(realClock, 150, new AbortController().signal, Promise.resolve(false))
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('ends when the call answers true after the wait began', async () => {
    const started = Date.now()
    const later = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30))
    await pauseUntilAnswer(realClock, 5000, new AbortController().signal, later)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('rejects with the reason when the follow is cancelled during the wait', async () => {
    const cancel = new AbortController()
    const never = new Promise<void>(() => undefined)
    setTimeout(() => cancel.abort(new Error('cancelled')), 20)
    await expect(pauseUntilAnswer(realClock, 5000, cancel.signal, never)).rejects.toThrow(
      'cancelled'
    )
  })
})
