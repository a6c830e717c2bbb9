/**
 * The token, through run() in process: masked before anything else is printed, and never
 * written by the action itself (stdout, log file, job summary), whatever the server
 * echoes back; and never handed to another host by a redirect.
 */
import * as http from 'node:http'
import { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from '@jest/globals'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { DEFAULT_TOKEN } from '../../simulator/server.js'
import { errorAnnotations, occurrences } from '../support/follow-checks.js'
import { ActionRun } from '../support/run-action.js'
import { runActionInProcess as runAction } from '../support/in-process-action.js'
import { closeSimulators, inputsFor, simulate, SimulatorOptions } from '../support/simulated-run.js'
import { followInProcess as followSimulated } from '../support/in-process-action.js'

const servers: http.Server[] = []
afterEach(async () => {
  await closeSimulators()
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const DEBUG = { RUNNER_DEBUG: '1' }

/** Every run here has step debug logging on: the most the action ever prints. */
function follow(options: SimulatorOptions, inputs: Record<string, string> = {}) {
  return followSimulated(options, inputs, DEBUG)
}

/**
 * The token is masked first thing, and that mask line is its only appearance in anything
 * the action wrote.
 */
function expectTokenOnlyInTheMask(run: ActionRun, token: string) {
  expect(run.stdout.startsWith(`::add-mask::${token}\n`)).toBe(true)
  expect(occurrences(run.stdout, token)).toBe(1)
  expect(occurrences(run.summary, token)).toBe(0)
  expect(occurrences(run.logBytes?.toString('utf8') ?? '', token)).toBe(0)
  expect(parseRunnerOutput(run.stdout).masks[0]).toBe(token)
}

/** Pieces of the token long enough to matter, from every part of it. */
function tokenPieces(token: string, length = 24): string[] {
  const pieces: string[] = []
  for (let at = 0; at + length <= token.length; at += 8) pieces.push(token.slice(at, at + length))
  return pieces
}

/** Everything stdout holds but the mask line. */
const afterMaskLine = (stdout: string) => stdout.slice(stdout.indexOf('\n') + 1)

describe('the token, with step debug logging on', () => {
  it.each([
    ['a successful build', { result: 'SUCCESS' }],
    ['a failing build', { result: 'FAILURE' }],
    [
      'answers that echo the request headers',
      { faults: { rate: 0.35, kinds: ['echoHeaders', 'http500'], seed: 4 } }
    ]
  ] as Array<[string, SimulatorOptions]>)('%s: masked first, never written', async (_, extra) => {
    const result = extra.result ?? 'SUCCESS'
    const { text } = generateBuildLogWithSteps({ result, seed: 31, longLineBytes: 300 })
    const { sim, run } = await follow({
      log: text,
      startDelayMs: 20,
      pieceIntervalMs: 10,
      maxPieceBytes: 1500,
      maxReadBytes: 400,
      ...extra
    })
    expect(run.exitCode).toBe(result === 'SUCCESS' ? 0 : 1)
    expect(run.summary).not.toBe('')
    expectTokenOnlyInTheMask(run, sim.token)
    if (extra.faults) {
      // The echoed headers did reach the output, with the token replaced.
      expect(sim.requests.some((r) => r.fault === 'echoHeaders')).toBe(true)
      expect(run.stdout).toContain('"x-auth-token":"***"')
    }
  })
})

describe('a fatal answer that echoes the token', () => {
  it.each([
    [401, 'APIGW.0301', 'Incorrect IAM authentication information: token {token} has expired'],
    [403, 'CB.00060403', 'user of token {token} may not read this task'],
    [400, 'CB.00060201', 'job not found for token={token}']
  ])('HTTP %i %s: the message shows *** instead', async (status, code, template) => {
    const { sim, run } = await follow({
      finished: true,
      authenticate: (req) => {
        const given = String(req.headers['x-auth-token'] ?? '')
        return { status, error_code: code, error_msg: template.replace('{token}', given) }
      }
    })
    expect(run.exitCode).toBe(1)
    const errors = errorAnnotations(parseRunnerOutput(run.stdout))
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toContain(template.replace('{token}', '***'))
    expectTokenOnlyInTheMask(run, sim.token)
  })
})

interface RecordedRequest {
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
}

async function listen(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void
): Promise<string> {
  const server = http.createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('a redirect', () => {
  it.each([301, 302, 303, 307, 308])(
    'HTTP %i to another host is not followed with the token',
    async (status) => {
      const simulator = await simulate({ finished: true })
      const token = simulator.token
      const elsewhere: RecordedRequest[] = []
      const target = await listen((req, res) => {
        elsewhere.push({ url: req.url ?? '', headers: req.headers })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"result":{"building":false,"build_result":"SUCCESS"},"status":"success"}')
      })
      const asked: RecordedRequest[] = []
      const redirector = await listen((req, res) => {
        asked.push({ url: req.url ?? '', headers: req.headers })
        res.writeHead(status, { Location: `${target}${req.url ?? '/'}` })
        res.end()
      })

      const run = await runAction(inputsFor(simulator, { token, endpoint: redirector }), DEBUG)

      expect(asked.length).toBeGreaterThanOrEqual(1)
      expect(asked.length).toBeLessThanOrEqual(3)
      expect(elsewhere.filter((r) => JSON.stringify(r.headers).includes(token))).toEqual([])
      expect(elsewhere).toEqual([])
      expect(run.exitCode).toBe(1)
      const errors = errorAnnotations(parseRunnerOutput(run.stdout))
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toContain(`HTTP ${status}`)
      expect(errors[0].message).toMatch(/redirect/i)
      expect(errors[0].message).toContain("'endpoint'")
      expectTokenOnlyInTheMask(run, token)
    }
  )
})

describe('a token that the remote log itself echoes', () => {
  // The log file keeps the raw bytes by design; what the action writes to stdout and to the
  // job summary goes through redaction, which must see the whole token before anything is
  // cut short.

  // An [ERROR] line becomes an annotation cut to 1000 characters: a token that straddles the
  // cut must not leave its first part in stdout, where the runner's mask (which matches whole
  // secrets only) cannot hide it.
  it('never reaches stdout, not even in part, through an error annotation', async () => {
    const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 33, longLineBytes: 300 })
    const anchor = '[INFO] Scanning for projects...\n'
    const token = DEFAULT_TOKEN
    const log = clean.text.replace(
      anchor,
      `${anchor}[ERROR] ${'x'.repeat(800)} login failed with token=${token}\n`
    )
    const { sim, run } = await follow({ log, result: 'FAILURE', finished: true })
    expect(sim.token).toBe(token)

    expect(run.exitCode).toBe(1)
    expect(run.stdout.startsWith(`::add-mask::${token}\n`)).toBe(true)
    const rest = afterMaskLine(run.stdout)
    expect(rest).toContain('login failed with token=')
    expect(tokenPieces(token).filter((piece) => rest.includes(piece))).toEqual([])
  })

  // The job summary's excerpt of the failed step cuts each line to 400 characters and escapes
  // it: a token in a long line of that excerpt must not reach the summary, even in part.
  it('never reaches the job summary, not even in part, through the failure excerpt', async () => {
    const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 34, longLineBytes: 300 })
    const token = DEFAULT_TOKEN
    const failing = 'Execute docker command failed'
    expect(clean.text).toContain(failing)
    const log = clean.text.replace(failing, `docker login -p ${token} failed ${'y'.repeat(150)}`)
    const { sim, run } = await follow({ log, result: 'FAILURE', finished: true })
    expect(sim.token).toBe(token)

    expect(run.exitCode).toBe(1)
    expect(run.summary).toContain('docker login -p ')
    expect(tokenPieces(token).filter((piece) => run.summary.includes(piece))).toEqual([])
  })

  // The job summary escapes remote text as HTML entities: a token with a character that gets
  // escaped (`_`, as in base64url) must still be found and hidden, not written entity by
  // entity, which the summary page would render as the token itself.
  it('never reaches the job summary when it holds characters HTML escapes', async () => {
    const token = 'MIIE_token_in_base64url_with_underscores_0123456789abcdef'
    const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 35, longLineBytes: 300 })
    const failing = 'Execute docker command failed'
    const log = clean.text.replace(failing, `docker login -p ${token} failed`)
    const { sim, run } = await follow({ log, result: 'FAILURE', finished: true, token })

    expect(sim.token).toBe(token)
    expect(run.exitCode).toBe(1)
    expect(run.summary).toContain('docker login -p ')
    const decoded = run.summary.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    expect(occurrences(decoded, token)).toBe(0)
  })
})
