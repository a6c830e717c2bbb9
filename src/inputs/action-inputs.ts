import { credentialsFromEnvironment } from './environment.js'
import { BOOLEAN_SPELLINGS_TEXT, booleanFromSpelling, parseBoolean } from './boolean-input.js'
import type { Credentials } from '../codearts/auth.js'
import { parseCredentials } from './credentials.js'
import { ActionEnvironment, InputError, InputReader, invalid } from './input-error.js'
import { parseParameters, parseScmSelection, TriggerRequest } from './trigger.js'
import { parseWorkspacePrefix } from './workspace-prefix.js'
import { parseEndpoint } from './endpoint.js'

/** Everything the action was asked to do, validated once, before any request is made. */
export interface ActionInputs {
  readonly jobId: string
  /** Which build, and what to do with it. */
  readonly mode: RunMode
  readonly credentials: Credentials
  readonly region: string
  /** Base URL without a trailing slash. */
  readonly endpoint: string
  readonly pollIntervalMs: number
  /** 0 means no limit: by default for a build this step starts (see resolveTimeoutMs). */
  readonly timeoutMs: number
  /** The 'log-file' input as given (resolved once the build number is known). */
  readonly logFileInput: string
  /** false keeps the workflow log to status lines and the failure excerpt. */
  readonly showLog: boolean
  /** Whether to ask CodeArts to stop the build on cancel and on timeout. */
  readonly stopOnCancel: boolean
  /** The remote checkout directory, when set: overrides what the log tells. */
  readonly workspacePrefix: string | undefined
}

/**
 * What the run does: follow a build to its end, start one (and follow it when `follow`), or
 * check once how a build stands (`wait: false`). Only a started build has no number yet.
 */
export type RunMode =
  | { readonly kind: 'follow'; readonly buildNo: number }
  | { readonly kind: 'start'; readonly trigger: TriggerRequest; readonly follow: boolean }
  | { readonly kind: 'check'; readonly buildNo: number }

/** The mode the inputs ask for: a start when triggered, else a follow, or a check without wait. */
function modeFor(trigger: TriggerRequest | undefined, buildNo: number, wait: boolean): RunMode {
  if (trigger) return { kind: 'start', trigger, follow: wait }
  return wait ? { kind: 'follow', buildNo } : { kind: 'check', buildNo }
}

/** Defaults, kept equal to action.yml (a test checks) so that `node dist/index.js` works alone. */
export const INPUT_DEFAULTS = {
  'poll-interval': '2',
  'show-log': 'true',
  trigger: 'false',
  wait: 'true',
  'stop-on-cancel': 'auto'
} as const

export const MAX_BUILD_NO = 2147483647
const DEFAULT_REGION = 'cn-north-4'

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

export function parseRegion(value: string): string {
  if (!/^[a-z]{2,}(-[a-z]+)+-\d+$/.test(value)) {
    throw invalid('region', value, "Expected a Huawei Cloud region ID such as 'cn-north-4'.")
  }
  return value
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

/** The `timeout` of a build given by `build-no` when the input is empty, in minutes. */
const FOLLOWED_BUILD_TIMEOUT_MINUTES = 60

/**
 * The `timeout` input, resolved. Empty means: a build this step starts is followed as long as
 * the job lives (the job's `timeout-minutes` and cancel end it, and the post step stops a
 * build the main step could not), since stopping a build the user asked for after an
 * arbitrary hour is nobody's wish; a build given by `build-no` is followed for 60 minutes, as
 * ever. A value given applies to both; `0` is no limit.
 */
export function resolveTimeoutMs(value: string, startedHere: boolean): number {
  if (value === '') return startedHere ? 0 : FOLLOWED_BUILD_TIMEOUT_MINUTES * 60_000
  return parseTimeoutMs(value)
}

/** 'auto', or any spelling of true or false that the other boolean-like inputs accept. */
function parseStopOnCancel(value: string, triggered: boolean): boolean {
  if (/^auto$/i.test(value)) return triggered
  const parsed = booleanFromSpelling(value)
  if (parsed !== undefined) return parsed
  throw invalid(
    'stop-on-cancel',
    value,
    `Expected 'auto' (stop only builds this step started) or ${BOOLEAN_SPELLINGS_TEXT}.`
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
    ? 0
    : parseBuildNo(
        required(
          read,
          'build-no',
          "the number of the build to follow (1 or more), or set 'trigger: true'"
        )
      )
  // huaweicloud/auth-action leaves its region in the environment; the input wins over it.
  // Parsed when first asked: a keyless sign-in asks while its own inputs are read.
  let parsedRegion: string | undefined
  const regionOf = (): string =>
    (parsedRegion ??= parseRegion(
      read('region').trim() || credentialsFromEnvironment(env).region || DEFAULT_REGION
    ))
  const credentials = parseCredentials(read, env, regionOf)
  const region = regionOf()
  const parameters = parseParameters(read('parameters'))
  const scm = parseScmSelection(read('branch').trim(), read('tag').trim(), read('commit').trim())
  if (!triggered && (parameters.length > 0 || scm)) {
    throw new InputError(
      "Invalid inputs: 'parameters', 'branch', 'tag' and 'commit' apply only to a build the action starts. Set 'trigger: true', or remove them."
    )
  }
  const logFileInput = read('log-file').trim()
  if (logFileInput.includes('\0')) throw invalid('log-file', logFileInput, 'Expected a file path.')
  // Read in the order of action.yml, so that the first bad input is the one reported.
  const endpoint = parseEndpoint(read('endpoint').trim(), region)
  const pollIntervalMs = parsePollIntervalMs(withDefault(read, 'poll-interval'))
  const timeoutMs = resolveTimeoutMs(read('timeout').trim(), triggered)
  const showLog = parseBoolean('show-log', withDefault(read, 'show-log'))
  const wait = parseBoolean('wait', withDefault(read, 'wait'))
  return {
    jobId,
    mode: modeFor(triggered ? { parameters, scm } : undefined, buildNo, wait),
    credentials,
    region,
    endpoint,
    pollIntervalMs,
    timeoutMs,
    logFileInput,
    showLog,
    stopOnCancel: parseStopOnCancel(withDefault(read, 'stop-on-cancel'), triggered),
    workspacePrefix: parseWorkspacePrefix(read('workspace-prefix').trim())
  }
}
