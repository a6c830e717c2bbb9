import { Writable } from 'node:stream'
import { WorkflowLog } from '../../src/runner/workflow-log.js'
import {
  escapeCommandData,
  escapeCommandProperty,
  formatCommand,
  neutralizeRemoteText
} from '../../src/runner/command-text.js'
import { STDOUT_BACKLOG_BYTES } from '../../src/runner/staged-output.js'
import type { OutputStream } from '../../src/runner/staged-output.js'
import { parseRunnerOutput } from '../../simulator/runner-view.js'
import { displayedRemoteLines as texts } from '../support/runner-lines.js'

const TOKEN = 'f3a9c1d2e4b5a6978877665544332211'

/** Collects what is written, as a pipe to the runner would; can simulate backpressure. */
class MemoryStream implements OutputStream {
  readonly chunks: string[] = []
  writableNeedDrain = false
  accept = true
  private drainListeners: Array<() => void> = []

  write(text: string): boolean {
    this.chunks.push(text)
    return this.accept
  }

  once(_event: 'drain', listener: () => void): unknown {
    this.drainListeners.push(listener)
    return this
  }

  emitDrain(): void {
    this.writableNeedDrain = false
    const listeners = this.drainListeners
    this.drainListeners = []
    for (const listener of listeners) listener()
  }

  get text(): string {
    return this.chunks.join('')
  }
}

type RunnerView = ReturnType<typeof parseRunnerOutput>

/** The runner's echo of the fence's own commands, with the token masked. */
const FENCE_ECHO = new Set(['::stop-commands::***', '::***::'])

/** The commands the runner executed, but for the fence's own stop and resume. */
function commands(view: RunnerView): string[] {
  return view.commands
    .map((command) => command.name)
    .filter((name) => name !== 'stop-commands' && name !== TOKEN)
}

/** The commands as the runner read them: name, unescaped properties and data. */
function parsedCommands(
  view: RunnerView
): Array<{ name: string; properties: Record<string, string>; data: string }> {
  return view.commands.map(({ name, properties, data }) => ({ name, properties, data }))
}

/** What the log page shows, line by line: `text`, or the tag of a line the runner wrote. */
function shown(view: RunnerView): string[] {
  return view.lines
    .filter((line) => !FENCE_ECHO.has(line.text))
    .map((line) => (line.fromRunner ? (line.markup ?? 'text') : 'text'))
}

/** Checks that groups open and close in turn, never one inside another. */
function expectFlatGroups(view: RunnerView): void {
  expect(view.nestingViolations).toBe(0)
  let open = false
  for (const name of commands(view)) {
    if (name === 'group') {
      expect(open).toBe(false)
      open = true
    } else if (name === 'endgroup') {
      expect(open).toBe(true)
      open = false
    }
  }
  expect(open).toBe(false)
}

const HOSTILE_LINES = [
  '::error::pwned',
  '   ::warning file=x.ts::indented command',
  '::endgroup::',
  '::group::fake group',
  `::stop-commands::guess`,
  '::guess::',
  '##[group]fake group',
  'text then ##[error]fake error',
  'progress 10%\r::error::after a carriage return',
  '::add-mask::secret'
]

describe('workflow-log', () => {
  describe('escapeCommandData', () => {
    it.each([
      ['plain', 'plain'],
      ['50%', '50%25'],
      ['a\nb', 'a%0Ab'],
      ['a\r\nb', 'a%0D%0Ab'],
      ['%0A', '%250A'],
      ['a:b,c', 'a:b,c']
    ])('escapes %j as %j', (text, escaped) => {
      expect(escapeCommandData(text)).toBe(escaped)
    })

    it.each(['plain', '100%', '%0A%0D%25', 'line\nbreak\r\n', '%%\n%', 'a::b'])(
      'round-trips %j through the runner',
      (text) => {
        const view = parseRunnerOutput(`::error::${escapeCommandData(text)}\n`)
        expect(view.commands.map((command) => command.data)).toEqual([text])
      }
    )
  })

  describe('escapeCommandProperty', () => {
    it.each([
      ['Build: step 1, try 2', 'Build%3A step 1%2C try 2'],
      ['50%', '50%25'],
      ['a\nb', 'a%0Ab']
    ])('escapes %j as %j', (text, escaped) => {
      expect(escapeCommandProperty(text)).toBe(escaped)
    })

    it.each(['Maven build: external_post_maven', 'a,b,c', '%3A%2C', 'x\r\n:,%', '::'])(
      'round-trips %j through the runner',
      (text) => {
        const view = parseRunnerOutput(`::error title=${escapeCommandProperty(text)}::m\n`)
        expect(view.commands.map((command) => ({ ...command.properties }))).toEqual([
          { title: text }
        ])
      }
    )
  })

  describe('formatCommand', () => {
    it('writes a command with escaped properties and message on one line', () => {
      const line = formatCommand('error', { title: 'Build: a, b' }, 'failed\nat 100%')
      expect(line.endsWith('\n')).toBe(true)
      expect(line.slice(0, -1)).not.toMatch(/[\r\n]/)
      expect(parsedCommands(parseRunnerOutput(line))).toEqual([
        { name: 'error', properties: { title: 'Build: a, b' }, data: 'failed\nat 100%' }
      ])
    })

    it('leaves out empty and missing properties', () => {
      expect(formatCommand('group', {}, 'Title')).toBe('::group::Title\n')
      expect(formatCommand('error', { title: '', file: undefined }, 'm')).toBe('::error::m\n')
      expect(formatCommand('error', { title: 'T', file: undefined }, 'm')).toBe(
        '::error title=T::m\n'
      )
    })
  })

  describe('neutralizeRemoteText', () => {
    it.each([
      ['a carriage return', 'a\rb\n'],
      ['carriage returns of a progress bar', '10%\r20%\r30%\n'],
      ['a group marker', '##[group]x\n'],
      ['several markers', 'x ##[error]y ##[endgroup]\n'],
      ['both', '##[warning]a\r##[error]b\n']
    ])('neutralizes %s', (_label, text) => {
      const result = neutralizeRemoteText(text)
      expect(result).not.toContain('##[')
      // The text is otherwise unchanged: a \r stays (the runner splits lines there itself).
      expect(result.replace(/\u200b/g, '')).toBe(text)
    })

    it.each(['plain\n', '# heading\n', '## not a marker [x]\n', '::error::x\n', ''])(
      'leaves %j unchanged',
      (text) => {
        expect(neutralizeRemoteText(text)).toBe(text)
      }
    )
  })

  describe('WorkflowLog', () => {
    it('fences remote lines so the runner shows every one as text', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.remoteLines(HOSTILE_LINES)
      log.close()
      const view = parseRunnerOutput(out.text)
      expect(commands(view)).toEqual([])
      expect(view.fenceOpenAtEnd).toBe(false)
      const expected = HOSTILE_LINES.flatMap((line) => line.split('\r'))
      expect(texts(view).map((text) => text.replace(/\u200b/g, ''))).toEqual(expected)
      expect(texts(view).join('\n')).not.toContain('##[')
    })

    it('opens the fence before the first remote text', () => {
      const out = new MemoryStream()
      new WorkflowLog(out, TOKEN).remoteText('::error::x\n')
      expect(out.text.startsWith(`::stop-commands::${TOKEN}\n`)).toBe(true)
    })

    it('opens the fence once for consecutive remote text', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.remoteLines(['::a::x'])
      log.remoteText('##[b\n')
      log.info(' \r::c::')
      expect(out.text.split(`::stop-commands::${TOKEN}`).length - 1).toBe(1)
      expect(out.text).not.toContain(`::${TOKEN}::`)
    })

    it('closes the fence before group and annotation commands, and reopens it after', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.startGroup('Build: compile')
      log.remoteLines(['::error::inside first group'])
      log.annotate('error', 'compile failed', { title: 'Build: compile' })
      log.remoteLines(['##[warning]more remote text'])
      log.startGroup('Test')
      log.remoteLines(['::endgroup::'])
      log.annotate('warning', 'flaky')
      log.close()

      const view = parseRunnerOutput(out.text)
      expect(shown(view)).toEqual([
        'group',
        'text',
        'error',
        'text',
        'endgroup',
        'group',
        'text',
        'warning',
        'endgroup'
      ])
      expect(view.groups[0].title).toBe('Build: compile')
      expect(view.annotations[0]).toEqual({
        level: 'error',
        message: 'compile failed',
        properties: { title: 'Build: compile' }
      })
      expect(view.fenceOpenAtEnd).toBe(false)
      expectFlatGroups(view)
    })

    it('never nests groups: a new group closes the open one', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      for (const title of ['A', 'B', 'C']) {
        log.startGroup(title)
        expect(log.groupIsOpen).toBe(true)
        log.remoteLines([`line of ${title}`])
      }
      log.endGroup()
      expect(log.groupIsOpen).toBe(false)
      const view = parseRunnerOutput(out.text)
      expect(commands(view)).toEqual([
        'group',
        'endgroup',
        'group',
        'endgroup',
        'group',
        'endgroup'
      ])
      expectFlatGroups(view)
    })

    it('writes nothing for endGroup when no group is open', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.endGroup()
      log.startGroup('A')
      log.endGroup()
      log.endGroup()
      expect(commands(parseRunnerOutput(out.text))).toEqual(['group', 'endgroup'])
    })

    it('close() leaves no fence and no group open, and is safe to call twice', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.startGroup('Open group')
      log.remoteLines(['unterminated story'])
      log.close()
      const written = out.chunks.length
      log.close()
      expect(out.chunks.length).toBe(written)
      expect(log.groupIsOpen).toBe(false)
      const view = parseRunnerOutput(out.text)
      expect(view.fenceOpenAtEnd).toBe(false)
      expectFlatGroups(view)
      expect(out.text.endsWith(`::${TOKEN}::\n`) || out.text.endsWith('::endgroup::\n')).toBe(true)
    })

    it('close() on a fresh log writes nothing', () => {
      const out = new MemoryStream()
      new WorkflowLog(out, TOKEN).close()
      expect(out.text).toBe('')
    })

    it('escapes group titles and annotations so remote text cannot add commands', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      const title = 'Step\r\n::error::injected, 100%'
      const message = 'line one\n::warning::injected\r%0A'
      log.startGroup(title)
      log.annotate('error', message, { title: 'a: b, c\n::notice::x' })
      log.close()
      const view = parseRunnerOutput(out.text)
      expect(parsedCommands(view)).toEqual([
        { name: 'group', properties: {}, data: title },
        { name: 'error', properties: { title: 'a: b, c\n::notice::x' }, data: message },
        { name: 'endgroup', properties: {}, data: '' }
      ])
      // Nothing else: every displayed line is the runner's own rendering of those commands.
      const commandLines = new Set(view.commands.map((command) => command.lineIndex))
      expect(view.lines.every((line) => commandLines.has(line.lineIndex))).toBe(true)
    })

    it('writes status lines inside the fence, each on its own line', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.info('::error::quoted from an error body')
      log.info('already ended\n')
      log.close()
      const view = parseRunnerOutput(out.text)
      expect(texts(view)).toEqual(['::error::quoted from an error body', 'already ended'])
      expect(commands(view)).toEqual([])
    })

    it('writes nothing for an empty batch of lines', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      expect(log.remoteLines([])).toBe(true)
      expect(out.chunks).toEqual([])
    })

    it('reports backpressure from the stream', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      expect(log.remoteLines(['a'])).toBe(true)
      out.accept = false
      expect(log.remoteLines(['b'])).toBe(false)
      expect(log.remoteText('c\n')).toBe(false)
    })

    it('runs outsideFence code with the fence closed and returns its value', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.remoteLines(['remote'])
      const result = log.outsideFence(() => {
        expect(parseRunnerOutput(out.text).fenceOpenAtEnd).toBe(false)
        out.write('::set-output name=x::1\n')
        return 42
      })
      expect(result).toBe(42)
      log.remoteLines(['::error::after'])
      log.close()
      const view = parseRunnerOutput(out.text)
      expect(commands(view)).toEqual(['set-output'])
      expect(texts(view)).toEqual(['remote', '::error::after'])
    })

    it('resolves whenDrained at once when the stream has room', async () => {
      const out = new MemoryStream()
      await expect(new WorkflowLog(out, TOKEN).whenDrained()).resolves.toBeUndefined()
    })

    it('resolves whenDrained only after the stream drains', async () => {
      const out = new MemoryStream()
      out.writableNeedDrain = true
      let drained = false
      const waiting = new WorkflowLog(out, TOKEN).whenDrained().then(() => {
        drained = true
      })
      await Promise.resolve()
      await Promise.resolve()
      expect(drained).toBe(false)
      out.emitDrain()
      await waiting
      expect(drained).toBe(true)
    })
  })
})

describe('a quiet page', () => {
  it('writes a clean log with no fence line at all', () => {
    const out = new MemoryStream()
    const log = new WorkflowLog(out, TOKEN)
    log.startGroup('Build')
    log.remoteText('compiling 构建 😀\nfoo::bar and pytest a.py::test_x\n  # comment ## [x]\n')
    log.info('a status line')
    log.close()
    expect(out.text).not.toContain('stop-commands')
    expect(out.text).not.toContain(TOKEN)
  })

  it.each([
    ['a command', '::error::forged'],
    ['a command after whitespace', ' \t::error::forged'],
    ['a command after a CR', 'harmless\r::error::forged'],
    ['a legacy command', 'text ##[error]forged'],
    ['a command behind an ignorable character', ':\u00ad:error::forged']
  ])('fences %s in the middle of clean lines, and only it', (_, hostile) => {
    const out = new MemoryStream()
    const log = new WorkflowLog(out, TOKEN)
    log.remoteText(`clean one\n${hostile}\nclean two\n`)
    log.close()
    expect(out.text).toBe(
      `clean one\n::stop-commands::${TOKEN}\n${hostile.replace('##[', '##\u200b[')}\n::${TOKEN}::\nclean two\n`
    )
    const view = parseRunnerOutput(out.text)
    expect(view.annotations).toEqual([])
    expect(view.failures).toEqual([])
  })

  it('fences every piece of a line too long to inspect, until the next clean line', () => {
    const out = new MemoryStream()
    const log = new WorkflowLog(out, TOKEN)
    log.remotePiece(Buffer.from('a long line, its first piece ##'))
    log.remotePiece(Buffer.from('[error]its end'), 2)
    log.remotePiece(Buffer.from('\n'))
    log.remoteText('clean\n')
    expect(out.text).toBe(
      `::stop-commands::${TOKEN}\na long line, its first piece ##\u200b[error]its end\n::${TOKEN}::\nclean\n`
    )
  })
})

describe('whenDrained', () => {
  it('adds no listener that outlives its wait on a slow stream', async () => {
    const slow = new Writable({
      highWaterMark: 8,
      write: (_chunk, _encoding, done) => void setTimeout(done, 1)
    })
    const before = ['drain', 'error', 'close'].map((event) => slow.listenerCount(event))
    const log = new WorkflowLog(slow, TOKEN)
    // Each line a quarter of the backlog stdout may hold: a wait every fifth line or so.
    const filler = 'x'.repeat(STDOUT_BACKLOG_BYTES / 4)
    let waits = 0
    for (let i = 0; i < 100; i++) {
      if (!log.remoteText(`line ${i} of a slow pipe ${filler}\n`)) {
        waits++
        await log.whenDrained()
      }
    }
    expect(waits).toBeGreaterThan(15)
    expect(['drain', 'error', 'close'].map((event) => slow.listenerCount(event))).toEqual(before)
  })

  it('asks for a wait only once stdout holds more than its backlog', () => {
    // A reader that takes nothing: every byte written stays pending.
    const stuck = new Writable({ highWaterMark: 8, write: () => undefined })
    const log = new WorkflowLog(stuck, TOKEN)
    const line = `${'x'.repeat(1023)}\n`
    let taken = 0
    while (log.remoteText(line)) taken += line.length
    expect(taken).toBe(STDOUT_BACKLOG_BYTES)
    expect(stuck.writableLength).toBe(STDOUT_BACKLOG_BYTES + line.length)
  })
})
