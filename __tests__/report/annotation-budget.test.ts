import {
  AnnotationCandidate,
  chooseAnnotations,
  ERROR_ANNOTATIONS_PER_STEP
} from '../../src/report/annotation-budget.js'

/** Compact candidates: `f:A:3` is file A line 3, `s:build` a step-titled one, `e:` an echo. */
function c(spec: string): AnnotationCandidate {
  const [kind, a, b] = spec.split(':')
  if (kind === 's') return { title: a, message: `step ${a} failed` }
  return { file: a, line: Number(b), message: `m${b}`, echo: kind === 'e' }
}
function show(list: readonly AnnotationCandidate[]): string[] {
  return list.map((x) =>
    x.file === undefined ? `s:${x.title}` : `${x.echo ? 'e' : 'f'}:${x.file}:${x.line}`
  )
}

describe('annotation-budget', () => {
  it.each([
    ['nothing', [], 1, [], [], 0],
    [
      'few enough: all, in log order',
      ['f:A:1', 's:build', 'f:B:2'],
      1,
      ['f:A:1', 's:build', 'f:B:2'],
      [],
      0
    ],
    [
      'repeats dropped, echoes of the same error count as repeats',
      ['f:A:1', 'f:A:1', 's:x', 's:x', 'e:A:1'],
      1,
      ['f:A:1', 's:x'],
      [],
      3
    ],
    [
      'first error per file before more in the same file',
      ['f:A:1', 'f:A:2', 'f:A:3', 'f:B:1', 'f:C:1', 'f:D:1', 'f:E:1', 'f:F:1', 'f:G:1', 'f:H:1'],
      1,
      ['f:A:1', 'f:A:2', 'f:B:1', 'f:C:1', 'f:D:1', 'f:E:1', 'f:F:1', 'f:G:1', 'f:H:1'],
      ['f:A:3'],
      0
    ],
    [
      'step-titled after first-per-file, before second errors',
      ['f:A:1', 'f:A:2', 's:compile', 'f:B:1'],
      7,
      ['f:A:1', 's:compile', 'f:B:1'],
      ['f:A:2'],
      0
    ],
    [
      'compiler errors before their echoes, even when the echo comes first in a file',
      ['e:A:9', 'f:A:1', 'f:B:1', 'e:B:5'],
      7,
      ['e:A:9', 'f:A:1', 'f:B:1'],
      ['e:B:5'],
      0
    ],
    [
      'nothing reserved: ten',
      Array.from({ length: 12 }, (_, i) => `f:F${i}:1`),
      0,
      Array.from({ length: 10 }, (_, i) => `f:F${i}:1`),
      ['f:F10:1', 'f:F11:1'],
      0
    ],
    ['all reserved: none', ['f:A:1'], 10, [], ['f:A:1'], 0]
  ])('%s', (_name, specs, reserved, chosen, rest, repeats) => {
    const choice = chooseAnnotations(specs.map(c), reserved)
    expect(show(choice.chosen)).toEqual(chosen)
    expect(show(choice.rest)).toEqual(rest)
    expect(choice.repeats).toBe(repeats)
    expect(choice.chosen.length + reserved).toBeLessThanOrEqual(ERROR_ANNOTATIONS_PER_STEP)
  })

  it('gives every failing build step one step-titled annotation before any step a second', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ title: 'Maven', message: `problem ${i}` }))
    const later = [
      { title: 'Tests', message: 'flaky network' },
      { title: 'Tests', message: 'coloured failure' }
    ]
    const { chosen, rest } = chooseAnnotations([...many, ...later], 1)
    expect(chosen.map((x) => x.message)).toEqual([
      ...many.slice(0, 8).map((x) => x.message),
      'flaky network'
    ])
    expect(rest.map((x) => x.message)).toEqual([
      ...many.slice(8).map((x) => x.message),
      'coloured failure'
    ])
  })

  it('treats messages that differ only in surrounding space as repeats', () => {
    const choice = chooseAnnotations([
      { file: 'A', line: 1, message: 'x' },
      { file: 'A', line: 1, message: ' x ' }
    ])
    expect(choice.chosen).toHaveLength(1)
    expect(choice.repeats).toBe(1)
  })

  it('is deterministic for many candidates', () => {
    const many = Array.from({ length: 200 }, (_, i) => c(`f:F${i % 17}:${i}`))
    const first = chooseAnnotations(many)
    expect(chooseAnnotations(many)).toEqual(first)
    expect(first.chosen).toHaveLength(9)
    expect(first.chosen.length + first.rest.length).toBe(200)
  })

  it.each([-1, 11, 1.5])('refuses reserved %j, naming it', (reserved) => {
    expect(() => chooseAnnotations([], reserved)).toThrow(`reserved annotation count: ${reserved}`)
  })
})
