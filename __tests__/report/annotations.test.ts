import { describe, expect, it } from '@jest/globals'
import { StepTracker, type LineInStep } from '../../src/build-log/step-tracker.js'
import {
  ErrorAnnotations,
  errorMessageOf,
  startsAsErrorLine
} from '../../src/report/annotations.js'
import { SecretRedactor } from '../../src/runner/secrets.js'

const STEP = '[2023/12/21 15:44:18.793 GMT+08:00]'

/** What the tracker says of each line, in order (so lines inside a step belong to it). */
function seenLines(lines: readonly string[]): LineInStep[] {
  const tracker = new StepTracker()
  return lines.map((line) => tracker.observe(line))
}

function annotate(
  lines: readonly string[],
  options: { perStep?: number; secrets?: string[] } = {}
): Array<{ message: string; title: string }> {
  const redactor = new SecretRedactor()
  for (const secret of options.secrets ?? []) redactor.add(secret)
  const annotations = new ErrorAnnotations({ redactor, perStep: options.perStep })
  return seenLines(lines).flatMap((seen) => {
    const annotation = annotations.take(seen)
    return annotation ? [{ ...annotation }] : []
  })
}

describe('annotations', () => {
  describe('startsAsErrorLine', () => {
    it.each([
      ['[ERROR] x', true],
      ['\u001b[1;31m[ERROR]\u001b[m x', true],
      ['[INFO] x', false],
      ['ERROR x', false],
      ['', false],
      ['\u001b[32m+ docker pull\u001b[0m', false],
      ['\u001b[1m[ERR\u001b[0mOR] a code within the tag', true],
      ['\u001b[1m[ERROR', false],
      ['\u001b(B[ERROR] an escape that is no code', false],
      // Codes are stripped only from a line that opens with one, as errorMessageOf has it.
      ['[\u001b[1;31mERROR\u001b[m] x', false]
    ])('%j → %s, as errorMessageOf reads it', (line, expected) => {
      const bytes = Buffer.from(`>${line}\n`)
      expect(startsAsErrorLine(bytes, 1, bytes.length - 1)).toBe(expected)
      expect(errorMessageOf(seenLines([line])[0]) !== undefined).toBe(expected)
    })
  })

  describe('errorMessageOf', () => {
    it.each([
      ['a tool error line', '[ERROR] Failed to compile', '[ERROR] Failed to compile'],
      ['a coloured tool error line', '\u001b[1;31m[ERROR]\u001b[m bad', '[ERROR] bad'],
      ['a step line at ERROR', `${STEP} [ERROR] [Build: b1] : it broke`, 'it broke'],
      ['a step line at error', `${STEP} [error] [Build: b1] : lower case`, 'lower case'],
      ['a step line at INFO', `${STEP} [INFO] [Build: b1] : [ERROR] quoted`, undefined],
      ['plain output', 'compiling', undefined],
      ['an error word later in the line', 'x [ERROR] y', undefined]
    ])('%s', (_, line, expected) => {
      expect(errorMessageOf(seenLines([line])[0])).toBe(expected)
    })
  })

  describe('ErrorAnnotations', () => {
    it('titles an annotation with its step, or the build outside any step', () => {
      expect(
        annotate(['[ERROR] before', `${STEP} [INFO] [Build: b1] : This step starts.`, '[ERROR] in'])
      ).toEqual([
        { message: '[ERROR] before', title: 'CodeArts build' },
        { message: '[ERROR] in', title: 'Build' }
      ])
    })

    it('gives a message once per step', () => {
      const start = (name: string) => `${STEP} [INFO] [${name}: ${name}1] : This step starts.`
      expect(
        annotate([start('A'), '[ERROR] x', '[ERROR] x', start('B'), '[ERROR] x']).map(
          (annotation) => annotation.title
        )
      ).toEqual(['A', 'B'])
    })

    it.each([
      [0, 0],
      [2, 2],
      [10, 10],
      [undefined, 10]
    ])('gives a step at most %s annotations (%s given)', (perStep, given) => {
      const lines = Array.from({ length: 15 }, (_, index) => `[ERROR] number ${index}`)
      expect(annotate(lines, { perStep })).toHaveLength(given)
    })

    it('puts the message on one line, with no markup, no colour and no secret', () => {
      const secret = 'hunter2-secret'
      const [annotation] = annotate([`${STEP} [ERROR] [B##[x: b] : \u001b[31m##[group]${secret}`], {
        secrets: [secret]
      })
      expect(annotation).toEqual({ message: '##\u200b[group]***', title: 'B##\u200b[x' })
    })

    it('shortens a long message to 1000 characters and an ellipsis', () => {
      const [annotation] = annotate([`[ERROR] ${'x'.repeat(5000)}`])
      expect(annotation.message).toBe(`[ERROR] ${'x'.repeat(992)}…`)
    })

    it('remembers no more messages over all steps than its total, however many steps err', () => {
      const lines = Array.from({ length: 300 }, (_, i) => [
        `${STEP} [INFO] [Step ${i}: s${i}]: This step starts.`,
        `[ERROR] distinct failure ${i}`
      ]).flat()
      const annotations = new ErrorAnnotations({ redactor: new SecretRedactor(), total: 25 })
      const given = seenLines(lines).flatMap((seen) => annotations.take(seen) ?? [])
      expect(given.map((annotation) => annotation.message)).toEqual(
        Array.from({ length: 25 }, (_, i) => `[ERROR] distinct failure ${i}`)
      )
    })
  })
})
