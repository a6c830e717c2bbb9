import { ApiError } from './errors.js'
import { exchangeIdToken, IamSignInTarget } from './iam.js'
import { IdTokenRequest, requestIdToken, SecretSink } from './id-token.js'
import { sleep } from './sleep.js'

/** A keyless sign-in's settings, from the inputs and the runner's environment. */
export interface KeylessSettings extends IamSignInTarget {
  readonly idTokenRequest: IdTokenRequest
}

/**
 * Credentials are renewed once this share of the lifetime IAM gave them has passed: the margin
 * scales with the lifetime, so 20-second credentials are renewed as sparingly as 24-hour ones
 * (after 15 s and 18 h), and 15-minute ones keep almost 4 minutes in hand.
 */
const RENEW_AT_SHARE = 0.75

/** The lifetime assumed when IAM does not say: below IAM's shortest (15 minutes). */
const UNKNOWN_LIFETIME_MS = 10 * 60_000

/** Pause before the one retry of a sign-in step that failed transiently. */
const RETRY_PAUSE_MS = 1000

interface Held {
  readonly token: string
  readonly renewAtMs: number
  readonly expiresAtMs: number
  readonly lifetimeMs: number
  /** Issued because a request was refused with the one before: never renewed that way again. */
  readonly afterRefusal: boolean
}

/** One more try after a transient failure; anything else, or a second failure, is thrown. */
async function withOneRetry<T>(
  step: () => Promise<T>,
  pauseMs: number,
  signal: AbortSignal
): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind !== 'transient') throw error
    await sleep(pauseMs, signal)
    return step()
  }
}

/**
 * The IAM token of a keyless sign-in: a new ID token from the runner exchanged at IAM, on the
 * first request and again once most of its lifetime has passed (a new ID token each time,
 * since those live minutes). A request refused with HTTP 401 gets one renewal; a token issued
 * after a refusal that is refused too is not renewed again (no loop). Concurrent requests
 * share one renewal. Every ID token and IAM token is a secret from the moment it is read.
 */
export class KeylessSignIn {
  private held: Held | undefined
  private pending: Promise<Held> | undefined
  /** After a renewal failed while the held token was still valid: not before this. */
  private nextTryMs = 0
  /** IAM or the runner refused a sign-in: every later request fails with it, none asks again. */
  private refusal: Error | undefined
  /** Aborted when the run ends: a sign-in on its way (or in its retry pause) ends with it. */
  private readonly runEnded = new AbortController()

  constructor(
    private readonly settings: KeylessSettings,
    private readonly secrets: SecretSink
  ) {}

  /** The token to send now: signs in first, and renews once most of its lifetime is gone. */
  async currentToken(): Promise<string> {
    if (this.refusal) throw this.refusal
    const held = this.held
    if (!held) return this.firstSignIn()
    const now = Date.now()
    if (now < held.renewAtMs || (now < this.nextTryMs && now < held.expiresAtMs)) {
      return held.token
    }
    try {
      return (await this.renew(false)).token
    } catch (error) {
      // A renewal that fails while the held token still lives keeps it, and tries later.
      if (
        error instanceof ApiError &&
        error.kind === 'transient' &&
        Date.now() < held.expiresAtMs
      ) {
        this.nextTryMs = Date.now() + Math.max(1000, held.lifetimeMs / 20)
        return held.token
      }
      throw error
    }
  }

  /**
   * The first sign-in fails fast: a transient failure was tried once more already, and
   * nothing was done yet that waiting could save.
   */
  private async firstSignIn(): Promise<string> {
    try {
      return (await this.renew(false)).token
    } catch (error) {
      if (!(error instanceof ApiError) || error.kind !== 'transient') throw error
      throw this.refuse(
        new ApiError({
          message: `Keyless sign-in failed after 2 tries: ${error.message}`,
          kind: 'fatal',
          httpStatus: error.httpStatus
        })
      )
    }
  }

  /** Remembers why signing in cannot work, so that a request sent meanwhile asks IAM no more. */
  private refuse(error: unknown): unknown {
    this.refusal ??= error instanceof Error ? error : new Error(String(error))
    return this.refusal
  }

  /** The run is over: a sign-in on its way ends now instead of holding the process. */
  dispose(): void {
    this.runEnded.abort(new Error('The run ended during a keyless sign-in.'))
  }

  /** After an HTTP 401 for `refused`: whether a request may be sent once more, renewed. */
  async renewAfterRejection(refused: string): Promise<boolean> {
    if (this.refusal) throw this.refusal
    if (this.pending) {
      await this.pending
      return true
    }
    const held = this.held
    if (!held) return false
    // A newer token is there already (another request renewed it): try that one.
    if (refused !== held.token) return true
    if (held.afterRefusal) return false
    await this.renew(true)
    return true
  }

  /** One sign-in shared by every request that needs it; a refusal is remembered (refuse). */
  private renew(afterRefusal: boolean): Promise<Held> {
    this.pending ??= this.signIn(afterRefusal)
      .catch((error: unknown) => {
        throw error instanceof ApiError && error.kind === 'transient' ? error : this.refuse(error)
      })
      .finally(() => {
        this.pending = undefined
      })
    return this.pending
  }

  private async signIn(afterRefusal: boolean): Promise<Held> {
    const { settings, secrets } = this
    const { signal } = this.runEnded
    const idToken = await withOneRetry(
      () => requestIdToken(settings.idTokenRequest, settings.audience, secrets, signal),
      RETRY_PAUSE_MS,
      signal
    )
    const sentAtMs = Date.now()
    const issued = await withOneRetry(
      () => exchangeIdToken(settings, idToken, secrets, signal),
      RETRY_PAUSE_MS,
      signal
    )
    const lifetimeMs = issued.lifetimeMs ?? UNKNOWN_LIFETIME_MS
    // Counted from when the exchange was sent: IAM's clock may differ from this one.
    const held: Held = {
      token: issued.token,
      renewAtMs: sentAtMs + lifetimeMs * RENEW_AT_SHARE,
      expiresAtMs: sentAtMs + lifetimeMs,
      lifetimeMs,
      afterRefusal
    }
    this.held = held
    this.nextTryMs = 0
    return held
  }
}
