/**
 * What the committed bundle loads at every start: the action's code and its two runtime
 * dependencies, not undici, which @actions/http-client imports only for a fetch dispatcher
 * the action never asks for, nor @actions/exec, which @actions/core imports only for
 * `core.platform.getDetails()` (tsconfig.json maps both to stand-ins in stubs/). tunnel is
 * bundled but loaded by the first proxied request only, and node:zlib by the first gzipped
 * answer (both followed through the bundle in proxy.test.ts and transport.test.ts).
 */
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import * as exec from '../../stubs/actions-exec/index.js'
import { ProxyAgent } from '../../stubs/undici/index.js'
import { BUNDLE } from '../support/run-action.js'

/** The built-in modules a start of the bundle loads, up to its end (a missing input here). */
function builtinsLoadedAtStart(): string[] {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-start-'))
  try {
    const listFile = path.join(directory, 'modules')
    const preload = path.join(directory, 'list-modules.cjs')
    fs.writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, process.moduleLoadList.join('\\n')))`
    )
    try {
      execFileSync(process.execPath, ['--require', preload, BUNDLE], {
        env: { PATH: process.env.PATH },
        stdio: 'ignore'
      })
    } catch {
      // It fails on the missing inputs, as meant: only the modules it loaded matter here.
    }
    return fs
      .readFileSync(listFile, 'utf8')
      .split('\n')
      .filter((entry) => entry.startsWith('NativeModule '))
      .map((entry) => entry.slice('NativeModule '.length))
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
}

describe('the bundle', () => {
  const source = fs.readFileSync(BUNDLE, 'utf8')

  it('holds the stand-in for undici and none of undici itself', () => {
    expect(source).toContain('undici is not bundled with this action')
    expect(source).not.toMatch(/node_modules\/undici\//)
    // undici alone is about 900 kB of JavaScript; the whole bundle stays well below it.
    expect(fs.statSync(BUNDLE).size).toBeLessThan(500 * 1024)
  })

  it('says plainly what the stand-in cannot do, should anything ever call it', () => {
    expect(() => new ProxyAgent()).toThrow(/getAgentDispatcher\(\) is not available/)
  })

  it('has a tunnel stand-in whose four agent makers give the real tunnelling agents', () => {
    const stub = createRequire(import.meta.url)('../../stubs/tunnel/index.cjs') as Record<
      string,
      (options: object) => { addRequest: unknown; defaultPort?: number }
    >
    const proxy = { host: '127.0.0.1', port: 3128 }
    for (const [name, port] of [
      ['httpOverHttp', undefined],
      ['httpsOverHttp', 443],
      ['httpOverHttps', undefined],
      ['httpsOverHttps', 443]
    ] as const) {
      const agent = stub[name]({ proxy })
      expect(typeof agent.addRequest).toBe('function')
      expect(agent.defaultPort).toBe(port)
    }
  })

  it('holds none of @actions/exec, @actions/io or node:child_process', () => {
    expect(source).not.toMatch(/node_modules\/@actions\/(exec|io)\//)
    expect(source).not.toMatch(/child_process/)
  })

  it('says plainly what the @actions/exec stand-in cannot do', async () => {
    await expect(exec.getExecOutput()).rejects.toThrow(/getDetails\(\) is not available/)
    await expect(exec.exec()).rejects.toThrow(/getDetails\(\) is not available/)
  })

  it('is an ES module that loads no source-map register at start', () => {
    const marker = JSON.parse(
      fs.readFileSync(path.join(path.dirname(BUNDLE), 'package.json'), 'utf8')
    ) as { type?: string }
    expect(marker.type).toBe('module')
    expect(source).not.toMatch(/sourcemap-register/)
  })

  it('loads at start neither tunnel (nor the modules only it needs) nor zlib', () => {
    const loaded = builtinsLoadedAtStart()
    // The modules every start needs are there: the list is read right.
    expect(loaded).toEqual(expect.arrayContaining(['http', 'https', 'crypto']))
    for (const lazy of ['zlib', 'assert', 'child_process']) expect(loaded).not.toContain(lazy)
  })
})
