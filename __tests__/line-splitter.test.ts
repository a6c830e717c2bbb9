import { LineSplitter } from '../src/line-splitter.js'

/** The lines of a whole text, computed without the splitter: `\n` ends a line, `\r\n` too. */
function expectedLines(text: string): { lines: string[]; last: string | undefined } {
  const parts = text.split(/\r?\n/)
  const tail = parts.pop() as string
  return { lines: parts, last: tail === '' ? undefined : tail }
}

/** Feeds the chunks in order and collects every line, the flushed one last. */
function splitAll(chunks: readonly string[]): { lines: string[]; last: string | undefined } {
  const splitter = new LineSplitter()
  const lines: string[] = []
  for (const chunk of chunks) lines.push(...splitter.push(chunk))
  return { lines, last: splitter.flush() }
}

const SAMPLE =
  '[2023/12/21 15:44:18.793 GMT+08:00] [INFO] [Build: b]: This step starts.\r\n' +
  '\n' +
  'plain line\n' +
  '\r\n' +
  '编译 ok ✓\n' +
  '\u001b[1;31m[ERROR]\u001b[m boom\r\n' +
  'a\rb progress\n' +
  'Finished: SUCCESS'

describe('line-splitter', () => {
  it('splits a whole text in one chunk', () => {
    expect(splitAll([SAMPLE])).toEqual(expectedLines(SAMPLE))
  })

  it('gives the same lines for every split of the text into two chunks', () => {
    const expected = expectedLines(SAMPLE)
    for (let i = 0; i <= SAMPLE.length; i++) {
      expect(splitAll([SAMPLE.slice(0, i), SAMPLE.slice(i)])).toEqual(expected)
    }
  })

  it('gives the same lines for every split of the text into three chunks', () => {
    const expected = expectedLines(SAMPLE)
    for (let i = 0; i <= SAMPLE.length; i++) {
      for (let j = i; j <= SAMPLE.length; j++) {
        const result = splitAll([SAMPLE.slice(0, i), SAMPLE.slice(i, j), SAMPLE.slice(j)])
        if (JSON.stringify(result) !== JSON.stringify(expected)) {
          // Name the failing split points rather than only the difference.
          expect({ i, j, result }).toEqual({ i, j, result: expected })
        }
      }
    }
  })

  it('gives the same lines one character at a time', () => {
    expect(splitAll([...SAMPLE])).toEqual(expectedLines(SAMPLE))
  })

  it.each([
    ['between \\r and \\n', ['one\r', '\ntwo\n'], ['one', 'two']],
    ['with the \\r alone in a chunk', ['one', '\r', '\n'], ['one']],
    ['with \\r\\n alone in a chunk', ['one', '\r\n', 'two', '\r\n'], ['one', 'two']]
  ])('drops the \\r of a CRLF split %s', (_label, chunks, lines) => {
    expect(splitAll(chunks)).toEqual({ lines, last: undefined })
  })

  it('keeps a \\r that does not end a line', () => {
    expect(splitAll(['10%\r20%\r', '30%\n'])).toEqual({ lines: ['10%\r20%\r30%'], last: undefined })
  })

  it.each([
    ['one empty line', ['\n'], ['']],
    ['empty lines in a row', ['\n\n\n'], ['', '', '']],
    ['empty lines across chunks', ['a\n', '\n', '\nb\n'], ['a', '', '', 'b']],
    ['an empty CRLF line', ['\r\n'], ['']]
  ])('returns %s', (_label, chunks, lines) => {
    expect(splitAll(chunks)).toEqual({ lines, last: undefined })
  })

  it('returns nothing for empty chunks', () => {
    const splitter = new LineSplitter()
    expect(splitter.push('')).toEqual([])
    expect(splitter.push('')).toEqual([])
    expect(splitter.flush()).toBeUndefined()
  })

  it('holds back a partial line until its end arrives', () => {
    const splitter = new LineSplitter()
    expect(splitter.push('Buil')).toEqual([])
    expect(splitter.push('ding ')).toEqual([])
    expect(splitter.push('jar\nnext')).toEqual(['Building jar'])
    expect(splitter.push(' line\n')).toEqual(['next line'])
  })

  it('gives the unterminated last line through flush, once', () => {
    const splitter = new LineSplitter()
    expect(splitter.push('done\nFinished: ')).toEqual(['done'])
    expect(splitter.push('FAILURE')).toEqual([])
    expect(splitter.flush()).toBe('Finished: FAILURE')
    expect(splitter.flush()).toBeUndefined()
  })

  it('drops a trailing \\r from the flushed line', () => {
    const splitter = new LineSplitter()
    splitter.push('last\r')
    expect(splitter.flush()).toBe('last')
  })

  it('starts afresh after a flush', () => {
    const splitter = new LineSplitter()
    splitter.push('old')
    splitter.flush()
    expect(splitter.push('new\n')).toEqual(['new'])
  })

  it('joins a 5 MiB line delivered in 10,000 pieces in linear time', () => {
    const pieces = 10_000
    const piece = 'x'.repeat(Math.ceil((5 * 1024 * 1024) / pieces))
    const splitter = new LineSplitter()
    const started = performance.now()
    let linesTooEarly = 0
    for (let i = 0; i < pieces; i++) linesTooEarly += splitter.push(piece).length
    const lines = splitter.push('!\nnext')
    const elapsedMs = performance.now() - started
    expect(linesTooEarly).toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0].length).toBe(piece.length * pieces + 1)
    expect(lines[0].endsWith('x!')).toBe(true)
    expect(splitter.flush()).toBe('next')
    // Re-reading the pending text for each piece would scan about 26 GB.
    expect(elapsedMs).toBeLessThan(1000)
  })
})
