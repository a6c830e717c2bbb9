import { describe, expect, it } from '@jest/globals'
import { SurrogateCarry } from '../../src/follow/surrogate-carry.js'

describe('SurrogateCarry', () => {
  it('holds a trailing high surrogate and puts it in front of the next content', () => {
    const carry = new SurrogateCarry()
    const [high, low] = ['\ud83d', '\ude00']
    expect(carry.take('ab' + high)).toBe('ab')
    expect(carry.take(low + 'cd')).toBe('😀cd')
    expect(Buffer.from(carry.take('') + carry.flush(), 'utf8')).toEqual(Buffer.alloc(0))
  })

  it('passes whole text through untouched', () => {
    const carry = new SurrogateCarry()
    expect(carry.take('plain 😀 text\n')).toBe('plain 😀 text\n')
    expect(carry.flush()).toBe('')
  })

  it('writes a lone high surrogate at the very end once, as the encoder would', () => {
    const carry = new SurrogateCarry()
    expect(carry.take('end\ud83d')).toBe('end')
    const rest = carry.flush()
    expect(rest).toBe('\ud83d')
    expect(Buffer.from(rest, 'utf8')).toEqual(Buffer.from([0xef, 0xbf, 0xbd]))
    expect(carry.flush()).toBe('')
  })

  it('holds across an answer that is only the high half', () => {
    const carry = new SurrogateCarry()
    const [high, low] = ['\ud83d', '\ude80']
    expect(carry.take(high)).toBe('')
    expect(carry.take(low)).toBe('🚀')
  })
})
