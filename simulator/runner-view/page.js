// @ts-check

/**
 * The workflow log page: which tags it renders as markup, and stdout as a reader of the page
 * sees it (see renderAsWorkflowLog).
 */

import { matchMarkup } from './markup.js'
import { parseRunnerOutput } from './runner.js'

export { matchMarkup }

/** @typedef {import('./markup.js').MarkupTag} MarkupTag */
/** @typedef {import('./runner.js').RunnerOptions} RunnerOptions */

/** How the log page labels the tags it renders, for renderAsWorkflowLog. */
/** @type {Readonly<Record<MarkupTag, string>>} */
const LABELS = {
  group: '▶ ',
  endgroup: '',
  error: 'Error: ',
  warning: 'Warning: ',
  notice: 'Notice: ',
  debug: 'Debug: ',
  command: '',
  section: ''
}

/**
 * stdout as a reader of the workflow log page would see it: groups as `▶ title` with their
 * lines indented (as if expanded), `##[error]` lines as `Error: …` and so on, secrets as `***`,
 * and executed commands otherwise invisible.
 *
 * @param {string} stdoutText
 * @param {RunnerOptions} [options]
 * @returns {string}
 */
export function renderAsWorkflowLog(stdoutText, options = {}) {
  /** @type {string[]} */
  const out = []
  for (const line of parseRunnerOutput(stdoutText, options).lines) {
    const markup = matchMarkup(line.text)
    if (markup?.tag === 'endgroup') continue
    if (markup?.tag === 'group') {
      out.push(LABELS.group + markup.rest)
      continue
    }
    const indent = line.group === null ? '' : '  '
    out.push(indent + (markup ? LABELS[markup.tag] + markup.rest : line.text))
  }
  return out.join('\n')
}
