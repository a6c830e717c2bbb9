/**
 * The README's YAML examples, and those of the other documents, work as copied: each block
 * parses, uses only the inputs and outputs action.yml declares, and refers to third-party actions
 * only by a full commit SHA with its version in a comment. The project's own workflows are held
 * to the same pinning rule. The README stays a user's page: short, the demo and the pictures on
 * its first screen, every section a user looks for, links that lead somewhere, and one line per
 * message in Troubleshooting, quoted as docs/behaviour.md prints it in full.
 *
 * The rule for a block (what the README may show):
 * - a whole workflow: a mapping with `on`, `permissions` and `jobs` (and every job's `steps`);
 * - or a fragment: a list of steps, as pasted under a job's `steps:`.
 * Anything else (a lone mapping, a scalar) is refused, so that every example can be pasted
 * either as a file or under `steps:` and nowhere else.
 *
 * This action is referred to as `<owner>/codearts-build-follow@v1`, `@vX.Y.Z`, or by a commit
 * SHA, which the Versioning section shows as `<… commit SHA of vX.Y.Z>` since a release's commit
 * is not known before it is made.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml'
import { REPO_ROOT } from '../support/run-action.js'

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
/** The documents besides the README whose examples and links are checked too. */
const OTHER_DOCS = [
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...fs
    .readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`)
]
const DOCS: ReadonlyArray<{ file: string; text: string }> = [
  { file: 'README.md', text: README },
  ...OTHER_DOCS.map((file) => ({
    file,
    text: fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')
  }))
]
const ACTION = parseDocument(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')).toJS()
const INPUTS = ACTION.inputs as Record<string, { required?: boolean }>
const DECLARED_INPUTS = new Set(Object.keys(INPUTS))
const REQUIRED_INPUTS = Object.keys(INPUTS).filter((name) => INPUTS[name].required === true)
const DECLARED_OUTPUTS = new Set(Object.keys(ACTION.outputs as object))

/** How this action is referred to in the README. */
const THIS_ACTION =
  /^<owner>\/codearts-build-follow@(v\d+|v\d+\.\d+\.\d+|[0-9a-f]{40}|<[^>]*commit SHA[^>]*>)$/
/** A third-party action pinned by commit: owner/repo[/path]@<40 hex digits>. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/
/** The version comment after a pinned `uses:`, as dependabot writes it. */
const VERSION_COMMENT = /^\s*v\d+\.\d+\.\d+\s*$/

/**
 * Inputs of the third-party actions the README uses, from each action's action.yml at the
 * pinned version, so that a misspelt `with:` key in a copied example is caught too.
 */
const THIRD_PARTY_INPUTS: Record<string, readonly string[]> = {
  // huaweicloud/auth-action v1.1.0
  'huaweicloud/auth-action': ['access_key_id', 'secret_access_key', 'region', 'project_id'],
  // actions/upload-artifact v7.0.0
  'actions/upload-artifact': [
    'name',
    'path',
    'if-no-files-found',
    'retention-days',
    'compression-level',
    'overwrite',
    'include-hidden-files',
    'archive'
  ]
}

interface YamlBlock {
  /** 1-based line of the opening fence in its file, for messages. */
  readonly line: number
  readonly text: string
}

/** Every ```yaml block of a Markdown text. */
function yamlBlocks(markdown: string, file = 'README.md'): YamlBlock[] {
  const blocks: YamlBlock[] = []
  const lines = markdown.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line))
    if (end < 0) throw new Error(`${file}:${i + 1}: a yaml block is never closed`)
    blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

type Step = Record<string, unknown>

interface Job {
  readonly name: string
  readonly outputs: Record<string, string>
  readonly steps: Step[]
}

/** The jobs of a block: a workflow's jobs, or one nameless job for a list of steps. */
function jobsOf(value: unknown, where: string): Job[] {
  if (Array.isArray(value)) return [{ name: '', outputs: {}, steps: value as Step[] }]
  if (value && typeof value === 'object') {
    const workflow = value as Record<string, unknown>
    for (const key of ['on', 'permissions', 'jobs']) {
      if (!(key in workflow)) {
        throw new Error(`${where}: a whole workflow needs '${key}' (or show a list of steps)`)
      }
    }
    return Object.entries(workflow.jobs as Record<string, Record<string, unknown>>).map(
      ([name, job]) => ({
        name,
        outputs: (job.outputs ?? {}) as Record<string, string>,
        steps: (job.steps ?? []) as Step[]
      })
    )
  }
  throw new Error(`${where}: expected a workflow or a list of steps`)
}

/** Each `uses:` value with the comment that follows it on its line. */
function usesWithComments(document: Document): Array<{ uses: string; comment: string }> {
  const found: Array<{ uses: string; comment: string }> = []
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'uses' && isScalar(pair.value)) {
        found.push({ uses: String(pair.value.value), comment: pair.value.comment ?? '' })
      }
    }
  })
  return found
}

/** Every string in a parsed value, however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
}

function parsed(text: string, where: string): Document {
  const document = parseDocument(text, { prettyErrors: true })
  if (document.errors.length > 0) {
    throw new Error(`${where}: ${document.errors.map((error) => error.message).join('; ')}`)
  }
  if (!isMap(document.contents) && !isSeq(document.contents)) {
    throw new Error(`${where}: expected a workflow or a list of steps`)
  }
  return document
}

/** What is wrong with one block; empty when it works as copied. */
function problemsOf(text: string, where: string): string[] {
  const problems: string[] = []
  const document = parsed(text, where)
  const jobs = jobsOf(document.toJS(), where)

  for (const { uses, comment } of usesWithComments(document)) {
    if (THIS_ACTION.test(uses)) continue
    if (!PINNED.test(uses)) {
      problems.push(`${where}: '${uses}' is not pinned by a full commit SHA`)
    } else if (!VERSION_COMMENT.test(comment)) {
      problems.push(`${where}: '${uses}' lacks its '# vX.Y.Z' comment`)
    }
  }

  for (const job of jobs) {
    const thisActionSteps = new Set<string>()
    const stepIds = new Set<string>()
    for (const step of job.steps) {
      const id = typeof step.id === 'string' ? step.id : undefined
      if (id) stepIds.add(id)
      const uses = typeof step.uses === 'string' ? step.uses : undefined
      const withKeys = Object.keys((step.with ?? {}) as object)
      if (uses && THIS_ACTION.test(uses)) {
        if (id) thisActionSteps.add(id)
        for (const key of withKeys) {
          if (!DECLARED_INPUTS.has(key)) {
            problems.push(`${where}: input '${key}' is not declared in action.yml`)
          }
        }
        for (const name of REQUIRED_INPUTS) {
          if (!withKeys.includes(name)) problems.push(`${where}: required '${name}' is missing`)
        }
      } else if (uses) {
        const known = THIRD_PARTY_INPUTS[uses.split('@')[0]]
        for (const key of known ? withKeys : []) {
          if (!known.includes(key)) problems.push(`${where}: '${uses}' has no input '${key}'`)
        }
      }
    }

    for (const text of stringsIn(job)) {
      for (const [, id, output] of text.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (!stepIds.has(id)) {
          problems.push(`${where}: 'steps.${id}' names no step of job '${job.name}'`)
        } else if (thisActionSteps.has(id) && !DECLARED_OUTPUTS.has(output)) {
          problems.push(`${where}: output '${output}' is not declared in action.yml`)
        }
      }
    }

    // An artifact of the log file only when there is one: a failed input check sets no
    // 'log-file', and the upload would add a second, confusing error.
    for (const step of job.steps) {
      if (typeof step.uses !== 'string' || !step.uses.startsWith('actions/upload-artifact@'))
        continue
      const artifactPath = String((step.with as Record<string, unknown> | undefined)?.path ?? '')
      const logFile = /steps\.([\w-]+)\.outputs\.log-file/.exec(artifactPath)
      if (!logFile) continue
      const guard = `steps.${logFile[1]}.outputs.log-file != ''`
      if (!String(step.if ?? '').includes(guard) || !String(step.if).includes('always()')) {
        problems.push(`${where}: the upload of the log file needs 'if: always() && ${guard}'`)
      }
    }
  }

  const allJobs = new Map(jobs.map((job) => [job.name, job]))
  for (const text of stringsIn(document.toJS())) {
    for (const [, jobName, output] of text.matchAll(/\bneeds\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (!(output in (allJobs.get(jobName)?.outputs ?? {}))) {
        problems.push(`${where}: 'needs.${jobName}.outputs.${output}' is not a job output`)
      }
    }
  }
  return problems
}

const BLOCKS = yamlBlocks(README)
/** The yaml blocks of the other documents, each named `file:line`. */
const OTHER_BLOCKS = OTHER_DOCS.flatMap((file) =>
  yamlBlocks(DOCS.find((doc) => doc.file === file)?.text ?? '', file).map((block) => ({
    where: `${file}:${block.line}`,
    text: block.text
  }))
)

describe('the README examples', () => {
  it('are there to check', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(5)
  })

  it.each(BLOCKS.map((block) => [block.line, block.text] as const))(
    'the yaml block at README.md:%i works as copied',
    (line, text) => {
      expect(problemsOf(text, `README.md:${line}`)).toEqual([])
    }
  )

  it('lead with credentials that do not expire in a day: the first example uses AK/SK', () => {
    const first = BLOCKS[0].text
    expect(first).toMatch(/access-key:/)
    expect(first).not.toMatch(/\btoken:/)
  })

  it.each(OTHER_BLOCKS.map((block) => [block.where, block.text] as const))(
    'the yaml block at %s works as copied',
    (where, text) => {
      expect(problemsOf(text, where)).toEqual([])
    }
  )

  it('obtain an IAM token inside the job and mask it before use', () => {
    const tokenExample = [...BLOCKS, ...OTHER_BLOCKS].find((block) =>
      block.text.includes('/v3/auth/tokens')
    )
    expect(tokenExample?.text).toMatch(/X-Subject-Token/i)
    const text = tokenExample?.text ?? ''
    expect(text.indexOf('::add-mask::')).toBeGreaterThan(-1)
    expect(text.indexOf('::add-mask::')).toBeLessThan(text.indexOf('GITHUB_OUTPUT'))
  })
})

describe('the checks of this test', () => {
  const step = (lines: string) => `- uses: <owner>/codearts-build-follow@v1\n  id: build\n${lines}`

  it.each([
    ['an unknown input', step('  with:\n    job-id: x\n    tokn: y'), "input 'tokn'"],
    ['a missing required input', step('  with:\n    build-no: 1'), "required 'job-id'"],
    [
      'an unknown output',
      step('  with:\n    job-id: x\n- run: echo ${{ steps.build.outputs.status }}'),
      "output 'status'"
    ],
    [
      'a reference to a step that is not there',
      step('  with:\n    job-id: x\n- run: echo ${{ steps.biuld.outputs.result }}'),
      "'steps.biuld'"
    ],
    ['a tag instead of a SHA', '- uses: actions/upload-artifact@v7', 'not pinned'],
    [
      'a SHA without its version comment',
      '- uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
      "lacks its '# vX.Y.Z'"
    ],
    [
      'an upload without the log-file guard',
      step(
        '  with:\n    job-id: x\n- uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0\n  if: always()\n  with:\n    path: ${{ steps.build.outputs.log-file }}'
      ),
      "needs 'if: always()"
    ],
    [
      'a misspelt input of auth-action',
      '- uses: huaweicloud/auth-action@fbf6542450eddced665eb6e273fa03df2e664a6c # v1.1.0\n  with:\n    access-key-id: x',
      "no input 'access-key-id'"
    ],
    [
      'a job output that is not declared',
      'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps: []\n  b:\n    needs: a\n    runs-on: x\n    steps:\n      - run: echo ${{ needs.a.outputs.build-no }}',
      "'needs.a.outputs.build-no'"
    ]
  ])('find %s', (_, text, expected) => {
    expect(problemsOf(text, 'example').join('\n')).toContain(expected)
  })

  it('refuses a block that is neither a workflow nor a list of steps', () => {
    expect(() => problemsOf('uses: x', 'example')).toThrow(/whole workflow needs 'on'/)
    expect(() => problemsOf('just text', 'example')).toThrow(/workflow or a list of steps/)
    expect(() => problemsOf('- a: [b', 'example')).toThrow(/example/)
  })
})

describe('the workflows of this repository', () => {
  const dir = path.join(REPO_ROOT, '.github', 'workflows')
  it.each(fs.readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)))(
    '%s pins every third-party action by commit SHA with a version comment',
    (file) => {
      const document = parsed(fs.readFileSync(path.join(dir, file), 'utf8'), file)
      const uses = usesWithComments(document).filter(({ uses }) => !uses.startsWith('./'))
      expect(uses.length).toBeGreaterThan(0)
      for (const { uses: ref, comment } of uses) {
        expect(ref).toMatch(PINNED)
        expect(comment).toMatch(VERSION_COMMENT)
      }
    }
  )

  it('use one SHA for each action and version, in the README and the other documents too', () => {
    const texts = [
      ...DOCS.map((doc) => doc.text),
      ...fs.readdirSync(dir).map((file) => fs.readFileSync(path.join(dir, file), 'utf8'))
    ]
    const shaOf = new Map<string, Set<string>>()
    for (const text of texts) {
      for (const [, action, sha, version] of text.matchAll(
        /uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40})\s*#\s*(v[\d.]+)/g
      )) {
        const key = `${action} ${version}`
        shaOf.set(key, (shaOf.get(key) ?? new Set()).add(sha))
      }
    }
    for (const [key, shas] of shaOf) expect([key, shas.size]).toEqual([key, 1])
  })
})

// ---------------------------------------------------------------------------------------------
// The README as a user's page.

/** The text outside fenced code blocks and inline code, where links and headings live. */
function prose(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '').replace(/`[^`\n]*`/g, '``')
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slugOf(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')
}

/** The anchors of a Markdown text's headings, with GitHub's `-1`, `-2` for repeats. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const withoutCode = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '')
  for (const [, heading] of withoutCode.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = slugOf(heading)
    let anchor = slug
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`
    anchors.add(anchor)
  }
  return anchors
}

/** Where a relative link of `file` leads that is not there. */
function brokenLinks(file: string, text: string): string[] {
  const broken: string[] = []
  for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue
    const [linkPath, anchor] = target.split('#')
    const resolved = linkPath ? path.join(path.dirname(file), linkPath) : file
    // The two pictures are made by `npm run screenshots`, which holds them itself.
    if (resolved.startsWith(`docs${path.sep}images${path.sep}`)) continue
    const absolute = path.join(REPO_ROOT, resolved)
    if (!fs.existsSync(absolute)) {
      broken.push(`${file}: '${target}' leads to no file`)
    } else if (anchor && !anchorsOf(fs.readFileSync(absolute, 'utf8')).has(anchor)) {
      broken.push(`${file}: '${target}' names no heading of ${resolved}`)
    }
  }
  return broken
}

const README_LINES = README.split('\n')
const SECTIONS = [...README.matchAll(/^## +(.+)$/gm)].map((match) => match[1].trim())

describe('the README', () => {
  it('is a page for users: under 300 lines', () => {
    expect(README_LINES.length).toBeLessThan(300)
  })

  it('opens with the pictures of the workflow page and the job summary', () => {
    const opening = README_LINES.slice(0, 20).join('\n')
    expect(opening).toMatch(/!\[[^\]]+\]\(docs\/images\/workflow-page\.png\)/)
    expect(opening).toMatch(/!\[[^\]]+\]\(docs\/images\/job-summary\.png\)/)
  })

  it('shows how to try it in one minute on its first screen', () => {
    const demo = README_LINES.findIndex((line) => line.includes('npm ci && npm run demo'))
    expect(demo).toBeGreaterThanOrEqual(0)
    expect(demo).toBeLessThan(40)
  })

  it('has the sections a user looks for, in this order', () => {
    const wanted = [
      'Quick start',
      'Before you start',
      'Workflows',
      'Credentials',
      'Inputs',
      'Outputs',
      'How it works',
      'What happens to the remote build',
      'Security',
      'Troubleshooting',
      'Versioning'
    ]
    expect(SECTIONS.filter((section) => wanted.includes(section))).toEqual(wanted)
  })

  it('takes build-no only from where it comes from: an input of the workflow or a step output', () => {
    const sources = [...README.matchAll(/^\s*build-no: *(.+)$/gm)].map((match) => match[1])
    expect(sources.length).toBeGreaterThan(0)
    for (const source of sources) {
      expect(source).toMatch(/^\$\{\{ (inputs\.build-no|steps\.[\w-]+\.outputs\.build-no) \}\}/)
    }
  })

  it('says, before you start, what CodeArts permits, that forks get no secrets, and when commit fits', () => {
    const start = README.indexOf('## Before you start')
    const section = README.slice(start, README.indexOf('\n## ', start + 1))
    expect(section).toMatch(/\*\*View\*\*/)
    expect(section).toMatch(/\*\*Execute\*\*/)
    expect(section).toMatch(/[Ff]ork/)
    expect(section).toMatch(/github\.event\.pull_request\.head\.repo\.fork/)
    expect(section).toMatch(/commit: \$\{\{ github\.sha \}\}/)
  })

  it('gives one short line per message in Troubleshooting, quoted as docs/behaviour.md prints it', () => {
    const start = README.indexOf('## Troubleshooting')
    const section = README.slice(start, README.indexOf('\n## ', start + 1))
    const items = section.split('\n').filter((line) => line.startsWith('- '))
    expect(items.length).toBeGreaterThanOrEqual(15)
    const full = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'behaviour.md'), 'utf8')
    for (const item of items) {
      expect([item, item.length <= 160]).toEqual([item, true])
      const quoted = /^- `([^`]+)`: \S/.exec(item)
      expect([item, quoted !== null]).toEqual([item, true])
      // '…' stands for what the case fills in; every piece around it is printed as quoted.
      for (const piece of (quoted?.[1] ?? '').split('…').map((part) => part.trim())) {
        if (piece) expect([item, full.includes(piece)]).toEqual([item, true])
      }
    }
  })
})

describe('the links of the documents', () => {
  it.each(DOCS.map((doc) => [doc.file, doc.text] as const))(
    '%s links only to files and headings that are there',
    (file, text) => {
      expect(brokenLinks(file, text)).toEqual([])
    }
  )

  it('are checked: a missing file and a missing heading are found', () => {
    expect(brokenLinks('README.md', 'See [x](docs/nowhere.md).')).toEqual([
      "README.md: 'docs/nowhere.md' leads to no file"
    ])
    expect(brokenLinks('docs/behaviour.md', 'See [x](../README.md#no-such-part).')).toEqual([
      "docs/behaviour.md: '../README.md#no-such-part' names no heading of README.md"
    ])
    expect(brokenLinks('README.md', 'See [x](#before-you-start).')).toEqual([])
  })
})
