import { authenticatorFor } from '../codearts/auth.js'
import type { SecretSink } from '../codearts/id-token.js'
import { CodeArtsClient } from '../codearts/client.js'
import { ActionInputs } from '../inputs/action-inputs.js'

const USER_AGENT = 'codearts-build-action/1.0'
const REQUEST_TIMEOUT_MS = 30_000

/**
 * The API client for the inputs' endpoint, job and credentials: one configuration for the main
 * phase and the post phase. `onNotice` gets one-line notes such as the log route in use;
 * `secrets` registers what a keyless sign-in receives (ID tokens, IAM tokens) before any use.
 */
export function clientForInputs(
  inputs: Pick<ActionInputs, 'endpoint' | 'jobId' | 'credentials'>,
  onNotice?: (message: string) => void,
  secrets?: SecretSink
): CodeArtsClient {
  return new CodeArtsClient({
    endpoint: inputs.endpoint,
    jobId: inputs.jobId,
    authenticate: authenticatorFor(inputs.credentials, undefined, { secrets }),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    userAgent: USER_AGENT,
    onNotice
  })
}
