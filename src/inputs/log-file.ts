import * as os from 'node:os'
import * as path from 'node:path'
import { RunnerPaths } from './input-error.js'

/**
 * The path functions of the runner's OS: Windows runners give RUNNER_TEMP and
 * GITHUB_WORKSPACE as `D:\\a\\_temp`, and users write `log-file` with a drive letter and either
 * slash; the platform is a parameter so that both kinds are tested on any machine.
 */
function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix
}

/** Where the log file goes: the 'log-file' input, or a default under RUNNER_TEMP. */
export interface LogFileRequest {
  /** The 'log-file' input; empty for the default. */
  readonly value: string
  readonly jobId: string
  /** undefined while the build number is not known yet (a build still to be started). */
  readonly buildNo: number | undefined
  readonly paths: RunnerPaths
  readonly platform?: NodeJS.Platform
}

/**
 * The log file's absolute path. The default name carries the build number: undefined while
 * that is not known yet.
 */
export function resolveLogFile(request: LogFileRequest & { readonly buildNo: number }): string
export function resolveLogFile(request: LogFileRequest): string | undefined
export function resolveLogFile(request: LogFileRequest): string | undefined {
  const { value, jobId, buildNo, paths } = request
  const pathOf = pathsFor(request.platform ?? process.platform)
  if (value) return pathOf.resolve(paths.GITHUB_WORKSPACE || process.cwd(), value)
  if (buildNo === undefined) return undefined
  return pathOf.join(paths.RUNNER_TEMP || os.tmpdir(), `codearts-build-${jobId}-${buildNo}.log`)
}
