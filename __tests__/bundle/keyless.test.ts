/**
 * Keyless sign-in on the committed bundle: the workflow's ID token (a fake of the runner's
 * token service) exchanged at a fake IAM for short-lived tokens that the CodeArts simulator
 * accepts, renewed during a build that outlives them, again in the post step, and never
 * written anywhere.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import { STATE_NAMES } from '../../src/session/post-state.js'
import {
  leakedSecrets,
  KeylessServices,
  startKeylessServices
} from '../support/keyless-services.js'
import { runAction, startAction } from '../support/run-action.js'
import { postPhaseEnvironment } from '../support/runner-post.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'
import { waitFor } from '../support/simulator-calls.js'
import { errorMessages, LOG, LONG_RUNNING, SHORT_RUNNING } from '../support/timed-builds.js'

const services: KeylessServices[] = []
afterEach(async () => {
  await closeSimulators()
  await Promise.all(services.splice(0).map((s) => s.close()))
})

async function keyless(
  iamOptions: Parameters<typeof startKeylessServices>[0] = {},
  tokenOptions: Parameters<typeof startKeylessServices>[1] = {}
): Promise<KeylessServices> {
  const started = await startKeylessServices(iamOptions, tokenOptions)
  services.push(started)
  return started
}

/** A simulator that accepts only what the fake IAM issued, and inputs without a stored secret. */
async function keylessSimulator(
  fakes: KeylessServices,
  options: SimulatorOptions
): Promise<{ sim: Simulator; inputs: Record<string, string> }> {
  const sim = await simulate({ ...options, authenticate: fakes.iam.authenticate })
  const inputs = {
    'job-id': sim.jobId,
    endpoint: sim.url,
    'poll-interval': '0.05',
    ...fakes.inputs
  }
  return { sim, inputs }
}

describe('keyless sign-in', () => {
  it.each([
    ['', {}],
    [' with RUNNER_DEBUG=1', { RUNNER_DEBUG: '1' }]
  ])(
    'follows a build on the token IAM issued for the ID token%s, and prints no secret',
    async (_, debug) => {
      const fakes = await keyless({ tokenLifetimeMs: 60_000 })
      const { sim, inputs } = await keylessSimulator(fakes, { log: LOG, finished: true })
      const run = await runAction({ ...inputs, 'build-no': '1' }, { ...fakes.env, ...debug })
      expect(run.exitCode).toBe(0)
      expect(run.outputs.result).toBe('success')
      expect(run.logBytes?.toString('utf8')).toBe(LOG)
      // One ID token for the default audience, one exchange at the provider named.
      expect(fakes.tokens.requests).toEqual([{ audience: 'huaweicloud-iam', authorized: true }])
      expect(fakes.iam.signIns).toEqual([{ idp: 'github-actions', status: 201 }])
      // Scoped to the region's default project when no project-id is given.
      expect(fakes.iam.issued[0].scope).toEqual({ project: { name: 'cn-north-4' } })
      expect(sim.requests.length).toBeGreaterThan(0)
      // Masked first, then never written: not on stdout, stderr, the log file, summary, outputs, state.
      expect(run.stdout).toContain(`::add-mask::${fakes.tokens.issued[0]}`)
      expect(run.stdout).toContain(`::add-mask::${fakes.iam.issued[0].token}`)
      expect(leakedSecrets(run, fakes)).toEqual([])
    }
  )

  it('renews the token during a build that outlives it: no refusal, no byte lost or repeated', async () => {
    // Tokens live 600 ms; the build runs about 1.5 s.
    const fakes = await keyless({ tokenLifetimeMs: 600 })
    const { sim, inputs } = await keylessSimulator(fakes, SHORT_RUNNING)
    const run = await runAction({ ...inputs, trigger: 'true' }, fakes.env)
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.equals(sim.servedLog(2))).toBe(true)
    // Renewed after three quarters of each lifetime: never refused for an expired token,
    // and not renewed more often than the lifetime asks (about every 450 ms).
    expect(fakes.iam.expiredRefusals).toEqual([])
    expect(fakes.iam.issued.length).toBeGreaterThanOrEqual(3)
    const elapsed = fakes.iam.issued.at(-1)!.expiresAtMs - fakes.iam.issued[0].expiresAtMs
    expect(elapsed / (fakes.iam.issued.length - 1)).toBeGreaterThanOrEqual(400)
    // A new ID token for each exchange.
    expect(new Set(fakes.tokens.issued).size).toBe(fakes.iam.issued.length)
    expect(leakedSecrets(run, fakes)).toEqual([])
  })

  it('renews once after a 401 for an expired token and goes on', async () => {
    const fakes = await keyless({ tokenLifetimeMs: 60_000 })
    const { sim, inputs } = await keylessSimulator(fakes, SHORT_RUNNING)
    const action = startAction({ ...inputs, trigger: 'true' }, fakes.env)
    await action.waitForStdout('Following CodeArts build')
    fakes.iam.expireAll()
    const run = await action.finished
    expect(run.exitCode).toBe(0)
    expect(run.logBytes?.equals(sim.servedLog(2))).toBe(true)
    expect(fakes.iam.issued).toHaveLength(2)
    expect(fakes.iam.expiredRefusals.length).toBeGreaterThanOrEqual(1)
    expect(leakedSecrets(run, fakes)).toEqual([])
  })

  it('fails on a 401 that a renewal does not cure, after one renewal only', async () => {
    const fakes = await keyless({ tokenLifetimeMs: 60_000 })
    const { sim, inputs } = await keylessSimulator(fakes, SHORT_RUNNING)
    // Issued tokens are refused at once, as a project IAM scoped wrongly would be.
    const sim2 = await simulate({ ...SHORT_RUNNING, authenticate: () => REFUSED })
    const run = await runAction({ ...inputs, endpoint: sim2.url, 'build-no': '1' }, fakes.env)
    expect(run.exitCode).toBe(1)
    // One renewal: each request is sent at most twice (with the first token, then the new one).
    expect(fakes.iam.issued).toHaveLength(2)
    expect(sim2.requests.length).toBeLessThanOrEqual(4)
    // Refused with the first token and again with the renewed one, then no more.
    expect(sim2.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2)
    expect(sim.requests).toEqual([])
    expect(leakedSecrets(run, fakes)).toEqual([])
  })

  it('stops a started build in the post step after a killed main step, signing in again', async () => {
    const fakes = await keyless({ tokenLifetimeMs: 60_000 })
    const { sim, inputs } = await keylessSimulator(fakes, LONG_RUNNING)
    const main = startAction({ ...inputs, trigger: 'true' }, fakes.env)
    await waitFor(() => main.readStateFile().includes(STATE_NAMES.startedBuild), 10_000)
    main.child.kill('SIGKILL')
    const killed = await main.finished
    const signInsBefore = fakes.iam.signIns.length
    const post = await runAction(
      { ...inputs, trigger: 'true' },
      {
        ...fakes.env,
        ...postPhaseEnvironment(killed.stateFile)
      }
    )
    expect(post.exitCode).toBe(0)
    expect(fakes.iam.signIns.length).toBe(signInsBefore + 1)
    expect(sim.stops.map((s) => [s.buildNo, s.stopped])).toEqual([[2, true]])
    expect(sim.builds.get(2)?.result).toBe('ABORTED')
    expect(leakedSecrets(killed, fakes)).toEqual([])
    expect(leakedSecrets(post, fakes)).toEqual([])
  })
})

const REFUSED = {
  status: 401,
  error_code: 'APIGW.0301',
  error_msg: 'Incorrect IAM authentication information: decrypt token fail'
}

describe('keyless sign-in failures, said plainly', () => {
  it('without id-token: write, fails before any request and names the permission', async () => {
    const fakes = await keyless()
    const { sim, inputs } = await keylessSimulator(fakes, { finished: true })
    // Without the permission the runner gives no request token: the service is never asked.
    const withoutPermission = Object.fromEntries(
      Object.entries(fakes.env).filter(([name]) => !name.startsWith('ACTIONS_ID_TOKEN_REQUEST_'))
    )
    const run = await runAction({ ...inputs, 'build-no': '1' }, withoutPermission)
    expect(run.exitCode).toBe(1)
    expect(errorMessages(run).join('\n')).toContain('permissions: id-token: write')
    expect(sim.requests).toEqual([])
    expect(fakes.tokens.requests).toEqual([])
  })

  it.each([['token'], ['access-key']])(
    'refuses identity-provider beside %s before any request',
    async (other) => {
      const fakes = await keyless()
      const { sim, inputs } = await keylessSimulator(fakes, { finished: true })
      const run = await runAction(
        { ...inputs, 'build-no': '1', [other]: 'abcdefgh12345678' },
        fakes.env
      )
      expect(run.exitCode).toBe(1)
      expect(errorMessages(run).join('\n')).toMatch(/'identity-provider' and '(token|access-key)'/)
      expect(sim.requests).toEqual([])
      expect(fakes.tokens.requests).toEqual([])
    }
  )

  it('quotes IAM refusing the token, names the provider and the claims, and does not retry', async () => {
    const fakes = await keyless(
      {},
      { claims: { sub: 'repo:octo-org/octo-repo:ref:refs/heads/dev', ref: 'refs/heads/dev' } }
    )
    const { sim, inputs } = await keylessSimulator(fakes, { finished: true })
    const run = await runAction({ ...inputs, 'build-no': '1' }, fakes.env)
    expect(run.exitCode).toBe(1)
    const message = errorMessages(run).join('\n')
    expect(message).toContain('No identity conversion rule matched the id_token.')
    expect(message).toContain("identity provider 'github-actions'")
    expect(message).toContain('sub: repo:octo-org/octo-repo:ref:refs/heads/dev')
    expect(message).toContain('ref: refs/heads/dev')
    expect(message).toContain("client ID is 'huaweicloud-iam'")
    expect(fakes.iam.signIns).toHaveLength(1)
    expect(sim.requests).toEqual([])
    expect(leakedSecrets(run, fakes)).toEqual([])
  })

  it('names a wrong identity provider as IAM tells it', async () => {
    const fakes = await keyless()
    const { inputs } = await keylessSimulator(fakes, { finished: true })
    const run = await runAction(
      { ...inputs, 'build-no': '1', 'identity-provider': 'gh-other' },
      fakes.env
    )
    expect(run.exitCode).toBe(1)
    expect(errorMessages(run).join('\n')).toContain("identity provider 'gh-other'")
    expect(errorMessages(run).join('\n')).toContain('does not exist')
  })

  it('tries a transient IAM error once more, and no more', async () => {
    const once = await keyless({ failFirst: 1, tokenLifetimeMs: 60_000 })
    const first = await keylessSimulator(once, { finished: true })
    const ok = await runAction({ ...first.inputs, 'build-no': '1' }, once.env)
    expect(ok.exitCode).toBe(0)
    expect(once.iam.signIns.map((s) => s.status)).toEqual([503, 201])

    const always = await keyless({ failFirst: 100 })
    const second = await keylessSimulator(always, { finished: true })
    const failed = await runAction({ ...second.inputs, 'build-no': '1' }, always.env)
    expect(failed.exitCode).toBe(1)
    expect(errorMessages(failed).join('\n')).toContain('IAM.0006')
    expect(second.sim.requests).toEqual([])
  })
})

describe('keyless sign-in and cancel', () => {
  it('winds down at once on a cancel while IAM has not answered the sign-in', async () => {
    const fakes = await keyless({ holdMs: 20_000 })
    const { inputs } = await keylessSimulator(fakes, { log: LOG, finished: true })
    const started = startAction({ ...inputs, 'build-no': '1' }, fakes.env)
    await waitFor(() => fakes.iam.received() > 0, 10_000)
    const signalledAt = Date.now()
    started.child.kill('SIGINT')
    const run = await started.finished
    // Wound down by itself, well before the grace period (1.5 s) would end the process.
    expect(Date.now() - signalledAt).toBeLessThan(1200)
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('cancelled')
    // The sign-in ended with the run: not reported as a failed sign-in.
    expect(errorMessages(run)).toEqual([expect.stringContaining('the workflow was cancelled')])
    expect(leakedSecrets(run, fakes)).toEqual([])
  })
})
