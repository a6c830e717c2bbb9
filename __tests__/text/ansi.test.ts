import { describe, expect, it } from '@jest/globals'
import {
  afterLeadingCodes,
  beforeTrailingCodes,
  startsWithStripped,
  stripAnsi
} from '../../src/text/ansi.js'

/** The text a line's bytes give when the codes wrap it, or undefined when they do not. */
function wrappedText(line: string): string | undefined {
  const bytes = Buffer.from(`>${line}\n`)
  const end = bytes.length - 1
  const start = afterLeadingCodes(bytes, 1, end)
  if (start === -1) return undefined
  const textEnd = beforeTrailingCodes(bytes, start, end)
  return textEnd === -1 ? undefined : bytes.toString('utf8', start, textEnd)
}

describe('colour codes on bytes', () => {
  const wrapped = [
    '\u001b[32m+ docker pull maven:3.9\u001b[0m',
    '\u001b[0m\u001b[7m\u001b[1m\u001b[31m FAIL \u001b[39m\u001b[22m\u001b[27m\u001b[0m',
    '\u001b[36m02:29:48.123 [main] INFO\u001b[0m\r',
    '\u001b[?25l\u001b[2Kprogress 12%',
    '\u001b[1;31m[ERROR] boom\u001b[m',
    '\u001b[33m构建版本 1.4.2 ✓\u001b[0m',
    '\u001b[31m\u001b[0m',
    'no codes at all',
    '\u001b[31mends with a CR\r'
  ]

  // A `\r` at the line's end is the reader's to drop, as it is for a line without codes.
  const withoutCr = (text: string | undefined) => text?.replace(/\r$/, '')

  it.each(wrapped)('finds the text that stripAnsi leaves of %j', (line) => {
    expect(withoutCr(wrappedText(line))).toBe(withoutCr(stripAnsi(line)))
  })

  it.each([
    ['a code within the text', '\u001b[1mTests:\u001b[22m 1 failed'],
    ['an escape that is no code', '\u001b(Bplain'],
    ['a code cut by the line end', '\u001b[31mred\u001b[3'],
    ['a colon parameter the pattern refuses', '\u001b[38:5:1mtext'],
    ['text after the closing codes', '\u001b[31mred\u001b[0m more'],
    ['a lone escape at the end', 'text\u001b']
  ])('leaves %s to be stripped as a string', (_name, line) => {
    expect(wrappedText(line)).toBeUndefined()
  })

  it('tells whether a line, stripped, starts with a prefix, as stripAnsi and startsWith do', () => {
    const lines = [
      '\u001b[1;31m[ERROR]\u001b[m x',
      '\u001b[1m[ERR\u001b[0mOR] x',
      '\u001b\u001b[0m[ERROR] x',
      '\u001b[\u001b[0m[ERROR] x',
      '\u001b[31m[ERR',
      '[ERROR] x',
      'plain',
      ''
    ]
    for (const line of lines) {
      const bytes = Buffer.from(`>${line}\n`)
      for (const prefix of ['[ERROR]', '[ERR', '', '\u001b']) {
        expect({
          line,
          prefix,
          starts: startsWithStripped(bytes, 1, bytes.length - 1, Buffer.from(prefix))
        }).toEqual({
          line,
          prefix,
          starts: stripAnsi(line).startsWith(prefix)
        })
      }
    }
  })
})
