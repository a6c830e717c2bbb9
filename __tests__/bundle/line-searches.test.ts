/**
 * Why the action stays small while a build is silent: of the searches it makes for every log
 * line, only the newline walk calls Buffer#indexOf; JSON escapes are found in one-byte string
 * copies of the answer (src/latin1-search.ts), `:` with V8's own search (src/find-byte.ts).
 * Every Buffer#indexOf first runs a Node argument validator, all of which share one wrapper
 * function; a couple of thousand calls make V8 compile that wrapper with its optimizing
 * compiler, whose code then stays resident (about 3.5 MiB) for the rest of the build. Counted
 * here on the committed bundle: following a log of about two thousand lines calls Buffer's
 * searches about once a line, not four times.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateLargeLog } from '../../simulator/logs.js'
import { closeSimulators, follow } from '../support/simulated-run.js'

afterEach(closeSimulators)

/** A preload that counts the calls of Buffer's searches and writes the count at exit. */
function searchCounter(directory: string): { preload: string; countFile: string } {
  const countFile = path.join(directory, 'count')
  const preload = path.join(directory, 'count-searches.cjs')
  fs.writeFileSync(
    preload,
    `let calls = 0
for (const name of ['indexOf', 'lastIndexOf']) {
  const search = Buffer.prototype[name]
  Buffer.prototype[name] = function (...args) { calls++; return search.apply(this, args) }
}
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(countFile)}, String(calls)))
`
  )
  return { preload, countFile }
}

describe("Buffer's searches while following a log", () => {
  it('are made about once a line, by the newline walk alone', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-searches-'))
    try {
      const { preload, countFile } = searchCounter(directory)
      // Lines of every kind the mirror looks at: steps, errors with colons, JSON escapes.
      const log = generateLargeLog({ targetBytes: 256 * 1024 })
      const lineCount = log.toString('utf8').split('\n').length
      const { run, served } = await follow(
        { log, finished: true, maxReadBytes: 32 * 1024 },
        {},
        { NODE_OPTIONS: `--require ${preload}` }
      )
      expect(run.exitCode).toBe(0)
      expect(run.logBytes?.equals(served)).toBe(true)
      const calls = Number(fs.readFileSync(countFile, 'utf8'))
      expect(lineCount).toBeGreaterThan(1500)
      // Measured on 1983 lines: 7606 calls when escapes and colons used Buffer#indexOf too.
      expect(calls).toBeLessThan(lineCount * 1.25)
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  })
})
