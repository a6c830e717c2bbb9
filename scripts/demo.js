// @ts-check
/**
 * Runs the committed bundle (dist/index.js) end to end against the built-in CodeArts Build
 * simulator, as a workflow step would run it, and shows what the workflow log page would show.
 * `npm run demo -- --help` lists the options.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parseRunnerOutput, renderAsWorkflowLog } from '../simulator/runner-view.js'
import { startSimulator } from '../simulator/server.js'
import { generateBuildLogWithSteps } from '../simulator/logs.js'
import { sourceFailures } from '../simulator/source-failures.js'

const USAGE = `Usage: npm run demo -- [--scenario success|failure|aborted] [--raw] [--help]

Runs the committed bundle (dist/index.js) against the built-in CodeArts Build simulator, as a
workflow step would run it, then shows the workflow log as the log page shows it (groups
expanded), the step's outputs and its job summary.

  --scenario NAME  the build's result: success (default), failure or aborted
  --raw            show the raw stdout the runner reads, workflow commands included, instead of
                   the log page's view; nothing is shortened
  --help           show this text

Exits 0 when the action ended as it should for the scenario: passed for success, failed for
failure and aborted.`

/** Longer lines are shortened in the log page's view, so that a terminal stays readable. */
const MAX_SHOWN_LINE_CHARS = 300

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** @type {{ scenario?: string, raw?: boolean, help?: boolean }} */
let values
try {
  values = parseArgs({
    options: {
      scenario: { type: 'string', default: 'success' },
      raw: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  }).values
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`)
  process.exit(2)
}
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

/**
 * A line of the page view cut to MAX_SHOWN_LINE_CHARS characters, saying how much was left out
 * (the log file and --raw keep it whole).
 *
 * @param {string} line
 */
function shortened(line) {
  const chars = Array.from(line)
  if (chars.length <= MAX_SHOWN_LINE_CHARS) return line
  const hidden = chars.length - MAX_SHOWN_LINE_CHARS
  return `${chars.slice(0, MAX_SHOWN_LINE_CHARS).join('')}… (${hidden} more characters; --raw shows the whole line)`
}

/**
 * The step's outputs as names and values, read from the GITHUB_OUTPUT file's own format
 * (\`name<<delimiter\` … \`delimiter\`, or \`name=value\`).
 *
 * @param {string} text
 * @returns {Array<[string, string]>}
 */
function outputsOf(text) {
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

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-demo-'))

/**
 * The failure scenario's Maven step prints compiler and test failures in every format the
 * action reads, and the checkout (GITHUB_WORKSPACE) holds some of their files: those become
 * annotations on the files, the others stay in the step's log.
 */
function failureLog() {
  const failures = sourceFailures()
  for (const failure of failures.slice(0, 5)) {
    const file = path.join(work, failure.file)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '// demo checkout\n')
  }
  const { text } = generateBuildLogWithSteps({ result: 'FAILURE', failAtStep: 2 })
  const lines = text.split(/(?<=\n)/)
  const at = lines.findIndex((line) => line.includes('[Maven build:')) + 1
  lines.splice(at, 0, ...failures.flatMap((failure) => failure.lines).map((line) => `${line}\n`))
  return lines.join('')
}

const simulator = await startSimulator({
  result: scenario.result,
  ...(scenario.result === 'FAILURE' ? { log: failureLog() } : {}),
  startDelayMs: 300,
  pieceIntervalMs: 40,
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
  console.log(renderAsWorkflowLog(stdout).split('\n').map(shortened).join('\n'))
}
console.log('──── annotations (as the run and the pull request show them) ────')
for (const { level, message, properties } of parseRunnerOutput(stdout).annotations) {
  const where = properties.file
    ? `${properties.file}:${properties.line ?? ''}${properties.col ? `:${properties.col}` : ''}`
    : ''
  console.log(
    `${level} ${where ? `${where} ` : ''}[${properties.title ?? ''}] ${shortened(message)}`
  )
}
console.log('──── step outputs ────')
for (const [name, value] of outputsOf(fs.readFileSync(outputFile, 'utf8'))) {
  console.log(`${name} = ${value}`)
}
console.log('──── job summary (Markdown) ────')
console.log(fs.readFileSync(summaryFile, 'utf8').trim())
console.log('────')
console.log(
  `Action exit code: ${exitCode} (expected ${scenario.expectedExitCode} for a ${scenario.result} build).`
)
fs.rmSync(work, { recursive: true, force: true })
process.exit(exitCode === scenario.expectedExitCode ? 0 : 1)
