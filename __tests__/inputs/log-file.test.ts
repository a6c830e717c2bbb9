import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { readInputs } from '../../src/inputs/action-inputs.js'
import { resolveLogFile } from '../../src/inputs/log-file.js'
import {
  inputError,
  JOB_ID,
  NO_ENV,
  PATHS,
  reader,
  REQUIRED_ONLY
} from '../support/input-fixtures.js'
import type { RunnerPaths } from '../../src/inputs/input-error.js'

/** The positional form the cases were written in. */
const logFileFor = (
  value: string,
  jobId: string,
  buildNo: number | undefined,
  paths: RunnerPaths,
  platform?: NodeJS.Platform
): string | undefined => resolveLogFile({ value, jobId, buildNo, paths, platform })

describe('resolveLogFile', () => {
  it('defaults to a file named for the build in RUNNER_TEMP', () => {
    const file = logFileFor('', JOB_ID, 7, PATHS) ?? ''
    expect(path.dirname(file)).toBe(PATHS.RUNNER_TEMP)
    expect(path.basename(file)).toBe(`codearts-build-${JOB_ID}-7.log`)
  })

  it('falls back to the system temporary directory without RUNNER_TEMP', () => {
    expect(path.dirname(logFileFor('', JOB_ID, 7, {}) ?? '')).toBe(os.tmpdir())
  })

  it.each([
    ['build.log', ['build.log']],
    ['logs/build.log', ['logs', 'build.log']],
    ['./logs/../build.log', ['build.log']]
  ])('resolves relative %s in GITHUB_WORKSPACE', (value, segments) => {
    expect(logFileFor(value, JOB_ID, 7, PATHS)).toBe(
      path.join(PATHS.GITHUB_WORKSPACE as string, ...segments)
    )
  })

  it('keeps an absolute path', () => {
    const absolute = path.resolve('/var/log/codearts.log')
    expect(logFileFor(absolute, JOB_ID, 7, PATHS)).toBe(absolute)
  })

  describe('on a Windows runner', () => {
    const WINDOWS_PATHS: RunnerPaths = {
      RUNNER_TEMP: 'D:\\a\\_temp',
      GITHUB_WORKSPACE: 'D:\\a\\repo\\repo'
    }

    it('puts the default file in RUNNER_TEMP with a backslash', () => {
      expect(logFileFor('', JOB_ID, 7, WINDOWS_PATHS, 'win32')).toBe(
        `D:\\a\\_temp\\codearts-build-${JOB_ID}-7.log`
      )
    })

    it.each([
      ['build.log', 'D:\\a\\repo\\repo\\build.log'],
      ['logs/build.log', 'D:\\a\\repo\\repo\\logs\\build.log'],
      ['logs\\..\\build.log', 'D:\\a\\repo\\repo\\build.log'],
      ['C:\\logs\\build.log', 'C:\\logs\\build.log'],
      ['C:/logs/build.log', 'C:\\logs\\build.log'],
      ['e:\\build.log', 'e:\\build.log']
    ])('resolves %j to %j, drive letters kept', (value, expected) => {
      expect(logFileFor(value, JOB_ID, 7, WINDOWS_PATHS, 'win32')).toBe(expected)
    })

    it('accepts a drive-letter log-file input', () => {
      const inputs = readInputs(reader({ ...REQUIRED_ONLY, 'log-file': 'C:\\logs\\b.log' }), NO_ENV)
      expect(inputs.logFileInput).toBe('C:\\logs\\b.log')
    })
  })

  describe('on a Linux or macOS runner', () => {
    it('joins with a slash whatever the machine running the test', () => {
      const posixPaths: RunnerPaths = {
        RUNNER_TEMP: '/home/runner/work/_temp',
        GITHUB_WORKSPACE: '/home/runner/work/r/r'
      }
      expect(logFileFor('', JOB_ID, 7, posixPaths, 'linux')).toBe(
        `/home/runner/work/_temp/codearts-build-${JOB_ID}-7.log`
      )
      expect(logFileFor('logs/b.log', JOB_ID, 7, posixPaths, 'darwin')).toBe(
        '/home/runner/work/r/r/logs/b.log'
      )
    })
  })

  it('always returns an absolute path', () => {
    expect(path.isAbsolute(logFileFor('x.log', JOB_ID, 7, {}) ?? '')).toBe(true)
  })

  it('has no default before the build number is known, but an explicit path', () => {
    expect(logFileFor('', JOB_ID, undefined, PATHS)).toBeUndefined()
    expect(logFileFor('x.log', JOB_ID, undefined, PATHS)).toBe(
      path.join(PATHS.GITHUB_WORKSPACE as string, 'x.log')
    )
  })

  it('refuses a path with a NUL character', () => {
    inputError(
      () => readInputs(reader({ ...REQUIRED_ONLY, 'log-file': 'a\u0000b.log' }), {}),
      'log-file'
    )
  })
})
