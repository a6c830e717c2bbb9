// @ts-check
/**
 * Realistic CodeArts build logs for tests and the demo: steps bracketed by their markers in
 * both wordings, tool output (step-output.js), a status block and `Finished:`. Logs of many
 * megabytes for the benchmarks are in bulk-logs.js.
 */
import { createRandom } from './random.js'
import {
  completeWording,
  LOG_EPOCH_MS,
  LogWriter,
  startWording,
  writeStatusBlock
} from './log-writer.js'
import { failureWording, longLine, stepOutput } from './step-output.js'

/** @typedef {import('./timestamps.js').MarkerStyle} MarkerStyle */
/** @typedef {'cache' | 'checkout' | 'maven' | 'test' | 'docker' | 'upload' | 'shell'} StepKind */

/**
 * A step to put in a generated log.
 *
 * @typedef {object} StepSpec
 * @property {string} name display name, the first half of the marker tag
 * @property {string} id step id, the second half of the marker tag
 * @property {StepKind} [kind] which tool's output fills the step (default 'shell')
 */

/**
 * A step as it appears in a generated log. Steps after a failed or aborted one never run and
 * are not listed.
 *
 * @typedef {object} LogStep
 * @property {string} name
 * @property {string} id
 * @property {MarkerStyle} style which marker wording brackets this step
 * @property {'success' | 'error' | 'aborted'} status
 */

/**
 * @typedef {object} BuildLogOptions
 * @property {string} [result] 'SUCCESS' (default), 'ABORTED', or anything else for a failing
 *   build (the log then ends with `Finished: FAILURE`, the engine's own word)
 * @property {'both' | 'dated' | 'month'} [markerStyle] marker wording; 'both' (default)
 *   alternates the two wordings from step to step
 * @property {number | string} [failAtStep] 0-based index or id of the step that fails (or is
 *   aborted mid-way); default the second-to-last step
 * @property {number | StepSpec[]} [steps] how many of the stock steps to use (more than six
 *   adds shell steps), or the steps themselves; default the six stock steps
 * @property {number} [seed] default 1; the same options always give the same text
 * @property {number} [longLineBytes] length of the one very long line (ASCII, newline
 *   excluded), default 65536; 0 leaves it out
 */

/** @type {readonly Required<StepSpec>[]} */
export const STOCK_STEPS = Object.freeze([
  { name: 'Cache Check', id: 'cacheCheck', kind: 'cache' },
  { name: 'Code checkout', id: 'officialCodeCheckout', kind: 'checkout' },
  { name: 'Maven build', id: 'external_post_maven', kind: 'maven' },
  { name: 'Unit test report', id: 'unitTestReport', kind: 'test' },
  { name: 'buildImage', id: 'buildImage', kind: 'docker' },
  { name: 'Upload to release repo', id: 'uploadArtifact', kind: 'upload' }
])

/**
 * @param {number | StepSpec[] | undefined} steps
 * @returns {Required<StepSpec>[]}
 */
function resolveSteps(steps) {
  if (Array.isArray(steps)) return steps.map((s) => ({ kind: 'shell', ...s }))
  const count = steps ?? STOCK_STEPS.length
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`Invalid 'steps': ${count}. Expected a whole number from 1, or a list.`)
  }
  return Array.from({ length: count }, (_, i) =>
    i < STOCK_STEPS.length
      ? { ...STOCK_STEPS[i] }
      : {
          name: `Shell command ${i + 1}`,
          id: `shell_${i + 1}`,
          kind: /** @type {const} */ ('shell')
        }
  )
}

/**
 * @param {number | string | undefined} failAtStep
 * @param {Required<StepSpec>[]} steps
 */
function resolveFailIndex(failAtStep, steps) {
  if (failAtStep === undefined) return Math.max(0, steps.length - 2)
  const index =
    typeof failAtStep === 'number' ? failAtStep : steps.findIndex((s) => s.id === failAtStep)
  if (!Number.isInteger(index) || index < 0 || index >= steps.length) {
    throw new Error(`Invalid 'failAtStep': ${failAtStep}. Expected a step index or id of this log.`)
  }
  return index
}

/**
 * Generates a realistic CodeArts build log together with the steps it contains, so tests can
 * check step grouping against what was actually written.
 *
 * @param {BuildLogOptions} [options]
 * @returns {{ text: string, steps: LogStep[] }}
 */
export function generateBuildLogWithSteps(options = {}) {
  const result = (options.result ?? 'SUCCESS').toUpperCase()
  const markerStyle = options.markerStyle ?? 'both'
  const longLineBytes = options.longLineBytes ?? 64 * 1024
  const random = createRandom(options.seed ?? 1)
  const specs = resolveSteps(options.steps)
  const stopIndex = result === 'SUCCESS' ? -1 : resolveFailIndex(options.failAtStep, specs)
  const aborted = result === 'ABORTED'
  const longLineIndex = Math.max(
    0,
    specs.findIndex((s) => s.kind === 'maven')
  )

  const writer = new LogWriter(random, LOG_EPOCH_MS)
  writer.line(`[${writer.stamp('month')}] [INFO] Start to execute build task: demo-service`)
  writer.line('[INFO] 构建任务开始执行 (build started)')

  /** @type {LogStep[]} */
  const steps = []
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]
    /** @type {MarkerStyle} */
    const style = markerStyle === 'both' ? (i % 2 === 0 ? 'dated' : 'month') : markerStyle
    const failing = i === stopIndex && !aborted
    const output = stepOutput(spec.kind, random, failing)
    if (i === 0) output.splice(1, 0, 'Progress: 100% (245/245), done.\r\n', '\n')
    if (i === longLineIndex && longLineBytes > 0)
      output.splice(2, 0, longLine(longLineBytes) + '\n')

    writer.marker(spec, style, 'INFO', startWording(style))
    if (i === stopIndex && aborted) {
      output.slice(0, Math.ceil(output.length / 2)).forEach((l) => writer.raw(l))
      writer.line(`[${writer.stamp('month')}] [INFO] Build aborted by user`)
      steps.push({ name: spec.name, id: spec.id, style, status: 'aborted' })
      break
    }
    output.forEach((l) => writer.raw(l))
    if (failing) {
      writer.marker(spec, style, 'ERROR', failureWording(spec.kind))
      writer.marker(spec, style, 'ERROR', 'Failed to complete this step')
      steps.push({ name: spec.name, id: spec.id, style, status: 'error' })
      break
    }
    writer.marker(spec, style, 'INFO', completeWording(style))
    steps.push({ name: spec.name, id: spec.id, style, status: 'success' })
  }

  writeStatusBlock(writer, steps)
  writer.line(`Finished: ${result === 'SUCCESS' || aborted ? result : 'FAILURE'}`)
  return { text: writer.text(), steps }
}

/**
 * Same as {@link generateBuildLogWithSteps}, the text only.
 *
 * @param {BuildLogOptions} [options]
 * @returns {string}
 */
export function generateBuildLog(options = {}) {
  return generateBuildLogWithSteps(options).text
}
