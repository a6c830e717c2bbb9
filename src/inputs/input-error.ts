/** What the input modules share: the error for a bad input and how inputs are read. */

/** A bad input: the message names the input and says how to fix it. */
export class InputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}

/** Reads one input as the runner provides it; returns '' when unset. */
export type InputReader = (name: string) => string

/** Where the runner keeps its paths; only these environment variables are read. */
export interface RunnerPaths {
  readonly RUNNER_TEMP?: string
  readonly GITHUB_WORKSPACE?: string
}

/** The error for a bad value: quotes it (never use it for a secret) and says what is expected. */
export function invalid(name: string, value: string, expected: string): InputError {
  return new InputError(`Invalid '${name}' input: '${value}'. ${expected}`)
}

/** The environment variables this action reads besides its inputs. */
export type ActionEnvironment = RunnerPaths & Readonly<Record<string, string | undefined>>
