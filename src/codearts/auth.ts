import { AkSkCredentials, signRequest } from './signer.js'

/** How requests are authenticated: an IAM token, or an AK/SK pair that signs each request. */
export type Credentials =
  { readonly kind: 'token'; readonly token: string } | ({ readonly kind: 'aksk' } & AkSkCredentials)

/** Adds the credentials to one request: a token header, or an AK/SK signature. */
export type Authenticator = (request: {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}) => Record<string, string>

/**
 * The authenticator for the given credentials. A signature covers the time it was made, so
 * each request is signed as it is sent (retries included), never reused.
 */
export function authenticatorFor(
  credentials: Credentials,
  now: () => Date = () => new Date()
): Authenticator {
  if (credentials.kind === 'token') {
    const { token } = credentials
    return () => ({ 'X-Auth-Token': token })
  }
  return (request) => signRequest(request, credentials, now())
}
