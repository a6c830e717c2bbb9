/**
 * The transport through the committed bundle, where the process's own setup decides: an
 * untrusted certificate (and NODE_EXTRA_CA_CERTS, read at process start) and a host name that
 * does not resolve (a preload hook counts the lookups) end within seconds with one error naming
 * the cause and the input to change. The rest of the transport: main/transport.test.ts.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { generateBuildLog } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { expectExactFollow, expectFastFailure } from '../support/follow-checks.js'
import { REPO_ROOT, runAction } from '../support/run-action.js'
import { closeSimulators, follow } from '../support/simulated-run.js'
import { makeTestCertificate } from '../support/test-certificate.js'

afterEach(closeSimulators)

const LOG = generateBuildLog({ result: 'SUCCESS', seed: 11 })

describe('an untrusted TLS certificate', () => {
  let directory: string
  let tls: { key: Buffer; cert: Buffer }
  let certFile: string

  beforeAll(() => {
    // A throw-away self-signed certificate for the loopback address, made for this run only.
    ;({ directory, tls, certFile } = makeTestCertificate('localhost', [
      'IP:127.0.0.1',
      'DNS:localhost'
    ]))
  })
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }))

  it('fails at once saying how to add the CA, and never to skip verification', async () => {
    const { sim, run, view } = await follow({ tls, log: LOG, finished: true })
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:/)
    const message = expectFastFailure(run, view, [
      /TLS certificate of 127\.0\.0\.1:\d+ is not trusted/,
      /DEPTH_ZERO_SELF_SIGNED_CERT/,
      /NODE_EXTRA_CA_CERTS/,
      /'endpoint'/,
      /'region'/
    ])
    expect(message).not.toMatch(/REJECT_UNAUTHORIZED|rejectUnauthorized|insecure|disable/i)
  })

  it('follows the build once NODE_EXTRA_CA_CERTS names the CA, as the message says', async () => {
    const done = await follow(
      { tls, log: LOG, finished: true },
      {},
      { NODE_EXTRA_CA_CERTS: certFile }
    )
    expectExactFollow(done, LOG)
  })
})

describe('a host name that does not resolve', () => {
  const preload = path.join(REPO_ROOT, '__tests__', 'support', 'unresolvable-hosts.mjs')

  it('fails after a couple of quick tries, naming the host and the region input', async () => {
    const lookups = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-dns-')), 'lookups')
    const run = await runAction(
      {
        'job-id': '5f3c9e2a8b1d4c7e9a0f6b2d8c4e1a73',
        'build-no': '1',
        token: 'not-a-real-token',
        region: 'cn-nrth-4'
      },
      { NODE_OPTIONS: `--import ${preload}`, UNRESOLVABLE_LOOKUPS_FILE: lookups }
    )
    expectFastFailure(run, parseRunnerOutput(run.stdout), [
      /host name cloudbuild-ext\.cn-nrth-4\.myhuaweicloud\.com does not resolve \(ENOTFOUND\)/,
      /'region'/,
      /'endpoint'/
    ])
    const tries = fs.readFileSync(lookups, 'utf8').trim().split('\n')
    expect(tries.length).toBeGreaterThanOrEqual(2)
    // Three in a row end it; the log and status calls in flight at once share that count, so
    // one more lookup may already be on its way when the third fails.
    expect(tries.length).toBeLessThanOrEqual(4)
    expect(new Set(tries)).toEqual(new Set(['cloudbuild-ext.cn-nrth-4.myhuaweicloud.com']))
  })
})
