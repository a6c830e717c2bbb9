#!/usr/bin/env node
// @ts-check
/**
 * Prepares a release and prints the commands that publish it; it tags and pushes nothing.
 *
 *   npm run release -- 1.2.0
 *
 * 1. The working tree must be clean, so the release is exactly what is committed.
 * 2. The version must be new: vX.Y.Z not tagged yet, above every vX.Y.Z tag, and not below
 *    package.json's version.
 * 3. dist/ must equal a fresh bundle: dist/ is removed and rebuilt with `npm run package`;
 *    any difference stops the release (the rebuilt dist/ is left to be committed).
 * 4. CHANGELOG.md: the `## [Unreleased]` notes become `## [X.Y.Z] - <today>` (a section for
 *    X.Y.Z that is already there, as for the first release, only gets its date); package.json
 *    and package-lock.json get the version.
 * 5. Prints `git commit`, `git tag`, `git push` and `gh release create` to run after a look at
 *    the diff. Publishing the release makes .github/workflows/release.yml move the major tag.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** A version as the tags spell it without the `v`: MAJOR.MINOR.PATCH, no pre-release. */
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/**
 * @param {string} version
 * @returns {[number, number, number]}
 */
export function parseVersion(version) {
  const match = VERSION.exec(version)
  if (!match) {
    throw new Error(`Invalid version '${version}'. Expected MAJOR.MINOR.PATCH, such as 1.2.0.`)
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

/**
 * Negative when a comes before b, 0 when equal, positive after.
 *
 * @param {string} a
 * @param {string} b
 */
export function compareVersions(a, b) {
  const [x, y] = [parseVersion(a), parseVersion(b)]
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
}

/**
 * Throws unless `version` may be released: not tagged yet, above every release tag, not below
 * package.json's version.
 *
 * @param {string} version
 * @param {readonly string[]} tags every tag of the repository
 * @param {string} packageVersion
 */
export function checkNewVersion(version, tags, packageVersion) {
  parseVersion(version)
  if (tags.includes(`v${version}`)) {
    throw new Error(`v${version} is tagged already. Choose the next version.`)
  }
  const released = tags
    .filter((tag) => /^v\d+\.\d+\.\d+$/.test(tag))
    .map((tag) => tag.slice(1))
    .sort(compareVersions)
  const newest = released.at(-1)
  if (newest && compareVersions(version, newest) <= 0) {
    throw new Error(`${version} is not above the newest release, v${newest}.`)
  }
  if (compareVersions(version, packageVersion) < 0) {
    throw new Error(`${version} is below package.json's version, ${packageVersion}.`)
  }
}

/**
 * CHANGELOG.md with the release's section, and the section's notes (for the release page).
 *
 * @param {string} text
 * @param {string} version
 * @param {string} date YYYY-MM-DD
 * @returns {{ text: string, notes: string }}
 */
export function changelogForRelease(text, version, date) {
  const heading = /^## \[([^\]]+)\].*$/gm
  /** @type {Array<{ name: string, start: number, bodyStart: number }>} */
  const sections = []
  for (const match of text.matchAll(heading)) {
    const start = match.index ?? 0
    sections.push({ name: match[1], start, bodyStart: start + match[0].length })
  }
  const bodyOf = (/** @type {number} */ i) =>
    text.slice(sections[i].bodyStart, sections[i + 1]?.start ?? text.length).trim()
  const unreleased = sections.findIndex((section) => section.name === 'Unreleased')
  if (unreleased < 0) throw new Error("CHANGELOG.md has no '## [Unreleased]' section.")
  const existing = sections.findIndex((section) => section.name === version)
  const newHeading = `## [${version}] - ${date}`
  if (existing >= 0) {
    if (bodyOf(unreleased)) {
      throw new Error(
        `CHANGELOG.md has notes under both [Unreleased] and [${version}]: move them into one.`
      )
    }
    const { start, bodyStart } = sections[existing]
    return {
      text: text.slice(0, start) + newHeading + text.slice(bodyStart),
      notes: bodyOf(existing)
    }
  }
  const notes = bodyOf(unreleased)
  if (!notes) {
    throw new Error("CHANGELOG.md: nothing under '## [Unreleased]'. Describe the release first.")
  }
  const after = sections[unreleased + 1]?.start ?? text.length
  return {
    text: `${text.slice(0, sections[unreleased].start)}## [Unreleased]\n\n${newHeading}\n\n${notes}\n\n${text.slice(after)}`.replace(
      /\n+$/,
      '\n'
    ),
    notes
  }
}

/**
 * @param {string} cwd
 * @param {string[]} args
 */
function git(cwd, args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim()
}

/**
 * @param {string} file
 * @param {string} version
 */
function setJsonVersion(file, version) {
  if (!fs.existsSync(file)) return
  const json = JSON.parse(fs.readFileSync(file, 'utf8'))
  json.version = version
  if (json.packages?.['']) json.packages[''].version = version
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + '\n')
}

/**
 * @param {string} root the repository
 * @param {string} version
 * @param {string} date
 */
export function prepareRelease(root, version, date) {
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=all'])
  if (dirty) {
    throw new Error(`The working tree is not clean; commit or stash first:\n${dirty}`)
  }
  const packageFile = path.join(root, 'package.json')
  const packageVersion = JSON.parse(fs.readFileSync(packageFile, 'utf8')).version
  checkNewVersion(version, git(root, ['tag', '--list']).split('\n').filter(Boolean), packageVersion)

  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
  execFileSync('npm', ['run', '--silent', 'package'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32'
  })
  const stale = git(root, ['status', '--porcelain', '--untracked-files=all', '--', 'dist'])
  if (stale) {
    throw new Error(
      `dist/ is not what 'npm run package' makes of the sources (now rebuilt; commit it):\n${stale}`
    )
  }

  const changelogFile = path.join(root, 'CHANGELOG.md')
  const { text, notes } = changelogForRelease(fs.readFileSync(changelogFile, 'utf8'), version, date)
  fs.writeFileSync(changelogFile, text)
  setJsonVersion(packageFile, version)
  setJsonVersion(path.join(root, 'package-lock.json'), version)
  const notesFile = path.join(os.tmpdir(), `codearts-build-follow-v${version}-notes.md`)
  fs.writeFileSync(notesFile, notes + '\n')

  const tag = `v${version}`
  const changed = git(root, ['status', '--porcelain']) !== ''
  return [
    ...(changed
      ? ['git diff   # look it over, then:', `git commit --all --message "Release ${tag}"`]
      : []),
    `git tag --annotate ${tag} --message "${tag}"`,
    `git push origin HEAD ${tag}`,
    `gh release create ${tag} --verify-tag --title "${tag}" --notes-file "${notesFile}"`
  ]
}

function main() {
  const version = process.argv[2]?.replace(/^v/, '')
  if (!version || version === '--help' || version === '-h') {
    console.log('Usage: npm run release -- MAJOR.MINOR.PATCH   (prints the commands to publish)')
    process.exit(version ? 0 : 2)
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  try {
    const commands = prepareRelease(root, version, new Date().toISOString().slice(0, 10))
    console.log(`Release v${version} is prepared. To publish it, run:\n`)
    console.log(commands.map((command) => `  ${command}`).join('\n'))
  } catch (error) {
    console.error(`Release stopped: ${error instanceof Error ? error.message : error}`)
    process.exit(1)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main()
}
