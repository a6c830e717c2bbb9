import {
  escapeCommandData,
  escapeCommandProperty,
  formatCommand,
  neutralizeRemoteText,
  WorkflowLog,
  type OutputStream
} from '../../src/workflow/workflow-log.js'

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

type RunnerEvent =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'command'
      readonly name: string
      readonly properties: Record<string, string>
      readonly data: string
    }

// The runner's unescaping (actions/runner ActionCommand): '%25' is replaced last.
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
function unescapeProperty(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/** Parses `::name k=v,k=v::data`, as the runner does for a line starting with `::`. */
function parseCommand(line: string): RunnerEvent | undefined {
  const trimmed = line.trimStart()
  if (!trimmed.startsWith('::')) return undefined
  const end = trimmed.indexOf('::', 2)
  if (end === -1) return undefined
  const head = trimmed.slice(2, end)
  const space = head.indexOf(' ')
  const name = space === -1 ? head : head.slice(0, space)
  const properties: Record<string, string> = {}
  if (space !== -1) {
    for (const pair of head.slice(space + 1).split(',')) {
      const equals = pair.indexOf('=')
      if (equals > 0) properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1))
    }
  }
  return { type: 'command', name, properties, data: unescapeData(trimmed.slice(end + 2)) }
}

/**
 * What the runner makes of the output: lines end at `\n` or `\r`; a line is a command when it
 * starts with `::` after whitespace or holds `##[`, unless commands are stopped, in which case
 * only the line that resumes them counts.
 */
function runnerView(output: string): { events: RunnerEvent[]; stoppedAtEnd: boolean } {
  const events: RunnerEvent[] = []
  let stopToken: string | undefined
  const lines = output.split(/\r\n|\n|\r/)
  if (lines[lines.length - 1] === '') lines.pop()
  for (const line of lines) {
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined
      else events.push({ type: 'text', text: line })
      continue
    }
    const command = parseCommand(line)
    if (command?.type === 'command' && command.name === 'stop-commands') {
      stopToken = command.data
    } else if (command) {
      events.push(command)
    } else if (/##\[[a-z-]+/i.test(line)) {
      events.push({ type: 'command', name: '##', properties: {}, data: line })
    } else {
      events.push({ type: 'text', text: line })
    }
  }
  return { events, stoppedAtEnd: stopToken !== undefined }
}

function commands(events: RunnerEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'command' ? [event.name] : []))
}
function texts(events: RunnerEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'text' ? [event.text] : []))
}

/** Checks that groups open and close in turn, never one inside another. */
function expectFlatGroups(events: RunnerEvent[]): void {
  let open = false
  for (const name of commands(events)) {
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
        expect(unescapeData(escapeCommandData(text))).toBe(text)
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
        expect(unescapeProperty(escapeCommandProperty(text))).toBe(text)
      }
    )
  })

  describe('formatCommand', () => {
    it('writes a command with escaped properties and message on one line', () => {
      const line = formatCommand('error', { title: 'Build: a, b' }, 'failed\nat 100%')
      expect(line.endsWith('\n')).toBe(true)
      expect(line.slice(0, -1)).not.toMatch(/[\r\n]/)
      expect(parseCommand(line.slice(0, -1))).toEqual({
        type: 'command',
        name: 'error',
        properties: { title: 'Build: a, b' },
        data: 'failed\nat 100%'
      })
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
      const view = runnerView(out.text)
      expect(commands(view.events)).toEqual([])
      expect(view.stoppedAtEnd).toBe(false)
      const expected = HOSTILE_LINES.flatMap((line) => line.split('\r'))
      expect(texts(view.events).map((text) => text.replace(/\u200b/g, ''))).toEqual(expected)
      expect(texts(view.events).join('\n')).not.toContain('##[')
    })

    it('opens the fence before the first remote text', () => {
      const out = new MemoryStream()
      new WorkflowLog(out, TOKEN).remoteText('::error::x\n')
      expect(out.chunks[0]).toBe(`::stop-commands::${TOKEN}\n`)
    })

    it('opens the fence once for consecutive remote text', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.remoteLines(['a'])
      log.remoteText('b\n')
      log.info('c')
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

      const view = runnerView(out.text)
      expect(view.events.map((event) => (event.type === 'text' ? 'text' : event.name))).toEqual([
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
      expect(view.events[0]).toMatchObject({ data: 'Build: compile' })
      expect(view.events[2]).toMatchObject({
        data: 'compile failed',
        properties: { title: 'Build: compile' }
      })
      expect(view.stoppedAtEnd).toBe(false)
      expectFlatGroups(view.events)
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
      const view = runnerView(out.text)
      expect(commands(view.events)).toEqual([
        'group',
        'endgroup',
        'group',
        'endgroup',
        'group',
        'endgroup'
      ])
      expectFlatGroups(view.events)
    })

    it('writes nothing for endGroup when no group is open', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.endGroup()
      log.startGroup('A')
      log.endGroup()
      log.endGroup()
      expect(commands(runnerView(out.text).events)).toEqual(['group', 'endgroup'])
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
      const view = runnerView(out.text)
      expect(view.stoppedAtEnd).toBe(false)
      expectFlatGroups(view.events)
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
      const view = runnerView(out.text)
      expect(view.events).toEqual([
        { type: 'command', name: 'group', properties: {}, data: title },
        {
          type: 'command',
          name: 'error',
          properties: { title: 'a: b, c\n::notice::x' },
          data: message
        },
        { type: 'command', name: 'endgroup', properties: {}, data: '' }
      ])
    })

    it('writes status lines inside the fence, each on its own line', () => {
      const out = new MemoryStream()
      const log = new WorkflowLog(out, TOKEN)
      log.info('::error::quoted from an error body')
      log.info('already ended\n')
      log.close()
      const view = runnerView(out.text)
      expect(texts(view.events)).toEqual(['::error::quoted from an error body', 'already ended'])
      expect(commands(view.events)).toEqual([])
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
        expect(runnerView(out.text).stoppedAtEnd).toBe(false)
        out.write('::set-output name=x::1\n')
        return 42
      })
      expect(result).toBe(42)
      log.remoteLines(['::error::after'])
      log.close()
      const view = runnerView(out.text)
      expect(commands(view.events)).toEqual(['set-output'])
      expect(texts(view.events)).toEqual(['remote', '::error::after'])
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
