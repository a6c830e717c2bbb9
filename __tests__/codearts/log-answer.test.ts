import { describe, expect, it } from '@jest/globals'
import { PIECE_BYTES, safeCut, splitLogAnswer } from '../../src/codearts/log-answer.js'

/** JSON with every non-ASCII character as \uXXXX, as ASCII-safe JSON writers send it. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

function answer(content: string, encode: (value: unknown) => string = JSON.stringify): Buffer {
  return Buffer.from(
    encode({
      result: { has_more_data: true, offset: 1234, content, current_offset: '1000' },
      error: null,
      status: 'success'
    })
  )
}

/** A log with everything a cut could split: multi-byte text, emoji, escapes of every kind. */
function awkwardLog(bytes: number): string {
  const parts = [
    '构建成功 ',
    '😀',
    '\n',
    '"',
    '\\',
    '\t',
    '\u0001',
    'é',
    'x'.repeat(7),
    '\r\n',
    '🚀🚀'
  ]
  let text = ''
  for (let i = 0; Buffer.byteLength(text) < bytes; i++) text += parts[(i * 7) % parts.length]
  return text
}

describe('splitLogAnswer', () => {
  it.each([
    ['raw UTF-8', JSON.stringify],
    ['ASCII-safe \\u escapes', asciiJson]
  ])('gives back the content exactly, in pieces, with %s', (_, encode) => {
    const content = awkwardLog(5 * PIECE_BYTES + 123)
    const split = splitLogAnswer(answer(content, encode))
    expect(split).toBeDefined()
    const pieces = [...(split?.pieces ?? [])]
    expect(pieces.join('')).toBe(content)
    expect(pieces.length).toBeGreaterThan(5)
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(PIECE_BYTES)
      // No piece ends with half a surrogate pair.
      expect(piece.charCodeAt(piece.length - 1) & 0xfc00).not.toBe(0xd800)
    }
  })

  it('keeps the rest of the answer as it was', () => {
    const split = splitLogAnswer(answer('a\nb\n'))
    expect(split?.envelope).toEqual({
      result: { has_more_data: true, offset: 1234, content: '', current_offset: '1000' },
      error: null,
      status: 'success'
    })
  })

  it('decodes content that is not quite valid JSON leniently rather than failing half-way', () => {
    const body = Buffer.from(
      '{"result":{"offset":3,"has_more_data":false,"content":"a\u0001b\\qc\\n"}}'
    )
    const split = splitLogAnswer(body)
    expect([...(split?.pieces ?? [])].join('')).toBe('a\u0001b\\qc\n')
  })

  it('gives no pieces for empty content', () => {
    const split = splitLogAnswer(answer(''))
    expect(split?.hasContent).toBe(false)
    expect([...(split?.pieces ?? [])]).toEqual([])
  })

  it.each([
    ['an error answer', '{"error_code":"CB.00060100","error_msg":"network busy","status":"fail"}'],
    ['a stringified answer', JSON.stringify(JSON.stringify({ result: { content: 'x' } }))],
    ['a "content" key elsewhere', '{"error":{"content":"x"},"result":{"offset":1}}'],
    ['"content" inside a string', '{"error_msg":"no \\"content\\":\\"here\\"","result":{}}'],
    ['a body cut short', '{"result":{"has_more_data":true,"content":"abc'],
    ['HTML', '<html><body>Forbidden</body></html>']
  ])('leaves %s to the usual reading', (_, body) => {
    expect(splitLogAnswer(Buffer.from(body))).toBeUndefined()
  })
})

describe('safeCut', () => {
  const cutOf = (json: string, at: number): string => {
    const body = Buffer.from(json)
    return body.toString('utf8', 0, safeCut(body, 0, at))
  }

  it.each([
    ['inside a \\u escape', 'ab\\u00e9cd', 4, 'ab'],
    ['right after a complete \\u escape', 'ab\\u00e9cd', 8, 'ab\\u00e9'],
    ['between an escaped backslash pair', 'ab\\\\cd', 3, 'ab'],
    ['after an escaped backslash pair', 'ab\\\\cd', 4, 'ab\\\\'],
    ['inside an escape after a pair', 'a\\\\\\ncd', 4, 'a\\\\'],
    ['between the halves of a surrogate pair', 'a\\ud83d\\ude00b', 7, 'a'],
    ['inside the second half of a surrogate pair', 'a\\ud83d\\ude00b', 10, 'a'],
    ['after a whole surrogate pair', 'a\\ud83d\\ude00b', 13, 'a\\ud83d\\ude00'],
    ['inside a UTF-8 character', 'a构b', 2, 'a'],
    ['where nothing is split', 'abcdef', 3, 'abc']
  ])('moves a cut %s back to a safe place', (_, json, at, kept) => {
    expect(cutOf(json, at)).toBe(kept)
  })
})

describe('splitLogAnswer with another key', () => {
  it("splits the v1 route's result.log and leaves a content key elsewhere alone", () => {
    const log = awkwardLog(3 * PIECE_BYTES)
    const body = Buffer.from(
      JSON.stringify({
        result: { has_more: 'true', start_offset: '0', end_offset: '99', log, location: null },
        note: { content: 'not the log' },
        status: 'success'
      })
    )
    const split = splitLogAnswer(body, 'log')
    expect(split).toBeDefined()
    expect([...(split?.pieces ?? [])].join('')).toBe(log)
    expect(split?.envelope).toEqual({
      result: { has_more: 'true', start_offset: '0', end_offset: '99', log: '', location: null },
      note: { content: 'not the log' },
      status: 'success'
    })
    expect(splitLogAnswer(body, 'content')).toBeUndefined()
  })
})
