/**
 * action.yml and README.md against what the action really does: the inputs the committed
 * bundle reads and the outputs it writes, found by running it, equal those declared; the
 * metadata follows the house rules; the README's tables match action.yml.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { INPUT_DEFAULTS } from '../../src/inputs/action-inputs.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { startSimulator } from '../../simulator/server.js'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import { verifySignature } from '../../simulator/verify-signature.js'
import { mapAt, readActionYml, scalarAt } from '../support/action-metadata.js'
import type { Scalar } from '../support/action-metadata.js'
import { REPO_ROOT, runAction } from '../support/run-action.js'
import { startKeylessServices } from '../support/keyless-services.js'

const ACTION = readActionYml()
const INPUTS = mapAt(ACTION, 'inputs')
const OUTPUTS = mapAt(ACTION, 'outputs')
const INPUT_NAMES = Object.keys(INPUTS)
const OUTPUT_NAMES = Object.keys(OUTPUTS)
const inputField = (name: string, field: string): Scalar | undefined =>
  scalarAt(mapAt(INPUTS, name), field)
const isRequired = (name: string): boolean => inputField(name, 'required')?.value === 'true'
const defaultOf = (name: string): string => inputField(name, 'default')?.value ?? ''

// ---------------------------------------------------------------------------------------------

describe('action.yml', () => {
  it('names the action, its author and its branding', () => {
    for (const key of ['name', 'description', 'author']) {
      expect(scalarAt(ACTION, key)?.value).toMatch(/\S/)
    }
    const branding = mapAt(ACTION, 'branding')
    expect(scalarAt(branding, 'icon')?.value).toMatch(/^[a-z0-9-]+$/)
    expect(scalarAt(branding, 'color')?.value).toMatch(
      /^(white|black|yellow|blue|green|orange|red|purple|gray-dark)$/
    )
  })

  // GitHub's release form refuses to publish an action to the Marketplace whose description is
  // 125 characters or longer.
  it('has a description short enough for the Marketplace (under 125 characters)', () => {
    const description = scalarAt(ACTION, 'description')?.value ?? ''
    expect(description.length).toBeGreaterThan(20)
    expect(description.length).toBeLessThan(125)
  })

  it('runs the committed bundle on node24', () => {
    const runs = mapAt(ACTION, 'runs')
    expect(scalarAt(runs, 'using')?.value).toBe('node24')
    expect(scalarAt(runs, 'main')?.value).toBe('dist/index.js')
    expect(fs.existsSync(path.join(REPO_ROOT, 'dist', 'index.js'))).toBe(true)
  })

  it('runs the same bundle as the post step, always: after a cancelled or timed-out job too', () => {
    const runs = mapAt(ACTION, 'runs')
    expect(Object.keys(runs)).toEqual(['using', 'main', 'post', 'post-if'])
    expect(scalarAt(runs, 'post')?.value).toBe('dist/index.js')
    expect(scalarAt(runs, 'post-if')?.raw).toBe("'always()'")
  })

  it.each(INPUT_NAMES)(
    "input '%s' has a description, `required` written out, and a quoted default when optional",
    (name) => {
      expect(Object.keys(mapAt(INPUTS, name)).sort()).toEqual(
        isRequired(name) ? ['description', 'required'] : ['default', 'description', 'required']
      )
      expect(inputField(name, 'description')?.value).toMatch(/\S/)
      expect(inputField(name, 'required')?.raw).toMatch(/^(true|false)$/)
      if (!isRequired(name)) expect(inputField(name, 'default')?.raw).toMatch(/^(['"]).*\1$/)
    }
  )

  it.each(INPUT_NAMES.filter((name) => !isRequired(name)))(
    "optional input '%s' states its default in its description",
    (name) => {
      expect(inputField(name, 'description')?.value).toMatch(/\bDefault\b/)
    }
  )

  it.each(OUTPUT_NAMES)("output '%s' has a description", (name) => {
    expect(Object.keys(mapAt(OUTPUTS, name))).toEqual(['description'])
    expect(scalarAt(mapAt(OUTPUTS, name), 'description')?.value).toMatch(/\S/)
  })

  it('has the same defaults as INPUT_DEFAULTS in src/inputs.ts (used when run without a runner)', () => {
    const declared = Object.fromEntries(
      INPUT_NAMES.filter((name) => defaultOf(name) !== '').map((name) => [name, defaultOf(name)])
    )
    expect(declared).toEqual(INPUT_DEFAULTS)
  })
})

// ---------------------------------------------------------------------------------------------
// What the bundle really reads and writes. A preload wraps process.env in a Proxy that records
// every INPUT_* name looked up (present or not), and writes the list when the process exits.

const PRELOAD = `
import { writeFileSync } from 'node:fs'
const recordFile = process.env.ACTION_METADATA_RECORD
const reads = new Set()
const note = (key) => {
  if (typeof key === 'string' && key.startsWith('INPUT_')) reads.add(key)
}
const env = process.env
process.env = new Proxy(env, {
  get(target, key) {
    note(key)
    return target[key]
  },
  has(target, key) {
    note(key)
    return key in target
  },
  getOwnPropertyDescriptor(target, key) {
    note(key)
    return Reflect.getOwnPropertyDescriptor(target, key)
  }
})
process.on('exit', () => writeFileSync(recordFile, JSON.stringify([...reads])))
`

const ACCESS_KEY = 'QTWAOYTTINDUT2QVKYUC'
const SECRET_KEY = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc'
const SECURITY_TOKEN = 'gQpjbi1ub3J0aC00iw2sb3VkIjoiZXhhbXBsZS1zZWN1cml0eS10b2tlbiJ9'
const PROJECT_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'

interface Scenario {
  /** Runs the action with a fake ID token service and IAM (keyless sign-in). */
  readonly keyless?: boolean
  readonly simulator: SimulatorOptions
  readonly inputs: (simulator: Simulator) => Record<string, string>
  readonly exitCode: number
}

const FAST: SimulatorOptions = { startDelayMs: 20, pieceIntervalMs: 5, finishDelayMs: 20 }
const tokenInputs = (simulator: Simulator): Record<string, string> => ({
  'job-id': simulator.jobId,
  token: simulator.token,
  endpoint: simulator.url,
  'poll-interval': '0.05'
})

const SCENARIOS: Record<string, Scenario> = {
  'following a build to its end': {
    simulator: { ...FAST, log: generateBuildLogWithSteps({ seed: 81 }).text },
    inputs: (simulator) => ({ ...tokenInputs(simulator), 'build-no': '1' }),
    exitCode: 0
  },
  'following a failing build with AK/SK credentials': {
    simulator: {
      ...FAST,
      result: 'FAILURE',
      log: generateBuildLogWithSteps({ result: 'FAILURE', seed: 82 }).text,
      authenticate: (req, body) =>
        verifySignature(req, body, {
          accessKey: ACCESS_KEY,
          secretKey: SECRET_KEY,
          securityToken: SECURITY_TOKEN
        })
    },
    inputs: (simulator) => ({
      'job-id': simulator.jobId,
      'build-no': '1',
      'access-key': ACCESS_KEY,
      'secret-key': SECRET_KEY,
      'security-token': SECURITY_TOKEN,
      'project-id': PROJECT_ID,
      endpoint: simulator.url,
      'poll-interval': '0.05'
    }),
    exitCode: 1
  },
  'starting a build without waiting': {
    simulator: FAST,
    inputs: (simulator) => ({
      ...tokenInputs(simulator),
      trigger: 'true',
      wait: 'false',
      parameters: 'GREETING=hello',
      branch: 'main'
    }),
    exitCode: 0
  },
  'following a build with a keyless sign-in': {
    keyless: true,
    simulator: { finished: true },
    inputs: (simulator) => ({ ...tokenInputs(simulator), token: '', 'build-no': '1' }),
    exitCode: 0
  },
  'checking a finished build without waiting': {
    simulator: { finished: true },
    inputs: (simulator) => ({ ...tokenInputs(simulator), 'build-no': '1', wait: 'false' }),
    exitCode: 0
  }
}

describe('what the bundle reads and writes', () => {
  let directory: string
  const inputsRead = new Map<string, string[]>()
  const outputsWritten = new Map<string, string[]>()

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'action-metadata-'))
    const preload = path.join(directory, 'record-inputs.mjs')
    fs.writeFileSync(preload, PRELOAD)
    // One at a time: each scenario has its own simulator and its own record file.
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const fakes = scenario.keyless ? await startKeylessServices() : undefined
      const simulator = await startSimulator({
        ...scenario.simulator,
        ...(fakes ? { authenticate: fakes.iam.authenticate } : {})
      })
      try {
        const recordFile = path.join(directory, `${inputsRead.size}.json`)
        const run = await runAction(
          { ...scenario.inputs(simulator), ...fakes?.inputs },
          {
            NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`,
            ACTION_METADATA_RECORD: recordFile,
            ...fakes?.env
          }
        )
        if (run.exitCode !== scenario.exitCode) {
          throw new Error(`${name}: exit code ${run.exitCode}\n${run.stdout}\n${run.stderr}`)
        }
        const keys = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as string[]
        inputsRead.set(
          name,
          keys.map((key) => key.slice('INPUT_'.length).toLowerCase())
        )
        outputsWritten.set(name, Object.keys(run.outputs))
      } finally {
        await simulator.close()
        await fakes?.close()
      }
    }
  }, 30_000)

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true })
  })

  const union = (sets: Map<string, string[]>): string[] =>
    [...new Set([...sets.values()].flat())].sort()

  it('reads exactly the inputs action.yml declares', () => {
    expect(inputsRead.size).toBe(Object.keys(SCENARIOS).length)
    expect(union(inputsRead)).toEqual([...INPUT_NAMES].sort())
  })

  it.each(Object.keys(SCENARIOS))('%s reads no input that action.yml does not declare', (name) => {
    const undeclared = (inputsRead.get(name) ?? []).filter((input) => !INPUT_NAMES.includes(input))
    expect(undeclared).toEqual([])
    expect(inputsRead.get(name)).toEqual(expect.arrayContaining(['job-id', 'token', 'wait']))
  })

  it('writes exactly the outputs action.yml declares', () => {
    expect(union(outputsWritten)).toEqual([...OUTPUT_NAMES].sort())
  })

  it.each([
    ['following a build to its end', ['build-no', 'failed-step', 'log-file', 'result']],
    [
      'following a failing build with AK/SK credentials',
      ['build-no', 'failed-step', 'log-file', 'result']
    ],
    ['starting a build without waiting', ['build-no', 'daily-build-no']],
    ['checking a finished build without waiting', ['build-no', 'result']],
    ['following a build with a keyless sign-in', ['build-no', 'failed-step', 'log-file', 'result']]
  ])('%s writes %j', (scenario, outputs) => {
    expect(outputsWritten.get(scenario)?.sort()).toEqual(outputs)
  })
})

// ---------------------------------------------------------------------------------------------
// README.md's tables. Rows look like: | `name` | yes | `default` | Description |

const README = path.join(REPO_ROOT, 'README.md')

function readme(): string {
  if (!fs.existsSync(README)) {
    throw new Error(
      'README.md does not exist yet: it must have an inputs table headed "| Input | Required | Default | Description |" and an outputs table headed "| Output | Description |".'
    )
  }
  return fs.readFileSync(README, 'utf8')
}

/** A table row's cells, trimmed (`\|` does not split, as in GitHub's tables). */
function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
}

/** The body rows of the table whose header row is `header` (however it is padded). */
function tableRows(text: string, header: string): string[][] {
  const lines = text.split('\n').map((line) => line.trim())
  const wanted = cellsOf(header).join('|')
  const start = lines.findIndex(
    (line) => line.startsWith('|') && cellsOf(line).join('|') === wanted
  )
  if (start < 0) throw new Error(`README.md has no table headed '${header}'`)
  const rows: string[][] = []
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) break
    if (/^\|(\s*:?-{3,}:?\s*\|)+$/.test(line)) continue
    rows.push(cellsOf(line))
  }
  return rows
}

function codeName(cell: string): string {
  const match = /^`([^`]+)`$/.exec(cell)
  if (!match) throw new Error(`README.md: expected a \`name\` cell, got '${cell}'`)
  return match[1]
}

describe('README.md', () => {
  it('lists each input of action.yml once, with its required flag and default', () => {
    const rows = tableRows(readme(), '| Input | Required | Default | Description |')
    const documented = rows.map((cells) => {
      const [name, required, defaultCell] = cells
      expect(cells.length).toBe(4)
      expect(required).toMatch(/^(yes|no)$/)
      expect(defaultCell).toMatch(/^(|`[^`]*`)$/)
      return {
        name: codeName(name),
        required: required === 'yes',
        default: defaultCell.replace(/^`|`$/g, '')
      }
    })
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
    expect(documented.sort(byName)).toEqual(
      INPUT_NAMES.map((name) => ({
        name,
        required: isRequired(name),
        default: defaultOf(name)
      })).sort(byName)
    )
  })

  it('lists each output of action.yml once', () => {
    const rows = tableRows(readme(), '| Output | Description |')
    expect(rows.map((cells) => codeName(cells[0])).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(rows.every((cells) => cells.length === 2 && /\S/.test(cells[1]))).toBe(true)
  })

  // One description for each output: the README's cell is action.yml's text, code marks aside.
  it.each(OUTPUT_NAMES)("describes output '%s' as action.yml does", (name) => {
    const rows = tableRows(readme(), '| Output | Description |')
    const row = rows.find((cells) => codeName(cells[0]) === name)
    const described = scalarAt(mapAt(OUTPUTS, name), 'description')?.value
    expect(row?.[1].replace(/`/g, '')).toBe(described)
  })
})
