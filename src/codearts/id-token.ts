import { HttpClient } from '@actions/http-client'
import { ApiError } from './errors.js'
import { ExchangeFailure, HttpAnswer, sendRequest } from './http.js'

/** Where the runner hands out ID tokens: ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN. */
export interface IdTokenRequest {
  readonly url: string
  readonly token: string
}

/** Registers a secret with the runner's mask and the action's redactor, before any use. */
export type SecretSink = (value: string) => void

/** No answer, or no further byte of it, for this long ends a sign-in request. */
const SIGN_IN_TIMEOUT_MS = 30_000

/**
 * One sign-in request, sent through the runner's proxy settings; never kept alive. `signal`
 * ends it when the run ends (a socket on its way would hold the process).
 */
export function sendSignInRequest(
  method: string,
  url: URL,
  headers: Record<string, string>,
  payload: string,
  signal: AbortSignal | undefined
): Promise<HttpAnswer> {
  const agent = new HttpClient('codearts-build-action/1.0', [], { keepAlive: false }).getAgent(
    url.toString()
  )
  const idleTimeoutMs = SIGN_IN_TIMEOUT_MS
  return sendRequest({ method, url, headers, payload, agent, idleTimeoutMs, signal })
}

/** A failure worth one more try: no answer, throttling or a server error. */
export function signInTransient(message: string, httpStatus?: number): ApiError {
  return new ApiError({ message, kind: 'transient', httpStatus })
}

/** The text of a failed exchange: its Node message, without anything from the request. */
export function failureText(error: unknown): string {
  if (error instanceof ExchangeFailure) return error.timedOut ? 'no answer in time' : error.message
  return error instanceof Error ? error.message : String(error)
}

/** The start of an answer's body on one line, for a message. */
export function bodyExcerpt(answer: HttpAnswer): string {
  return answer.body.toString('utf8', 0, 300).replace(/\s+/g, ' ').trim()
}

/**
 * A new ID token for `audience`, as `core.getIDToken` asks for it (GET the request URL with
 * `audience` added, `Authorization: Bearer` the request token, answer `{"value": "<JWT>"}`),
 * but with the environment and the mask of this run, and without ten silent retries. The
 * token is registered as a secret as soon as it is read, before anything else happens.
 */
export async function requestIdToken(
  request: IdTokenRequest,
  audience: string,
  secrets: SecretSink,
  signal?: AbortSignal
): Promise<string> {
  const url = new URL(request.url)
  url.searchParams.set('audience', audience)
  let answer: HttpAnswer
  try {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${request.token}` }
    answer = await sendSignInRequest('GET', url, headers, '', signal)
  } catch (error) {
    throw signInTransient(`The runner's ID token service did not answer: ${failureText(error)}.`)
  }
  if (answer.status !== 200) {
    const message = `The runner's ID token service refused an ID token for audience '${audience}' (HTTP ${answer.status}: ${bodyExcerpt(answer)}).`
    if (answer.status === 429 || answer.status >= 500) {
      throw signInTransient(message, answer.status)
    }
    throw new ApiError({
      message: `${message} Check that the job has 'permissions: id-token: write'.`,
      kind: 'fatal',
      httpStatus: answer.status
    })
  }
  let value: unknown
  try {
    value = (JSON.parse(answer.body.toString('utf8')) as { value?: unknown }).value
  } catch {
    value = undefined
  }
  if (typeof value !== 'string' || !value) {
    throw signInTransient("The runner's ID token service answered without an ID token.")
  }
  secrets(value)
  return value
}

/** The claims that decide IAM's identity conversion, read from the JWT (never verified here). */
export function decisiveClaims(idToken: string): string {
  let claims: Record<string, unknown> = {}
  try {
    claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'))
  } catch {
    return 'sub, repository, ref, environment'
  }
  return ['sub', 'repository', 'ref', 'environment']
    .map((name) => {
      const value = claims[name]
      return `${name}: ${typeof value === 'string' ? value.replace(/[\r\n]/g, ' ') : '(none)'}`
    })
    .join(', ')
}
