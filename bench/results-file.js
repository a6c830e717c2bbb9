// @ts-check
/**
 * bench/RESULTS.md holds several reports, each a section under its own `## ` heading (the
 * single-follower benchmark and the fleet benchmark, per Node major version): writing one
 * replaces that section and keeps the others, in their order.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as prettier from 'prettier'

/**
 * Splits Markdown into the text before the first `## ` heading and its `## ` sections.
 *
 * @param {string} text
 * @returns {{ preamble: string, sections: Array<{ heading: string, text: string }> }}
 */
export function splitSections(text) {
  const lines = text.split('\n')
  /** @type {Array<{ heading: string, text: string }>} */
  const sections = []
  /** @type {string[]} */
  const preamble = []
  for (const line of lines) {
    if (line.startsWith('## ')) sections.push({ heading: line, text: line + '\n' })
    else if (sections.length === 0) preamble.push(line)
    else sections[sections.length - 1].text += line + '\n'
  }
  return { preamble: preamble.join('\n'), sections }
}

/**
 * Writes `report` (Markdown starting with its `## ` heading) into `file`, in place of the
 * section with the same heading, or after the others; formatted as the repository formats
 * Markdown.
 *
 * @param {string} file
 * @param {string} report
 * @returns {Promise<string>} the report as formatted
 */
export async function writeSection(file, report) {
  const config = (await prettier.resolveConfig(file)) ?? {}
  const formatted = await prettier.format(report, { ...config, parser: 'markdown' })
  const heading = formatted.split('\n')[0]
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  const { preamble, sections } = splitSections(existing)
  const at = sections.findIndex((section) => section.heading === heading)
  if (at === -1) sections.push({ heading, text: formatted })
  else sections[at] = { heading, text: formatted }
  const whole = [preamble.trim(), ...sections.map((section) => section.text.trim())]
    .filter(Boolean)
    .join('\n\n')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, await prettier.format(whole + '\n', { ...config, parser: 'markdown' }))
  return formatted
}
