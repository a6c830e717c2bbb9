/**
 * Maps paths printed by the remote build to clean repository-relative paths, the only form
 * the pull request's "Files changed" view annotates (no leading `/`, `./` or `../`).
 */

/** Tells whether a repository-relative path is a file in the checkout. */
export type ExistsInCheckout = (relativePath: string) => boolean

/**
 * Finds repository-relative files whose path ends with the given suffix (for a test class
 * whose source folder is not the Maven default). Returns them in a stable order.
 */
export type FindBySuffix = (suffix: string) => readonly string[]

/** What the mapper needs to know about the checkout. */
export interface SourcePathOptions {
  /** The remote build's workspace directory, learned from the log or set by the user. */
  readonly workspacePrefixes: readonly string[]
  readonly exists: ExistsInCheckout
  readonly findBySuffix?: FindBySuffix
}

// `git clone <url> <dir>`, `git init <dir>` and git's own `Cloning into '<dir>'...`.
const CLONE_LINE =
  /^\+?\s*git (?:clone\b.*\s|init\s+)(?<dir>\/\S+?)\/?\s*$|^Cloning into '(?<into>\/[^']+?)\/?'\.\.\.$/

/**
 * Learns the remote workspace directory from a checkout line, or returns undefined. Only
 * absolute directories count: a relative one says nothing about the paths compilers print.
 */
export function learnWorkspacePrefix(line: string): string | undefined {
  if (!line.includes('git ') && !line.includes('Cloning into')) return undefined
  const m = CLONE_LINE.exec(line.trim())
  return m?.groups?.dir ?? m?.groups?.into
}

/** Normalises separators and dot segments; undefined when the path climbs out of its root. */
function cleanRelative(path: string): string | undefined {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    // A `..` escape could name a file outside the checkout: refuse rather than guess.
    if (part === '..') return undefined
    parts.push(part)
  }
  return parts.length === 0 ? undefined : parts.join('/')
}

/**
 * Maps a remote path to a repository-relative path of a file in the checkout, or undefined.
 * Strips `file://`, turns `\` into `/`, strips the longest matching workspace prefix, drops
 * `./`, refuses `..`, and keeps only what `exists` confirms.
 */
export function toRepositoryPath(
  remotePath: string,
  options: SourcePathOptions
): string | undefined {
  let path = remotePath
    .trim()
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
  const prefixes = options.workspacePrefixes
    .map((p) => p.replace(/\\/g, '/').replace(/\/+$/, ''))
    .filter((p) => p !== '')
    .sort((a, b) => b.length - a.length)
  const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}/`))
  if (prefix !== undefined) path = path.slice(prefix.length)
  else if (path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return undefined
  const relative = cleanRelative(path)
  return relative !== undefined && options.exists(relative) ? relative : undefined
}

/**
 * Maps a test class name (`com.example.FooTest`, or a nested `FooTest$Inner`) to its source
 * file: the Maven and Gradle default test folders first, then any file the finder returns.
 */
export function classToRepositoryPath(
  className: string,
  options: SourcePathOptions
): string | undefined {
  if (!/^[\w$.]+$/.test(className)) return undefined
  const outer = className.split('$')[0]
  const stem = outer
    .split('.')
    .filter((s) => s !== '')
    .join('/')
  if (stem === '') return undefined
  for (const ext of ['java', 'kt', 'groovy', 'scala']) {
    for (const root of ['src/test/java', 'src/test/kotlin', 'src/test/groovy', 'src/test/scala']) {
      const candidate = `${root}/${stem}.${ext}`
      if (options.exists(candidate)) return candidate
    }
  }
  for (const ext of ['java', 'kt']) {
    const found = options.findBySuffix?.(`/${stem}.${ext}`)
    const first = found?.find((f) => cleanRelative(f) === f && options.exists(f))
    if (first !== undefined) return first
  }
  return undefined
}
