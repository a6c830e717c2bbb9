/**
 * action.yml as the tests read it: parsed with the `yaml` package into maps and scalars, each
 * scalar with the text as written (quotes included), so tests can check quoting as well as
 * values.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { isMap, isScalar, parseDocument } from 'yaml'
import type { Node } from 'yaml'
import { REPO_ROOT } from './run-action.js'

export interface Scalar {
  /** The value as written in the file, quotes included. */
  readonly raw: string
  readonly value: string
}
export interface YamlMap {
  [key: string]: Scalar | YamlMap
}

function convert(node: Node | null, source: string): Scalar | YamlMap {
  if (isMap(node)) {
    const map: YamlMap = {}
    for (const pair of node.items) {
      map[String((pair.key as { value: unknown }).value)] = convert(pair.value as Node, source)
    }
    return map
  }
  if (isScalar(node) && node.range) {
    return { raw: source.slice(node.range[0], node.range[1]), value: String(node.value ?? '') }
  }
  throw new Error(
    `action.yml holds a ${node?.constructor.name ?? 'null'} where tests expect a map or scalar`
  )
}

/** Parses YAML text of maps and scalars; refuses duplicate keys and anything else. */
export function parseYamlMap(text: string): YamlMap {
  const document = parseDocument(text, { uniqueKeys: true })
  if (document.errors.length > 0) throw document.errors[0]
  const root = convert(document.contents, text)
  if (!isMapNode(root)) throw new Error('the document is not a map')
  return root
}

function isMapNode(node: Scalar | YamlMap | undefined): node is YamlMap {
  return node !== undefined && !isScalarNode(node)
}

export function isScalarNode(node: Scalar | YamlMap | undefined): node is Scalar {
  return node !== undefined && typeof node.raw === 'string' && typeof node.value === 'string'
}

/** The map under `key`; throws when it is missing or a scalar. */
export function mapAt(node: YamlMap, key: string): YamlMap {
  const child = node[key]
  if (!isMapNode(child)) throw new Error(`'${key}' is not a map`)
  return child
}

/** The scalar under `key`, or undefined; throws when it is a map. */
export function scalarAt(node: YamlMap, key: string): Scalar | undefined {
  const child = node[key]
  if (child !== undefined && !isScalarNode(child)) throw new Error(`'${key}' is not a scalar`)
  return child
}

/** The repository's action.yml. */
export function readActionYml(): YamlMap {
  return parseYamlMap(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8'))
}
