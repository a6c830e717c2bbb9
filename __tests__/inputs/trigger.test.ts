import { describe, expect, it } from '@jest/globals'
import { parseParameters, parseScmSelection } from '../../src/inputs/trigger.js'
import { inputError } from '../support/input-fixtures.js'

describe('parseParameters', () => {
  it('reads NAME=value lines, skipping blank lines and comments', () => {
    const text = [
      '# build parameters',
      'VERSION=1.2.3',
      '',
      '  ENV = staging',
      'URL=https://example.com/?a=1&b=2',
      'EMPTY=',
      '   # indented comment',
      'lower_case_1=x'
    ].join('\r\n')
    expect(parseParameters(text)).toEqual([
      { name: 'VERSION', value: '1.2.3' },
      { name: 'ENV', value: ' staging' },
      { name: 'URL', value: 'https://example.com/?a=1&b=2' },
      { name: 'EMPTY', value: '' },
      { name: 'lower_case_1', value: 'x' }
    ])
  })

  it('reads nothing from an empty input', () => {
    expect(parseParameters('')).toEqual([])
    expect(parseParameters('\n\n# only a comment\n')).toEqual([])
  })

  it('accepts a value of 8192 characters', () => {
    expect(parseParameters(`BIG=${'v'.repeat(8192)}`)[0].value).toHaveLength(8192)
  })

  it.each([
    ['a line without =', 'VERSION=1\nSECRET_LOOKING_LINE', 2, /NAME=value/],
    ['a name with a dash', 'MY-NAME=SECRET_LOOKING_VALUE', 1, /letters, digits/],
    ['an empty name', '=SECRET_LOOKING_VALUE', 1, /letters, digits/],
    ['a name of 129 characters', `${'N'.repeat(129)}=SECRET_LOOKING_VALUE`, 1, /at most 128/],
    ['the reserved name PATH', 'PATH=SECRET_LOOKING_VALUE', 1, /reserved/],
    ['a reserved name in lower case', '\nld_preload=SECRET_LOOKING_VALUE', 2, /reserved/],
    ['a name given twice', 'A=1\nB=2\nA=SECRET_LOOKING_VALUE', 3, /twice/],
    ['a value of 8193 characters', `BIG=SECRET_LOOKING_VALUE${'v'.repeat(8193)}`, 1, /8192/]
  ])('refuses %s, naming the line, without quoting a value', (_label, text, line, advice) => {
    const message = inputError(() => parseParameters(text), 'parameters', advice)
    expect(message).toContain(`line ${line}`)
    expect(message).not.toContain('SECRET_LOOKING')
  })
})

describe('parseScmSelection', () => {
  it.each([
    ['nothing', ['', '', ''], undefined],
    ['a branch', ['release/1.x', '', ''], { build_type: 'branch', branch: 'release/1.x' }],
    ['a tag', ['', 'v1.2.3', ''], { build_type: 'tag', build_tag: 'v1.2.3' }],
    ['a commit', ['', '', 'a1b2c3d'], { build_type: 'commitId', build_commit_id: 'a1b2c3d' }],
    [
      'a commit on a branch',
      ['main', '', 'A1B2C3D4E5F6a7b8c9d0e1f2a3b4c5d6e7f8a9b0'],
      {
        build_type: 'commitId',
        build_commit_id: 'A1B2C3D4E5F6a7b8c9d0e1f2a3b4c5d6e7f8a9b0',
        branch: 'main'
      }
    ]
  ])('selects %s', (_label, [branch, tag, commit], expected) => {
    expect(parseScmSelection(branch, tag, commit)).toEqual(expected)
  })

  it.each([
    ['a tag and a branch', ['main', 'v1', ''], 'tag'],
    ['a tag and a commit', ['', 'v1', 'a1b2c3d'], 'tag'],
    ['a commit of 6 digits', ['', '', 'a1b2c3'], 'commit'],
    ['a commit of 65 digits', ['', '', 'a'.repeat(65)], 'commit'],
    ['a commit that is not hexadecimal', ['', '', 'main~1x'], 'commit'],
    ['a branch with a space', ['my branch', '', ''], 'branch'],
    ['a branch with ..', ['a..b', '', ''], 'branch'],
    ['a branch with ~', ['main~1', '', ''], 'branch'],
    ['a branch with ^', ['main^', '', ''], 'branch'],
    ['a branch with :', ['a:b', '', ''], 'branch'],
    ['a branch with ?', ['a?', '', ''], 'branch'],
    ['a branch with *', ['feature/*', '', ''], 'branch'],
    ['a branch with [', ['a[1]', '', ''], 'branch'],
    ['a branch with a backslash', ['a\\b', '', ''], 'branch'],
    ['a branch with @{', ['main@{1}', '', ''], 'branch'],
    ['a branch with a newline', ['main\nx', '', ''], 'branch'],
    ['a tag with a space', ['', 'v 1', ''], 'tag']
  ])('refuses %s', (_label, [branch, tag, commit], inputName) => {
    inputError(() => parseScmSelection(branch, tag, commit), inputName, /Expected|give either/)
  })
})
