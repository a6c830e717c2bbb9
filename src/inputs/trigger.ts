/** The inputs of a build the action starts: its parameters and what to build. */
import { InputError, invalid } from './input-error.js'

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
