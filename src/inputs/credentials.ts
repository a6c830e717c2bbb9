/** The credential inputs: a token, or an access key pair (from inputs or the environment). */
import { InputError, InputReader, ActionEnvironment, invalid } from './input-error.js'
import type { Credentials } from '../codearts/auth.js'
import { credentialsFromEnvironment } from './environment.js'
import { parseKeyless } from './keyless.js'

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

function parseProjectId(read: InputReader, env: ActionEnvironment): string | undefined {
  const projectId = read('project-id').trim() || credentialsFromEnvironment(env).projectId
  if (projectId && !/^[0-9a-zA-Z]{32}$/.test(projectId)) {
    throw invalid(
      'project-id',
      projectId,
      'Expected the 32 letters and digits of a Huawei Cloud project ID.'
    )
  }
  return projectId
}

/**
 * Exactly one way to authenticate: a keyless sign-in ('identity-provider'), the 'token'
 * input, or an AK/SK pair (from the inputs, or left in the environment by
 * huaweicloud/auth-action). `region` is asked only by a keyless sign-in.
 */
export function parseCredentials(
  read: InputReader,
  env: ActionEnvironment,
  region: () => string = () => 'cn-north-4'
): Credentials {
  const keyless = parseKeyless(read, env, region, () => parseProjectId(read, env))
  if (keyless) return { kind: 'keyless', ...keyless }
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
      "Input required and not supplied: 'token'. Set 'identity-provider' for a keyless sign-in, 'token' to a project-scoped IAM token, or 'access-key' and 'secret-key' (or run huaweicloud/auth-action before this step)."
    )
  }
  if (!accessKey || !secretKey) {
    const missing = accessKey ? 'secret-key' : 'access-key'
    throw new InputError(
      `Input required and not supplied: '${missing}'. An access key needs its secret key, and the other way round.`
    )
  }
  const securityToken = read('security-token').trim() || fromEnvironment.securityToken
  const projectId = parseProjectId(read, env)
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
    fromEnvironment.securityToken,
    // The runner's own secret for ID token requests: never to be printed either.
    read('identity-provider').trim() ? env.ACTIONS_ID_TOKEN_REQUEST_TOKEN : undefined
  ]
    .map((value) => value?.trim())
    .filter((value): value is string => Boolean(value))
}
