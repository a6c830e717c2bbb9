// @ts-check

/**
 * A model of how the GitHub Actions runner reads a step's stdout and how the workflow log page
 * shows it: the judge tests use for which remote lines the runner would execute, and what the
 * demo prints. Three parts: the command syntax (runner-view/commands.js), the runner executing
 * commands (runner-view/runner.js), the log page (runner-view/page.js).
 */

export { parseRunnerOutput } from './runner-view/runner.js'
export { renderAsWorkflowLog } from './runner-view/page.js'
