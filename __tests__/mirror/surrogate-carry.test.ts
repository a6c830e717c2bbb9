import { describe, expect, it } from '@jest/globals'
import { SurrogateCarry } from '../../src/mirror/surrogate-carry.js'

/** A surrogate half in the three-byte form the answer decoder writes at a content's edge. */
function half(code: number): Buffer {
  return Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)])
}

const bytes = (...parts: Array<string | Buffer>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)))

describe('SurrogateCarry', () => {
  it('holds a trailing high surrogate and puts it in front of the next content', () => {
    const carry = new SurrogateCarry()
    const [high, low] = [half(0xd83d), half(0xde00)]
    expect(carry.take(bytes('ab', high)).toString()).toBe('ab')
    expect(carry.take(bytes(low, 'cd')).toString()).toBe('😀cd')
    expect(Buffer.concat([carry.take(Buffer.alloc(0)), carry.flush()])).toEqual(Buffer.alloc(0))
  })

  it('passes whole text through untouched', () => {
    const carry = new SurrogateCarry()
    const text = bytes('plain 😀 text 构建\n')
    expect(carry.take(text)).toBe(text)
    expect(carry.flush()).toEqual(Buffer.alloc(0))
  })

  it('writes a lone high surrogate at the very end once, as the encoder would', () => {
    const carry = new SurrogateCarry()
    expect(carry.take(bytes('end', half(0xd83d))).toString()).toBe('end')
    expect(carry.flush()).toEqual(Buffer.from([0xef, 0xbf, 0xbd]))
    expect(carry.flush()).toEqual(Buffer.alloc(0))
  })

  it('writes a held high half that meets no low half as U+FFFD before the next content', () => {
    const carry = new SurrogateCarry()
    carry.take(half(0xd83d))
    expect(carry.take(bytes('x'))).toEqual(Buffer.from('\ufffdx'))
  })

  it('writes a lone low half at the start as U+FFFD', () => {
    const carry = new SurrogateCarry()
    expect(carry.take(bytes(half(0xde00), 'y'))).toEqual(Buffer.from('\ufffdy'))
  })

  it('holds across an answer that is only the high half', () => {
    const carry = new SurrogateCarry()
    expect(carry.take(half(0xd83d)).length).toBe(0)
    expect(carry.take(half(0xde80)).toString()).toBe('🚀')
  })
})
