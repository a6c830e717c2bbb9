#!/usr/bin/env node
// @ts-check
import { appendFileSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { generateBuildLog } from './logs.js'
import { startSimulator } from './server.js'

const USAGE = `Usage: node simulator/cli.js [--scenario success|failure|aborted|slow] [--port N]
  [--finished] [--max-read-bytes N] [--env-file PATH] [--lifetime-seconds N] [--print-inputs]
  [--rate-limit N]

Starts a CodeArts Build simulator on 127.0.0.1 and prints CODEARTS_SIMULATOR_URL,
CODEARTS_SIMULATOR_JOB_ID, CODEARTS_SIMULATOR_BUILD_NO and CODEARTS_SIMULATOR_TOKEN as
KEY=value lines (also appended to --env-file, e.g. "$GITHUB_ENV"). Runs until SIGINT or
SIGTERM (or SIGHUP), and at most --lifetime-seconds (default 600). Started by 'npm run
simulator', it also ends when npm does, however npm was stopped.

--rate-limit N answers 429 APIGW.0308 beyond N requests a second (burst N), shared by every
route: several followers against one simulator share that quota.

--print-inputs also prints the action's inputs for this simulator as INPUT_<NAME>=value lines,
ready to paste into the .env file that 'npm run local-action' reads (with --port 8731 they are
the lines of .env.example).

Node 20 reads --env-file itself even after the script name, and exits when that file does not
exist yet: create it first, or pass --append-env PATH, which does the same.`

/**
 * Paced so that a person watching a demo sees the log arrive in bursts over some seconds.
 *
 * @type {Record<string, import('./server.js').SimulatorOptions>}
 */
const SCENARIOS = {
  success: { result: 'SUCCESS', startDelayMs: 1000, pieceIntervalMs: 150, maxPieceBytes: 6000 },
  failure: { result: 'FAILURE', startDelayMs: 1000, pieceIntervalMs: 150, maxPieceBytes: 6000 },
  aborted: { result: 'ABORTED', startDelayMs: 1000, pieceIntervalMs: 150, maxPieceBytes: 6000 },
  slow: {
    result: 'SUCCESS',
    log: generateBuildLog({ result: 'SUCCESS', longLineBytes: 4096 }),
    startDelayMs: 5000,
    pieceIntervalMs: 1000,
    minPieceBytes: 50,
    maxPieceBytes: 1500,
    finishDelayMs: 3000
  }
}

/**
 * @param {string | undefined} text
 * @param {string} name
 * @param {number} fallback
 */
function wholeNumber(text, name, fallback) {
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text)) {
    throw new Error(`Invalid '--${name}': '${text}'. Expected a whole number.`)
  }
  return Number(text)
}

/**
 * The action's inputs for this simulator, as the runner passes them (INPUT_<NAME>, hyphens
 * kept) and as a .env file for @github/local-action holds them.
 *
 * @param {{ url: string, jobId: string, token: string, builds: Map<number, unknown> }} sim
 */
function actionInputLines(sim) {
  return [
    "# The action's inputs for this simulator, for a .env file (npm run local-action):",
    `INPUT_JOB-ID=${sim.jobId}`,
    `INPUT_BUILD-NO=${[...sim.builds.keys()][0]}`,
    `INPUT_TOKEN=${sim.token}`,
    `INPUT_ENDPOINT=${sim.url}`,
    'INPUT_POLL-INTERVAL=0.5',
    'INPUT_TIMEOUT=5'
  ]
}

/**
 * The parent process of `pid`, from /proc on Linux; null where that cannot be read.
 *
 * @param {number} pid
 */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null
  } catch {
    return null
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM'
  }
}

/**
 * Calls `onGone` once npm, which ran this script, is gone. npm runs it through a shell and
 * passes SIGINT on but not SIGTERM: a SIGTERM to npm's process ID ends npm and the shell and
 * leaves this process, reparented, holding its port. So when npm started it, this process
 * watches its parent (the shell) and the shell's parent (npm) and ends with either.
 *
 * @param {() => void} onGone
 */
function endWithNpm(onGone) {
  if (!process.env.npm_lifecycle_event) return
  const parent = process.ppid
  const grandparent = parentOf(parent)
  setInterval(() => {
    const orphaned = process.ppid !== parent
    if (orphaned || (grandparent !== null && grandparent > 1 && !isAlive(grandparent))) onGone()
  }, 250).unref()
}

async function main() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'success' },
      port: { type: 'string' },
      finished: { type: 'boolean', default: false },
      'max-read-bytes': { type: 'string' },
      'env-file': { type: 'string' },
      'append-env': { type: 'string' },
      'lifetime-seconds': { type: 'string' },
      'print-inputs': { type: 'boolean', default: false },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const scenario = SCENARIOS[values.scenario]
  if (!scenario) {
    throw new Error(
      `Invalid '--scenario': '${values.scenario}'. Expected one of ${Object.keys(SCENARIOS).join(', ')}.`
    )
  }
  const lifetimeSeconds = wholeNumber(values['lifetime-seconds'], 'lifetime-seconds', 600)
  const sim = await startSimulator({
    ...scenario,
    finished: values.finished,
    port: wholeNumber(values.port, 'port', 0),
    maxReadBytes: wholeNumber(values['max-read-bytes'], 'max-read-bytes', 1_000_000),
    ...(values['rate-limit'] === undefined
      ? {}
      : { rateLimit: { perSecond: wholeNumber(values['rate-limit'], 'rate-limit', 0) } })
  })

  const lines = [
    `CODEARTS_SIMULATOR_URL=${sim.url}`,
    `CODEARTS_SIMULATOR_JOB_ID=${sim.jobId}`,
    `CODEARTS_SIMULATOR_BUILD_NO=${[...sim.builds.keys()][0]}`,
    `CODEARTS_SIMULATOR_TOKEN=${sim.token}`
  ]
  console.log(lines.join('\n'))
  if (values['print-inputs']) console.log(actionInputLines(sim).join('\n'))
  const envFile = values['append-env'] ?? values['env-file']
  if (envFile) appendFileSync(envFile, lines.join('\n') + '\n')

  let closing = false
  const shutdown = () => {
    if (closing) return
    closing = true
    void sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  process.once('SIGHUP', shutdown)
  endWithNpm(shutdown)
  // Started in the background of a CI job, the simulator must not outlive it by much.
  setTimeout(shutdown, lifetimeSeconds * 1000).unref()
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
