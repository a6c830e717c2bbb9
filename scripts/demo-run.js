// @ts-check
/**
 * One run of the committed bundle (dist/index.js) against the built-in CodeArts Build simulator,
 * as a workflow step would run it: what `npm run demo` shows and `npm run screenshots` pictures.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSimulator } from '../simulator/server.js'
import { startFakeIam } from '../simulator/iam.js'
import { startIdTokenService } from '../simulator/id-token-service.js'
import { generateBuildLogWithSteps } from '../simulator/logs.js'
import { sourceFailures } from '../simulator/source-failures.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** @type {Readonly<Record<string, { result: string, expectedExitCode: number }>>} */
export const SCENARIOS = Object.freeze({
  success: { result: 'SUCCESS', expectedExitCode: 0 },
  failure: { result: 'FAILURE', expectedExitCode: 1 },
  aborted: { result: 'ABORTED', expectedExitCode: 1 },
  // No stored secret: a fake runner ID token service and a fake IAM issuing 2-second tokens.
  keyless: { result: 'SUCCESS', expectedExitCode: 0, keyless: true }
})

/**
 * The step's outputs as names and values, read from the GITHUB_OUTPUT file's own format
 * (\`name<<delimiter\` … \`delimiter\`, or \`name=value\`).
 *
 * @param {string} text
 * @returns {Array<[string, string]>}
 */
export function outputsOf(text) {
  /** @type {Array<[string, string]>} */
  const outputs = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      outputs.push([heredoc[1], lines.slice(i + 1, end).join('\n')])
      i = end
    } else if (lines[i].includes('=')) {
      const equals = lines[i].indexOf('=')
      outputs.push([lines[i].slice(0, equals), lines[i].slice(equals + 1)])
    }
  }
  return outputs
}

/**
 * The failure scenario's Maven step prints compiler and test failures in every format the
 * action reads, and the checkout (GITHUB_WORKSPACE) holds some of their files: those become
 * annotations on the files, the others stay in the step's log.
 *
 * @param {string} checkout
 */
function failureLog(checkout) {
  const failures = sourceFailures()
  for (const failure of failures.slice(0, 5)) {
    const file = path.join(checkout, failure.file)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '// demo checkout\n')
  }
  const { text } = generateBuildLogWithSteps({ result: 'FAILURE', failAtStep: 2 })
  const lines = text.split(/(?<=\n)/)
  const at = lines.findIndex((line) => line.includes('[Maven build:')) + 1
  lines.splice(at, 0, ...failures.flatMap((failure) => failure.lines).map((line) => `${line}\n`))
  return lines.join('')
}

/**
 * @typedef {object} DemoRun
 * @property {string} work the kept folder: the raw log (RUNNER_TEMP), the outputs file and the
 *   job summary file
 * @property {string} stdout everything the action wrote to stdout, as the runner reads it
 * @property {number | null} exitCode
 * @property {Array<[string, string]>} outputs
 * @property {string} summary the Markdown the action wrote to GITHUB_STEP_SUMMARY
 */

/**
 * Starts the simulator for the scenario, runs dist/index.js against it with the environment a
 * runner gives a step, and waits for the action to end. The folder it makes under the system's
 * temporary folder is kept, since the action's log-file output names the raw log in it; only
 * the stand-in checkout is removed.
 *
 * @param {keyof typeof SCENARIOS} name
 * @param {{ onStart?: (simulator: { url: string, jobId: string }) => void, onStdout?: (text: string) => void }} [hooks]
 * @returns {Promise<DemoRun>}
 */
export async function runDemo(name, hooks = {}) {
  const scenario = SCENARIOS[name]
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-demo-'))
  const checkout = path.join(work, 'checkout')
  fs.mkdirSync(checkout)
  const fakes = 'keyless' in scenario ? await startKeylessFakes() : undefined
  const simulator = await startSimulator({
    ...(fakes ? { authenticate: fakes.iam.authenticate } : {}),
    result: scenario.result,
    ...(scenario.result === 'FAILURE' ? { log: failureLog(checkout) } : {}),
    startDelayMs: 300,
    pieceIntervalMs: fakes ? 120 : 40,
    maxPieceBytes: 6000,
    finishDelayMs: 200
  })
  const outputFile = path.join(work, 'github-output')
  const summaryFile = path.join(work, 'step-summary.md')
  fs.writeFileSync(outputFile, '')
  fs.writeFileSync(summaryFile, '')

  /** @type {NodeJS.ProcessEnv} */
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: work,
    GITHUB_WORKSPACE: checkout,
    'INPUT_JOB-ID': simulator.jobId,
    'INPUT_BUILD-NO': '1',
    INPUT_ENDPOINT: simulator.url,
    'INPUT_POLL-INTERVAL': '0.5',
    ...(fakes ? fakes.env : { INPUT_TOKEN: simulator.token })
  }

  hooks.onStart?.({ url: simulator.url, jobId: simulator.jobId })
  const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let stdout = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (text) => {
    stdout += text
    hooks.onStdout?.(text)
  })
  /** @type {number | null} */
  const exitCode = await new Promise((resolve) => child.on('close', resolve))
  await simulator.close()
  if (fakes) {
    console.log(
      `\nKeyless: ${fakes.iam.issued.length} IAM tokens issued for ${fakes.tokens.issued.length} ID tokens, each living 2 s; CodeArts refused ${fakes.iam.expiredRefusals.length} requests for an expired token.`
    )
    await Promise.all([fakes.iam.close(), fakes.tokens.close()])
  }
  fs.rmSync(checkout, { recursive: true, force: true })
  return {
    work,
    stdout,
    exitCode,
    outputs: outputsOf(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8')
  }
}

/** The runner's ID token service and IAM, faked, and the inputs and environment that use them. */
async function startKeylessFakes() {
  const tokens = await startIdTokenService()
  const iam = await startFakeIam({ key: tokens.key, tokenLifetimeMs: 2000 })
  return {
    tokens,
    iam,
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: tokens.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: tokens.requestToken,
      'INPUT_IDENTITY-PROVIDER': iam.identityProvider,
      'INPUT_IAM-ENDPOINT': iam.url
    }
  }
}
