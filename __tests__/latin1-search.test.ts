import { describe, expect, it } from '@jest/globals'
import { Latin1Search } from '../src/latin1-search.js'

const WINDOW = 64 * 1024

/** Every answer of the search, checked against Buffer#indexOf, from each of `froms`. */
function expectSameAsBuffer(text: Buffer, byte: number, froms: number[]): void {
  const search = new Latin1Search(byte)
  search.begin(text)
  for (const from of froms)
    expect([from, search.indexOf(from)]).toEqual([from, text.indexOf(byte, from)])
}

describe('Latin1Search', () => {
  it('finds what Buffer#indexOf finds, in any order of questions', () => {
    const text = Buffer.from('ab:cd\n\u00e9:\u4e2d:\n')
    const froms = [0, 1, 2, 3, 8, 3, 0, text.length - 1, text.length, text.length + 5]
    expectSameAsBuffer(text, 0x3a, froms)
    expectSameAsBuffer(text, 0x0a, froms)
    // A byte of a multi-byte character is a byte like any other.
    expectSameAsBuffer(text, 0xc3, froms)
    expectSameAsBuffer(Buffer.alloc(0), 0x3a, [0, 1])
  })

  it('finds the byte on either side of a window boundary, and across empty windows', () => {
    const text = Buffer.alloc(3 * WINDOW + 10, 0x61)
    const at = [WINDOW - 1, WINDOW, 2 * WINDOW + 1, 3 * WINDOW + 9]
    for (const position of at) text[position] = 0x5c
    const froms = [0, WINDOW - 1, WINDOW, WINDOW + 1, 2 * WINDOW, 2 * WINDOW + 2, 3 * WINDOW + 9]
    expectSameAsBuffer(text, 0x5c, froms)
    // Nothing in a whole window: the search goes on in the next one.
    const sparse = Buffer.alloc(2 * WINDOW + 3, 0x61)
    sparse[2 * WINDOW + 1] = 0x3a
    expectSameAsBuffer(sparse, 0x3a, [0, 5, WINDOW + 3, 2 * WINDOW + 1, 2 * WINDOW + 2])
  })

  it('stops at `end`: nothing at or past it is found', () => {
    const text = Buffer.alloc(2 * WINDOW, 0x61)
    text[WINDOW + 4] = 0x5c
    const search = new Latin1Search(0x5c)
    search.begin(text)
    expect(search.indexOf(0, WINDOW + 4)).toBe(-1)
    expect(search.indexOf(0, WINDOW + 5)).toBe(WINDOW + 4)
    expect(search.indexOf(10, 5)).toBe(-1)
  })

  it('searches the text given last, not copies of the one before', () => {
    const search = new Latin1Search(0x3a)
    const text = Buffer.from('aaaa:')
    search.begin(text)
    expect(search.indexOf(0)).toBe(4)
    // The same memory with other bytes, as a reused buffer would be: `begin` starts afresh.
    text.write(':bbbb')
    search.begin(text)
    expect(search.indexOf(0)).toBe(0)
    expect(new Latin1Search(0x3a).indexOf(0)).toBe(-1)
  })
})
