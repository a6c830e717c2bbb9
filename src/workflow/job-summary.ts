import { stripAnsi } from '../build-log/ansi.js'
import { ActionResult } from '../build-log/build-result.js'
import { formatDuration } from './duration.js'
import { StepRecord } from '../build-log/step-tracker.js'

/** What the job summary tells; everything remote in it is escaped and already redacted. */
export interface SummaryFacts {
  readonly result: ActionResult
  readonly serverResult?: string
  readonly jobId: string
  readonly buildNo: number
  readonly elapsedMs: number
  readonly logBytes: number
  readonly steps: readonly StepRecord[]
  readonly failedStep?: StepRecord
  /** Why the follow stopped early (timeout, cancel). */
  readonly note?: string
  /** Removes secrets from remote text, before it is escaped or shortened. */
  readonly redact: (text: string) => string
}

/** Bounds that keep the summary far below the runner's 1 MiB limit, whatever the log. */
const MAX_STEP_ROWS = 100
const MAX_EXCERPT_LINE_CHARS = 400
const MAX_NAME_CHARS = 120

const HEADINGS: Record<ActionResult, string> = {
  success: '✅ CodeArts build succeeded',
  failure: '❌ CodeArts build failed',
  aborted: '⛔ CodeArts build aborted',
  timeout: '⏱️ Stopped waiting for the CodeArts build (timeout)',
  cancelled: '🚫 Stopped following the CodeArts build (cancelled)'
}

const STEP_STATUS: Record<StepRecord['status'], string> = {
  success: '✅ success',
  failed: '❌ failed',
  running: '⏳ running',
  unfinished: '⚪ no end marker'
}

/** Remote text as inert HTML: no tags, no entities, no Markdown, no table breaks. */
function escapeHtml(text: string, maxChars: number): string {
  const clipped = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text
  return (
    stripAnsi(clipped)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // One pass for every character with a meaning in Markdown or tables, so no entity written
      // here is escaped again.
      .replace(/[[\]()*_`~!#\\|]/g, (c) => `&#${c.charCodeAt(0)};`)
  )
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function stepDuration(step: StepRecord): string {
  if (step.startedAtMs === undefined || step.endedAtMs === undefined) return '—'
  return formatDuration(step.endedAtMs - step.startedAtMs)
}

function stepTable(steps: readonly StepRecord[], redact: (text: string) => string): string[] {
  if (steps.length === 0) return ['_The log named no build steps._', '']
  const rows = steps
    .slice(0, MAX_STEP_ROWS)
    .map(
      (step) =>
        `<tr><td>${escapeHtml(redact(step.name), MAX_NAME_CHARS)}</td><td>${STEP_STATUS[step.status]}</td><td>${stepDuration(step)}</td></tr>`
    )
  if (steps.length > MAX_STEP_ROWS) {
    rows.push(`<tr><td colspan="3">… and ${steps.length - MAX_STEP_ROWS} more steps</td></tr>`)
  }
  return [
    '<table>',
    '<tr><th>Step</th><th>Status</th><th>Duration</th></tr>',
    ...rows,
    '</table>',
    ''
  ]
}

/** The job summary as Markdown with a little HTML (what the runner renders). */
export function renderSummary(facts: SummaryFacts): string {
  const lines = [`## ${HEADINGS[facts.result]}`, '']
  if (facts.note) lines.push(`${escapeHtml(facts.redact(facts.note), 300)}.`, '')
  lines.push(...stepTable(facts.steps, facts.redact))
  lines.push(
    '| | |',
    '| --- | --- |',
    `| Build number | ${facts.buildNo} |`,
    `| Job | \`${facts.jobId}\` |`,
    `| Result | ${facts.serverResult ? escapeHtml(facts.serverResult, 40) : facts.result} |`,
    `| Followed for | ${formatDuration(facts.elapsedMs)} |`,
    `| Log size | ${formatBytes(facts.logBytes)} |`,
    ''
  )
  const failed = facts.failedStep
  if (failed && failed.tailLines.length > 0 && facts.result !== 'success') {
    const excerpt = failed.tailLines
      .map((line) => escapeHtml(facts.redact(line), MAX_EXCERPT_LINE_CHARS))
      .join('\n')
    lines.push(
      '<details>',
      `<summary>Last ${failed.tailLines.length} lines of the failed step “${escapeHtml(facts.redact(failed.name), MAX_NAME_CHARS)}”</summary>`,
      '',
      `<pre>${excerpt}</pre>`,
      '</details>',
      ''
    )
  }
  return lines.join('\n')
}
