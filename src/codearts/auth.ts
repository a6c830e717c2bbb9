import { KeylessSignIn, KeylessSettings } from './keyless.js'
import type { SecretSink } from './id-token.js'
import { AkSkCredentials, signRequest } from './signer.js'

/**
 * How requests are authenticated: an IAM token, an AK/SK pair that signs each request, or a
 * keyless sign-in (the workflow's OpenID Connect ID token exchanged at IAM for a token).
 */
export type Credentials =
  | { readonly kind: 'token'; readonly token: string }
  | ({ readonly kind: 'aksk' } & AkSkCredentials)
  | ({ readonly kind: 'keyless' } & KeylessSettings)

/** One request as the authenticator sees it. */
export interface AuthRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Adds the credentials to one request: a token header, or an AK/SK signature. Credentials
 * that expire may be renewed first, hence the promise. `renewAfterRejection`, when present, is
 * asked after an HTTP 401: it gets the headers that were refused and says whether new
 * credentials are there to send the request once more (at most once per request).
 * `dispose`, when present, ends a sign-in on its way once the run is over.
 */
export type Authenticator = ((
  request: AuthRequest
) => Record<string, string> | Promise<Record<string, string>>) & {
  readonly renewAfterRejection?: (refused: Readonly<Record<string, string>>) => Promise<boolean>
  readonly dispose?: () => void
}

/** What a keyless sign-in needs besides its settings: where the secrets it receives go. */
export interface AuthContext {
  /** Registers a secret (the runner's mask and the action's own redactor) before any use. */
  readonly secrets?: SecretSink
}

/**
 * The authenticator for the given credentials. A signature covers the time it was made, so
 * each request is signed as it is sent (retries included), never reused.
 */
export function authenticatorFor(
  credentials: Credentials,
  now: () => Date = () => new Date(),
  context: AuthContext = {}
): Authenticator {
  if (credentials.kind === 'token') {
    const { token } = credentials
    return () => ({ 'X-Auth-Token': token })
  }
  if (credentials.kind === 'keyless') {
    if (!context.secrets) throw new Error('A keyless sign-in needs a place to register secrets.')
    const signIn = new KeylessSignIn(credentials, context.secrets)
    return Object.assign(async () => ({ 'X-Auth-Token': await signIn.currentToken() }), {
      renewAfterRejection: (refused: Readonly<Record<string, string>>) =>
        signIn.renewAfterRejection(refused['X-Auth-Token'] ?? ''),
      dispose: () => signIn.dispose()
    })
  }
  return (request) => signRequest(request, credentials, now())
}
