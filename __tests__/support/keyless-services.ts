/** The fake ID token service and fake IAM of a keyless run, and what must never leak. */
import { startFakeIam, type FakeIamOptions } from '../../simulator/iam.js'
import {
  startIdTokenService,
  type IdTokenServiceOptions
} from '../../simulator/id-token-service.js'
import type { ActionRun } from './run-action.js'

export type FakeIam = Awaited<ReturnType<typeof startFakeIam>>
export type IdTokenService = Awaited<ReturnType<typeof startIdTokenService>>

export interface KeylessServices {
  readonly tokens: IdTokenService
  readonly iam: FakeIam
  /** The runner's environment for a job with `permissions: id-token: write`. */
  readonly env: Record<string, string>
  /** The inputs of a keyless sign-in at the fake IAM. */
  readonly inputs: Record<string, string>
  /** Every secret handed out so far: ID tokens, IAM tokens, the request token. */
  secrets(): string[]
  close(): Promise<void>
}

export async function startKeylessServices(
  iamOptions: Omit<FakeIamOptions, 'key'> = {},
  tokenOptions: IdTokenServiceOptions = {}
): Promise<KeylessServices> {
  const tokens = await startIdTokenService(tokenOptions)
  const iam = await startFakeIam({ ...iamOptions, key: tokens.key })
  return {
    tokens,
    iam,
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: tokens.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: tokens.requestToken
    },
    inputs: { 'identity-provider': iam.identityProvider, 'iam-endpoint': iam.url },
    secrets: () => [...tokens.issued, ...iam.issued.map((i) => i.token), tokens.requestToken],
    close: async () => {
      await Promise.all([tokens.close(), iam.close()])
    }
  }
}

/** Every place a run leaves text, but the mask registrations the runner consumes unshown. */
export function everythingWritten(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
  return [
    stdout,
    run.stderr,
    run.logBytes?.toString('utf8') ?? '',
    run.summary,
    JSON.stringify(run.outputs),
    run.stateFile
  ].join('\n')
}

/** The secrets of `services` that appear anywhere in what the run wrote. */
export function leakedSecrets(run: ActionRun, services: KeylessServices): string[] {
  const written = everythingWritten(run)
  return services.secrets().filter((secret) => written.includes(secret))
}
