import { describe, expect, it } from '@jest/globals'
import {
  LineAssembler,
  lineHead,
  LONG_LINE_BYTES,
  withoutCarriageReturn,
  type LineConsumer
} from '../../src/mirror/line-assembly.js'

/** What a consumer is told, as strings: complete lines, and long lines as start + pieces. */
type Told = { line: string } | { longLine: string; head: string }

/** A consumer that records every line, and notes where it is told something out of order. */
class RecordingConsumer implements LineConsumer {
  readonly told: Told[] = []
  readonly problems: string[] = []
  private long: { head: string; pieces: string[] } | undefined

  completeLines(text: Buffer, from: number): number {
    if (this.long) this.problems.push('complete lines inside a long line')
    const lines = text.toString('utf8', from).split('\n')
    const tail = lines.pop() as string
    for (const line of lines) this.told.push({ line })
    return text.length - Buffer.byteLength(tail)
  }
  longLineStarts(head: string): void {
    if (this.long) this.problems.push('a long line started inside another')
    this.long = { head, pieces: [] }
  }
  longLinePiece(piece: Buffer): void {
    this.long?.pieces.push(piece.toString())
  }
  longLineEnds(): void {
    const long = this.long as { head: string; pieces: string[] }
    this.told.push({ longLine: long.pieces.join(''), head: long.head })
    this.long = undefined
  }
}

function assemble(chunks: readonly string[]): { told: Told[]; assembler: LineAssembler } {
  const consumer = new RecordingConsumer()
  const assembler = new LineAssembler(consumer)
  for (const chunk of chunks) assembler.push(Buffer.from(chunk))
  assembler.end()
  expect(consumer.problems).toEqual([])
  return { told: consumer.told, assembler }
}

/** Every way to cut `text` in two, and pieces of every size from 1 to 5 characters. */
function cuttings(text: string): string[][] {
  const ways: string[][] = []
  for (let at = 0; at <= text.length; at++) ways.push([text.slice(0, at), text.slice(at)])
  for (let size = 1; size <= 5; size++) {
    const pieces: string[] = []
    for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size))
    ways.push(pieces)
  }
  return ways
}

const LONG = 'L'.repeat(LONG_LINE_BYTES + 500)

describe('line-assembly', () => {
  describe('LineAssembler', () => {
    it.each([
      ['lines that end', 'one\ntwo\n', [{ line: 'one' }, { line: 'two' }]],
      ['a last line without newline', 'one\ntwo', [{ line: 'one' }, { line: 'two' }]],
      ['CRLF endings, the \\r kept', 'a\r\nb\r\n', [{ line: 'a\r' }, { line: 'b\r' }]],
      ['a lone \\r inside a line', 'a\rb\n', [{ line: 'a\rb' }]],
      ['empty lines', '\n\nx\n', [{ line: '' }, { line: '' }, { line: 'x' }]],
      ['nothing', '', []]
    ])('hands on %s, whatever the chunks', (_, text, expected) => {
      for (const chunks of cuttings(text)) expect(assemble(chunks).told).toEqual(expected)
    })

    it('hands a line longer than LONG_LINE_BYTES on in pieces, with its head', () => {
      const text = `before\n${LONG}\r\nafter\n`
      const expected = [
        { line: 'before' },
        { longLine: `${LONG}\r`, head: LONG.slice(0, LONG_LINE_BYTES) },
        { line: 'after' }
      ]
      const pieces: string[] = []
      for (let at = 0; at < text.length; at += 100) pieces.push(text.slice(at, at + 100))
      expect(assemble(pieces).told).toEqual(expected)
    })

    it('hands a long line in one chunk on whole, as a complete line', () => {
      expect(assemble([`${LONG}\n`]).told).toEqual([{ line: LONG }])
    })

    it('ends a long last line without newline at the end of the log', () => {
      const { told } = assemble([LONG.slice(0, 5000), LONG.slice(5000)])
      expect(told).toEqual([{ longLine: LONG, head: LONG.slice(0, LONG_LINE_BYTES) }])
    })

    it('tells the unfinished last line, but not a long one already handed on', () => {
      const assembler = new LineAssembler(new RecordingConsumer())
      expect(assembler.unfinishedLine()).toBe('')
      assembler.push(Buffer.from('done\nFinished: SUC'))
      assembler.push(Buffer.from('CESS\r'))
      expect(assembler.unfinishedLine()).toBe('Finished: SUCCESS')
      expect(assembler.insideLongLine).toBe(false)
      assembler.push(Buffer.from(LONG))
      expect(assembler.insideLongLine).toBe(true)
      expect(assembler.unfinishedLine()).toBeUndefined()
      assembler.push(Buffer.from('\n'))
      expect(assembler.insideLongLine).toBe(false)
      expect(assembler.unfinishedLine()).toBe('')
    })
  })

  describe('withoutCarriageReturn', () => {
    it.each([
      ['a\r', 'a'],
      ['a', 'a'],
      ['a\r\r', 'a\r'],
      ['\ra', '\ra'],
      ['', '']
    ])('%j → %j', (line, expected) => {
      expect(withoutCarriageReturn(line)).toBe(expected)
    })
  })

  describe('lineHead', () => {
    it.each([
      ['a short line', 'xx[ERROR] a\r\nyy', 2, 11, '[ERROR] a'],
      ['a long line, cut', `${LONG}\n`, 0, LONG.length, LONG.slice(0, LONG_LINE_BYTES)]
    ])('takes the classified part of %s', (_, text, start, end, expected) => {
      expect(lineHead(Buffer.from(text), start, end)).toBe(expected)
    })
  })
})
