/** Fixtures and checks shared by the input tests. */
import * as path from 'node:path'
import { expect } from '@jest/globals'
import {
  InputError,
  type ActionEnvironment,
  type RunnerPaths
} from '../../src/inputs/input-error.js'
import { mapAt, readActionYml, scalarAt } from './action-metadata.js'

export const JOB_ID = '0123456789abcdef0123456789abcdef'
export const TOKEN = 'MIIexampleTOKENvalue-1234567890'
export const ACCESS_KEY = 'HPUAEXAMPLEACCESSKEY'
export const SECRET_KEY = 'sEcReTkEy-example-0123456789abcdefGHIJ'
export const PROJECT_ID = 'fedcba9876543210fedcba9876543210'
export const PATHS: RunnerPaths = {
  RUNNER_TEMP: path.resolve('/runner/_temp'),
  GITHUB_WORKSPACE: path.resolve('/runner/work/repo')
}
/** The largest delay a Node.js timer can wait; longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** The inputs declared in action.yml. */
export interface DeclaredInput {
  readonly required: boolean
  readonly default: string | undefined
}

export function declaredInputs(): Map<string, DeclaredInput> {
  const inputs = mapAt(readActionYml(), 'inputs')
  return new Map(
    Object.keys(inputs).map((name) => [
      name,
      {
        required: scalarAt(mapAt(inputs, name), 'required')?.value === 'true',
        default: scalarAt(mapAt(inputs, name), 'default')?.value
      }
    ])
  )
}

export function reader(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? ''
}

export const REQUIRED_ONLY = { 'job-id': JOB_ID, 'build-no': '7', token: TOKEN }
/** No environment variables besides the inputs. */
export const NO_ENV: ActionEnvironment = {}

/**
 * Runs `fn`, expects an InputError naming the input in quotes and saying what to do, and
 * returns its message.
 */
export function inputError(
  fn: () => unknown,
  inputName: string,
  advice: RegExp = /Expected|Set it to|Pass /
): string {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(InputError)
  const message = (thrown as InputError).message
  expect((thrown as InputError).name).toBe('InputError')
  expect(message).toContain(`'${inputName}'`)
  expect(message).toMatch(advice)
  return message
}
