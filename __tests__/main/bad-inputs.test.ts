/**
 * Bad inputs, through run() in process: each one ends the step at once with one error
 * that names the input and says how to fix it, no stack trace, and no request sent.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { errorAnnotations, rawErrorCommands } from '../support/follow-checks.js'
import { runActionInProcess as runAction } from '../support/in-process-action.js'
import { closeSimulators, simulate, Simulator } from '../support/simulated-run.js'

let simulator: Simulator
let scratch: string
/** A regular file: a log file "under" it cannot be created. */
let regularFile: string

beforeAll(async () => {
  simulator = await simulate({ finished: true })
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-bad-inputs-'))
  regularFile = path.join(scratch, 'not-a-directory')
  fs.writeFileSync(regularFile, 'a file, not a directory\n')
})

afterAll(async () => {
  await closeSimulators()
  fs.rmSync(scratch, { recursive: true, force: true })
})

/** No credentials may come from the environment: only the inputs under test count. */
const NO_ENVIRONMENT_CREDENTIALS = {
  HUAWEI_CLOUD_ACCESS_KEY_ID: '',
  HUAWEI_CLOUD_SECRET_ACCESS_KEY: '',
  HUAWEI_CLOUD_SECURITY_TOKEN: '',
  HUAWEI_CLOUD_PROJECT_ID: ''
}

const ALNUM_31 = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d'
const WHOLE_NUMBER = /whole number from 1 to 2147483647/
const JOB_ID_FIX = /32 letters and digits/
const POLL_FIX = /number of seconds, above zero/
const TIMEOUT_FIX = /number of minutes/

interface BadInput {
  readonly input: string
  /** The value, or a function of the test's scratch paths. */
  readonly value: string | (() => string)
  /** What the message must say to fix it. */
  readonly fix: RegExp
}

const CASES: Array<[string, BadInput]> = [
  [
    'job-id with path characters',
    { input: 'job-id', value: `../${ALNUM_31.slice(3)}`, fix: JOB_ID_FIX }
  ],
  [
    'job-id with a slash inside',
    { input: 'job-id', value: `${ALNUM_31.slice(0, 15)}/${ALNUM_31.slice(15)}`, fix: JOB_ID_FIX }
  ],
  [
    'job-id with query characters',
    { input: 'job-id', value: `${ALNUM_31.slice(0, 20)}?a=1&b=2x`, fix: JOB_ID_FIX }
  ],
  [
    'job-id with percent-encoded dots',
    { input: 'job-id', value: `%2e%2e%2f${ALNUM_31.slice(0, 23)}`, fix: JOB_ID_FIX }
  ],
  ['job-id one character short', { input: 'job-id', value: ALNUM_31, fix: JOB_ID_FIX }],
  ['job-id one character long', { input: 'job-id', value: `${ALNUM_31}ab`, fix: JOB_ID_FIX }],
  ['job-id with non-ASCII letters', { input: 'job-id', value: `${ALNUM_31}é`, fix: JOB_ID_FIX }],
  ['build-no 0', { input: 'build-no', value: '0', fix: WHOLE_NUMBER }],
  ['build-no negative', { input: 'build-no', value: '-3', fix: WHOLE_NUMBER }],
  ['build-no fractional', { input: 'build-no', value: '1.5', fix: WHOLE_NUMBER }],
  ['build-no not a number', { input: 'build-no', value: 'latest', fix: WHOLE_NUMBER }],
  ['build-no in exponent form', { input: 'build-no', value: '1e3', fix: WHOLE_NUMBER }],
  ['build-no past int32', { input: 'build-no', value: '2147483648', fix: WHOLE_NUMBER }],
  ['empty token and no AK/SK', { input: 'token', value: '', fix: /IAM token/ }],
  [
    'endpoint that is not a URL',
    { input: 'endpoint', value: 'cloudbuild-ext example', fix: /absolute URL/ }
  ],
  [
    'plain http to a remote host',
    {
      input: 'endpoint',
      value: 'http://cloudbuild-ext.cn-north-4.myhuaweicloud.com',
      fix: /https:\/\//
    }
  ],
  [
    'plain http to a host named like loopback',
    { input: 'endpoint', value: 'http://127.0.0.1.example.com', fix: /https:\/\// }
  ],
  ['another scheme', { input: 'endpoint', value: 'ftp://127.0.0.1/', fix: /https:\/\// }],
  ['poll-interval negative', { input: 'poll-interval', value: '-1', fix: POLL_FIX }],
  ['poll-interval not a number', { input: 'poll-interval', value: 'fast', fix: POLL_FIX }],
  ['poll-interval zero', { input: 'poll-interval', value: '0', fix: POLL_FIX }],
  ['timeout negative', { input: 'timeout', value: '-5', fix: TIMEOUT_FIX }],
  ['timeout not a number', { input: 'timeout', value: 'ten', fix: TIMEOUT_FIX }],
  ['timeout infinite', { input: 'timeout', value: 'Infinity', fix: TIMEOUT_FIX }],
  [
    'log-file that is a directory',
    { input: 'log-file', value: () => scratch, fix: /writable directory/ }
  ],
  [
    'log-file under a regular file',
    {
      input: 'log-file',
      value: () => path.join(regularFile, 'build.log'),
      fix: /writable directory/
    }
  ],
  [
    'workspace-prefix that is relative',
    { input: 'workspace-prefix', value: 'workspace/src', fix: /absolute checkout directory/ }
  ]
]

describe('a bad input', () => {
  it.each(CASES)(
    '%s: one error naming the input and the fix, no stack, no request',
    async (_, bad) => {
      const before = simulator.requests.length
      const value = typeof bad.value === 'function' ? bad.value() : bad.value
      const run = await runAction(
        {
          'job-id': simulator.jobId,
          'build-no': '1',
          token: simulator.token,
          endpoint: simulator.url,
          'poll-interval': '0.05',
          [bad.input]: value
        },
        NO_ENVIRONMENT_CREDENTIALS
      )
      const view = parseRunnerOutput(run.stdout)

      expect(run.exitCode).toBe(1)
      const errors = errorAnnotations(view)
      expect(errors).toHaveLength(1)
      expect(rawErrorCommands(run.stdout)).toHaveLength(1)
      expect(errors[0].message).toContain(`'${bad.input}'`)
      expect(errors[0].message).toMatch(bad.fix)
      // The bad value is quoted back, unless it may be a secret (the token).
      if (bad.input !== 'token' && value) expect(errors[0].message).toContain(value)

      expect(run.stdout).not.toMatch(/^\s+at /m)
      expect(run.stdout).not.toContain('    at ')
      expect(run.stdout).not.toContain('%0A    at')
      expect(view.fenceOpenAtEnd).toBe(false)
      expect(view.nestingViolations).toBe(0)
      expect(simulator.requests.length - before).toBe(0)
      expect(simulator.requests).toHaveLength(0)
    }
  )
})
