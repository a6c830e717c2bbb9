// @ts-check
/**
 * Runs the committed bundle (dist/index.js) end to end against the built-in CodeArts Build
 * simulator, as a workflow step would run it, and shows what the workflow log page would show.
 *
 *   npm run demo                      a successful build (exit 0 when the action passes)
 *   npm run demo -- --scenario failure  a failing build (exit 0 when the action fails it)
 *   npm run demo -- --raw             the raw stdout the runner reads, commands included
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { renderAsWorkflowLog } from '../simulator/runner-view.js'
import { startSimulator } from '../simulator/server.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'success' },
    raw: { type: 'boolean', default: false }
  }
})

/** @type {Record<string, { result: string, expectedExitCode: number }>} */
const SCENARIOS = {
  success: { result: 'SUCCESS', expectedExitCode: 0 },
  failure: { result: 'FAILURE', expectedExitCode: 1 },
  aborted: { result: 'ABORTED', expectedExitCode: 1 }
}
const scenario = SCENARIOS[values.scenario ?? 'success']
if (!scenario) {
  console.error(
    `Unknown --scenario '${values.scenario}'. Expected one of: ${Object.keys(SCENARIOS).join(', ')}.`
  )
  process.exit(2)
}

const simulator = await startSimulator({
  result: scenario.result,
  startDelayMs: 300,
  pieceIntervalMs: 40,
  maxPieceBytes: 6000,
  finishDelayMs: 200
})
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-demo-'))
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
  GITHUB_WORKSPACE: work,
  'INPUT_JOB-ID': simulator.jobId,
  'INPUT_BUILD-NO': '1',
  INPUT_TOKEN: simulator.token,
  INPUT_ENDPOINT: simulator.url,
  'INPUT_POLL-INTERVAL': '0.5'
}

console.log(
  `Simulator at ${simulator.url}; following job ${simulator.jobId} build #1 (${scenario.result}).\n`
)
const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], {
  env,
  stdio: ['ignore', 'pipe', 'inherit']
})
let stdout = ''
child.stdout.setEncoding('utf8')
child.stdout.on('data', (text) => {
  stdout += text
  if (values.raw) process.stdout.write(text)
})
const exitCode = await new Promise((resolve) => child.on('close', resolve))
await simulator.close()

if (!values.raw) {
  console.log('──── workflow log (groups shown expanded) ────')
  console.log(renderAsWorkflowLog(stdout))
}
console.log('──── step outputs ────')
console.log(fs.readFileSync(outputFile, 'utf8').trim())
console.log('──── job summary (Markdown) ────')
console.log(fs.readFileSync(summaryFile, 'utf8').trim())
console.log('────')
console.log(
  `Action exit code: ${exitCode} (expected ${scenario.expectedExitCode} for a ${scenario.result} build).`
)
fs.rmSync(work, { recursive: true, force: true })
process.exit(exitCode === scenario.expectedExitCode ? 0 : 1)
