// @ts-check
/**
 * The last step of `npm run package`: marks dist/ as CommonJS.
 *
 * ncc bundles src/ as CommonJS because src/package.json says so; the repository's own
 * package.json says `"type": "module"` (for the tests, the bench and the scripts), and without
 * this file Node would apply that to dist/index.js. Why the bundle is CommonJS: an ES module
 * bundle imports ncc's source-map register, a CommonJS file, and Node's ES module loader then
 * parses that file for its exports on every start, which left the action's resident set about
 * 3.5 MiB larger on Node 20 (README, "Performance").
 */
import * as fs from 'node:fs'

fs.writeFileSync(new URL('../dist/package.json', import.meta.url), '{ "type": "commonjs" }\n')
