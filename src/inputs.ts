import * as os from 'node:os'
import * as path from 'node:path'
import { AkSkCredentials, credentialsFromEnvironment } from './signer.js'

/** How requests are authenticated: an IAM token, or an AK/SK pair that signs each request. */
export type Credentials =
  { readonly kind: 'token'; readonly token: string } | ({ readonly kind: 'aksk' } & AkSkCredentials)

/** A build to start before following it. */
export interface TriggerRequest {
  readonly parameters: readonly BuildParameter[]
  readonly scm?: ScmSelection
}

export interface BuildParameter {
  readonly name: string
  readonly value: string
}

/** The API's `scm` object: what to build, as the RunJob docs name it. */
export interface ScmSelection {
  readonly branch?: string
  readonly build_tag?: string
  readonly build_commit_id?: string
  readonly build_type: 'branch' | 'tag' | 'commitId'
}

/** Everything the action was asked to do, validated once, before any request is made. */
export interface ActionInputs {
  readonly jobId: string
  /** undefined when the action starts the build and learns its number from the answer. */
  readonly buildNo: number | undefined
  readonly credentials: Credentials
  readonly region: string
  /** Base URL without a trailing slash. */
  readonly endpoint: string
  readonly pollIntervalMs: number
  /** 0 means no limit. */
  readonly timeoutMs: number
  /** The 'log-file' input as given (resolved once the build number is known). */
  readonly logFileInput: string
  /** false keeps the workflow log to status lines and the failure excerpt. */
  readonly showLog: boolean
  readonly trigger: TriggerRequest | undefined
  /** false: start (or check) the build, set the outputs and end without following. */
  readonly wait: boolean
  /** Whether to ask CodeArts to stop the build on cancel and on timeout. */
  readonly stopOnCancel: boolean
}

/** Defaults, kept equal to action.yml (a test checks) so that `node dist/index.js` works alone. */
export const INPUT_DEFAULTS = {
  'poll-interval': '2',
  timeout: '60',
  'show-log': 'true',
  trigger: 'false',
  wait: 'true',
  'stop-on-cancel': 'auto'
} as const

export const MAX_BUILD_NO = 2147483647
export const DEFAULT_REGION = 'cn-north-4'

/** A bad input: the message names the input and says how to fix it. */
export class InputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}

/** Reads one input as the runner provides it; returns '' when unset. */
export type InputReader = (name: string) => string

/** Where the runner keeps its paths; only these environment variables are read. */
export interface RunnerPaths {
  readonly RUNNER_TEMP?: string
  readonly GITHUB_WORKSPACE?: string
}

function invalid(name: string, value: string, expected: string): InputError {
  return new InputError(`Invalid '${name}' input: '${value}'. ${expected}`)
}

function withDefault(read: InputReader, name: keyof typeof INPUT_DEFAULTS): string {
  return read(name).trim() || INPUT_DEFAULTS[name]
}

function required(read: InputReader, name: string, what: string): string {
  const value = read(name).trim()
  if (!value) {
    throw new InputError(`Input required and not supplied: '${name}'. Set it to ${what}.`)
  }
  return value
}

export function parseJobId(value: string): string {
  if (!/^[0-9A-Za-z]{32}$/.test(value)) {
    throw invalid(
      'job-id',
      value,
      'Expected the 32 letters and digits of the build task ID (the last part of the task URL in CodeArts Build).'
    )
  }
  return value
}

export function parseBuildNo(value: string): number {
  const wholeNumber = /^\d{1,10}$/.test(value) ? Number(value) : NaN
  if (!(wholeNumber >= 1 && wholeNumber <= MAX_BUILD_NO)) {
    throw invalid('build-no', value, `Expected a whole number from 1 to ${MAX_BUILD_NO}.`)
  }
  return wholeNumber
}

export function parseToken(value: string): string {
  // A header value cannot carry control characters; refusing them here gives a clear
  // message instead of an HTTP library error. The value itself is never quoted.
  if (/[\s\x00-\x1f\x7f]/.test(value)) {
    throw new InputError(
      "Invalid 'token' input: it contains spaces or line breaks. Pass the IAM token exactly as issued (the X-Subject-Token header), e.g. from a secret."
    )
  }
  return value
}

export function parseRegion(value: string): string {
  if (!/^[a-z]{2,}(-[a-z]+)+-\d+$/.test(value)) {
    throw invalid('region', value, "Expected a Huawei Cloud region ID such as 'cn-north-4'.")
  }
  return value
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/** The base URL: https anywhere, plain http only to this machine (the simulator). */
export function parseEndpoint(value: string, region: string): string {
  if (!value) return `https://cloudbuild-ext.${region}.myhuaweicloud.com`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalid(
      'endpoint',
      value,
      "Expected an absolute URL such as 'https://cloudbuild-ext.cn-north-4.myhuaweicloud.com', or leave it empty to use the region's default."
    )
  }
  const plainHttpToLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname)
  if (url.protocol !== 'https:' && !plainHttpToLoopback) {
    throw invalid(
      'endpoint',
      value,
      'Expected an https:// URL (plain http:// is allowed only to 127.0.0.1, localhost or ::1).'
    )
  }
  if (url.username || url.password) {
    // The value is not quoted: it holds a password.
    throw new InputError(
      "Invalid 'endpoint' input: Expected a base URL without credentials; credentials go in 'token' or 'access-key'/'secret-key'."
    )
  }
  if (value.includes('?') || value.includes('#')) {
    throw invalid(
      'endpoint',
      value,
      'Expected a base URL without query or fragment, such as https://cloudbuild-ext.cn-north-4.myhuaweicloud.com.'
    )
  }
  return url.toString().replace(/\/+$/, '')
}

function parseDecimal(name: string, value: string, unit: string, allowZero: boolean): number {
  const number = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : NaN
  const bound = allowZero ? 'zero or more' : 'above zero'
  if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
    throw invalid(name, value, `Expected a number of ${unit}, ${bound}; decimals are allowed.`)
  }
  return number
}

export function parsePollIntervalMs(value: string): number {
  const seconds = parseDecimal('poll-interval', value, 'seconds', false)
  if (seconds > 300) {
    throw invalid('poll-interval', value, 'Expected at most 300 seconds.')
  }
  return Math.max(1, Math.round(seconds * 1000))
}

/** setTimeout's limit: a longer delay would fire at once. */
const MAX_TIMEOUT_MINUTES = Math.floor(2 ** 31 / 60_000) - 1

export function parseTimeoutMs(value: string): number {
  const minutes = parseDecimal('timeout', value, 'minutes (0 for no limit)', true)
  if (minutes > MAX_TIMEOUT_MINUTES) {
    throw invalid(
      'timeout',
      value,
      `Expected at most ${MAX_TIMEOUT_MINUTES} minutes, or 0 for no limit.`
    )
  }
  // A tiny positive value must not round to 0, which would mean "no limit".
  return minutes === 0 ? 0 : Math.max(1, Math.round(minutes * 60_000))
}

export function parseBoolean(name: string, value: string): boolean {
  if (/^(true|yes|on)$/i.test(value)) return true
  if (/^(false|no|off)$/i.test(value)) return false
  throw invalid(name, value, "Expected 'true' or 'false'.")
}

export function resolveLogFile(
  value: string,
  jobId: string,
  buildNo: number,
  paths: RunnerPaths
): string {
  if (!value) {
    const directory = paths.RUNNER_TEMP || os.tmpdir()
    return path.join(directory, `codearts-build-${jobId}-${buildNo}.log`)
  }
  if (value.includes('\0')) {
    throw invalid('log-file', value, 'Expected a file path.')
  }
  return path.resolve(paths.GITHUB_WORKSPACE || process.cwd(), value)
}

/** Reserved by CodeArts (RunJob docs): these names would change how the build machine runs. */
const RESERVED_PARAMETER_NAMES = new Set([
  'PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'BASH_ENV',
  'GIT_SSH_COMMAND'
])
const MAX_PARAMETER_VALUE_CHARS = 8192

/**
 * Multi-line `NAME=value` build parameters. Blank lines and lines starting with `#` are
 * skipped. Values may be secret, so no message quotes one.
 */
export function parseParameters(text: string): BuildParameter[] {
  const parameters: BuildParameter[] = []
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim()
    if (!line || line.startsWith('#')) continue
    const equals = line.indexOf('=')
    const name = (equals === -1 ? line : line.slice(0, equals)).trim()
    const where = `Invalid 'parameters' input, line ${index + 1}:`
    if (equals === -1) {
      throw new InputError(`${where} expected NAME=value, one parameter a line.`)
    }
    if (!/^[A-Za-z0-9_]{1,128}$/.test(name)) {
      throw new InputError(
        `${where} parameter name '${name.slice(0, 140)}' may hold only letters, digits and '_' (at most 128).`
      )
    }
    if (RESERVED_PARAMETER_NAMES.has(name.toUpperCase())) {
      throw new InputError(
        `${where} parameter name '${name}' is reserved by CodeArts; rename the build parameter.`
      )
    }
    if (parameters.some((parameter) => parameter.name === name)) {
      throw new InputError(`${where} parameter '${name}' is given twice; keep one.`)
    }
    const value = line.slice(equals + 1)
    if (value.length > MAX_PARAMETER_VALUE_CHARS) {
      throw new InputError(
        `${where} the value of '${name}' is longer than ${MAX_PARAMETER_VALUE_CHARS} characters.`
      )
    }
    parameters.push({ name, value })
  }
  return parameters
}

/** The `scm` object for the branch, tag or commit inputs; undefined when none is given. */
export function parseScmSelection(
  branch: string,
  tag: string,
  commit: string
): ScmSelection | undefined {
  if (tag && (branch || commit)) {
    throw new InputError(
      "Invalid 'tag' input: give either 'tag', or 'branch' and/or 'commit', not both."
    )
  }
  if (commit && !/^[0-9a-fA-F]{7,64}$/.test(commit)) {
    throw invalid('commit', commit, 'Expected a commit ID of 7 to 64 hexadecimal digits.')
  }
  for (const [name, value] of [
    ['branch', branch],
    ['tag', tag]
  ] as const) {
    if (value && /[\s\x00-\x1f~^:?*[\\]|\.\.|@\{/.test(value)) {
      throw invalid(name, value, `Expected a git ${name} name.`)
    }
  }
  if (commit)
    return { build_type: 'commitId', build_commit_id: commit, ...(branch ? { branch } : {}) }
  if (tag) return { build_type: 'tag', build_tag: tag }
  if (branch) return { build_type: 'branch', branch }
  return undefined
}

/** The environment variables this action reads besides its inputs. */
export type ActionEnvironment = RunnerPaths & Readonly<Record<string, string | undefined>>

/**
 * Exactly one way to authenticate: the 'token' input, or an AK/SK pair (from the inputs, or
 * left in the environment by huaweicloud/auth-action).
 */
export function parseCredentials(read: InputReader, env: ActionEnvironment): Credentials {
  const token = read('token').trim()
  const fromEnvironment = credentialsFromEnvironment(env)
  const accessKey = read('access-key').trim() || fromEnvironment.accessKey || ''
  const secretKey = read('secret-key').trim() || fromEnvironment.secretKey || ''
  const explicitKeys = Boolean(read('access-key').trim() || read('secret-key').trim())
  if (token && explicitKeys) {
    throw new InputError(
      "Invalid inputs: both 'token' and 'access-key'/'secret-key' are set. Give exactly one way to authenticate: a token, or an access key with its secret key."
    )
  }
  if (token) return { kind: 'token', token: parseToken(token) }
  if (!accessKey && !secretKey) {
    throw new InputError(
      "Input required and not supplied: 'token'. Set 'token' to a project-scoped IAM token, or 'access-key' and 'secret-key' (or run huaweicloud/auth-action before this step)."
    )
  }
  if (!accessKey || !secretKey) {
    const missing = accessKey ? 'secret-key' : 'access-key'
    throw new InputError(
      `Input required and not supplied: '${missing}'. An access key needs its secret key, and the other way round.`
    )
  }
  const securityToken = read('security-token').trim() || fromEnvironment.securityToken
  const projectId = read('project-id').trim() || fromEnvironment.projectId
  if (projectId && !/^[0-9a-zA-Z]{32}$/.test(projectId)) {
    throw invalid(
      'project-id',
      projectId,
      'Expected the 32 letters and digits of a Huawei Cloud project ID.'
    )
  }
  for (const [name, value] of [
    ['access-key', accessKey],
    ['secret-key', secretKey],
    ['security-token', securityToken ?? '']
  ]) {
    if (/[\s\x00-\x1f\x7f]/.test(value)) {
      throw new InputError(
        `Invalid '${name}' input: it contains spaces or line breaks. Pass the value exactly as issued.`
      )
    }
  }
  return { kind: 'aksk', accessKey, secretKey, securityToken, projectId }
}

/** Every value that must never be printed: masked first, redacted from anything written. */
export function secretValues(read: InputReader, env: ActionEnvironment): string[] {
  const fromEnvironment = credentialsFromEnvironment(env)
  return [
    read('token'),
    read('access-key'),
    read('secret-key'),
    read('security-token'),
    fromEnvironment.accessKey,
    fromEnvironment.secretKey,
    fromEnvironment.securityToken
  ]
    .map((value) => value?.trim())
    .filter((value): value is string => Boolean(value))
}

function parseStopOnCancel(value: string, triggered: boolean): boolean {
  if (/^auto$/i.test(value)) return triggered
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
  throw invalid(
    'stop-on-cancel',
    value,
    "Expected 'auto' (stop only builds this step started), 'true' or 'false'."
  )
}

/**
 * Reads and validates every input. Throws InputError for the first bad one; no input that
 * may be secret is ever quoted in a message.
 */
export function readInputs(read: InputReader, env: ActionEnvironment): ActionInputs {
  const jobId = parseJobId(
    required(read, 'job-id', 'the 32-character ID of the CodeArts Build task')
  )
  const triggered = parseBoolean('trigger', withDefault(read, 'trigger'))
  const buildNoText = read('build-no').trim()
  if (triggered && buildNoText) {
    throw new InputError(
      "Invalid 'build-no' input: it must be empty when 'trigger' is true (the build number comes from the build the action starts)."
    )
  }
  const buildNo = triggered
    ? undefined
    : parseBuildNo(
        required(
          read,
          'build-no',
          "the number of the build to follow (1 or more), or set 'trigger: true'"
        )
      )
  const credentials = parseCredentials(read, env)
  // huaweicloud/auth-action leaves its region in the environment; the input wins over it.
  const region = parseRegion(
    read('region').trim() || env.HUAWEI_CLOUD_REGION?.trim() || DEFAULT_REGION
  )
  const parameters = parseParameters(read('parameters'))
  const scm = parseScmSelection(read('branch').trim(), read('tag').trim(), read('commit').trim())
  if (!triggered && (parameters.length > 0 || scm)) {
    throw new InputError(
      "Invalid inputs: 'parameters', 'branch', 'tag' and 'commit' apply only to a build the action starts. Set 'trigger: true', or remove them."
    )
  }
  const logFileInput = read('log-file').trim()
  if (logFileInput.includes('\0')) throw invalid('log-file', logFileInput, 'Expected a file path.')
  return {
    jobId,
    buildNo,
    credentials,
    region,
    endpoint: parseEndpoint(read('endpoint').trim(), region),
    pollIntervalMs: parsePollIntervalMs(withDefault(read, 'poll-interval')),
    timeoutMs: parseTimeoutMs(withDefault(read, 'timeout')),
    logFileInput,
    showLog: parseBoolean('show-log', withDefault(read, 'show-log')),
    trigger: triggered ? { parameters, scm } : undefined,
    wait: parseBoolean('wait', withDefault(read, 'wait')),
    stopOnCancel: parseStopOnCancel(withDefault(read, 'stop-on-cancel'), triggered)
  }
}
