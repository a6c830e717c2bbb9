/**
 * LogContent: every byte to the file at once, then the workflow log a slice at a time, with
 * the event loop turning between slices (the next answer comes in meanwhile).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it, jest } from '@jest/globals'
import { splitLogAnswer } from '../../src/codearts/log-answer.js'
import { LogArchive } from '../../src/mirror/log-archive.js'
import { LogContent, SLICE_BYTES } from '../../src/mirror/log-content.js'
import { LogMirror } from '../../src/mirror/log-mirror.js'
import { SecretRedactor } from '../../src/runner/secrets.js'
import { WorkflowLog } from '../../src/runner/workflow-log.js'

/** Numbered lines, `count` of them, each about 100 bytes. */
function numberedLines(count: number, from = 0): string {
  let text = ''
  for (let i = from; i < from + count; i++) text += `line ${i} ${'x'.repeat(90)}\n`
  return text
}

/** Counts the bytes searched for secrets, by the page and by the file alike. */
class CountingRedactor extends SecretRedactor {
  searchedBytes = 0

  override appearsIn(text: string | Buffer): boolean {
    this.searchedBytes += text.length
    return super.appearsIn(text)
  }

  override redactBytes(bytes: Buffer): Buffer {
    this.searchedBytes += bytes.length
    return super.redactBytes(bytes)
  }
}

function setup(redactor = new SecretRedactor()) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'log-content-'))
  const filePath = path.join(directory, 'build.log')
  const written: string[] = []
  const out = {
    write: (chunk: string | Uint8Array) => written.push(Buffer.from(chunk).toString()) > 0,
    once: () => undefined
  }
  const log = new WorkflowLog(out, 'token')
  const archive = LogArchive.create(filePath, { secrets: redactor })
  const mirror = new LogMirror(log, { showLog: true, redactor })
  const content = new LogContent(archive, mirror, log, redactor)
  return {
    content,
    mirror,
    shown: () => written.join(''),
    inFile: () => fs.readFileSync(filePath, 'utf8')
  }
}

/** The numbers of the `line N` lines in `text`, in order. */
const lineNumbers = (text: string): number[] =>
  [...text.matchAll(/^line (\d+) /gm)].map((match) => Number(match[1]))

describe('LogContent', () => {
  it('writes a chunk to the file at once and shows it slice by slice, the event loop turning between', async () => {
    const { content, shown, inFile } = setup()
    const count = Math.ceil((3.5 * SLICE_BYTES) / 100)
    const chunk = Buffer.from(numberedLines(count))
    const taken = content.take(chunk)
    expect(taken).toBeInstanceOf(Promise)
    // Every byte is in the file before the first slice waits.
    expect(inFile()).toBe(chunk.toString())
    const shownFirst = lineNumbers(shown()).length
    expect(shownFirst).toBeGreaterThan(0)
    expect(shownFirst).toBeLessThan(count)
    // Something the event loop runs meanwhile sees part of the chunk shown, not all of it.
    const seenBetween = new Promise<number>((resolve) =>
      setImmediate(() => resolve(lineNumbers(shown()).length))
    )
    await taken
    const between = await seenBetween
    expect(between).toBeLessThan(count)
    // Each line once, in order, and slices cut only after a newline.
    expect(lineNumbers(shown())).toEqual(Array.from({ length: count }, (_, i) => i))
  })

  it('shows a small chunk at once', () => {
    const { content, shown } = setup()
    expect(content.take(Buffer.from(numberedLines(5)))).toBeUndefined()
    expect(lineNumbers(shown())).toEqual([0, 1, 2, 3, 4])
  })

  it('ends with what a waiting chunk still had to show first, each line once', async () => {
    const { content, shown, inFile } = setup()
    const count = Math.ceil((2.5 * SLICE_BYTES) / 100)
    const text = numberedLines(count) + 'last line without its end'
    const taken = content.take(Buffer.from(text))
    content.end()
    // Shown by the time end() returns, not left for a turn that may never come.
    const all = Array.from({ length: count }, (_, i) => i)
    expect(lineNumbers(shown())).toEqual(all)
    await taken
    content.end()
    expect(lineNumbers(shown())).toEqual(all)
    expect(inFile()).toBe(text)
  })

  it('shows a line longer than a slice whole, in order with the lines around it', async () => {
    const { content, shown } = setup()
    const long = `line 1 ${'y'.repeat(3 * SLICE_BYTES)}\n`
    const text = numberedLines(1, 0) + long + numberedLines(2, 2)
    await content.take(Buffer.from(text))
    expect(lineNumbers(shown())).toEqual([0, 1, 2, 3])
    expect(shown()).toContain('y'.repeat(SLICE_BYTES))
  })

  it.each(['end', 'breakLine'] as const)(
    'writes a half character held at the edge once, on %s, to the file and the page',
    (how) => {
      const { content, mirror, shown, inFile } = setup()
      // A high surrogate half at a content's end, in the three-byte form the decoder writes.
      const highHalf = Buffer.from([0xed, 0xa0, 0xbd])
      expect(content.take(Buffer.concat([Buffer.from('tail '), highHalf]))).toBeUndefined()
      expect(inFile()).toBe('tail ')
      content[how]()
      content.end()
      mirror.end() // as the session ends the log: the last line, without its newline, shows
      expect(inFile()).toBe('tail \ufffd')
      expect(shown().match(/\ufffd/g)).toHaveLength(1)
    }
  )
  it('searches a chunk for secrets once for the file and the page, and keeps them out of both', async () => {
    const redactor = new CountingRedactor()
    redactor.add('s3cr3t-t0ken-value')
    const { content, mirror, shown, inFile } = setup(redactor)
    const clean = Buffer.from(numberedLines(Math.ceil((3 * SLICE_BYTES) / 100)))
    await content.take(clean)
    // Three slices and the file: one search of the chunk, not one for each reader.
    expect(redactor.searchedBytes).toBe(clean.length)

    // A secret in a chunk, one cut between two chunks, one in a line joined across them.
    await content.take(Buffer.from('login -p s3cr3t-t0ken-value ok\nnext s3cr3t-t0'))
    await content.take(Buffer.from('ken-value here\nsplit line s3cr'))
    await content.take(Buffer.from('3t-t0ken-value end\n'))
    content.end()
    mirror.end()
    for (const text of [inFile(), shown()]) {
      expect(text).not.toContain('s3cr3t')
      expect(text).toContain('login -p *** ok\nnext *** here\nsplit line *** end\n')
    }
  })

  it.each([
    ['known from the decoder', true],
    ['not known', false]
  ])('finds the lines of an answer whose newlines are %s', async (_, known) => {
    const count = Math.ceil((2.5 * SLICE_BYTES) / 100)
    const text = numberedLines(count)
    const split = splitLogAnswer(Buffer.from(JSON.stringify({ result: { content: text } })))
    expect(split?.newlines).toBeDefined()
    const { content, shown, inFile } = setup()
    // Searches for a newline: with the decoder's, only where a slice is cut; else one a line.
    const indexOf = jest.spyOn(Buffer.prototype, 'indexOf')
    try {
      await content.take(split?.content as Buffer, known ? split?.newlines : undefined)
      const newlineSearches = indexOf.mock.calls.filter(([value]) => value === 0x0a).length
      if (known) expect(newlineSearches).toBeLessThan(10)
      else expect(newlineSearches).toBeGreaterThanOrEqual(count)
    } finally {
      indexOf.mockRestore()
    }
    expect(lineNumbers(shown())).toEqual(Array.from({ length: count }, (_, i) => i))
    expect(inFile()).toBe(text)
  })
})
