/**
 * AK/SK credentials, run() in process (its runner commands on stdout), against the simulator
 * over real HTTP that verifies every signature with its own implementation.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import { verifySignature } from '../../simulator/verify-signature.js'
import { ActionRun } from '../support/run-action.js'
import { runActionInProcess as runAction } from '../support/in-process-action.js'
import { closeSimulators, simulate } from '../support/simulated-run.js'
import {
  errorMessages,
  inputsFor,
  LONG_RUNNING,
  requestsTo,
  SHORT_RUNNING
} from '../support/timed-builds.js'

afterEach(closeSimulators)

/** What the gateway checks: the one key pair it knows, optionally temporary. */
const ACCESS_KEY = 'HPUAZ3KQ7WJX9TRM2CVB'
const SECRET_KEY = 'q8Ls2VvX0cT7nHw4RbJ1eYkPzA6mUdGf3iNoQ5sE'
const SECURITY_TOKEN = 'gQpjbi1ub3J0aC00LXRlbXAtc2VjdXJpdHktdG9rZW4tZm9yLXRlc3Rz'
const PROJECT_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'

function verifyingSimulator(options: SimulatorOptions, securityToken?: string): Promise<Simulator> {
  return simulate({
    ...options,
    authenticate: (req, body) =>
      verifySignature(req, body, { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, securityToken })
  })
}

/** Inputs without a token: the credentials come from the caller. */
function akskInputs(simulator: Simulator, inputs: Record<string, string>): Record<string, string> {
  return { 'job-id': simulator.jobId, endpoint: simulator.url, 'poll-interval': '0.05', ...inputs }
}

/** Every request was signed, none carried a token, and the gateway let each one through. */
function expectAllSigned(simulator: Simulator): void {
  expect(simulator.requests.length).toBeGreaterThan(0)
  for (const request of simulator.requests) {
    expect(request.headers.authorization).toMatch(
      new RegExp(
        `^SDK-HMAC-SHA256 Access=${ACCESS_KEY}, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`
      )
    )
    expect(request.headers['x-auth-token']).toBeUndefined()
    expect(request.status).toBeGreaterThanOrEqual(200)
    expect(request.status).toBeLessThan(300)
  }
}

/** No secret reaches anything the action writes, except the lines that mask it. */
function expectNoSecrets(run: ActionRun, secrets: readonly string[]): void {
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
  const written = {
    stdout,
    logFile: run.logBytes?.toString('utf8') ?? '',
    summary: run.summary
  }
  for (const secret of secrets) {
    for (const [where, text] of Object.entries(written)) {
      expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false })
    }
  }
}

describe('AK/SK credentials', () => {
  it('signs the start and every read, and follows the build to success', async () => {
    const simulator = await verifyingSimulator(SHORT_RUNNING)
    const run = await runAction(
      akskInputs(simulator, {
        'access-key': ACCESS_KEY,
        'secret-key': SECRET_KEY,
        trigger: 'true',
        parameters: 'A=1'
      })
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(simulator.triggers.map((t) => t.buildNo)).toEqual([2])
    expect(requestsTo(simulator, 'log').length).toBeGreaterThan(0)
    expect(requestsTo(simulator, 'status').length).toBeGreaterThan(0)
    expectAllSigned(simulator)
    for (const request of simulator.requests) {
      expect(request.headers['x-security-token']).toBeUndefined()
    }
    expect(run.stdout).toContain(`::add-mask::${SECRET_KEY}`)
    expectNoSecrets(run, [ACCESS_KEY, SECRET_KEY])
  })

  it('sends and signs the security token and project ID of temporary credentials', async () => {
    const simulator = await verifyingSimulator(SHORT_RUNNING, SECURITY_TOKEN)
    const run = await runAction(
      akskInputs(simulator, {
        'access-key': ACCESS_KEY,
        'secret-key': SECRET_KEY,
        'security-token': SECURITY_TOKEN,
        'project-id': PROJECT_ID,
        'build-no': '1'
      })
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expectAllSigned(simulator)
    for (const request of simulator.requests) {
      expect(request.headers['x-security-token']).toBe(SECURITY_TOKEN)
      expect(request.headers['x-project-id']).toBe(PROJECT_ID)
      expect(request.headers.authorization).toMatch(
        /SignedHeaders=[a-z;-]*x-project-id;x-sdk-date;x-security-token,/
      )
    }
    expectNoSecrets(run, [ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN])
  })

  it('takes the credentials huaweicloud/auth-action leaves in the environment', async () => {
    const simulator = await verifyingSimulator(SHORT_RUNNING)
    const run = await runAction(akskInputs(simulator, { 'build-no': '1' }), {
      HUAWEI_CLOUD_ACCESS_KEY_ID: ACCESS_KEY,
      HUAWEI_CLOUD_SECRET_ACCESS_KEY: SECRET_KEY,
      HUAWEI_CLOUD_REGION: 'cn-north-4'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expectAllSigned(simulator)
    expect(run.stdout).toContain(`::add-mask::${SECRET_KEY}`)
    expectNoSecrets(run, [ACCESS_KEY, SECRET_KEY])
  })

  it('signs the stop request it sends at the timeout, and reports timeout', async () => {
    const simulator = await verifyingSimulator(LONG_RUNNING)
    const run = await runAction(
      akskInputs(simulator, {
        'access-key': ACCESS_KEY,
        'secret-key': SECRET_KEY,
        trigger: 'true',
        timeout: '0.03'
      })
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('timeout')
    expect(simulator.stops.map((s) => [s.route, s.buildNo, s.stopped])).toEqual([['stop', 2, true]])
    expectAllSigned(simulator)
    expect(run.stdout).toContain('CodeArts accepted the request to stop the build')
    expect(run.logBytes?.toString('utf8')).toMatch(/Finished: ABORTED\n$/)
    expect(errorMessages(run).pop()).toMatch(/timeout'? of .* was reached/)
    expectNoSecrets(run, [ACCESS_KEY, SECRET_KEY])
  })

  it('fails at once with 401 APIGW.0301 on a wrong secret key', async () => {
    const simulator = await verifyingSimulator(SHORT_RUNNING)
    const wrongSecret = 'x' + SECRET_KEY.slice(1)
    const run = await runAction(
      akskInputs(simulator, {
        'access-key': ACCESS_KEY,
        'secret-key': wrongSecret,
        'build-no': '1'
      })
    )
    expect(run.exitCode).toBe(1)
    expect(simulator.requests.length).toBeGreaterThanOrEqual(1)
    expect(simulator.requests.length).toBeLessThanOrEqual(2)
    expect(simulator.requests.every((r) => r.status === 401)).toBe(true)
    const message = errorMessages(run).join('\n')
    expect(message).toContain('HTTP 401 APIGW.0301')
    expect(message).toContain('verify aksk signature fail')
    // The advice points at the key pair, not only at a token that was never given.
    expect(message).toMatch(/credentials/i)
    expect(message).toContain("'access-key'")
    expect(message).toContain("'secret-key'")
    expect(run.outputs.result).toBeUndefined()
    expectNoSecrets(run, [ACCESS_KEY, wrongSecret])
  })

  it('redacts an access key that the gateway echoes in its refusal', async () => {
    const simulator = await verifyingSimulator(SHORT_RUNNING)
    const wrongAccessKey = 'HPUAWRONGACCESSKEY01'
    const run = await runAction(
      akskInputs(simulator, {
        'access-key': wrongAccessKey,
        'secret-key': SECRET_KEY,
        'build-no': '1'
      })
    )
    expect(run.exitCode).toBe(1)
    expect(errorMessages(run).join('\n')).toContain('ak *** not exist')
    expectNoSecrets(run, [wrongAccessKey, SECRET_KEY])
  })

  it('refuses a token together with an access key and secret key, before any request', async () => {
    const simulator = await verifyingSimulator({})
    const run = await runAction(
      inputsFor(simulator, { 'build-no': '1', 'access-key': ACCESS_KEY, 'secret-key': SECRET_KEY })
    )
    expect(run.exitCode).toBe(1)
    const message = errorMessages(run).join('\n')
    expect(message).toContain("both 'token' and 'access-key'/'secret-key' are set")
    expect(simulator.requests).toEqual([])
    expectNoSecrets(run, [ACCESS_KEY, SECRET_KEY, simulator.token])
  })
})
