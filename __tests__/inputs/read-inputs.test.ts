import { describe, expect, it } from '@jest/globals'
import { INPUT_DEFAULTS, readInputs, resolveTimeoutMs } from '../../src/inputs/action-inputs.js'
import {
  ACCESS_KEY,
  declaredInputs,
  inputError,
  JOB_ID,
  reader,
  REQUIRED_ONLY,
  SECRET_KEY,
  TOKEN
} from '../support/input-fixtures.js'
import type { ActionEnvironment } from '../../src/inputs/input-error.js'

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
    // action.yml leaves timeout empty: 60 minutes for a build given by number, none for a start.
    expect(defaultOf('timeout')).toBe('')
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
      timeoutMs: 60 * 60_000,
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
    // No timeout of the action's own: the build is followed as long as the job lives.
    expect(inputs.timeoutMs).toBe(0)
  })

  describe('timeout', () => {
    const started = { 'job-id': JOB_ID, token: TOKEN, trigger: 'true' }
    it.each([
      ['a build given by number, timeout empty', REQUIRED_ONLY, '', 60 * 60_000],
      ['a build given by number, timeout blank', REQUIRED_ONLY, '  ', 60 * 60_000],
      ['a build given by number, timeout 90', REQUIRED_ONLY, '90', 90 * 60_000],
      ['a build given by number, timeout 0', REQUIRED_ONLY, '0', 0],
      ['a started build, timeout empty', started, '', 0],
      ['a started build, timeout blank', started, ' \n', 0],
      ['a started build, timeout 60', started, '60', 60 * 60_000],
      ['a started build, timeout 0.5', started, '0.5', 30_000],
      ['a started build, timeout 0', started, '0', 0]
    ])('%s: %j ms', (_case, values: Record<string, string>, timeout, expectedMs) => {
      expect(readInputs(reader({ ...values, timeout }), noEnv).timeoutMs).toBe(expectedMs)
    })

    it('resolves an empty value by who started the build', () => {
      expect(resolveTimeoutMs('', false)).toBe(3_600_000)
      expect(resolveTimeoutMs('', true)).toBe(0)
      expect(resolveTimeoutMs('2', true)).toBe(120_000)
    })

    it('refuses a bad timeout for a started build too, naming the input', () => {
      const message = inputError(
        () => readInputs(reader({ ...started, timeout: 'an hour' }), noEnv),
        'timeout',
        /Expected/
      )
      expect(message).toContain("'an hour'")
    })
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
