/** The keyless sign-in inputs: an IAM identity provider that trusts the workflow's ID token. */
import type { KeylessSettings } from '../codearts/keyless.js'
import { parseIamEndpoint } from './endpoint.js'
import { ActionEnvironment, InputError, InputReader, invalid } from './input-error.js'

/**
 * The audience asked of the runner's ID token service. The identity provider's client ID in
 * IAM must equal it (docs/keyless.md).
 */
const KEYLESS_AUDIENCE = 'huaweicloud-iam'

/** The inputs that give stored credentials, refused beside 'identity-provider'. */
const STORED_CREDENTIAL_INPUTS = ['token', 'access-key', 'secret-key', 'security-token']

/**
 * The keyless settings when 'identity-provider' is set, else undefined. Everything is checked
 * before any request: no other credential input beside it, and an ID token service, which the
 * runner provides only to jobs with `permissions: id-token: write`.
 */
export function parseKeyless(
  read: InputReader,
  env: ActionEnvironment,
  region: () => string,
  projectId: () => string | undefined
): KeylessSettings | undefined {
  const identityProvider = read('identity-provider').trim()
  const iamEndpointInput = read('iam-endpoint').trim()
  if (!identityProvider) return undefined
  const others = STORED_CREDENTIAL_INPUTS.filter((name) => read(name).trim())
  if (others.length > 0) {
    throw new InputError(
      `Invalid inputs: 'identity-provider' and '${others.join("', '")}' are both set. A keyless sign-in needs no stored credential: remove '${others.join("', '")}', or remove 'identity-provider' to use them.`
    )
  }
  if (!/^[A-Za-z0-9][\w.-]{0,127}$/.test(identityProvider)) {
    throw invalid(
      'identity-provider',
      identityProvider,
      "Expected the ID of an IAM identity provider (letters, digits, '-', '_' or '.'), as shown in the IAM console under Identity Providers."
    )
  }
  const regionName = region()
  const iamEndpoint = parseIamEndpoint(iamEndpointInput, regionName)
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim()
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim()
  if (!url || !token) {
    throw new InputError(
      "A keyless sign-in ('identity-provider') needs the workflow's ID token, and the runner offers none to this job. Add 'permissions: id-token: write' to the job (or the workflow), beside 'contents: read'."
    )
  }
  return {
    identityProvider,
    iamEndpoint,
    audience: KEYLESS_AUDIENCE,
    projectId: projectId(),
    projectName: regionName,
    idTokenRequest: { url, token }
  }
}
