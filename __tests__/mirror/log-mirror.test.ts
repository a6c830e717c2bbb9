import { describe, expect, it, jest } from '@jest/globals'
import { StepTracker } from '../../src/build-log/step-tracker.js'
import { WINDOW_LINES } from '../../src/runner/line-breaks.js'
import { LogMirror } from '../../src/mirror/log-mirror.js'
import { LONG_LINE_BYTES } from '../../src/mirror/line-assembly.js'
import { SecretRedactor } from '../../src/runner/secrets.js'
import { WorkflowLog } from '../../src/runner/workflow-log.js'
import { generateBuildLogWithSteps } from '../../simulator/logs.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { displayedRemoteLines, logLines } from '../support/runner-lines.js'
import { FENCE_TOKEN, mirrorChunks } from '../support/memory-mirror.js'

/** Cuts text into pieces of pseudo-random lengths from 1 to `max` characters. */
function cut(text: string, max: number, seed: number): string[] {
  const pieces: string[] = []
  let state = seed
  for (let at = 0; at < text.length;) {
    state = (state * 1103515245 + 12345) % 2147483648
    const length = 1 + (state % max)
    pieces.push(text.slice(at, at + length))
    at += length
  }
  return pieces
}

const LONG_LINE = `[INFO] ${'x'.repeat(LONG_LINE_BYTES)}##[group]inside a long line\r##[error]after a CR ${'y'.repeat(LONG_LINE_BYTES * 2)}`
const clean = generateBuildLogWithSteps({ result: 'FAILURE', seed: 31, longLineBytes: 0 })
const marker = '[INFO] Scanning for projects...\n'
const SAMPLE = clean.text.replace(
  marker,
  `${marker}::error::x\r\n##[group]y\nline with CRLF\r\n${LONG_LINE}\r\n${LONG_LINE}\n`
)

/** The lines the runner shows of a log: split at \n, \r\n and \r, each `##[` neutralized. */
function expectedDisplay(log: string): string[] {
  return logLines(log).map((line) => line.replace(/##\[/g, '##\u200b['))
}

describe('LogMirror', () => {
  const whole = parseRunnerOutput(mirrorChunks([SAMPLE]).stdout)

  it('shows a clean log with no fence line, and fences a hostile line among clean ones', () => {
    const page = mirrorChunks([clean.text]).stdout
    expect(page).not.toContain('stop-commands')
    expect(parseRunnerOutput(page).groups.map((group) => group.title)).toEqual(
      clean.steps.map((step) => step.name)
    )
    const hostile = clean.text.replace(marker, `${marker}::error::forged\n`)
    const view = parseRunnerOutput(mirrorChunks([hostile]).stdout)
    expect(view.commands.filter((c) => c.name === 'stop-commands')).toHaveLength(1)
    expect(view.annotations).toEqual([])
    expect(displayedRemoteLines(view)).toContain('::error::forged')
    expect(view.fenceOpenAtEnd).toBe(false)
  })

  describe('a text of more lines than one walk of newlines holds', () => {
    const head = `${clean.text.split(marker)[0]}${marker}`
    // The line of `lines` that is the first past the first walk's end (the text starts at `head`).
    const past = WINDOW_LINES - logLines(head).length
    const hostileAt = [1, past - 1, past + 1, past + WINDOW_LINES, 3 * WINDOW_LINES]
    const hostile = ['::error::forged', '##[group]forged', 'ok\r::warning::forged', '  :: x']
    const lines = Array.from({ length: 3 * WINDOW_LINES + 2 }, (_, i) =>
      hostileAt.includes(i) ? `${hostile[i % hostile.length]} ${i}` : `ok ${i}: fine`
    )
    const text = `${head}${lines.join('\n')}\n`

    it('fences every hostile line among them, in one piece as in many', () => {
      const whole = mirrorChunks([text]).stdout
      // In pieces, each text holds a few lines: the same page, byte for byte.
      expect(mirrorChunks(cut(text, 300, 5)).stdout).toBe(whole)
      const view = parseRunnerOutput(whole)
      expect(view.annotations).toEqual([])
      // Each hostile line has clean ones around it: a fence of its own.
      expect(view.commands.filter((c) => c.name === 'stop-commands')).toHaveLength(hostileAt.length)
      expect(displayedRemoteLines(view)).toEqual(expectedDisplay(text))
      expect(view.fenceOpenAtEnd).toBe(false)
    })

    it('fences them too when a secret is redacted in the text', () => {
      const secret = 'a-secret-value-1234'
      const withSecret = text.replace('ok 5: fine', `ok 5: ${secret}`)
      const page = mirrorChunks([withSecret], { secrets: [secret] }).stdout
      expect(page).toBe(mirrorChunks(cut(withSecret, 300, 5), { secrets: [secret] }).stdout)
      const view = parseRunnerOutput(page)
      expect(view.annotations).toEqual([])
      expect(displayedRemoteLines(view)).toEqual(expectedDisplay(withSecret.replace(secret, '***')))
    })
  })

  it('titles groups with CJK and emoji step names, however the bytes are cut', () => {
    const start = (name: string, id: string): string =>
      `[2026/11/30 10:00:00.000 GMT+08:00] [INFO] [${name}:${id}] : This step starts.\n`
    const log = Buffer.from(
      `${start('构建镜像 🚀', 'build_image')}making\n${start('テスト 😀 étape', 'test')}ok\n`
    )
    for (let cut = 1; cut < log.length; cut++) {
      const view = parseRunnerOutput(mirrorChunks([log.subarray(0, cut), log.subarray(cut)]).stdout)
      expect(view.groups.map((group) => group.title)).toEqual(['构建镜像 🚀', 'テスト 😀 étape'])
    }
  })

  it('shows every line once, in order, grouped by step, with no command from the log', () => {
    expect(displayedRemoteLines(whole)).toEqual(expectedDisplay(SAMPLE))
    expect(whole.groups.map((group) => group.title)).toEqual(clean.steps.map((step) => step.name))
    expect(whole.nestingViolations).toBe(0)
    expect(whole.renderedMarkup).toEqual([])
    expect(whole.fenceOpenAtEnd).toBe(false)
    const remoteCommands = whole.commands.filter(
      (command) =>
        !['add-mask', 'stop-commands', 'group', 'endgroup', 'error', FENCE_TOKEN].includes(
          command.name
        )
    )
    expect(remoteCommands).toEqual([])
  })

  it.each([
    ['pieces of 1 to 7 characters', 7, 1],
    ['pieces of 1 to 100 characters', 100, 2],
    ['pieces of 1 to 5000 characters', 5000, 3],
    ['pieces of 1 to 20000 characters', 20000, 4]
  ])('shows the same workflow log whatever the chunks: %s', (_, max, seed) => {
    const chunked = parseRunnerOutput(mirrorChunks(cut(SAMPLE, max, seed)).stdout)
    expect(chunked.lines.map((line) => [line.text, line.group])).toEqual(
      whole.lines.map((line) => [line.text, line.group])
    )
    expect(chunked.annotations).toEqual(whole.annotations)
  })

  it('cuts a long line at every boundary near a `##[` and a CRLF without changing what is shown', () => {
    const text = `a\n${LONG_LINE}\r\nb\n`
    const reference = displayedRemoteLines(parseRunnerOutput(mirrorChunks([text]).stdout))
    expect(reference).toEqual(expectedDisplay(text))
    const interesting = [
      text.indexOf('##[group]'),
      text.indexOf('\r##[error]'),
      text.lastIndexOf('\r\n')
    ]
    for (const at of interesting) {
      for (let delta = -2; delta <= 3; delta++) {
        const split = at + delta
        const shown = parseRunnerOutput(
          mirrorChunks([text.slice(0, split), text.slice(split)]).stdout
        )
        expect(displayedRemoteLines(shown)).toEqual(reference)
        expect(shown.renderedMarkup).toEqual([])
      }
    }
  })

  it('holds a status line back while a long line is half shown', () => {
    const text = `first\n${LONG_LINE}\nlast\n`
    const pieces = [text.slice(0, LONG_LINE_BYTES + 100), text.slice(LONG_LINE_BYTES + 100)]
    const view = parseRunnerOutput(mirrorChunks(pieces, { statusAfterChunk: 0 }).stdout)
    const lines = view.lines.map((line) => line.text)
    expect(lines).toContain('Still waiting: a status line')
    expect(displayedRemoteLines(view).filter((line) => !line.startsWith('Still waiting'))).toEqual(
      expectedDisplay(text)
    )
  })

  it('shows an unterminated last line at the end', () => {
    const view = parseRunnerOutput(mirrorChunks(['one\ntw', 'o']).stdout)
    expect(displayedRemoteLines(view)).toEqual(['one', 'two'])
  })

  it('keeps steps, the failed step and the Finished result whether or not the log is shown', () => {
    for (const showLog of [true, false]) {
      const { mirror: result, stdout } = mirrorChunks(cut(SAMPLE, 300, 5), { showLog })
      expect(result.tracker.steps.map((step) => step.name)).toEqual(
        clean.steps.map((step) => step.name)
      )
      expect(result.tracker.failedStep()?.name).toBe(
        clean.steps.find((step) => step.status === 'error')?.name
      )
      expect(result.finishedResult).toBe('FAILURE')
      if (!showLog) expect(stdout).not.toContain('Scanning for projects')
    }
  })

  it('tells coloured lines on their bytes, and reads coloured error lines in full', () => {
    const start =
      '[2023/12/21 15:44:18.793 GMT+08:00] [INFO] [Build: build_step]: This step starts.'
    const onBytes = [
      '\u001b[32m+ docker pull maven:3.9\u001b[0m',
      '\u001b[36m02:29:48.123 [main] INFO started\u001b[0m\r',
      '\u001b[31msrc/app.c:12:5: error: boom\u001b[0m',
      '\u001b[33mAppTest > adds FAILED\u001b[39m',
      // Codes within the text: no error line, and read by the failure readers in full.
      '\u001b[1mTests:\u001b[22m       1 failed, 2 total'
    ]
    const inFull = [
      '\u001b[1;31m[ERROR] Failed to execute goal\u001b[m',
      '\u001b[1m[ERR\u001b[0mOR] a code within the tag'
    ]
    const lines = [start, ...onBytes, ...inFull]
    const readInFull = jest.spyOn(StepTracker.prototype, 'observeLine')
    try {
      const { mirror, stdout } = mirrorChunks([`${lines.join('\n')}\n`])
      expect(readInFull.mock.calls.map(([line]) => line)).toEqual([start, ...inFull])
      const { failures } = mirror.failures
      expect(failures.map((failure) => failure.source?.kind ?? 'error line')).toEqual([
        'gcc',
        'error line',
        'error line'
      ])
      expect(failures.map((failure) => failure.stepTitled?.message)).toEqual([
        undefined,
        '[ERROR] Failed to execute goal',
        '[ERROR] a code within the tag'
      ])
      // Gradle's failed test (its name) and Jest's summary (its counts), both coloured.
      expect(mirror.failures.totals()).toMatchObject({
        failed: 1,
        failedTests: ['AppTest > adds'],
        runners: ['gradle', 'jest']
      })
      mirror.tracker.finish()
      expect(mirror.tracker.steps[0].tailLines).toEqual(
        lines.map((line) => line.replace(/\r$/, ''))
      )
      expect(displayedRemoteLines(parseRunnerOutput(stdout))).toEqual(
        lines.map((line) => line.replace(/\r$/, ''))
      )
    } finally {
      readInFull.mockRestore()
    }
  })

  it('redacts a secret in remote text', () => {
    const secret = 'a-secret-value-1234'
    const view = parseRunnerOutput(
      mirrorChunks([`token is ${secret}\n`], { secrets: [secret] }).stdout
    )
    expect(displayedRemoteLines(view)).toEqual(['token is ***'])
  })

  describe('a Finished: line without its newline', () => {
    function unended(chunks: readonly string[]): LogMirror {
      const out = { write: () => true, once: () => undefined }
      const logMirror = new LogMirror(new WorkflowLog(out, FENCE_TOKEN), {
        showLog: true,
        redactor: new SecretRedactor()
      })
      for (const chunk of chunks) logMirror.write(Buffer.from(chunk))
      return logMirror
    }

    it('is told as the unterminated last line, not as a complete one', () => {
      const logMirror = unended(['build output\nFinis', 'hed: SUCCESS'])
      expect(logMirror.finishedResult).toBeUndefined()
      expect(logMirror.unterminatedFinishedResult()).toBe('SUCCESS')
    })

    it.each([
      ['build output\nFinished: SUCC'], // a word still being written

      ['Finished: SUCCESS\nmore'],
      ['Finished: SUCCESS!']
    ])('is not read from %j', (text) => {
      expect(unended([text]).unterminatedFinishedResult()).toBeUndefined()
    })

    it('takes any word once the log is known to be complete', () => {
      expect(unended(['Finished: UNSTABLE']).unterminatedFinishedResult()).toBeUndefined()
      expect(unended(['Finished: UNSTABLE']).unterminatedFinishedResult(true)).toBe('UNSTABLE')
    })
  })
})
