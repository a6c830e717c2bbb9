import { ApiError } from './errors.js'
import { HttpAnswer } from './http.js'
import {
  bodyExcerpt,
  decisiveClaims,
  failureText,
  SecretSink,
  sendSignInRequest,
  signInTransient
} from './id-token.js'

/** Where and how to sign in at IAM with an ID token. */
export interface IamSignInTarget {
  /** Base URL of IAM, e.g. https://iam.cn-north-4.myhuaweicloud.com (no trailing slash). */
  readonly iamEndpoint: string
  /** The identity provider's ID in IAM, sent as X-Idp-Id. */
  readonly identityProvider: string
  /** The audience the provider's client ID equals; named in messages. */
  readonly audience: string
  /** The project the token is scoped to, by ID; else `projectName`. */
  readonly projectId?: string
  /** The project's name: the region's default project is named as the region. */
  readonly projectName: string
}

/** A token IAM issued and how long it lives, by IAM's own clock. */
export interface IssuedToken {
  readonly token: string
  /** expires_at minus issued_at; undefined when IAM did not say. */
  readonly lifetimeMs: number | undefined
}

function iamMessage(answer: HttpAnswer): string {
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>
    const error = (body.error ?? {}) as Record<string, unknown>
    const code = body.error_code ?? error.code
    const message = body.error_msg ?? error.message
    const parts = [code, message].filter(
      (part) => typeof part === 'string' || typeof part === 'number'
    )
    if (parts.length > 0) return parts.join(': ').replace(/\s+/g, ' ')
  } catch {
    // Not JSON: quoted as it came.
  }
  return bodyExcerpt(answer)
}

function lifetimeOf(answer: HttpAnswer): number | undefined {
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as {
      token?: { expires_at?: unknown; issued_at?: unknown }
    }
    const expires = Date.parse(String(body.token?.expires_at))
    const issued = Date.parse(String(body.token?.issued_at))
    const lifetime = expires - issued
    return Number.isFinite(lifetime) && lifetime > 0 ? lifetime : undefined
  } catch {
    return undefined
  }
}

/**
 * Exchanges an ID token for an IAM token scoped to the project
 * (`POST /v3.0/OS-AUTH/id-token/tokens`, the token in X-Subject-Token). A refusal is fatal and
 * says which provider refused and which claims the workflow presented; no answer, throttling
 * or a server error is transient. The issued token is registered as a secret before use.
 */
export async function exchangeIdToken(
  target: IamSignInTarget,
  idToken: string,
  secrets: SecretSink,
  signal?: AbortSignal
): Promise<IssuedToken> {
  const project = target.projectId ? { id: target.projectId } : { name: target.projectName }
  const payload = JSON.stringify({ auth: { id_token: { id: idToken }, scope: { project } } })
  const url = new URL(`${target.iamEndpoint}/v3.0/OS-AUTH/id-token/tokens`)
  let answer: HttpAnswer
  try {
    answer = await sendSignInRequest(
      'POST',
      url,
      {
        Accept: 'application/json',
        'Content-Type': 'application/json;charset=utf8',
        'X-Idp-Id': target.identityProvider
      },
      payload,
      signal
    )
  } catch (error) {
    throw signInTransient(`IAM at ${url.host} did not answer the sign-in: ${failureText(error)}.`)
  }
  const token = answer.headers['x-subject-token']
  if (answer.status >= 200 && answer.status < 300 && typeof token === 'string' && token) {
    secrets(token)
    return { token, lifetimeMs: lifetimeOf(answer) }
  }
  const told = `HTTP ${answer.status}: ${iamMessage(answer)}`
  if (answer.status === 429 || answer.status >= 500) {
    throw signInTransient(`IAM at ${url.host} could not sign in (${told}).`, answer.status)
  }
  if (answer.status < 300) {
    throw new ApiError({
      message: `IAM at ${url.host} answered the sign-in without a token (HTTP ${answer.status}, no X-Subject-Token header). Check the 'iam-endpoint' input.`,
      kind: 'fatal',
      httpStatus: answer.status
    })
  }
  throw new ApiError({
    message: `IAM refused the keyless sign-in through identity provider '${target.identityProvider}' (${told}). Check that provider's identity conversion rules against this workflow's claims (${decisiveClaims(idToken)}), that its client ID is '${target.audience}', and that the mapped user group may use project ${target.projectId ?? target.projectName}.`,
    kind: 'fatal',
    httpStatus: answer.status
  })
}
