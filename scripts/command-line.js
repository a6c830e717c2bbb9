// @ts-check
/** The command line of the scripts that take options and a --help. */
import { parseArgs } from 'node:util'

/**
 * The options given on the command line, with `--help` (`-h`) added. A malformed command line
 * prints the error and the usage and exits 2; `--help` prints the usage and exits 0.
 *
 * @param {import('node:util').ParseArgsOptionsConfig} options
 * @param {string} usage
 * @returns {Record<string, string | boolean | undefined>} each option's value, or its default
 */
export function commandLine(options, usage) {
  try {
    const { values } = parseArgs({
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } }
    })
    if (values.help) {
      console.log(usage)
      process.exit(0)
    }
    return /** @type {Record<string, string | boolean | undefined>} */ (values)
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`)
    process.exit(2)
  }
}
