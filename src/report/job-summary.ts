import { clip, ELLIPSIS, GLYPH } from '../text/glyphs.js'
import { stripAnsi } from '../text/ansi.js'
import { ActionResult } from '../build-log/build-result.js'
import { formatDuration } from '../text/duration.js'
import { StepRecord } from '../build-log/step-tracker.js'
import { TestTotals } from '../build-log/test-totals.js'
import { AnnotationCandidate } from './annotation-budget.js'
import { renderTimeline } from './timeline.js'

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
  /** Test totals the log printed, if any. */
  readonly testTotals?: TestTotals
  /** Error annotations beyond what the runner shows of one step. */
  readonly annotationsLeftOut?: readonly AnnotationCandidate[]
  /** Removes secrets from remote text, before it is escaped or shortened. */
  readonly redact: (text: string) => string
}

/** Bounds that keep the summary far below the runner's 1 MiB limit, whatever the log. */
const MAX_STEP_ROWS = 100
const MAX_EXCERPT_LINE_CHARS = 400
const MAX_NAME_CHARS = 120
const MAX_LEFT_OUT_ROWS = 50
const MAX_LEFT_OUT_CHARS = 300

const HEADINGS: Record<ActionResult, string> = {
  success: `${GLYPH.check} CodeArts build succeeded`,
  failure: `${GLYPH.cross} CodeArts build failed`,
  aborted: `${GLYPH.noEntry} CodeArts build aborted`,
  timeout: `${GLYPH.stopwatch} Stopped waiting for the CodeArts build (timeout)`,
  cancelled: `${GLYPH.prohibited} Stopped following the CodeArts build (cancelled)`
}

const STEP_STATUS: Record<StepRecord['status'], string> = {
  success: `${GLYPH.check} success`,
  failed: `${GLYPH.cross} failed`,
  running: `${GLYPH.hourglass} running`,
  unfinished: `${GLYPH.whiteCircle} no end marker`,
  aborted: `${GLYPH.noEntry} aborted`
}

/** Remote text as inert HTML: no tags, no entities, no Markdown, no table breaks. */
function escapeHtml(text: string, maxChars: number): string {
  const clipped = clip(text, maxChars)
  return (
    stripAnsi(clipped)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // One pass for every character with a meaning in Markdown or tables, so no entity written
      // here is escaped again; `:` too, so that no `https://` is seen to link.
      .replace(/[[\]()*_`~!#\\|:]/g, (c) => `&#${c.charCodeAt(0)};`)
      // An entity would not stop a mention (GitHub finds them in the rendered text): a word
      // joiner after `@` does, and one in `www.` stops that link.
      .replace(/@/g, '@\u2060')
      .replace(/www\./gi, (w) => `${w.slice(0, 3)}\u2060.`)
  )
}

/**
 * Remote text inside HTML (a table cell, a <summary>): escaped, and in a <code> element, where
 * GitHub neither makes @mentions nor links (its filters skip code, pre and links).
 */
function htmlLiteral(text: string, maxChars: number): string {
  return `<code>${escapeHtml(text, maxChars)}</code>`
}

/**
 * Remote text in a Markdown line (a list item, a table row): a code span, whose content is shown
 * exactly as it is: no Markdown, no HTML, no mention, no link. The fence is longer than any run
 * of backticks in the text; `|` is escaped for table cells (GFM reads `\|` inside a span too).
 */
function markdownLiteral(text: string, maxChars: number, inTable = false): string {
  let body = stripAnsi(clip(text, maxChars)).replace(/[\r\n]+/g, ' ')
  if (inTable) body = body.replace(/\|/g, '\\|')
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  // A space on each side keeps a backtick at either end from joining the fence.
  const padded = body.startsWith('`') || body.endsWith('`') ? ` ${body} ` : body
  return body === '' ? '` `' : `${fence}${padded}${fence}`
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function stepDuration(step: StepRecord): string {
  if (step.startedAtMs === undefined || step.endedAtMs === undefined) return GLYPH.emDash
  return formatDuration(step.endedAtMs - step.startedAtMs)
}

function stepTable(steps: readonly StepRecord[], redact: (text: string) => string): string[] {
  if (steps.length === 0) return ['_The log named no build steps._', '']
  const rows = steps
    .slice(0, MAX_STEP_ROWS)
    .map(
      (step) =>
        `<tr><td>${htmlLiteral(redact(step.name), MAX_NAME_CHARS)}</td><td>${STEP_STATUS[step.status]}</td><td>${stepDuration(step)}</td></tr>`
    )
  if (steps.length > MAX_STEP_ROWS) {
    rows.push(
      `<tr><td colspan="3">${ELLIPSIS} and ${steps.length - MAX_STEP_ROWS} more steps</td></tr>`
    )
  }
  return [
    '<table>',
    '<tr><th>Step</th><th>Status</th><th>Duration</th></tr>',
    ...rows,
    '</table>',
    ''
  ]
}

function testTotalsSection(totals: TestTotals, redact: (text: string) => string): string[] {
  const lines = [
    '### Tests',
    '',
    `${GLYPH.check} ${totals.passed} passed ${GLYPH.middleDot} ${GLYPH.cross} ${totals.failed} failed ${GLYPH.middleDot} ${GLYPH.nextTrack} ${totals.skipped} skipped`,
    ''
  ]
  if (totals.failedTests.length > 0) {
    lines.push('First failed tests:', '')
    for (const name of totals.failedTests) {
      lines.push(`- ${markdownLiteral(redact(name), MAX_NAME_CHARS)}`)
    }
    lines.push('')
  }
  return lines
}

function leftOutSection(
  leftOut: readonly AnnotationCandidate[],
  redact: (text: string) => string
): string[] {
  const place = (a: AnnotationCandidate): string =>
    a.file === undefined
      ? markdownLiteral(redact(a.title ?? ''), MAX_NAME_CHARS)
      : markdownLiteral(`${redact(a.file)}:${a.line ?? ''}`, MAX_NAME_CHARS)
  const rows = leftOut
    .slice(0, MAX_LEFT_OUT_ROWS)
    .map(
      (a) =>
        `- ${place(a)} ${GLYPH.emDash} ${markdownLiteral(redact(a.message), MAX_LEFT_OUT_CHARS)}`
    )
  if (leftOut.length > MAX_LEFT_OUT_ROWS) {
    rows.push(`- ${ELLIPSIS} and ${leftOut.length - MAX_LEFT_OUT_ROWS} more`)
  }
  return [
    '<details>',
    `<summary>${leftOut.length} more errors (the runner shows 10 annotations per step)</summary>`,
    '',
    ...rows,
    '</details>',
    ''
  ]
}

/** The job summary as Markdown with a little HTML (what the runner renders). */
export function renderSummary(facts: SummaryFacts): string {
  const lines = [`## ${HEADINGS[facts.result]}`, '']
  if (facts.note) lines.push(`${escapeHtml(facts.redact(facts.note), 300)}.`, '')
  lines.push(...stepTable(facts.steps, facts.redact))
  const timeline = renderTimeline(
    facts.steps.map((step) => ({ ...step, name: facts.redact(step.name) }))
  )
  if (timeline) lines.push(timeline)
  if (facts.testTotals) lines.push(...testTotalsSection(facts.testTotals, facts.redact))
  const leftOut = facts.annotationsLeftOut ?? []
  if (leftOut.length > 0) lines.push(...leftOutSection(leftOut, facts.redact))
  lines.push(
    '| | |',
    '| --- | --- |',
    `| Build number | ${facts.buildNo} |`,
    `| Job | \`${facts.jobId}\` |`,
    `| Result | ${facts.serverResult ? markdownLiteral(facts.redact(facts.serverResult), 40, true) : facts.result} |`,
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
      `<summary>Last ${failed.tailLines.length} lines of the failed step ${htmlLiteral(facts.redact(failed.name), MAX_NAME_CHARS)}</summary>`,
      '',
      `<pre>${excerpt}</pre>`,
      '</details>',
      ''
    )
  }
  return lines.join('\n')
}
