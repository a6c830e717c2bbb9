/**
 * KnownNewlines: the newlines the answer decoder wrote, asked for line by line as the mirror
 * walks them, must answer exactly as a search of the bytes would, for the content and for any
 * slice of it, and fall back to the search wherever they do not know.
 */
import { describe, expect, it } from '@jest/globals'
import { splitLogAnswer } from '../../src/codearts/log-answer.js'
import {
  KnownNewlines,
  MAX_KNOWN_NEWLINES,
  NO_KNOWN_NEWLINES
} from '../../src/text/known-newlines.js'

function answer(content: string, encode: (value: unknown) => string = JSON.stringify): Buffer {
  return Buffer.from(encode({ result: { has_more_data: false, offset: 9, content } }))
}

/** Every newline of `text` from `start` on, walked as the mirror walks them. */
function walk(newlines: KnownNewlines, text: Buffer, start = 0): number[] {
  const found: number[] = []
  for (let at = newlines.next(text, start); at !== -1; at = newlines.next(text, at + 1)) {
    found.push(at)
  }
  return found
}

/** The same by searching the bytes. */
function searched(text: Buffer, start = 0): number[] {
  return walk(NO_KNOWN_NEWLINES, text, start)
}

const LOG = ['[INFO] a', '', '构建 b', 'tab\there', 'quote " and \\ back', '', 'last'].join('\n')

describe('KnownNewlines', () => {
  it.each([
    ['raw UTF-8', JSON.stringify],
    [
      '\\u escapes, \\u000a for a newline',
      (v: unknown) => JSON.stringify(v).replace(/\\n/g, '\\u000a')
    ]
  ])('answers as a search of the decoded content would, with %s', (_, encode) => {
    const split = splitLogAnswer(answer(LOG.repeat(50), encode))
    const newlines = split?.newlines as KnownNewlines
    expect(newlines).toBeDefined()
    const content = split?.content as Buffer
    expect(walk(newlines, content)).toEqual(searched(content))
    expect(walk(newlines, content).length).toBe(LOG.repeat(50).split('\n').length - 1)
    // Slices of the content (views of the same memory), asked in order and out of order.
    for (const [from, to] of [
      [0, 100],
      [37, 400],
      [400, content.length],
      [5, 6],
      [0, content.length]
    ]) {
      const slice = content.subarray(from, to)
      expect(walk(newlines, slice)).toEqual(searched(slice))
      expect(walk(newlines, slice, 3)).toEqual(searched(slice, 3))
    }
  })

  it('searches a text in other memory, and past the stretch it knows', () => {
    const split = splitLogAnswer(answer('a\nb\nc'))
    const newlines = split?.newlines as KnownNewlines
    const copy = Buffer.from(`${split?.content.toString()}\nmore\n`)
    expect(walk(newlines, copy)).toEqual([1, 3, 5, 10])
    // The answer's memory goes on past the content: a newline there is found by a search.
    const json = '{"result":{"content":"a\\nb"}}'
    const memory = Buffer.from(`xx${json}\nyy\n`)
    const inBody = splitLogAnswer(memory.subarray(2, 2 + json.length))
    const content = inBody?.content as Buffer
    const onward = Buffer.from(memory.buffer, content.byteOffset, memory.length - 2 - 22)
    expect(walk(inBody?.newlines as KnownNewlines, onward)).toEqual(searched(onward))
    expect(searched(onward).length).toBe(3)
  })

  it('knows none when the content holds a raw newline, which the decoder passes over', () => {
    const body = Buffer.from('{"result":{"content":"a\nb\\nc"}}')
    const split = splitLogAnswer(body)
    expect(split?.content.toString()).toBe('a\nb\nc')
    expect(split?.newlines).toBeUndefined()
  })

  it('keeps the newlines of an answer up to its limit, and finds those after them by a search', () => {
    const content = 'x\n'.repeat(MAX_KNOWN_NEWLINES + 5) + 'end\n'
    const split = splitLogAnswer(answer(content))
    const text = split?.content as Buffer
    const found = walk(split?.newlines as KnownNewlines, text)
    expect(found.length).toBe(MAX_KNOWN_NEWLINES + 6)
    expect(found).toEqual(searched(text))
  })

  it('forgets what it took down once the answer is given back', () => {
    const split = splitLogAnswer(answer('a\nb\n'))
    const newlines = split?.newlines as KnownNewlines
    const text = split?.content as Buffer
    newlines.release()
    // The memory may hold the next answer now: a search, never the old positions.
    text.write('xyz\n')
    expect(walk(newlines, text)).toEqual([3])
  })

  it('answers for each answer read into the same buffer in turn', () => {
    const buffer = Buffer.alloc(4096)
    for (const content of ['one\ntwo\n', 'x\n\n\ny', 'no newline', '\n'.repeat(2000)]) {
      const body = answer(content)
      body.copy(buffer)
      const split = splitLogAnswer(buffer.subarray(0, body.length))
      const text = split?.content as Buffer
      expect(text.toString()).toBe(content)
      expect(walk(split?.newlines as KnownNewlines, text)).toEqual(searched(text))
    }
  })
})
