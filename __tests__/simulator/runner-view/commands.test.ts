import { describe, expect, it } from '@jest/globals'
import { parseRunnerOutput } from '../../../simulator/runner-view.js'

/** stdout as the runner receives it: one `\n`-terminated line each. */
const stdout = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('')

const texts = (output: string, options?: Parameters<typeof parseRunnerOutput>[1]): string[] =>
  parseRunnerOutput(output, options).lines.map((line) => line.text)

describe('line splitting', () => {
  it.each([
    ['\\n', 'a\nb\n', ['a', 'b']],
    ['\\r\\n', 'a\r\nb\r\n', ['a', 'b']],
    ['a lone \\r', 'a\rb', ['a', 'b']],
    ['\\r\\r as two breaks', 'a\r\rb', ['a', '', 'b']],
    ['an unterminated last line', 'a\nb', ['a', 'b']],
    ['empty lines', '\n\n', ['', '']],
    ['empty output', '', []],
    ['a byte order mark at the start', '\uFEFFa\n', ['a']]
  ])('splits on %s', (_name, output, expected) => {
    expect(texts(output)).toEqual(expected)
  })

  it('executes a command hidden after a lone \\r', () => {
    const view = parseRunnerOutput('progress 10%\r::error::injected\n')
    expect(view.commands.map((command) => command.name)).toEqual(['error'])
    expect(view.commands[0].lineIndex).toBe(1)
  })
})

describe('command syntax', () => {
  it.each([
    ['::name::data', '::warning::hello', 'warning', 'hello'],
    ['leading spaces', '   ::warning::hello', 'warning', 'hello'],
    ['a leading tab', '\t::warning::hello', 'warning', 'hello'],
    ['a leading U+0085 (whitespace to .NET)', '\u0085::warning::hello', 'warning', 'hello'],
    ['an upper-case name', '::WARNING::hello', 'warning', 'hello'],
    ['a mixed-case name', '::WaRnInG::hello', 'warning', 'hello'],
    ['##[name]data', '##[warning]hello', 'warning', 'hello'],
    ['##[ inside the line', 'prefix text ##[warning]hello', 'warning', 'hello'],
    ['an upper-case ##[ name', '##[WARNING]hello', 'warning', 'hello'],
    ['empty data', '::warning::', 'warning', ''],
    ['data holding ::', '::warning::a::b', 'warning', 'a::b'],
    ['a ##[ command after an unknown :: one', '::nope::##[warning]hello', 'warning', 'hello']
  ])('executes %s', (_name, line, name, data) => {
    const view = parseRunnerOutput(stdout(line))
    expect(view.commands).toEqual([
      expect.objectContaining({ name, data, lineIndex: 0, properties: {} })
    ])
  })

  it.each([
    ['an unregistered name', '::nope::hello'],
    ['no closing ::', '::warning hello'],
    ['text before ::', 'x ::warning::hello'],
    ['a leading U+FEFF (not whitespace to .NET)', 'a\n\uFEFF::warning::hello'],
    ['a space before the name', ':: warning::hello'],
    ['no ] after ##[', '##[warning hello'],
    ['an unregistered ##[ name', '##[nope]hello'],
    ['only the first ##[ counts', '##[nope] ##[warning]hello'],
    ['a third leading colon', ':::warning::hello'],
    ['a registered name with a suffix', '::warnings::hello']
  ])('leaves %s as text', (_name, text) => {
    const view = parseRunnerOutput(stdout(text))
    expect(view.commands).toEqual([])
    expect(view.annotations).toEqual([])
    expect(view.lines.map((line) => line.text)).toEqual(text.split('\n'))
  })

  it('parses properties of both syntaxes', () => {
    const view = parseRunnerOutput(
      stdout(
        '::error file=src/a.ts,line=3,col=7,title=Build failed::message',
        '##[error file=src/b.ts;line=4]legacy message'
      )
    )
    expect(view.commands.map((command) => command.properties)).toEqual([
      { file: 'src/a.ts', line: '3', col: '7', title: 'Build failed' },
      { file: 'src/b.ts', line: '4' }
    ])
    expect(view.commands.map((command) => command.syntax)).toEqual(['::', '##['])
  })

  it('treats property keys case-insensitively, keeping the first spelling', () => {
    const view = parseRunnerOutput(stdout('::set-output NAME=first,name=second::v'))
    expect(view.commands[0].properties).toEqual({ NAME: 'second' })
    expect(view.outputs).toEqual({ second: 'v' })
  })

  it('drops properties without a key or value', () => {
    const view = parseRunnerOutput(stdout('::error =x,y=,,z,title=T::m'))
    expect(view.commands[0].properties).toEqual({ title: 'T' })
  })
})

describe('unescaping', () => {
  it.each([
    ['%25', 'a%25b', 'a%b'],
    ['%0D', 'a%0Db', 'a\rb'],
    ['%0A', 'a%0Ab', 'a\nb'],
    ['%25 before 0A', '100%250A', '100%0A'],
    ['%3A left alone in data', 'a%3Ab', 'a%3Ab'],
    ['%2C left alone in data', 'a%2Cb', 'a%2Cb']
  ])('unescapes %s in data', (_name, escaped, data) => {
    expect(parseRunnerOutput(stdout(`::warning::${escaped}`)).commands[0].data).toBe(data)
  })

  it.each([
    ['%3A', 'a%3Ab', 'a:b'],
    ['%2C', 'a%2Cb', 'a,b'],
    ['%0A', 'a%0Ab', 'a\nb'],
    ['%25', 'a%25b', 'a%b']
  ])('unescapes %s in properties', (_name, escaped, value) => {
    const view = parseRunnerOutput(stdout(`::warning title=${escaped}::m`))
    expect(view.commands[0].properties.title).toBe(value)
  })

  it('unescapes %3B and %5D in the ##[ form', () => {
    const view = parseRunnerOutput(stdout('##[warning title=a%3Bb%5D]x%5Dy'))
    expect(view.commands[0]).toMatchObject({ properties: { title: 'a;b]' }, data: 'x]y' })
  })

  it('shows a message with an escaped line break as two log lines', () => {
    expect(texts(stdout('::error::first%0Asecond'))).toEqual(['##[error]first', 'second'])
  })
})
