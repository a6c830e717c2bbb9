// @ts-check
/**
 * Holds src/ to its layout (CONTRIBUTING.md, "Architecture"): no import circle between files or
 * between top folders, nothing at the src/ root but the entries, no file over 250 lines.
 * Prints each problem and exits 1 on any; `npm run check:structure`.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const ENTRIES = new Set(['index.ts', 'main.ts', 'post.ts'])
const MAX_LINES = 250

/**
 * The relative imports of each .ts file under `srcDir` (type-only imports included: a circle of
 * types is still a circle for the reader), as paths relative to `srcDir`.
 *
 * @param {string} srcDir
 * @returns {Map<string, string[]>}
 */
export function readImportGraph(srcDir) {
  /** @type {Map<string, string[]>} */
  const graph = new Map()
  for (const file of listTsFiles(srcDir)) {
    const text = fs.readFileSync(path.join(srcDir, file), 'utf8')
    const targets = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)]
      .map((match) => match[1].replace(/\.js$/, '.ts'))
      .map((target) => path.posix.normalize(path.posix.join(path.posix.dirname(file), target)))
    graph.set(file, targets)
  }
  return graph
}

/** @param {string} dir @param {string} [prefix] @returns {string[]} */
function listTsFiles(dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) return listTsFiles(dir, relative)
    return entry.name.endsWith('.ts') ? [relative] : []
  })
}

/**
 * Every circle of a directed graph, each once, as the list of its nodes.
 *
 * @param {Map<string, string[]>} graph
 * @returns {string[][]}
 */
export function findCircles(graph) {
  /** @type {string[][]} */
  const circles = []
  /** @type {Map<string, 'open' | 'done'>} */
  const state = new Map()
  /** @type {string[]} */
  const trail = []
  /** @param {string} node */
  const visit = (node) => {
    state.set(node, 'open')
    trail.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') circles.push(trail.slice(trail.indexOf(next)))
      else if (!state.has(next)) visit(next)
    }
    trail.pop()
    state.set(node, 'done')
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node)
  return circles
}

/**
 * The imports between top folders (a file at the root counts as its own folder).
 *
 * @param {Map<string, string[]>} files
 * @returns {Map<string, string[]>}
 */
export function folderGraph(files) {
  const top = (/** @type {string} */ file) => file.split('/')[0]
  /** @type {Map<string, Set<string>>} */
  const folders = new Map()
  for (const [file, targets] of files) {
    const from = top(file)
    const edges = folders.get(from) ?? new Set()
    for (const target of targets) if (top(target) !== from) edges.add(top(target))
    folders.set(from, edges)
  }
  return new Map([...folders].map(([folder, edges]) => [folder, [...edges]]))
}

/**
 * What is wrong with the layout of `srcDir`, one line each.
 *
 * @param {string} srcDir
 * @returns {string[]}
 */
export function structureProblems(srcDir) {
  const files = readImportGraph(srcDir)
  const problems = []
  for (const circle of findCircles(files)) problems.push(`file circle: ${circle.join(' -> ')}`)
  for (const circle of findCircles(folderGraph(files)))
    problems.push(`folder circle: ${circle.join(' -> ')}`)
  for (const file of files.keys()) {
    if (!file.includes('/') && !ENTRIES.has(file))
      problems.push(`${file}: only the entries (${[...ENTRIES].join(', ')}) stand at the src/ root`)
    const lines = fs.readFileSync(path.join(srcDir, file), 'utf8').split('\n').length - 1
    if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines, over ${MAX_LINES}`)
  }
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src')
  const problems = structureProblems(srcDir)
  for (const problem of problems) console.log(problem)
  console.log(
    problems.length === 0
      ? 'src/ layout: no circle, nothing loose, no file over 250 lines'
      : `${problems.length} problem(s) in the src/ layout`
  )
  process.exitCode = problems.length === 0 ? 0 : 1
}
