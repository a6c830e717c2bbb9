// @ts-check
/**
 * Runs the committed bundle (dist/index.js) end to end against the built-in CodeArts Build
 * simulator, as a workflow step would run it, and shows what the workflow log page would show.
 * `npm run demo -- --help` lists the options.
 */
import { parseRunnerOutput, renderAsWorkflowLog } from '../simulator/runner-view.js'
import { commandLine } from './command-line.js'
import { runDemo, SCENARIOS } from './demo-run.js'

const USAGE = `Usage: npm run demo -- [--scenario success|failure|aborted|keyless] [--raw] [--help]

Runs the committed bundle (dist/index.js) against the built-in CodeArts Build simulator, as a
workflow step would run it, then shows the workflow log as the log page shows it (groups
expanded), the step's outputs and its job summary. The raw log (the log-file output) and the
files the runner would read stay in a new folder under the system's temporary folder, named at
the end.

  --scenario NAME  the build's result: success (default), failure or aborted;
                   keyless: a successful build followed with a keyless sign-in (fake IAM)
  --raw            show the raw stdout the runner reads, workflow commands included, instead of
                   the log page's view; nothing is shortened
  --help           show this text

Exits 0 when the action ended as it should for the scenario: passed for success, failed for
failure and aborted.`

/** Longer lines are shortened in the log page's view, so that a terminal stays readable. */
const MAX_SHOWN_LINE_CHARS = 300

const values = commandLine(
  {
    scenario: { type: 'string', default: 'success' },
    raw: { type: 'boolean', default: false }
  },
  USAGE
)

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

const scenarioName = String(values.scenario)
const scenario = Object.hasOwn(SCENARIOS, scenarioName) ? SCENARIOS[scenarioName] : undefined
if (!scenario) {
  console.error(
    `Unknown --scenario '${values.scenario}'. Expected one of: ${Object.keys(SCENARIOS).join(', ')}.`
  )
  process.exit(2)
}

const run = await runDemo(scenarioName, {
  onStart: ({ url, jobId }) =>
    console.log(`Simulator at ${url}; following job ${jobId} build #1 (${scenario.result}).\n`),
  onStdout: (text) => {
    if (values.raw === true) process.stdout.write(text)
  }
})
const { stdout, exitCode } = run

if (values.raw !== true) {
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
for (const [name, value] of run.outputs) {
  console.log(`${name} = ${value}`)
}
console.log('──── job summary (Markdown) ────')
console.log(run.summary.trim())
console.log('────')
console.log(
  `Action exit code: ${exitCode} (expected ${scenario.expectedExitCode} for a ${scenario.result} build).`
)
console.log(
  `Kept in ${run.work}: the raw log (log-file above), github-output and step-summary.md. Delete the folder when done.`
)
process.exit(exitCode === scenario.expectedExitCode ? 0 : 1)
