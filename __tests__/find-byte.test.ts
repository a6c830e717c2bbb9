import { describe, expect, it } from '@jest/globals'
import { findByte } from '../src/find-byte.js'

describe('findByte', () => {
  const bytes = Buffer.from('ab\ncd\n\u00e9\n')

  it('finds the next occurrence at or after the position, as Buffer#indexOf does', () => {
    for (const from of [0, 2, 3, 5, 6, 9, 10, 100]) {
      expect(findByte(bytes, 0x0a, from)).toBe(bytes.indexOf(0x0a, from))
    }
    expect(findByte(bytes, 0x0a, 0)).toBe(2)
    expect(findByte(bytes, 0x0a, 3)).toBe(5)
    expect(findByte(bytes, 0x0a, 9)).toBe(-1)
  })

  it('counts from the start of a view, not of the memory under it', () => {
    const view = bytes.subarray(3)
    expect(findByte(view, 0x0a, 0)).toBe(2)
    expect(findByte(new Uint8Array(bytes.buffer, bytes.byteOffset + 6, 3), 0x0a, 0)).toBe(2)
  })

  it('finds bytes of a multi-byte character, and nothing that is not there', () => {
    expect(findByte(bytes, 0xc3, 0)).toBe(6)
    expect(findByte(bytes, 0x3a, 0)).toBe(-1)
    expect(findByte(Buffer.alloc(0), 0x0a, 0)).toBe(-1)
  })
})
