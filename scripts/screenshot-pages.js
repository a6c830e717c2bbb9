// @ts-check
/**
 * The two pages `npm run screenshots` photographs, as HTML built from a real run of the action:
 * the workflow log page (from the runner model in simulator/runner-view.js: groups, commands,
 * masking) and the run's summary page (the annotations and the job summary's Markdown). Pure
 * functions of their input, so that tests can check them without a browser.
 */
import { Marked } from 'marked'
import { parseRunnerOutput } from '../simulator/runner-view.js'

/** Longer log lines are cut in the picture, saying how much was left out. */
export const MAX_PICTURED_LINE_CHARS = 400

/** @param {string} text */
export function escapeHtml(text) {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

const ANSI_COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']

/**
 * A log line's text as HTML: the SGR colour and bold codes the log page renders become spans,
 * every other escape sequence is dropped, and all text is escaped.
 *
 * @param {string} text
 * @returns {string}
 */
export function ansiToHtml(text) {
  let html = ''
  let bold = false
  /** @type {string | null} */
  let color = null
  let at = 0
  const add = (/** @type {string} */ piece) => {
    if (!piece) return
    const classes = [bold ? 'b' : '', color ? `c-${color}` : ''].filter(Boolean)
    const escaped = escapeHtml(piece)
    html += classes.length ? `<span class="${classes.join(' ')}">${escaped}</span>` : escaped
  }
  for (const match of text.matchAll(/\x1b\[([0-9;]*)([A-Za-z])/g)) {
    add(text.slice(at, match.index))
    at = match.index + match[0].length
    if (match[2] !== 'm') continue
    for (const code of (match[1] || '0').split(';').map(Number)) {
      if (code === 0) {
        bold = false
        color = null
      } else if (code === 1) bold = true
      else if (code === 22) bold = false
      else if (code === 39) color = null
      else if (code >= 30 && code <= 37) color = ANSI_COLORS[code - 30]
      else if (code >= 90 && code <= 97) color = `bright-${ANSI_COLORS[code - 90]}`
    }
  }
  add(text.slice(at))
  return html
}

/**
 * @param {string} text
 * @returns {string} HTML
 */
function picturedLine(text) {
  const chars = Array.from(text)
  if (chars.length <= MAX_PICTURED_LINE_CHARS) return ansiToHtml(text)
  const hidden = chars.length - MAX_PICTURED_LINE_CHARS
  return `${ansiToHtml(chars.slice(0, MAX_PICTURED_LINE_CHARS).join(''))}<span class="cut">… (${hidden} more characters)</span>`
}

const LABELS = /** @type {const} */ ({ error: 'Error', warning: 'Warning', notice: 'Notice' })

/**
 * The lines of one step as the log page shows them with every group folded: a `▶ title` row
 * per group, the lines inside it hidden (their numbers skipped, as the page numbers them all),
 * `##[error]` lines and the like labelled, masked secrets as `***`, executed commands unseen.
 *
 * @param {string} stdout the step's stdout as the runner reads it
 * @returns {string} HTML rows
 */
export function foldedLogRows(stdout) {
  /** @type {string[]} */
  const rows = []
  let number = 0
  for (const line of parseRunnerOutput(stdout).lines) {
    if (line.markup === 'endgroup') continue
    number++
    const tag = line.markup
    const rest = tag ? line.text.replace(/^##\[[a-z]+\]/i, '') : line.text
    let body
    let kind = ''
    if (tag === 'group') {
      kind = 'group'
      body = `<span class="caret">▶</span>${picturedLine(rest)}`
    } else if (line.group !== null) {
      continue
    } else if (tag === 'error' || tag === 'warning' || tag === 'notice') {
      kind = tag
      body = `<span class="label">${LABELS[tag]}:</span> ${picturedLine(rest)}`
    } else if (tag === 'command') {
      kind = 'command'
      body = picturedLine(rest)
    } else {
      body = picturedLine(rest)
    }
    rows.push(
      `<div class="${kind ? `line ${kind}` : 'line'}"><span class="n">${number}</span><span class="t">${body}</span></div>`
    )
  }
  return rows.join('\n')
}

/** Both pages' fonts: GitHub's stacks, with the ones Debian ships as fallbacks. */
const SANS =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Noto Sans', Helvetica, Arial, 'DejaVu Sans', 'Noto Sans CJK SC', sans-serif, 'Noto Color Emoji'"
const MONO =
  "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace, 'Noto Color Emoji'"

const LOG_PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #010409; color: #f0f6fc; font: 14px/1.5 ${SANS}; }
main { width: 100%; padding: 16px 20px 20px; background: #0d1117; }
header { display: flex; align-items: baseline; gap: 12px; padding: 4px 4px 14px; border-bottom: 1px solid #3d444d; }
header h1 { margin: 0; font-size: 18px; font-weight: 600; }
header .meta { color: #9198a1; font-size: 13px; }
header .search { margin-left: auto; width: 220px; padding: 4px 10px; border: 1px solid #3d444d; border-radius: 6px; color: #9198a1; font-size: 13px; }
.step { margin-top: 4px; }
.step > .head { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border-radius: 6px; color: #f0f6fc; }
.step.open > .head { background: #151b23; position: sticky; top: 0; }
.step .chev { width: 12px; color: #9198a1; font-size: 11px; }
.step .icon { width: 16px; height: 16px; border-radius: 50%; display: inline-flex; align-items: center; justify-content: center; font-size: 10px; font-weight: 700; }
.step .icon.ok { color: #3fb950; border: 1.5px solid #3fb950; }
.step .icon.fail { color: #0d1117; background: #f85149; }
.step .time { margin-left: auto; color: #9198a1; font-size: 12px; }
.log { padding: 6px 0 10px; font: 12px/20px ${MONO}; }
.line { display: flex; padding-right: 12px; }
.line .n { flex: 0 0 56px; padding-right: 14px; text-align: right; color: #9198a1; user-select: none; }
.line .t { flex: 1; white-space: pre-wrap; word-break: break-all; }
.line.group .caret { display: inline-block; width: 16px; color: #9198a1; font-size: 10px; }
.line.error { background: rgba(248, 81, 73, 0.1); }
.line.error .label { color: #ff7b72; font-weight: 600; }
.line.warning { background: rgba(210, 153, 34, 0.1); }
.line.warning .label { color: #e3b341; font-weight: 600; }
.line.notice .label { color: #79c0ff; font-weight: 600; }
.line.command .t { color: #79c0ff; }
.cut { color: #9198a1; font-style: italic; }
.b { font-weight: 700; }
.c-black { color: #484f58; } .c-red { color: #ff7b72; } .c-green { color: #3fb950; }
.c-yellow { color: #d29922; } .c-blue { color: #58a6ff; } .c-magenta { color: #bc8cff; }
.c-cyan { color: #39c5cf; } .c-white { color: #b1bac4; }
.c-bright-black { color: #6e7681; } .c-bright-red { color: #ffa198; } .c-bright-green { color: #56d364; }
.c-bright-yellow { color: #e3b341; } .c-bright-blue { color: #79c0ff; } .c-bright-magenta { color: #d2a8ff; }
.c-bright-cyan { color: #56d4dd; } .c-bright-white { color: #ffffff; }
`

/**
 * @typedef {object} PicturedJob
 * @property {string} job the job's name
 * @property {string} step the action's step name
 * @property {string} uses what the step's `uses:` names
 * @property {Record<string, string>} inputs the step's `with:` values as the runner lists them
 * @property {number} seconds how long the action ran
 * @property {boolean} failed
 */

/**
 * The job's log page in GitHub's dark theme: the job's steps, the action's step open and its
 * log folded. The runner opens the step's log with a `Run …` group listing its inputs; that
 * group goes through the runner model like the action's own output.
 *
 * @param {string} stdout the action's stdout
 * @param {PicturedJob} job
 * @returns {string} a whole HTML document
 */
export function workflowLogPage(stdout, job) {
  const opening = [
    `##[group]Run ${job.uses}`,
    'with:',
    ...Object.entries(job.inputs).map(([name, value]) => `  ${name}: ${value}`),
    '##[endgroup]',
    ''
  ].join('\n')
  const status = job.failed ? 'fail' : 'ok'
  const mark = job.failed ? '✕' : '✓'
  const stepHead = (/** @type {string} */ name, /** @type {string} */ time, open = false) =>
    `<div class="head"><span class="chev">${open ? '▼' : '▶'}</span><span class="icon ${open ? status : 'ok'}">${open ? mark : '✓'}</span><span>${escapeHtml(name)}</span><span class="time">${time}</span></div>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(job.job)}</title>
<style>${LOG_PAGE_CSS}</style></head>
<body><main>
<header><h1>${escapeHtml(job.job)}</h1><span class="meta">${job.failed ? 'failed' : 'succeeded'} now in ${job.seconds}s</span><span class="search">Search logs</span></header>
<div class="step">${stepHead('Set up job', '0s')}</div>
<div class="step open">${stepHead(job.step, `${job.seconds}s`, true)}
<div class="log">
${foldedLogRows(opening + stdout)}
</div></div>
<div class="step">${stepHead('Complete job', '0s')}</div>
</main></body></html>
`
}

const SUMMARY_PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: #1f2328; font: 14px/1.5 ${SANS}; }
main { padding: 20px 24px 24px; }
.box { background: #ffffff; border: 1px solid #d1d9e0; border-radius: 6px; margin-bottom: 20px; }
.box > h2.title { margin: 0; padding: 14px 16px; font-size: 16px; font-weight: 600; border-bottom: 1px solid #d1d9e0; }
.annotation { display: flex; gap: 10px; padding: 10px 16px; border-top: 1px solid #d1d9e0; }
.annotation:first-of-type { border-top: 0; }
.annotation .x { flex: 0 0 16px; height: 16px; margin-top: 2px; border-radius: 50%; background: #d1242f; color: #fff; font-size: 10px; font-weight: 700; display: flex; align-items: center; justify-content: center; }
.annotation .title { font-weight: 600; }
.annotation .where { color: #59636e; font-size: 12px; }
.annotation .where a { color: #0969da; text-decoration: none; }
.annotation .msg { font: 12px/1.5 ${MONO}; color: #59636e; white-space: pre-wrap; word-break: break-word; }
.markdown { padding: 8px 24px 16px; }
.markdown h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; margin: 16px 0; }
.markdown h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
.markdown p, .markdown table, .markdown details, .markdown pre { margin: 0 0 16px; }
.markdown table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; }
.markdown th, .markdown td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown th { font-weight: 600; }
.markdown tr:nth-child(2n) { background: #f6f8fa; }
.markdown code { font: 85% ${MONO}; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
.markdown pre { font: 12px/1.45 ${MONO}; padding: 16px; background: #f6f8fa; border-radius: 6px; overflow: hidden; }
.markdown summary { cursor: pointer; }
.markdown pre.mermaid { background: none; padding: 0; text-align: center; }
`

/**
 * Markdown rendered as GitHub renders a job summary: GitHub-flavoured tables, the HTML the
 * summary holds passed through, and a `mermaid` code block left for mermaid to draw.
 *
 * @param {string} markdown
 * @returns {string} HTML
 */
export function summaryHtml(markdown) {
  const marked = new Marked({ gfm: true })
  marked.use({
    renderer: {
      code({ text, lang }) {
        if (lang === 'mermaid') return `<pre class="mermaid">${escapeHtml(text)}</pre>\n`
        return false
      }
    }
  })
  return /** @type {string} */ (marked.parse(markdown, { async: false }))
}

/** @typedef {import('../simulator/runner-view/runner.js').Annotation} Annotation */

/**
 * The run's summary page as GitHub shows it in its light theme: the annotations box, then the
 * job's summary. mermaid is not loaded here: the caller adds it to the page.
 *
 * @param {string} markdown what the action wrote to GITHUB_STEP_SUMMARY
 * @param {Annotation[]} annotations
 * @param {PicturedJob} job
 * @returns {string} a whole HTML document
 */
export function summaryPage(markdown, annotations, job) {
  const errors = annotations.filter((a) => a.level === 'error').length
  const items = annotations
    .map(({ level, message, properties }) => {
      const where = properties.file
        ? `<div class="where">${escapeHtml(job.job)}: <a>${escapeHtml(properties.file)}#L${escapeHtml(properties.line ?? '1')}</a></div>`
        : `<div class="where">${escapeHtml(job.job)}</div>`
      const title = `<div class="title">${escapeHtml(properties.title ?? job.job)}</div>`
      return `<div class="annotation ${level}"><span class="x">${level === 'error' ? '✕' : '!'}</span><div>${title}${where}<div class="msg">${escapeHtml(message)}</div></div></div>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(job.job)} summary</title>
<style>${SUMMARY_PAGE_CSS}</style></head>
<body><main>
<section class="box"><h2 class="title">Annotations <span style="font-weight:400;color:#59636e">${errors} error${errors === 1 ? '' : 's'}</span></h2>
${items}
</section>
<section class="box"><h2 class="title">${escapeHtml(job.job)} summary</h2>
<div class="markdown">
${summaryHtml(markdown)}
</div></section>
</main></body></html>
`
}
