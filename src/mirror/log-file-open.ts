import * as fs from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../inputs/input-error.js'

/**
 * Opening the log file safely. The path may come from the repository (`log-file: build.log`),
 * and a repository can commit a symbolic link under that name: the file is therefore never
 * opened through a link at its last component, is created new (mode 0600, readable by this
 * user alone) rather than truncated in place, and a file already there is replaced only with a
 * warning that names it.
 */

/** Not defined on Windows, where the lstat check below is the only guard. */
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0
const CREATE_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NO_FOLLOW
/** Owner read and write only: the file may hold whatever the build printed. */
const LOG_FILE_MODE = 0o600

/** An open log file, and what was at its path before. */
export interface OpenedLogFile {
  readonly fd: number
  /** A regular file was there before this step and has been replaced. */
  readonly replaced: boolean
}

function refuse(filePath: string, problem: string): InputError {
  return new InputError(
    `Invalid 'log-file' input: '${filePath}' cannot be written: ${problem}. Choose a path in a writable directory, e.g. under \${{ runner.temp }}.`
  )
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException
  return code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : String(message ?? error)
}

function lstatOrUndefined(at: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(at)
  } catch {
    return undefined
  }
}

/**
 * Which part of the directory path stands in the way: the first one that is there but is no
 * directory, or a link to nothing. Undefined when every part is a directory or is missing
 * (missing parts are created).
 */
function blockingPart(directory: string): string | undefined {
  const parts: string[] = []
  for (let at = directory; ; at = path.dirname(at)) {
    parts.unshift(at)
    if (path.dirname(at) === at) break
  }
  for (const part of parts) {
    const own = lstatOrUndefined(part)
    if (!own) return undefined
    let target: fs.Stats
    try {
      target = fs.statSync(part)
    } catch {
      return `'${part}' is a symbolic link to something that does not exist`
    }
    if (!target.isDirectory()) return `'${part}' is a file, not a directory`
  }
  return undefined
}

function makeDirectory(filePath: string): void {
  const directory = path.dirname(filePath)
  const blocked = blockingPart(directory)
  if (blocked) throw refuse(filePath, blocked)
  try {
    fs.mkdirSync(directory, { recursive: true })
  } catch (error) {
    throw refuse(filePath, `its directory '${directory}' cannot be created (${reasonOf(error)})`)
  }
}

/**
 * Opens the log file for writing: created new with mode 0600; a regular file already there is
 * removed first (the caller warns); a device or pipe (e.g. /dev/null) is written as it is; a
 * symbolic link, a directory or an unwritable path is a bad 'log-file' input.
 */
export function openLogFile(filePath: string): OpenedLogFile {
  makeDirectory(filePath)
  const before = lstatOrUndefined(filePath)
  if (before?.isSymbolicLink()) {
    let target = ''
    try {
      target = ` to '${fs.readlinkSync(filePath)}'`
    } catch {
      // The link's target is only named when it can be read.
    }
    throw refuse(
      filePath,
      `it is a symbolic link${target}, and the log file is never written through a link`
    )
  }
  if (before?.isDirectory()) throw refuse(filePath, 'it is a directory')
  try {
    if (before && !before.isFile()) {
      // A device or a pipe the workflow set up on purpose: nothing to replace, nothing to protect.
      return { fd: fs.openSync(filePath, fs.constants.O_WRONLY | NO_FOLLOW), replaced: false }
    }
    if (before) fs.unlinkSync(filePath)
    // O_EXCL with O_NOFOLLOW: a link or file put there meanwhile makes this fail, not follow.
    return { fd: fs.openSync(filePath, CREATE_NEW, LOG_FILE_MODE), replaced: before !== undefined }
  } catch (error) {
    throw refuse(filePath, reasonOf(error))
  }
}
