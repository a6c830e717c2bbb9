import { describe, expect, it } from '@jest/globals'
import { splitLogAnswer } from '../../src/codearts/log-answer.js'
import { SurrogateCarry } from '../../src/mirror/surrogate-carry.js'

const PIECE_BYTES = 16 * 1024

/** The content of an answer as bytes, joined. */
function bytesOf(split: ReturnType<typeof splitLogAnswer>): Buffer {
  return split ? Buffer.from(split.content) : Buffer.alloc(0)
}

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
  ])('gives back the content exactly, as UTF-8 bytes, with %s', (_, encode) => {
    const content = awkwardLog(5 * PIECE_BYTES + 123)
    const body = answer(content, encode)
    const split = splitLogAnswer(body, 'content')
    expect(split).toBeDefined()
    expect(bytesOf(split)).toEqual(Buffer.from(content, 'utf8'))
    // Decoded in the answer's own memory, not copied.
    expect(split?.content.buffer).toBe(body.buffer)
  })

  it('decodes surrogate pairs, lone halves and a pair cut between two answers as the file writer did', () => {
    const carry = new SurrogateCarry()
    const take = (content: string): Buffer =>
      carry.take(bytesOf(splitLogAnswer(answer(content, asciiJson))))
    const written = Buffer.concat([
      take('构建 😀 "q" \\ é \ud800 lone\n🚀\ud83d'),
      take('\ude80 tail 日本\n'),
      take('\udc00 low first'),
      carry.flush()
    ])
    const expected = Buffer.from(
      '构建 😀 "q" \\ é \ud800 lone\n🚀🚀 tail 日本\n\udc00 low first',
      'utf8'
    )
    expect(written).toEqual(expected)
    expect(written.toString()).toContain('\ufffd lone')
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
    expect(bytesOf(split).toString()).toBe('a\u0001b\\qc\n')
  })

  it('gives empty content for empty content', () => {
    const split = splitLogAnswer(answer(''))
    expect(split?.content.length).toBe(0)
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
    expect(bytesOf(split).toString()).toBe(log)
    expect(split?.envelope).toEqual({
      result: { has_more: 'true', start_offset: '0', end_offset: '99', log: '', location: null },
      note: { content: 'not the log' },
      status: 'success'
    })
    expect(splitLogAnswer(body, 'content')).toBeUndefined()
  })
})
