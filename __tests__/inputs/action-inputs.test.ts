import * as os from 'node:os'
import * as path from 'node:path'
import { parseCredentials, parseToken, secretValues } from '../../src/inputs/credentials.js'
import {
  InputError,
  type ActionEnvironment,
  type RunnerPaths
} from '../../src/inputs/input-error.js'
import {
  INPUT_DEFAULTS,
  MAX_BUILD_NO,
  parseBoolean,
  parseBuildNo,
  parseEndpoint,
  parseJobId,
  parsePollIntervalMs,
  parseRegion,
  parseTimeoutMs,
  readInputs,
  resolveLogFile
} from '../../src/inputs/action-inputs.js'
import { parseParameters, parseScmSelection } from '../../src/inputs/trigger.js'
import { mapAt, readActionYml, scalarAt } from '../support/action-metadata.js'
import {
  BOOLEAN_SPELLINGS_TEXT,
  FALSE_SPELLINGS,
  TRUE_SPELLINGS
} from '../../src/inputs/boolean-input.js'

const JOB_ID = '0123456789abcdef0123456789abcdef'
const TOKEN = 'MIIexampleTOKENvalue-1234567890'
const ACCESS_KEY = 'HPUAEXAMPLEACCESSKEY'
const SECRET_KEY = 'sEcReTkEy-example-0123456789abcdefGHIJ'
const PROJECT_ID = 'fedcba9876543210fedcba9876543210'
const PATHS: RunnerPaths = {
  RUNNER_TEMP: path.resolve('/runner/_temp'),
  GITHUB_WORKSPACE: path.resolve('/runner/work/repo')
}
/** The largest delay a Node.js timer can wait; longer ones fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** The inputs declared in action.yml. */
interface DeclaredInput {
  readonly required: boolean
  readonly default: string | undefined
}

function declaredInputs(): Map<string, DeclaredInput> {
  const inputs = mapAt(readActionYml(), 'inputs')
  return new Map(
    Object.keys(inputs).map((name) => [
      name,
      {
        required: scalarAt(mapAt(inputs, name), 'required')?.value === 'true',
        default: scalarAt(mapAt(inputs, name), 'default')?.value
      }
    ])
  )
}

function reader(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? ''
}

const REQUIRED_ONLY = { 'job-id': JOB_ID, 'build-no': '7', token: TOKEN }
/** No environment variables besides the inputs. */
const NO_ENV: ActionEnvironment = {}

/**
 * Runs `fn`, expects an InputError naming the input in quotes and saying what to do, and
 * returns its message.
 */
function inputError(
  fn: () => unknown,
  inputName: string,
  advice: RegExp = /Expected|Set it to|Pass /
): string {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(InputError)
  const message = (thrown as InputError).message
  expect((thrown as InputError).name).toBe('InputError')
  expect(message).toContain(`'${inputName}'`)
  expect(message).toMatch(advice)
  return message
}

describe('inputs', () => {
  describe('parseJobId', () => {
    it.each([JOB_ID, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'])(
      'accepts %s',
      (value) => {
        expect(parseJobId(value)).toBe(value)
      }
    )

    it.each([
      ['a path walk', '../x'],
      ['a path walk of the right length', '../' + JOB_ID.slice(3)],
      ['a slash', 'a/b'],
      ['a slash of the right length', JOB_ID.slice(0, 16) + '/' + JOB_ID.slice(17)],
      ['a backslash', JOB_ID.slice(0, 31) + '\\'],
      ['a query', JOB_ID.slice(0, 31) + '?'],
      ['a parameter separator', JOB_ID.slice(0, 31) + '&'],
      ['a fragment', JOB_ID.slice(0, 31) + '#'],
      ['a percent escape', JOB_ID.slice(0, 29) + '%2F'],
      ['31 characters', JOB_ID.slice(0, 31)],
      ['33 characters', JOB_ID + 'a'],
      ['a trailing newline', JOB_ID + '\n'],
      ['a space inside', JOB_ID.slice(0, 16) + ' ' + JOB_ID.slice(17)],
      ['a non-ASCII letter', JOB_ID.slice(0, 31) + 'é'],
      ['a full-width digit', JOB_ID.slice(0, 31) + '１'],
      ['nothing', '']
    ])('refuses %s', (_label, value) => {
      const message = inputError(() => parseJobId(value), 'job-id')
      expect(message).toContain(`'${value}'`)
      expect(message).toMatch(/32 letters and digits/)
    })
  })

  describe('parseBuildNo', () => {
    it.each([
      ['1', 1],
      ['42', 42],
      [String(MAX_BUILD_NO), 2147483647]
    ])('accepts %s', (value, expected) => {
      expect(parseBuildNo(value)).toBe(expected)
    })

    it.each(['0', '-1', '1.5', 'abc', '2147483648', '99999999999', '1e3', '+7', '0x10', ' 7 ', ''])(
      'refuses %j',
      (value) => {
        const message = inputError(() => parseBuildNo(value), 'build-no')
        expect(message).toContain(`'${value}'`)
        expect(message).toContain('whole number')
        expect(message).toContain(String(MAX_BUILD_NO))
      }
    )
  })

  describe('parseToken', () => {
    it('returns a token as given', () => {
      expect(parseToken(TOKEN)).toBe(TOKEN)
    })

    it.each([
      ['a newline', `${TOKEN}\nsecond-line`],
      ['a carriage return', `${TOKEN}\r\nsecond-line`],
      ['a space', `${TOKEN} second-part`],
      ['a tab', `${TOKEN}\tsecond-part`],
      ['a NUL', `${TOKEN}\u0000second-part`],
      ['a DEL', `${TOKEN}\u007fsecond-part`]
    ])('refuses a token with %s without quoting it', (_label, value) => {
      const message = inputError(() => parseToken(value), 'token')
      expect(message).not.toContain(TOKEN)
      expect(message).not.toContain('second')
    })
  })

  describe('parseRegion', () => {
    it.each(['cn-north-4', 'ap-southeast-3', 'la-south-2', 'eu-west-101'])(
      'accepts %s',
      (value) => {
        expect(parseRegion(value)).toBe(value)
      }
    )

    it.each(['CN-NORTH-4', 'cn-north-4.evil.example.com', 'cn_north_4', 'cn-north', 'north-4', ''])(
      'refuses %j',
      (value) => {
        const message = inputError(() => parseRegion(value), 'region')
        expect(message).toContain('cn-north-4')
      }
    )
  })

  describe('parseEndpoint', () => {
    it.each([
      ['https://x.example.com', 'https://x.example.com'],
      ['https://x.example.com/', 'https://x.example.com'],
      ['https://x.example.com//', 'https://x.example.com'],
      ['https://x.example.com/api/', 'https://x.example.com/api'],
      ['https://x.example.com:8443', 'https://x.example.com:8443'],
      ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
      ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
      ['http://localhost', 'http://localhost'],
      ['http://[::1]:9', 'http://[::1]:9']
    ])('accepts %s as %s', (value, expected) => {
      expect(parseEndpoint(value, 'cn-north-4')).toBe(expected)
    })

    it.each(['cn-north-4', 'ap-southeast-3'])('defaults to the host of region %s', (region) => {
      expect(parseEndpoint('', region)).toBe(`https://cloudbuild-ext.${region}.myhuaweicloud.com`)
    })

    it.each([
      ['not a URL', 'not a URL', /absolute URL/],
      ['a bare host', 'x.example.com', /absolute URL/],
      ['plain http to another host', 'http://example.com', /https:\/\//],
      ['plain http to a host named like loopback', 'http://127.0.0.1.example.com', /https:\/\//],
      ['another scheme', 'ftp://x.example.com', /https:\/\//],
      ['credentials', 'https://user:pass@x.example.com', /without credentials/],
      ['a user name', 'https://user@x.example.com', /without credentials/],
      ['a query', 'https://x.example.com/?a=1', /query/],
      ['a fragment', 'https://x.example.com/#top', /fragment/]
    ])('refuses %s', (_label, value, expected) => {
      const message = inputError(() => parseEndpoint(value, 'cn-north-4'), 'endpoint')
      expect(message).toMatch(expected)
      expect(message).not.toContain('pass@') // a password is never quoted
    })

    // An empty query or fragment must not survive either: every API path appended to the base
    // would land in the query or fragment instead of the path.
    it.each(['https://x.example.com/?', 'https://x.example.com#', 'https://x.example.com/api?#'])(
      'refuses %s or returns a base that API paths can be appended to',
      (value) => {
        let endpoint: string
        try {
          endpoint = parseEndpoint(value, 'cn-north-4')
        } catch (error) {
          expect(error).toBeInstanceOf(InputError)
          return
        }
        const url = new URL(`${endpoint}/v1/job/${JOB_ID}/7/build-info`)
        expect(url.pathname.endsWith(`/v1/job/${JOB_ID}/7/build-info`)).toBe(true)
        expect(url.search).toBe('')
        expect(url.hash).toBe('')
      }
    )
  })

  describe('parsePollIntervalMs', () => {
    it.each([
      ['2', 2000],
      ['0.5', 500],
      ['.25', 250],
      ['300', 300_000]
    ])('reads %s seconds as %d ms', (value, expected) => {
      expect(parsePollIntervalMs(value)).toBe(expected)
    })

    it.each(['0', '0.0', '-1', 'abc', '', '1e3', '2s', '301', '300.5'])('refuses %j', (value) => {
      const message = inputError(() => parsePollIntervalMs(value), 'poll-interval')
      expect(message).toContain(`'${value}'`)
      expect(message).toMatch(/seconds/)
    })

    it('names the upper limit when the interval is too long', () => {
      expect(inputError(() => parsePollIntervalMs('301'), 'poll-interval')).toContain('300')
    })
  })

  describe('parseTimeoutMs', () => {
    it.each([
      ['0', 0],
      ['1.5', 90_000],
      ['60', 3_600_000],
      ['.5', 30_000]
    ])('reads %s minutes as %d ms', (value, expected) => {
      expect(parseTimeoutMs(value)).toBe(expected)
    })

    it.each(['-1', 'x', '', '1e2', '10m'])('refuses %j', (value) => {
      const message = inputError(() => parseTimeoutMs(value), 'timeout')
      expect(message).toContain(`'${value}'`)
      expect(message).toMatch(/minutes/)
    })

    // The follower arms a Node.js timer with timeoutMs; above 2^31-1 ms Node fires it after
    // 1 ms. A tiny positive timeout must not round to 0, which means "no limit".
    it.each(['40000', '0.000001'])(
      'keeps timeout %s within what a timer can wait, or refuses it',
      (value) => {
        let timeoutMs: number
        try {
          timeoutMs = parseTimeoutMs(value)
        } catch (error) {
          expect(error).toBeInstanceOf(InputError)
          return
        }
        expect(timeoutMs).toBeGreaterThanOrEqual(1)
        expect(timeoutMs).toBeLessThanOrEqual(MAX_TIMER_MS)
      }
    )
  })

  describe('parseBoolean', () => {
    it.each([
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['yes', true],
      ['on', true],
      ['false', false],
      ['False', false],
      ['no', false],
      ['off', false]
    ])('reads %s as %s', (value, expected) => {
      expect(parseBoolean('show-log', value)).toBe(expected)
    })

    it.each(['maybe', '1', '0', '', 'truee'])('refuses %j', (value) => {
      const message = inputError(() => parseBoolean('show-log', value), 'show-log')
      expect(message).toContain("'true' or 'false'")
    })

    it('lists every accepted spelling when refusing a value', () => {
      const message = inputError(() => parseBoolean('wait', 'sure'), 'wait')
      expect(message).toContain("'sure'")
      for (const spelling of [...TRUE_SPELLINGS, ...FALSE_SPELLINGS]) {
        expect(message).toContain(`'${spelling}'`)
      }
    })

    // One rule for every boolean-like input: each input reads the same spellings the same way.
    it.each(['true', 'True', 'TRUE', 'yes', 'On', 'false', 'False', 'FALSE', 'no', 'OFF'])(
      'reads %j the same way in show-log, trigger, wait and stop-on-cancel',
      (value) => {
        const expected = parseBoolean('show-log', value)
        const triggered = readInputs(
          reader({
            'job-id': JOB_ID,
            token: TOKEN,
            trigger: 'true',
            'show-log': value,
            wait: value,
            'stop-on-cancel': value
          }),
          NO_ENV
        )
        expect(triggered.showLog).toBe(expected)
        expect(triggered.mode).toMatchObject({ kind: 'start', follow: expected })
        expect(triggered.stopOnCancel).toBe(expected)
        const started = expected ? { 'job-id': JOB_ID, token: TOKEN } : REQUIRED_ONLY
        const followed = readInputs(reader({ ...started, trigger: value }), NO_ENV)
        expect(followed.mode.kind === 'start').toBe(expected)
      }
    )

    it.each(['show-log', 'trigger', 'wait', 'stop-on-cancel'])(
      'lists the accepted spellings when refusing a bad %s',
      (name) => {
        const message = inputError(
          () => readInputs(reader({ ...REQUIRED_ONLY, [name]: 'enabled' }), NO_ENV),
          name
        )
        expect(message).toContain("'enabled'")
        expect(message).toContain(BOOLEAN_SPELLINGS_TEXT)
      }
    )
  })

  describe('resolveLogFile', () => {
    it('defaults to a file named for the build in RUNNER_TEMP', () => {
      const file = resolveLogFile('', JOB_ID, 7, PATHS) ?? ''
      expect(path.dirname(file)).toBe(PATHS.RUNNER_TEMP)
      expect(path.basename(file)).toBe(`codearts-build-${JOB_ID}-7.log`)
    })

    it('falls back to the system temporary directory without RUNNER_TEMP', () => {
      expect(path.dirname(resolveLogFile('', JOB_ID, 7, {}) ?? '')).toBe(os.tmpdir())
    })

    it.each([
      ['build.log', ['build.log']],
      ['logs/build.log', ['logs', 'build.log']],
      ['./logs/../build.log', ['build.log']]
    ])('resolves relative %s in GITHUB_WORKSPACE', (value, segments) => {
      expect(resolveLogFile(value, JOB_ID, 7, PATHS)).toBe(
        path.join(PATHS.GITHUB_WORKSPACE as string, ...segments)
      )
    })

    it('keeps an absolute path', () => {
      const absolute = path.resolve('/var/log/codearts.log')
      expect(resolveLogFile(absolute, JOB_ID, 7, PATHS)).toBe(absolute)
    })

    describe('on a Windows runner', () => {
      const WINDOWS_PATHS: RunnerPaths = {
        RUNNER_TEMP: 'D:\\a\\_temp',
        GITHUB_WORKSPACE: 'D:\\a\\repo\\repo'
      }

      it('puts the default file in RUNNER_TEMP with a backslash', () => {
        expect(resolveLogFile('', JOB_ID, 7, WINDOWS_PATHS, 'win32')).toBe(
          `D:\\a\\_temp\\codearts-build-${JOB_ID}-7.log`
        )
      })

      it.each([
        ['build.log', 'D:\\a\\repo\\repo\\build.log'],
        ['logs/build.log', 'D:\\a\\repo\\repo\\logs\\build.log'],
        ['logs\\..\\build.log', 'D:\\a\\repo\\repo\\build.log'],
        ['C:\\logs\\build.log', 'C:\\logs\\build.log'],
        ['C:/logs/build.log', 'C:\\logs\\build.log'],
        ['e:\\build.log', 'e:\\build.log']
      ])('resolves %j to %j, drive letters kept', (value, expected) => {
        expect(resolveLogFile(value, JOB_ID, 7, WINDOWS_PATHS, 'win32')).toBe(expected)
      })

      it('accepts a drive-letter log-file input', () => {
        const inputs = readInputs(
          reader({ ...REQUIRED_ONLY, 'log-file': 'C:\\logs\\b.log' }),
          NO_ENV
        )
        expect(inputs.logFileInput).toBe('C:\\logs\\b.log')
      })
    })

    describe('on a Linux or macOS runner', () => {
      it('joins with a slash whatever the machine running the test', () => {
        const posixPaths: RunnerPaths = {
          RUNNER_TEMP: '/home/runner/work/_temp',
          GITHUB_WORKSPACE: '/home/runner/work/r/r'
        }
        expect(resolveLogFile('', JOB_ID, 7, posixPaths, 'linux')).toBe(
          `/home/runner/work/_temp/codearts-build-${JOB_ID}-7.log`
        )
        expect(resolveLogFile('logs/b.log', JOB_ID, 7, posixPaths, 'darwin')).toBe(
          '/home/runner/work/r/r/logs/b.log'
        )
      })
    })

    it('always returns an absolute path', () => {
      expect(path.isAbsolute(resolveLogFile('x.log', JOB_ID, 7, {}) ?? '')).toBe(true)
    })

    it('has no default before the build number is known, but an explicit path', () => {
      expect(resolveLogFile('', JOB_ID, undefined, PATHS)).toBeUndefined()
      expect(resolveLogFile('x.log', JOB_ID, undefined, PATHS)).toBe(
        path.join(PATHS.GITHUB_WORKSPACE as string, 'x.log')
      )
    })

    it('refuses a path with a NUL character', () => {
      inputError(
        () => readInputs(reader({ ...REQUIRED_ONLY, 'log-file': 'a\u0000b.log' }), {}),
        'log-file'
      )
    })
  })

  describe('parseCredentials', () => {
    const noEnv: ActionEnvironment = {}
    const authActionEnv: ActionEnvironment = {
      HUAWEI_CLOUD_ACCESS_KEY_ID: ACCESS_KEY,
      HUAWEI_CLOUD_SECRET_ACCESS_KEY: SECRET_KEY,
      HUAWEI_CLOUD_PROJECT_ID: PROJECT_ID,
      HUAWEI_CLOUD_REGION: 'ap-southeast-3'
    }

    it('uses the token input', () => {
      expect(parseCredentials(reader({ token: ` ${TOKEN}\n` }), noEnv)).toEqual({
        kind: 'token',
        token: TOKEN
      })
    })

    it('uses an access key pair from the inputs', () => {
      expect(
        parseCredentials(
          reader({
            'access-key': ACCESS_KEY,
            'secret-key': SECRET_KEY,
            'security-token': 'temporary-token',
            'project-id': PROJECT_ID
          }),
          noEnv
        )
      ).toEqual({
        kind: 'aksk',
        accessKey: ACCESS_KEY,
        secretKey: SECRET_KEY,
        securityToken: 'temporary-token',
        projectId: PROJECT_ID
      })
    })

    it('uses an access key pair left in the environment by huaweicloud/auth-action', () => {
      expect(parseCredentials(reader({}), authActionEnv)).toMatchObject({
        kind: 'aksk',
        accessKey: ACCESS_KEY,
        secretKey: SECRET_KEY,
        projectId: PROJECT_ID
      })
    })

    it('prefers the inputs to the environment', () => {
      const credentials = parseCredentials(
        reader({ 'access-key': 'OTHERACCESSKEY', 'secret-key': 'other-secret' }),
        authActionEnv
      )
      expect(credentials).toMatchObject({ accessKey: 'OTHERACCESSKEY', secretKey: 'other-secret' })
    })

    it('prefers the token input to keys in the environment', () => {
      expect(parseCredentials(reader({ token: TOKEN }), authActionEnv)).toEqual({
        kind: 'token',
        token: TOKEN
      })
    })

    it.each([
      ['a token and an access key', { token: TOKEN, 'access-key': ACCESS_KEY }, 'access-key'],
      ['a token and a secret key', { token: TOKEN, 'secret-key': SECRET_KEY }, 'token'],
      ['nothing', {}, 'token'],
      ['an access key alone', { 'access-key': ACCESS_KEY }, 'secret-key'],
      ['a secret key alone', { 'secret-key': SECRET_KEY }, 'access-key'],
      [
        'a secret key with a line break',
        { 'access-key': ACCESS_KEY, 'secret-key': `${SECRET_KEY}\nmore` },
        'secret-key'
      ],
      [
        'an access key with a space',
        { 'access-key': `${ACCESS_KEY} X`, 'secret-key': SECRET_KEY },
        'access-key'
      ],
      [
        'a security token with a line break',
        { 'access-key': ACCESS_KEY, 'secret-key': SECRET_KEY, 'security-token': 'a\nb' },
        'security-token'
      ],
      [
        'a bad project id',
        { 'access-key': ACCESS_KEY, 'secret-key': SECRET_KEY, 'project-id': '../x' },
        'project-id'
      ]
    ])('refuses %s without quoting a secret', (_label, values, inputName) => {
      const message = inputError(
        () => parseCredentials(reader(values), noEnv),
        inputName,
        /Expected|Set |Give |needs|Pass /
      )
      expect(message).not.toContain(TOKEN)
      expect(message).not.toContain(SECRET_KEY)
      expect(message).not.toContain(ACCESS_KEY)
    })
  })

  describe('secretValues', () => {
    it('lists every secret given, trimmed, from the inputs and the environment', () => {
      const secrets = secretValues(
        reader({
          token: ` ${TOKEN}\n`,
          'access-key': ACCESS_KEY,
          'secret-key': SECRET_KEY,
          'security-token': 'temporary-token',
          'project-id': PROJECT_ID
        }),
        {
          HUAWEI_CLOUD_ACCESS_KEY_ID: 'ENVACCESSKEY',
          HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'env-secret-key',
          HUAWEI_CLOUD_SECURITY_TOKEN: 'env-security-token',
          HUAWEI_CLOUD_PROJECT_ID: PROJECT_ID
        }
      )
      expect(secrets).toEqual(
        expect.arrayContaining([
          TOKEN,
          ACCESS_KEY,
          SECRET_KEY,
          'temporary-token',
          'ENVACCESSKEY',
          'env-secret-key',
          'env-security-token'
        ])
      )
      // Not secrets: masking them would break links and readability.
      expect(secrets).not.toContain(PROJECT_ID)
    })

    it('lists no blank values', () => {
      expect(secretValues(reader({ token: '  ' }), { HUAWEI_CLOUD_SECRET_ACCESS_KEY: '' })).toEqual(
        []
      )
    })
  })

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

  describe('readInputs', () => {
    const declared = declaredInputs()
    const defaultOf = (name: string): string => declared.get(name)?.default ?? ''
    const noEnv: ActionEnvironment = {}

    it('finds the inputs in action.yml', () => {
      expect([...declared.keys()]).toEqual(
        expect.arrayContaining(['job-id', 'build-no', 'token', 'region', 'endpoint', 'timeout'])
      )
    })

    it('has INPUT_DEFAULTS equal to the non-empty defaults of action.yml', () => {
      const nonEmpty = Object.fromEntries(
        [...declared]
          .filter(([, input]) => input.default !== undefined && input.default !== '')
          .map(([name, input]) => [name, input.default])
      )
      expect(INPUT_DEFAULTS).toEqual(nonEmpty)
    })

    it('reads only inputs declared in action.yml, and all of them', () => {
      const read = new Set<string>()
      const recording =
        (values: Record<string, string>) =>
        (name: string): string => {
          read.add(name)
          return reader(values)(name)
        }
      readInputs(recording(REQUIRED_ONLY), noEnv)
      readInputs(
        recording({
          'job-id': JOB_ID,
          'build-no': '7',
          'access-key': ACCESS_KEY,
          'secret-key': SECRET_KEY
        }),
        noEnv
      )
      readInputs(
        recording({ 'job-id': JOB_ID, trigger: 'true', token: TOKEN, branch: 'main' }),
        noEnv
      )
      expect([...read].sort()).toEqual([...declared.keys()].sort())
    })

    it('applies the defaults of action.yml when only job-id, build-no and token are set', () => {
      // action.yml leaves region empty so that HUAWEI_CLOUD_REGION can fill it; then cn-north-4.
      expect(defaultOf('region')).toBe('')
      const region = 'cn-north-4'
      expect(readInputs(reader(REQUIRED_ONLY), noEnv)).toEqual({
        jobId: JOB_ID,
        mode:
          defaultOf('wait') === 'true'
            ? { kind: 'follow', buildNo: 7 }
            : { kind: 'check', buildNo: 7 },
        credentials: { kind: 'token', token: TOKEN },
        region,
        endpoint: `https://cloudbuild-ext.${region}.myhuaweicloud.com`,
        pollIntervalMs: Number(defaultOf('poll-interval')) * 1000,
        timeoutMs: Number(defaultOf('timeout')) * 60_000,
        logFileInput: defaultOf('log-file'),
        showLog: defaultOf('show-log') === 'true',
        // "auto" stops only builds this step started.
        stopOnCancel: false
      })
    })

    it('takes the region from HUAWEI_CLOUD_REGION when the input is empty, the input first', () => {
      const env = { HUAWEI_CLOUD_REGION: 'ap-southeast-3' }
      expect(readInputs(reader(REQUIRED_ONLY), env).region).toBe('ap-southeast-3')
      expect(readInputs(reader({ ...REQUIRED_ONLY, region: 'cn-east-3' }), env).region).toBe(
        'cn-east-3'
      )
    })

    it('reads every input when all are set', () => {
      const inputs = readInputs(
        reader({
          ...REQUIRED_ONLY,
          region: 'ap-southeast-3',
          endpoint: 'http://127.0.0.1:8080/',
          'poll-interval': '0.5',
          timeout: '1.5',
          'log-file': 'out/build.log',
          'show-log': 'false',
          wait: 'false',
          'stop-on-cancel': 'true'
        }),
        noEnv
      )
      expect(inputs).toEqual({
        jobId: JOB_ID,
        // wait: false checks the build once.
        mode: { kind: 'check', buildNo: 7 },
        credentials: { kind: 'token', token: TOKEN },
        region: 'ap-southeast-3',
        endpoint: 'http://127.0.0.1:8080',
        pollIntervalMs: 500,
        timeoutMs: 90_000,
        logFileInput: 'out/build.log',
        showLog: false,
        stopOnCancel: true
      })
    })

    it('reads a build to start', () => {
      const inputs = readInputs(
        reader({
          'job-id': JOB_ID,
          token: TOKEN,
          trigger: 'true',
          parameters: 'VERSION=1.2.3\nENV=prod',
          tag: 'v1.2.3'
        }),
        noEnv
      )
      // A build to start has no number yet.
      expect(inputs.mode).not.toHaveProperty('buildNo')
      expect(inputs.mode).toEqual({
        kind: 'start',
        follow: true,
        trigger: {
          parameters: [
            { name: 'VERSION', value: '1.2.3' },
            { name: 'ENV', value: 'prod' }
          ],
          scm: { build_type: 'tag', build_tag: 'v1.2.3' }
        }
      })
      // "auto" stops the builds this step started.
      expect(inputs.stopOnCancel).toBe(true)
    })

    it.each([
      ['auto', 'false', false],
      ['auto', 'true', true],
      ['true', 'false', true],
      ['false', 'true', false]
    ])('reads stop-on-cancel %s with trigger %s as %s', (stopOnCancel, trigger, expected) => {
      const values: Record<string, string> =
        trigger === 'true'
          ? { 'job-id': JOB_ID, token: TOKEN, trigger }
          : { ...REQUIRED_ONLY, trigger }
      const inputs = readInputs(reader({ ...values, 'stop-on-cancel': stopOnCancel }), noEnv)
      expect(inputs.stopOnCancel).toBe(expected)
    })

    it('trims every value before validating it', () => {
      const inputs = readInputs(
        reader({
          'job-id': ` ${JOB_ID}\n`,
          'build-no': ' 7 ',
          token: `${TOKEN}\n`,
          region: ' ap-southeast-3 ',
          endpoint: ' https://x.example.com/ ',
          'poll-interval': ' 3 ',
          timeout: ' 0 ',
          'log-file': ' build.log ',
          'show-log': ' false ',
          wait: ' false '
        }),
        noEnv
      )
      expect(inputs.jobId).toBe(JOB_ID)
      expect(inputs.mode).toEqual({ kind: 'check', buildNo: 7 })
      expect(inputs.credentials).toEqual({ kind: 'token', token: TOKEN })
      expect(inputs.region).toBe('ap-southeast-3')
      expect(inputs.endpoint).toBe('https://x.example.com')
      expect(inputs.pollIntervalMs).toBe(3000)
      expect(inputs.timeoutMs).toBe(0)
      expect(inputs.logFileInput).toBe('build.log')
      expect(inputs.showLog).toBe(false)
    })

    it('derives the default endpoint from the region given', () => {
      const inputs = readInputs(reader({ ...REQUIRED_ONLY, region: 'la-south-2' }), noEnv)
      expect(inputs.endpoint).toBe('https://cloudbuild-ext.la-south-2.myhuaweicloud.com')
    })

    it('declares job-id required in action.yml', () => {
      expect(declared.get('job-id')?.required).toBe(true)
    })

    it.each([
      ['job-id', { 'build-no': '7', token: TOKEN }],
      ['build-no', { 'job-id': JOB_ID, token: TOKEN }],
      ['token', { 'job-id': JOB_ID, 'build-no': '7' }]
    ])('refuses a missing or blank %s', (name, values: Record<string, string>) => {
      for (const blank of [undefined, '', '   ', '\n']) {
        const withBlank = blank === undefined ? values : { ...values, [name]: blank }
        const message = inputError(() => readInputs(reader(withBlank), noEnv), name, /Set /)
        expect(message).toMatch(/required/i)
        expect(message).not.toContain(TOKEN)
      }
    })

    it.each([
      ['job-id', { 'job-id': 'a/b' }],
      ['build-no', { 'build-no': '0' }],
      ['build-no', { trigger: 'true' }],
      ['token', { token: `${TOKEN} second-part` }],
      ['token', { 'access-key': ACCESS_KEY }],
      ['region', { region: 'Moon-1' }],
      ['endpoint', { endpoint: 'http://example.com' }],
      ['poll-interval', { 'poll-interval': '0' }],
      ['timeout', { timeout: '-1' }],
      ['log-file', { 'log-file': 'a\u0000b' }],
      ['show-log', { 'show-log': 'maybe' }],
      ['trigger', { trigger: 'maybe' }],
      ['wait', { wait: 'maybe' }],
      ['stop-on-cancel', { 'stop-on-cancel': 'maybe' }],
      ['parameters', { parameters: 'VERSION=1' }],
      ['branch', { branch: 'main' }],
      ['commit', { commit: 'zzz' }]
    ])('refuses a bad %s without quoting the token', (name, bad: Record<string, string>) => {
      const inputs: Record<string, string> = { ...REQUIRED_ONLY, ...bad }
      const message = inputError(
        () => readInputs(reader(inputs), noEnv),
        name,
        /Expected|Set |Give |Pass |must be empty|apply only/
      )
      expect(message).not.toContain(inputs.token)
      expect(message).not.toContain(TOKEN)
    })

    it('never quotes a token that has a line break', () => {
      const token = 'SeCrEt-token-part-one\nSeCrEt-token-part-two'
      const message = inputError(
        () => readInputs(reader({ ...REQUIRED_ONLY, token }), noEnv),
        'token'
      )
      expect(message).not.toContain('SeCrEt')
    })

    it.each(['maybe', 'sometimes'])(
      "names 'auto' among the accepted stop-on-cancel values when refusing %j",
      (value) => {
        const message = inputError(
          () => readInputs(reader({ ...REQUIRED_ONLY, 'stop-on-cancel': value }), noEnv),
          'stop-on-cancel'
        )
        expect(message).toContain('auto')
      }
    )
  })
})
