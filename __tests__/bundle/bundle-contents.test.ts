/**
 * What the committed bundle loads at every start: the action's code and its two runtime
 * dependencies, not undici, which @actions/http-client imports only for a fetch dispatcher
 * the action never asks for (tsconfig.json maps it to stubs/undici/index.js).
 */
import * as fs from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { HttpClient } from '@actions/http-client'
import { ProxyAgent } from '../../stubs/undici/index.js'
import { BUNDLE } from '../support/run-action.js'

describe('the bundle', () => {
  const source = fs.readFileSync(BUNDLE, 'utf8')

  it('holds the stand-in for undici and none of undici itself', () => {
    expect(source).toContain('undici is not bundled with this action')
    expect(source).not.toMatch(/node_modules\/undici\//)
    // undici alone is about 900 kB of JavaScript; the whole bundle stays well below it.
    expect(fs.statSync(BUNDLE).size).toBeLessThan(400 * 1024)
  })

  it('still has the proxy support the action uses: node:http agents through tunnel', () => {
    expect(source).toMatch(/tunnel/)
    const client = new HttpClient('test')
    expect(client.getAgent('https://example.com')).toBeDefined()
    client.dispose()
  })

  it('says plainly what the stand-in cannot do, should anything ever call it', () => {
    expect(() => new ProxyAgent()).toThrow(/getAgentDispatcher\(\) is not available/)
  })
})
