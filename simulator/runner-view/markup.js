// @ts-check

/**
 * The tags the workflow log page renders specially at the start of a line, whoever wrote them.
 * Both the runner model (which notes them on each displayed line) and the page rendering read
 * them from here.
 */

/**
 * @typedef {'group' | 'endgroup' | 'error' | 'warning' | 'notice' | 'debug' | 'command' | 'section'} MarkupTag
 */

/**
 * The page's own matching is not public; the model matches case-insensitively so as to report
 * too much rather than too little.
 */
const MARKUP = /^##\[(group|endgroup|error|warning|notice|debug|command|section)\]/i

/** @param {string} text @returns {{ tag: MarkupTag, rest: string } | null} */
export function matchMarkup(text) {
  const match = MARKUP.exec(text)
  if (!match) return null
  return {
    tag: /** @type {MarkupTag} */ (match[1].toLowerCase()),
    rest: text.slice(match[0].length)
  }
}
