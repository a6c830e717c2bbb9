import { EventEmitter } from 'node:events'
import { Cancellation, cancelSignalsFor, type SignalSource } from '../../src/runner/cancellation.js'

/** Signals delivered in-process: the test process itself is never signalled. */
function signalEmitter(): EventEmitter & SignalSource {
  return new EventEmitter() as EventEmitter & SignalSource
}

function cancellationOn(platform: NodeJS.Platform, graceMs = 60_000) {
  const signals = signalEmitter()
  const exitCodes: Array<string | number> = []
  const cancellation = new Cancellation(graceMs, {
    platform,
    signals,
    exit: (code) => {
      exitCodes.push(code)
    }
  })
  return { signals, exitCodes, cancellation }
}

describe('Cancellation', () => {
  it.each([
    ['win32', ['SIGINT', 'SIGBREAK', 'SIGTERM']],
    ['linux', ['SIGINT', 'SIGTERM']],
    ['darwin', ['SIGINT', 'SIGTERM']]
  ] as const)('on %s listens to %j', (platform, expected) => {
    expect(cancelSignalsFor(platform)).toEqual(expected)
    const { signals, cancellation } = cancellationOn(platform)
    for (const name of expected) expect(signals.listenerCount(name)).toBe(1)
    cancellation.dispose()
    for (const name of expected) expect(signals.listenerCount(name)).toBe(0)
  })

  it("on Windows takes the runner's Ctrl+C then Ctrl+Break as request, then force", () => {
    const { signals, cancellation } = cancellationOn('win32')
    signals.emit('SIGINT', 'SIGINT')
    expect(cancellation.requested.aborted).toBe(true)
    expect(cancellation.forced.aborted).toBe(false)
    signals.emit('SIGBREAK', 'SIGBREAK')
    expect(cancellation.forced.aborted).toBe(true)
    expect(String(cancellation.forced.reason)).toContain('SIGBREAK')
    cancellation.dispose()
  })

  it('on Windows a Ctrl+Break alone asks to wind down, like SIGTERM elsewhere', () => {
    const { signals, cancellation } = cancellationOn('win32')
    signals.emit('SIGBREAK', 'SIGBREAK')
    expect(cancellation.requested.aborted).toBe(true)
    expect(String(cancellation.requested.reason)).toContain('SIGBREAK')
    expect(cancellation.forced.aborted).toBe(false)
    cancellation.dispose()
  })

  it('elsewhere takes SIGINT then SIGTERM, and leaves SIGBREAK alone', () => {
    const { signals, cancellation } = cancellationOn('linux')
    signals.emit('SIGBREAK', 'SIGBREAK')
    expect(cancellation.requested.aborted).toBe(false)
    signals.emit('SIGINT', 'SIGINT')
    signals.emit('SIGTERM', 'SIGTERM')
    expect(cancellation.requested.aborted).toBe(true)
    expect(cancellation.forced.aborted).toBe(true)
    cancellation.dispose()
  })

  it('ends the process once the grace period after the first signal is over', async () => {
    const { signals, exitCodes, cancellation } = cancellationOn('win32', 20)
    signals.emit('SIGBREAK', 'SIGBREAK')
    expect(exitCodes).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(exitCodes).toHaveLength(1)
    cancellation.dispose()
  })
})
