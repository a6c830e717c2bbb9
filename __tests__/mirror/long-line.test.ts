import { describe, expect, it } from '@jest/globals'
import { LONG_LINE_BYTES } from '../../src/mirror/line-assembly.js'
import { HELD_LONG_LINE_BYTES, LongLineHazards } from '../../src/mirror/long-line.js'
import { FenceNeeds } from '../../src/runner/command-hazards.js'
import { generateBuildLog } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { displayedRemoteLines, logLines } from '../support/runner-lines.js'
import { FENCE_TOKEN, mirrorChunks } from '../support/memory-mirror.js'

/** The stdout the runner reads when `log` reaches the mirror `pieceBytes` bytes at a time. */
function mirrorInPieces(log: string | Buffer, pieceBytes: number): string {
  const bytes = Buffer.isBuffer(log) ? log : Buffer.from(log)
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length; at += pieceBytes)
    pieces.push(bytes.subarray(at, at + pieceBytes))
  return mirrorChunks(pieces).stdout
}

/** The same, cut at the given places. */
function mirrorCutAt(log: string, cuts: number[]): string {
  const bytes = Buffer.from(log)
  const ends = [...cuts, bytes.length]
  return mirrorChunks(ends.map((end, i) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end))).stdout
}

/** What the runner did besides showing text: nothing but the action's own fence and groups. */
function foreignCommands(stdout: string) {
  const view = parseRunnerOutput(stdout)
  const own = new Set(['add-mask', 'stop-commands', 'group', 'endgroup', FENCE_TOKEN])
  return {
    commands: view.commands.filter((c) => !own.has(c.name)).map((c) => c.name),
    annotations: view.annotations,
    possible: view.possibleCommands,
    markup: view.renderedMarkup,
    fenceOpenAtEnd: view.fenceOpenAtEnd
  }
}

const NOTHING_FOREIGN = {
  commands: [],
  annotations: [],
  possible: [],
  markup: [],
  fenceOpenAtEnd: false
}

describe('a long line', () => {
  it('shows no fence when clean: a build log with a 64 KB line, read in pieces', () => {
    const log = generateBuildLog({ longLineBytes: 64 * 1024, seed: 5 })
    for (const pieceBytes of [1000, 4096, 16 * 1024, 50_000]) {
      const stdout = mirrorInPieces(log, pieceBytes)
      expect(stdout).not.toContain('stop-commands')
      const view = parseRunnerOutput(stdout)
      expect(displayedRemoteLines(view)).toEqual(logLines(log))
      expect(foreignCommands(stdout)).toEqual(NOTHING_FOREIGN)
    }
  })

  it('shows no fence when clean past what is held back, however long', () => {
    const line = 'abcdefghij:0123456789#'.repeat(Math.ceil((HELD_LONG_LINE_BYTES * 1.5) / 22))
    const log = `before\n${line}\nafter\n`
    const stdout = mirrorInPieces(log, 64 * 1024)
    expect(stdout).not.toContain('stop-commands')
    expect(displayedRemoteLines(parseRunnerOutput(stdout))).toEqual(['before', line, 'after'])
  })

  const filler = 'L'.repeat(LONG_LINE_BYTES + 200)
  /** Each hostile line, and where in it the command starts to form. */
  const hostile: Array<[string, string]> = [
    [`${' '.repeat(LONG_LINE_BYTES + 300)}::error::after leading blanks`, '::error'],
    [`${'\t \u00a0'.repeat(2000)}:\u00ad:warning::ignorable between the colons`, ':\u00ad:'],
    [`${filler}##[group]in the middle`, '##['],
    [`${filler}#\u200b#[error]zero width between`, '#\u200b#'],
    [`${filler}\r::error::after a carriage return`, '\r::'],
    [`${filler}\r${' '.repeat(LONG_LINE_BYTES + 100)}::error::blanks after a CR`, '::error'],
    [`${'#'.repeat(LONG_LINE_BYTES + 100)}[group]after many hashes`, '#[']
  ]

  it.each(hostile)('is fenced when hostile, cut anywhere near its command (%#)', (line, mark) => {
    const log = `clean before\n${line}\nclean after\n`
    const at = log.indexOf(mark)
    const places = [at - 2, at - 1, at, at + 1, at + 2, at + 3, LONG_LINE_BYTES + 20]
    for (const cut of places) {
      const stdout = mirrorCutAt(log, [cut])
      expect(foreignCommands(stdout)).toEqual(NOTHING_FOREIGN)
      expect(stdout).toContain(`::stop-commands::${FENCE_TOKEN}`)
      // Held whole: shown as the runner splits it, no line break added.
      const shown = displayedRemoteLines(parseRunnerOutput(stdout))
      expect(shown.map((l) => l.replace(/##\u200b\[/g, '##['))).toEqual(logLines(log))
    }
  })

  it('is fenced from its command on when that comes past what is held back', () => {
    const start = 'x'.repeat(HELD_LONG_LINE_BYTES + 5000) + '#'
    for (const tail of ['##[group]late', '\r  ::error::late', '#[warning]cut']) {
      const log = `${start}${tail}\nclean\n`
      for (const cut of [start.length, start.length + 1]) {
        const stdout = mirrorCutAt(log, [64 * 1024, cut])
        expect(foreignCommands(stdout)).toEqual(NOTHING_FOREIGN)
        expect(stdout).toContain(`::stop-commands::${FENCE_TOKEN}`)
        const shown = displayedRemoteLines(parseRunnerOutput(stdout)).join('')
        expect(shown.replace(/##\u200b\[/g, '##[')).toBe(logLines(log).join(''))
      }
    }
    // A `::` after text starts no command: no fence at all.
    const plain = mirrorInPieces(`${start}::error::not at a line start\n`, 64 * 1024 + 7)
    expect(plain).not.toContain('stop-commands')
  })
})

describe('LongLineHazards', () => {
  const alphabet = [' ', ':', '#', '[', '\r', 'a', '\u00ad', '\t']

  /** Every string of `length` characters of the alphabet, by number. */
  function nth(n: number, length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) {
      text += alphabet[n % alphabet.length]
      n = Math.floor(n / alphabet.length)
    }
    return text
  }

  it('judges a line cut in two or three pieces as the fence judges it whole', () => {
    const length = 5
    let hazardous = 0
    for (let n = 0; n < alphabet.length ** length; n++) {
      const text = Buffer.from(nth(n, length))
      const whole = new FenceNeeds(text).line(0, text.length)
      if (whole) hazardous++
      for (let a = 1; a < text.length; a++) {
        for (let b = a; b < text.length; b++) {
          const hazards = new LongLineHazards()
          const pieces = [text.subarray(0, a), text.subarray(a, b), text.subarray(b)]
          const found = pieces.filter((p) => p.length > 0).some((p) => hazards.needsFence(p))
          if (found !== whole) throw new Error(`${JSON.stringify(text.toString())} at ${a},${b}`)
        }
      }
    }
    expect(hazardous).toBeGreaterThan(500)
  })
})
