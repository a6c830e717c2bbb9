import { ELLIPSIS } from '../text/glyphs.js'
import type { StepRecord } from '../build-log/step-tracker.js'

/** What the timeline needs of a step: a subset of the step tracker's record. */
export type TimelineStep = Pick<StepRecord, 'name' | 'status' | 'startedAtMs' | 'endedAtMs'> & {
  readonly failed?: boolean
}

/** Bounds the chart: the summary must stay far under its 1 MiB limit whatever the log. */
export const MAX_TIMELINE_STEPS = 50
const MAX_LABEL_CHARS = 80

// Words the gantt parser reads as directives when a line starts with them.
const DIRECTIVE =
  /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|click|acctitle|accdescr|%%)/i

/**
 * Makes a step name safe as a gantt task label. `:` ends the label and `;` the statement, `#`
 * starts an entity: each becomes its full-width look-alike so the name stays readable.
 * Line breaks and backticks (which could close the Markdown fence) go; non-ASCII stays.
 */
export function escapeGanttLabel(name: string): string {
  let label = name
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/:/g, '\uff1a')
    .replace(/;/g, '\uff1b')
    .replace(/#/g, '\uff03')
    .replace(/`/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
  if (label === '') label = '(unnamed step)'
  if (label.length > MAX_LABEL_CHARS) label = `${label.slice(0, MAX_LABEL_CHARS - 1)}${ELLIPSIS}`
  // A zero-width space keeps a step named like a directive from being read as one.
  return DIRECTIVE.test(label) ? `\u200b${label}` : label
}

function tag(step: TimelineStep): string {
  if (step.failed || step.status === 'failed') return 'crit, '
  if (step.status === 'success') return 'done, '
  if (step.status === 'running') return 'active, '
  return ''
}

/**
 * A Mermaid `gantt` block (fenced for Markdown) showing the build's steps over time, the
 * failed ones marked `crit`; undefined when no step has a start time. Times are epoch ms
 * (`dateFormat x`), so no time zone is guessed. A step with no end is drawn to the next
 * step's start, or to the latest time the log showed. At most `maxSteps` steps are drawn;
 * a line after the block says how many were left out.
 */
export function renderTimeline(
  steps: readonly TimelineStep[],
  maxSteps = MAX_TIMELINE_STEPS
): string | undefined {
  const timed = steps.filter((s) => s.startedAtMs !== undefined && Number.isFinite(s.startedAtMs))
  if (timed.length === 0) return undefined
  const shown = timed.slice(0, maxSteps)
  // Plain loops: spreading every step into Math.max overflows the stack past ~65,000 steps.
  let latest = -Infinity
  for (const s of timed) latest = Math.max(latest, s.startedAtMs as number, s.endedAtMs ?? 0)
  let first = Infinity
  for (const s of shown) first = Math.min(first, s.startedAtMs as number)
  const lines = ['```mermaid', 'gantt', 'dateFormat x']
  // The axis shows the date too when the build spans more than a day.
  lines.push(latest - first > 86_400_000 ? 'axisFormat %m-%d %H:%M' : 'axisFormat %H:%M:%S')
  shown.forEach((step, i) => {
    const start = step.startedAtMs as number
    const next = timed[i + 1]?.startedAtMs
    // Mermaid hides a zero-length bar: give every step at least a millisecond.
    const end = Math.max(start + 1, step.endedAtMs ?? next ?? latest)
    lines.push(`${escapeGanttLabel(step.name)} :${tag(step)}s${i}, ${start}, ${end}`)
  })
  lines.push('```')
  const omitted = steps.length - shown.length
  if (omitted > 0) {
    lines.push(
      `${omitted} step${omitted === 1 ? '' : 's'} not shown (no timestamp, or past the first ${maxSteps}).`
    )
  }
  return `${lines.join('\n')}\n`
}
