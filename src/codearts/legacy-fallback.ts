import { ApiError } from './errors.js'

/** Which of a call's two routes answered. */
export type RouteChoice = 'current' | 'legacy'

/** How one call falls back from its first route to its other one. */
export interface FallbackOptions {
  /** The first route is already known not to be published: go straight to the other. */
  readonly skipCurrent?: boolean
  /** Told once the first route turns out not to be published, before the other is tried. */
  readonly onFallback?: (missing: ApiError) => void
}

/**
 * Runs `send` on the call's first route, and on its other route when the first one is not
 * published in this region (`route-missing`). Every other failure is the caller's: a route
 * that exists but fails must not be hidden behind one that may behave differently.
 */
export async function withLegacyFallback<T>(
  send: (route: RouteChoice) => Promise<T>,
  options: FallbackOptions = {}
): Promise<{ answer: T; route: RouteChoice }> {
  if (!options.skipCurrent) {
    try {
      return { answer: await send('current'), route: 'current' }
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'route-missing')) throw error
      options.onFallback?.(error)
    }
  }
  return { answer: await send('legacy'), route: 'legacy' }
}
