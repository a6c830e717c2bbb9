/**
 * scripts/release.js: the checks before a release and what it changes, in a throwaway git
 * repository (it never tags; the test checks that no tag appears).
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  changelogForRelease,
  checkNewVersion,
  compareVersions,
  parseVersion
} from '../../scripts/release.js'

const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../scripts/release.js'
)

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.0.0] - 2026-11-30

### Added

- Everything.
`

describe('parseVersion and compareVersions', () => {
  it.each(['1.2', 'v1.2.3', '1.2.3-rc.1', '01.2.3', ''])('refuses %j', (version) => {
    expect(() => parseVersion(version)).toThrow(/Expected MAJOR\.MINOR\.PATCH/)
  })

  it('orders by number, not by text', () => {
    expect(['1.10.0', '1.2.0', '1.2.10', '1.2.9'].sort(compareVersions)).toEqual([
      '1.2.0',
      '1.2.9',
      '1.2.10',
      '1.10.0'
    ])
  })
})

describe('checkNewVersion', () => {
  it('accepts the first release at package.json version', () => {
    expect(() => checkNewVersion('1.0.0', [], '1.0.0')).not.toThrow()
  })

  it.each([
    ['1.0.0', ['v1.0.0'], '1.0.0', /tagged already/],
    ['1.0.1', ['v1.0.0', 'v1.1.0', 'v1'], '1.1.0', /not above the newest release, v1\.1\.0/],
    ['0.9.0', [], '1.0.0', /below package\.json's version/]
  ])('refuses %s with tags %j and package %s', (version, tags, packageVersion, message) => {
    expect(() => checkNewVersion(version, tags, packageVersion)).toThrow(message)
  })
})

describe('changelogForRelease', () => {
  it('dates a section that is there already (the first release)', () => {
    const { text, notes } = changelogForRelease(CHANGELOG, '1.0.0', '2027-01-02')
    expect(text).toContain('## [1.0.0] - 2027-01-02\n')
    expect(text).not.toContain('2026-11-30')
    expect(text).toContain('## [Unreleased]')
    expect(notes).toBe('### Added\n\n- Everything.')
  })

  it('moves the Unreleased notes under the new version', () => {
    const changelog = CHANGELOG.replace(
      '## [Unreleased]\n',
      '## [Unreleased]\n\n### Fixed\n\n- A bug.\n'
    )
    const { text, notes } = changelogForRelease(changelog, '1.0.1', '2027-01-02')
    expect(notes).toBe('### Fixed\n\n- A bug.')
    expect(text).toMatch(
      /## \[Unreleased\]\n\n## \[1\.0\.1\] - 2027-01-02\n\n### Fixed\n\n- A bug\.\n\n## \[1\.0\.0\] - 2026-11-30/
    )
  })

  it('refuses a release with nothing to say', () => {
    expect(() => changelogForRelease(CHANGELOG, '1.0.1', '2027-01-02')).toThrow(/nothing under/)
  })
})

describe('npm run release', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  function run(cwd: string, command: string, args: string[]) {
    return spawnSync(command, args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Release Test',
        GIT_AUTHOR_EMAIL: 'release@example.com',
        GIT_COMMITTER_NAME: 'Release Test',
        GIT_COMMITTER_EMAIL: 'release@example.com'
      }
    })
  }

  /** A repository like this one in miniature: its `package` script writes dist/index.js. */
  function repository(committedBundle: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'))
    dirs.push(dir)
    fs.mkdirSync(path.join(dir, 'scripts'))
    fs.copyFileSync(SCRIPT, path.join(dir, 'scripts', 'release.js'))
    fs.writeFileSync(
      path.join(dir, 'build.cjs'),
      "require('fs').mkdirSync('dist', { recursive: true }); require('fs').writeFileSync('dist/index.js', 'bundle\\n')\n"
    )
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'x',
        version: '1.0.0',
        type: 'module',
        scripts: { package: 'node build.cjs' }
      })
    )
    fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), CHANGELOG)
    fs.mkdirSync(path.join(dir, 'dist'))
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'), committedBundle)
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '-A'],
      ['commit', '-q', '-m', 'start']
    ]) {
      expect(run(dir, 'git', args).status).toBe(0)
    }
    return dir
  }

  it('prepares the release, prints the commands and tags nothing', () => {
    const dir = repository('bundle\n')
    const result = run(dir, process.execPath, ['scripts/release.js', '1.0.0'])
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('git tag --annotate v1.0.0 --message "v1.0.0"')
    expect(result.stdout).toContain('git push origin HEAD v1.0.0')
    expect(result.stdout).toMatch(/gh release create v1\.0\.0 --verify-tag/)
    expect(run(dir, 'git', ['tag', '--list']).stdout).toBe('')
    const today = new Date().toISOString().slice(0, 10)
    expect(fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toContain(
      `## [1.0.0] - ${today}`
    )
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toBe(
      '1.0.0'
    )
  })

  it('sets the new version in package.json', () => {
    const dir = repository('bundle\n')
    fs.writeFileSync(
      path.join(dir, 'CHANGELOG.md'),
      CHANGELOG.replace('## [Unreleased]\n', '## [Unreleased]\n\n- More.\n')
    )
    run(dir, 'git', ['commit', '-q', '-am', 'notes'])
    run(dir, 'git', ['tag', 'v1.0.0'])
    const result = run(dir, process.execPath, ['scripts/release.js', '1.1.0'])
    expect(result.status).toBe(0)
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toBe(
      '1.1.0'
    )
    expect(run(dir, 'git', ['tag', '--list']).stdout.trim()).toBe('v1.0.0')
  })

  it('stops when dist/ is not a fresh bundle', () => {
    const dir = repository('an older bundle\n')
    const result = run(dir, process.execPath, ['scripts/release.js', '1.0.0'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/dist\/ is not what 'npm run package' makes/)
    expect(fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toBe(CHANGELOG)
  })

  it('stops when the working tree is not clean', () => {
    const dir = repository('bundle\n')
    fs.writeFileSync(path.join(dir, 'stray.txt'), 'x')
    const result = run(dir, process.execPath, ['scripts/release.js', '1.0.0'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/not clean[\s\S]*stray\.txt/)
  })

  it('stops when the version is tagged already', () => {
    const dir = repository('bundle\n')
    run(dir, 'git', ['tag', 'v1.0.0'])
    const result = run(dir, process.execPath, ['scripts/release.js', 'v1.0.0'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/v1\.0\.0 is tagged already/)
  })
})
