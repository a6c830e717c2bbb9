// @ts-check

/**
 * The runner's command syntax: how it splits a step's stdout into lines and which lines parse
 * as workflow commands (`::name props::data` and the legacy `##[name props]data`), with the .NET
 * text rules it applies. The runner-view files model actions/runner; this one follows
 *   src/Runner.Sdk/ProcessInvoker.cs            StartReadStream (line splitting)
 *   src/Runner.Common/ActionCommand.cs          TryParseV2, TryParse, Unescape* (syntax)
 *   src/Runner.Worker/ActionCommandManager.cs   _registeredCommands (the registry)
 */

/** @typedef {{ name: string, properties: Record<string, string>, data: string, syntax: '::' | '##[' }} ParsedCommand */

/** Thrown by a command handler; the runner turns it into step errors (TryProcessCommand catch). */
export class CommandFailure extends Error {}

// ---------------------------------------------------------------------------------------------
// Text primitives that must behave like .NET, not like JavaScript.

/**
 * .NET Char.IsWhiteSpace, used by String.TrimStart in TryParseV2. JavaScript's trimStart differs:
 * it keeps U+0085 (which .NET trims, so `\u0085::error::x` IS a command) and strips U+FEFF
 * (which .NET keeps).
 *
 * @param {number} code UTF-16 code unit
 */
function isDotnetWhiteSpace(code) {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
}

/** @param {string} text */
function dotnetTrimStart(text) {
  let i = 0
  while (i < text.length && isDotnetWhiteSpace(text.charCodeAt(i))) i++
  return text.slice(i)
}

/** @param {string} text */
export function dotnetTrim(text) {
  let end = text.length
  while (end > 0 && isDotnetWhiteSpace(text.charCodeAt(end - 1))) end--
  return dotnetTrimStart(text.slice(0, end))
}

/**
 * Key for StringComparer.OrdinalIgnoreCase, which compares with simple (one to one) upper-case
 * mapping. toUpperCase does full mapping ('ß' → 'SS'), so multi-character results are ignored.
 *
 * @param {string} text
 */
export function foldCase(text) {
  let folded = ''
  for (const ch of text) {
    const upper = ch.toUpperCase()
    folded += upper.length === ch.length ? upper : ch
  }
  return folded
}

/**
 * Characters that ICU collation ignores: controls other than whitespace, format characters
 * (soft hyphen, zero-width joiners, bidi marks, BOM…), the grapheme joiner and variation
 * selectors. An approximation of the root collation table, used only by findPossibleCommand.
 *
 * @param {string} ch one code point
 */
export function isCollationIgnorable(ch) {
  const code = /** @type {number} */ (ch.codePointAt(0))
  return (
    code <= 0x08 ||
    (code >= 0x0e && code <= 0x1f) ||
    (code >= 0x7f && code <= 0x9f && code !== 0x85) ||
    code === 0x034f ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xe0100 && code <= 0xe01ef) ||
    /\p{Cf}/u.test(ch)
  )
}

/**
 * Lines as StreamReader.ReadLine returns them (ProcessInvoker.StartReadStream): a line ends at
 * `\n`, `\r\n` or a lone `\r`; a terminator at the very end does not start another line. The
 * reader also drops a byte order mark at the start of the stream.
 *
 * @param {string} text
 * @returns {string[]}
 */
export function readLines(text) {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  /** @type {string[]} */
  const lines = []
  let start = 0
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\n' || ch === '\r') {
      lines.push(source.slice(start, i))
      if (ch === '\r' && source[i + 1] === '\n') i++
      start = i + 1
    }
  }
  if (start < source.length) lines.push(source.slice(start))
  return lines
}

/** @param {string} text */
export function splitPhysicalLines(text) {
  return text.split(/\r\n|\r|\n/)
}

// ---------------------------------------------------------------------------------------------
// ActionCommand.cs: the two syntaxes.

// Replacement order matters: `%25` goes last, as in the runner's mapping tables.
/** @type {ReadonlyArray<readonly [string, string]>} */
const DATA_ESCAPES = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%']
]
/** @type {ReadonlyArray<readonly [string, string]>} */
const PROPERTY_ESCAPES = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%']
]
/** The `##[` form uses one table for data and properties. */
/** @type {ReadonlyArray<readonly [string, string]>} */
const LEGACY_ESCAPES = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%']
]

/**
 * @param {string} text
 * @param {ReadonlyArray<readonly [string, string]>} table
 */
function unescape(text, table) {
  let result = text
  for (const [escaped, plain] of table) result = result.split(escaped).join(plain)
  return result
}

/** A dictionary keyed like Dictionary<string, string>(StringComparer.OrdinalIgnoreCase). */
class CaseInsensitiveRecord {
  constructor() {
    /** @type {Map<string, [string, string]>} */
    this.entries = new Map()
  }

  /** Like the C# indexer: an existing key keeps its first spelling and takes the new value. */
  set(/** @type {string} */ key, /** @type {string} */ value) {
    const folded = foldCase(key)
    const existing = this.entries.get(folded)
    this.entries.set(folded, [existing ? existing[0] : key, value])
  }

  /** @param {string} key */
  get(key) {
    return this.entries.get(foldCase(key))?.[1]
  }

  /** @returns {Record<string, string>} */
  toObject() {
    /** @type {Record<string, string>} */
    const result = Object.create(null)
    for (const [key, value] of this.entries.values()) result[key] = value
    return result
  }
}

/**
 * `pair.Split('=', 2, StringSplitOptions.RemoveEmptyEntries)` as .NET 5+ does it: empty pieces
 * are skipped, also the ones right before the remainder, so `k==v` gives [k, v] and `=k=v` too.
 *
 * @param {string} text
 * @returns {[string, string] | null} null unless two non-empty pieces result
 */
function splitKeyValue(text) {
  const rest = text.replace(/^=+/, '')
  const at = rest.indexOf('=')
  if (at < 0) return null
  const key = rest.slice(0, at)
  const value = rest.slice(at + 1).replace(/^=+/, '')
  return key && value ? [key, value] : null
}

/**
 * @param {string} text
 * @param {string} separator
 * @param {ReadonlyArray<readonly [string, string]>} table
 */
function parseProperties(text, separator, table) {
  const properties = new CaseInsensitiveRecord()
  for (const piece of text.split(separator)) {
    if (!piece) continue
    const pair = splitKeyValue(piece)
    if (pair) properties.set(pair[0], unescape(pair[1], table))
  }
  return properties.toObject()
}

/**
 * TryParseV2: `::name key=value,key=value::data`, after leading whitespace is trimmed. The name
 * runs to the first space of the part before the second `::`, and must be registered.
 *
 * @param {string} line
 * @param {Registry} registry
 * @returns {ParsedCommand | null}
 */
function parseV2(line, registry) {
  const message = dotnetTrimStart(line)
  if (!message.startsWith('::')) return null
  const end = message.indexOf('::', 2)
  if (end < 0) return null
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  const registered = registry.lookup(name)
  if (registered === undefined) return null
  const properties =
    space > 0
      ? parseProperties(dotnetTrim(info.slice(space + 1)), ',', PROPERTY_ESCAPES)
      : Object.create(null)
  return {
    name: registered,
    properties,
    data: unescape(message.slice(end + 2), DATA_ESCAPES),
    syntax: '::'
  }
}

/**
 * TryParse: `##[name key=value;key=value]data` anywhere in the line. Only the first `##[` is
 * looked at, and the name ends at the first `]` after it.
 *
 * @param {string} line
 * @param {Registry} registry
 * @returns {ParsedCommand | null}
 */
function parseLegacy(line, registry) {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return null
  const close = line.indexOf(']', prefix)
  if (close < 0) return null
  const info = line.slice(prefix + 3, close)
  const space = info.indexOf(' ')
  const name = space < 0 ? info : info.slice(0, space)
  const registered = registry.lookup(name)
  if (registered === undefined) return null
  const properties =
    space > 0 ? parseProperties(info.slice(space + 1), ';', LEGACY_ESCAPES) : Object.create(null)
  return {
    name: registered,
    properties,
    data: unescape(line.slice(close + 1), LEGACY_ESCAPES),
    syntax: '##['
  }
}

/** TryProcessCommand tries `::` first and falls back to `##[` only if that fails. */
export function parseCommand(/** @type {string} */ line, /** @type {Registry} */ registry) {
  return parseV2(line, registry) ?? parseLegacy(line, registry)
}

/** ActionCommandManager._registeredCommands: a case-insensitive set that keeps a spelling. */
export class Registry {
  /** @param {Iterable<string>} names */
  constructor(names) {
    /** @type {Map<string, string>} */
    this.names = new Map()
    for (const name of names) this.add(name)
  }

  /** @param {string} name */
  add(name) {
    const folded = foldCase(name)
    if (!this.names.has(folded)) this.names.set(folded, name)
  }

  /** @param {string} name */
  delete(name) {
    this.names.delete(foldCase(name))
  }

  /** @param {string} name @returns {string | undefined} the registered spelling */
  lookup(name) {
    return this.names.get(foldCase(name))
  }
}
