import { describe, expect, it } from '@jest/globals'
import { parseRunnerOutput } from '../../../simulator/runner-view.js'

/** stdout as the runner receives it: one `\n`-terminated line each. */
const stdout = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('')

const texts = (output: string, options?: Parameters<typeof parseRunnerOutput>[1]): string[] =>
  parseRunnerOutput(output, options).lines.map((line) => line.text)

const TOKEN = 'f3a9c2e1b7d4'

describe('stop-commands', () => {
  it.each([
    ['::TOKEN::', `::${TOKEN}::`],
    ['##[TOKEN]', `##[${TOKEN}]`],
    ['an upper-case token', `::${TOKEN.toUpperCase()}::`],
    ['indentation', `  ::${TOKEN}::`],
    ['##[TOKEN] inside a line', `text ##[${TOKEN}] text`],
    ['properties and data', `::${TOKEN} a=b::ignored`]
  ])('resumes with %s', (_name, resume) => {
    const view = parseRunnerOutput(
      stdout(`::stop-commands::${TOKEN}`, '::warning::fenced', resume, '::warning::live')
    )
    expect(view.commands.map((command) => command.name)).toEqual([
      'stop-commands',
      TOKEN,
      'warning'
    ])
    expect(view.annotations).toEqual([{ level: 'warning', message: 'live', properties: {} }])
    expect(view.fenceOpenAtEnd).toBe(false)
  })

  it.each([
    '::error::x',
    '::add-mask::secret',
    '::group::g',
    '::endgroup::',
    '::set-output name=o::v',
    '::stop-commands::other-token',
    '##[warning]legacy',
    'text ##[error]legacy',
    '::ERROR::upper',
    '::nottoken::',
    `::${TOKEN}x::`,
    `::error::##[${TOKEN}]`
  ])('keeps %j inside a fence as plain text', (line) => {
    const view = parseRunnerOutput(stdout(`::stop-commands::${TOKEN}`, line))
    expect(view.commands.map((command) => command.name)).toEqual(['stop-commands'])
    // The token is a registered secret by now, so it shows as *** wherever it occurs.
    expect(view.lines.at(-1)).toMatchObject({
      text: line.split(TOKEN).join('***'),
      fromRunner: false
    })
    expect(view).toMatchObject({ annotations: [], masks: [TOKEN], outputs: {}, groups: [] })
    expect(view.fenceOpenAtEnd).toBe(true)
  })

  it('shows the fence lines, with a long token masked', () => {
    expect(texts(stdout(`::stop-commands::${TOKEN}`, 'remote', `::${TOKEN}::`))).toEqual([
      '::stop-commands::***',
      'remote',
      '::***::'
    ])
  })

  it('does not mask a token of six characters or fewer', () => {
    const view = parseRunnerOutput(stdout('::stop-commands::abc123', '::abc123::'))
    expect(view.masks).toEqual([])
    expect(view.lines.map((line) => line.text)).toEqual(['::stop-commands::abc123', '::abc123::'])
  })

  it('stops resuming once the token has been used', () => {
    const view = parseRunnerOutput(
      stdout(`::stop-commands::${TOKEN}`, `::${TOKEN}::`, `::${TOKEN}::`)
    )
    expect(view.commands).toHaveLength(2)
    expect(view.lines.at(-1)?.text).toBe('::***::')
  })

  it.each([
    ['empty', ''],
    ['a command name', 'warning'],
    ['a command name in capitals', 'GROUP'],
    ['pause-logging', 'Pause-Logging']
  ])('fails the step on a %s token', (_name, token) => {
    const view = parseRunnerOutput(stdout(`::stop-commands::${token}`, 'after', '::warning::x'))
    expect(view.failures).toEqual([expect.objectContaining({ lineIndex: 0, fatal: true })])
    expect(view.commands).toEqual([])
    expect(view.lines).toEqual([])
    expect(view.fenceOpenAtEnd).toBe(false)
  })

  it('accepts a guessable token when opted in, which unregisters that command on resume', () => {
    const view = parseRunnerOutput(
      stdout('::stop-commands::group', '::warning::fenced', '::group::', '::group::late'),
      { allowUnsecureStopCommandTokens: true }
    )
    expect(view.commands.map((command) => command.name)).toEqual(['stop-commands', 'group'])
    expect(view.lines.at(-1)?.text).toBe('::group::late')
  })
})

describe('add-mask', () => {
  it('masks a secret in later text, annotations and command lines, but not earlier text', () => {
    const view = parseRunnerOutput(
      stdout(
        'before hunter2',
        '::add-mask::hunter2',
        'after hunter2 and hunter2hunter2',
        '::error title=hunter2::failed with hunter2',
        '::group::hunter2 group'
      )
    )
    expect(view.masks).toEqual(['hunter2'])
    expect(view.lines.map((line) => line.text)).toEqual([
      'before hunter2',
      'after *** and ***',
      '##[error]failed with ***',
      '##[group]*** group'
    ])
    expect(view.annotations[0].message).toBe('failed with ***')
    expect(view.groups[0].title).toBe('*** group')
  })

  it('merges overlapping secrets into one ***', () => {
    const view = parseRunnerOutput(stdout('::add-mask::abcd', '::add-mask::cdef', 'xabcdefx'))
    expect(view.lines.map((line) => line.text)).toEqual(['x***x'])
  })

  it('masks a multi-line value whole and line by line', () => {
    const view = parseRunnerOutput(stdout('::add-mask::one%0A two %0D%0Athree', 'one two three'))
    expect(view.masks).toEqual(['one\n two \r\nthree', 'one', 'two', 'three'])
    expect(view.lines.at(-1)?.text).toBe('*** *** ***')
  })

  it('warns about an empty value', () => {
    const view = parseRunnerOutput(stdout('::add-mask::  '))
    expect(view.masks).toEqual([])
    expect(view.annotations).toEqual([expect.objectContaining({ level: 'warning' })])
  })

  it('echoes the command with the value masked when echo is on', () => {
    expect(texts(stdout('::add-mask::hunter2'), { echo: true })).toEqual(['::add-mask::***'])
  })
})

describe('groups', () => {
  it('puts lines in the open group and closes it', () => {
    const view = parseRunnerOutput(
      stdout('outside', '::group::Build', 'compiling', 'linking', '::endgroup::', 'after')
    )
    expect(view.groups).toEqual([{ title: 'Build', lines: ['compiling', 'linking'] }])
    expect(view.lines.map((line) => [line.text, line.group])).toEqual([
      ['outside', null],
      ['##[group]Build', 'Build'],
      ['compiling', 'Build'],
      ['linking', 'Build'],
      ['##[endgroup]', 'Build'],
      ['after', null]
    ])
    expect(view.nestingViolations).toBe(0)
  })

  it('ends the open group when another opens, and counts it', () => {
    const view = parseRunnerOutput(
      stdout('::group::outer', 'a', '::group::inner', 'b', '::endgroup::', 'c', '::endgroup::')
    )
    expect(view.groups).toEqual([
      { title: 'outer', lines: ['a'] },
      { title: 'inner', lines: ['b'] }
    ])
    expect(view.lines.find((line) => line.text === 'c')?.group).toBeNull()
    expect(view.nestingViolations).toBe(1)
  })

  it('ignores an endgroup with no open group', () => {
    const view = parseRunnerOutput(stdout('::endgroup::', 'x'))
    expect(view.nestingViolations).toBe(0)
    expect(view.lines.map((line) => line.group)).toEqual([null, null])
  })

  it('lets fenced text fake a group on the log page', () => {
    const view = parseRunnerOutput(
      stdout(
        '::group::real',
        `::stop-commands::${TOKEN}`,
        '##[group]fake',
        'remote',
        `::${TOKEN}::`,
        '::endgroup::'
      )
    )
    expect(view.commands.map((command) => command.name)).toEqual([
      'group',
      'stop-commands',
      TOKEN,
      'endgroup'
    ])
    expect(view.groups.map((group) => group.title)).toEqual(['real', 'fake'])
    expect(view.nestingViolations).toBe(1)
    expect(view.renderedMarkup).toEqual([{ lineIndex: 2, text: '##[group]fake' }])
  })
})

describe('annotations', () => {
  it.each([
    [
      'error',
      '::error file=a.ts,line=1,endLine=2,title=T::msg',
      { file: 'a.ts', line: '1', endLine: '2', title: 'T' }
    ],
    ['warning', '::warning col=5,endColumn=9::msg', { col: '5', endColumn: '9' }],
    ['notice', '::notice title=Heads up::msg', { title: 'Heads up' }],
    ['error', '##[error file=a.ts]msg', { file: 'a.ts' }]
  ])('makes a level-%s annotation from %j', (level, line, properties) => {
    const view = parseRunnerOutput(stdout(line))
    expect(view.annotations).toEqual([{ level, message: 'msg', properties }])
    expect(view.lines).toEqual([
      { text: `##[${level}]msg`, group: null, lineIndex: 0, markup: level, fromRunner: true }
    ])
  })

  it('creates an annotation but no log line for an empty message', () => {
    const view = parseRunnerOutput(stdout('::warning title=T::'))
    expect(view.annotations).toHaveLength(1)
    expect(view.lines).toEqual([])
  })

  it('cuts a long message to 4096 characters', () => {
    const view = parseRunnerOutput(stdout(`::error::${'x'.repeat(5000)}`))
    expect(view.annotations[0].message).toHaveLength(4096)
  })

  it.each([
    [false, []],
    [true, ['##[debug]details']]
  ])('shows ::debug:: only with debug %s', (debug, expected) => {
    const view = parseRunnerOutput(stdout('::debug::details'), { debug })
    expect(view.commands.map((command) => command.name)).toEqual(['debug'])
    expect(view.lines.map((line) => line.text)).toEqual(expected)
  })
})

describe('outputs, state, env and paths', () => {
  it('records set-output and save-state', () => {
    const view = parseRunnerOutput(stdout('::set-output name=result::ok', '::save-state name=s::1'))
    expect(view).toMatchObject({ outputs: { result: 'ok' }, state: { s: '1' }, lines: [] })
  })

  it('fails a set-output without a name', () => {
    const view = parseRunnerOutput(stdout('::set-output::v'))
    expect(view.failures).toEqual([expect.objectContaining({ lineIndex: 0, fatal: false })])
    expect(view.annotations.map((annotation) => annotation.level)).toEqual(['error', 'error'])
  })

  it.each(['::set-env name=A::b', '::add-path::/bin'])('refuses %s by default', (line) => {
    const view = parseRunnerOutput(stdout(line))
    expect(view).toMatchObject({ env: {}, paths: [] })
    expect(view.failures).toHaveLength(1)
    expect(view.lines[0].text).toBe(`##[error]Unable to process command '${line}' successfully.`)
  })

  it('applies set-env and add-path when opted in, but never NODE_OPTIONS', () => {
    const view = parseRunnerOutput(
      stdout(
        '::set-env name=A::b',
        '::set-env name=node_options::x',
        '::add-path::/x',
        '::add-path::/y',
        '::add-path::/x'
      ),
      { allowUnsecureCommands: true }
    )
    expect(view.env).toEqual({ A: 'b' })
    expect(view.paths).toEqual(['/y', '/x'])
    expect(view.annotations).toEqual([expect.objectContaining({ level: 'error' })])
  })
})

describe('echo', () => {
  it('echoes commands between ::echo::on and ::echo::off', () => {
    expect(
      texts(
        stdout(
          '::echo::on',
          '::set-output name=o::v',
          '::warning::w',
          '::echo::off',
          '::save-state name=s::v'
        )
      )
    ).toEqual(['::set-output name=o::v', '##[warning]w', '::echo::off'])
  })

  it('fails on an invalid echo value', () => {
    expect(parseRunnerOutput(stdout('::echo::maybe')).failures).toHaveLength(1)
  })
})

describe('renderedMarkup', () => {
  it.each([
    '##[group]x',
    '##[endgroup]',
    '##[error]x',
    '##[warning]x',
    '##[notice]x',
    '##[debug]x',
    '##[command]x',
    '##[section]x',
    '##[Error]x'
  ])('reports fenced %j', (line) => {
    const view = parseRunnerOutput(stdout(`::stop-commands::${TOKEN}`, line))
    expect(view.renderedMarkup).toEqual([{ lineIndex: 1, text: line }])
  })

  it('reports a tag smuggled onto a second line through an escaped line break', () => {
    const view = parseRunnerOutput(stdout('::group::title%0A##[error]fake'))
    expect(view.renderedMarkup).toEqual([{ lineIndex: 0, text: '##[error]fake' }])
  })

  it.each(['text ##[group]x', ' ##[section]x', '##[nope]x', '#[group]x'])(
    'does not report %j',
    (line) => {
      const view = parseRunnerOutput(stdout(`::stop-commands::${TOKEN}`, line))
      expect(view.renderedMarkup).toEqual([])
    }
  )

  it('does not report the tags the runner writes for executed commands', () => {
    const view = parseRunnerOutput(
      stdout('::group::g', '::error::e', '::warning::w', '::notice::n', '::endgroup::')
    )
    expect(view.renderedMarkup).toEqual([])
    expect(view.lines.every((line) => line.fromRunner)).toBe(true)
  })
})

describe('possibleCommands', () => {
  it.each([
    ['a soft hyphen between the colons', '::error:\u00AD:x'],
    ['a zero-width joiner in the name', '::err\u200Dor::x'],
    ['an escape character in ##[', '#\u001B#[warning]x']
  ])('flags %s', (_name, line) => {
    const view = parseRunnerOutput(stdout(line))
    expect(view.commands).toEqual([])
    expect(view.possibleCommands).toEqual([expect.objectContaining({ lineIndex: 0, text: line })])
  })

  it('does not flag plain text, or a near-command inside a fence', () => {
    const view = parseRunnerOutput(
      stdout('plain \u00AD text', `::stop-commands::${TOKEN}`, '::error:\u00AD:x')
    )
    expect(view.possibleCommands).toEqual([])
  })
})
