import { RoutineLines, stepTagBytes } from '../../src/build-log/step-line-bytes.js'
import { parseStepLine } from '../../src/build-log/step-markers.js'

const NUMERIC_TS = '2023/12/21 15:44:18.793 GMT+08:00'
const NAMED_TS = 'Sep 14, 2026 02:29:37.820 GMT+08:00'
const MAVEN_TAG = '[Maven build: external_post_maven]'
const CACHE_TAG = '[Cache Check:cacheCheck]'

/** The routine answer for one line (without its newline), against the tag of `opening`. */
function routine(opening: string, line: string): number {
  const open = Buffer.from(opening)
  const tag = stepTagBytes(open, 0, open.length) as Buffer
  const bytes = Buffer.from(line)
  return new RoutineLines().messageStart(bytes, 0, bytes.length, tag)
}

describe('step lines on bytes', () => {
  const mavenOpening = `[${NUMERIC_TS}] [INFO] ${MAVEN_TAG}: This step starts.`
  const cacheOpening = `[${NAMED_TS}] [INFO] ${CACHE_TAG} : This step is start`

  it('finds the step tag of a step line, brackets included', () => {
    const open = Buffer.from(mavenOpening)
    expect(stepTagBytes(open, 0, open.length)?.toString()).toBe(MAVEN_TAG)
    const cache = Buffer.from(`[${NAMED_TS}] [ERROR] ${CACHE_TAG} : boom`)
    expect(stepTagBytes(cache, 0, cache.length)?.toString()).toBe(CACHE_TAG)
  })

  // Every line the byte reading calls routine must be, for parseStepLine, an `other` line of
  // the same step that fails nothing, with the same message; the rest go to parseStepLine.
  const messages = [
    'Execute command successfully (42)',
    'fetch https://repo.maven.apache.org/maven2/a.jar status=200',
    '正在执行构建脚本，请稍候',
    '',
    '  indented: 12',
    'This step starts.',
    'Failed to complete this step',
    'THIS STEP is complete',
    'completed ThIs StEp',
    'this  step has two spaces',
    'a\u2028b',
    'a\u2029b',
    'a\rb',
    'tab\there',
    '\u00a0leading no-break space',
    'this step',
    'error: something failed'
  ]
  const levels = ['INFO', 'INTERNAL', 'WARN', 'ERROR', 'error', 'Error', 'DEBUG']
  const shapes: Array<[string, string, (level: string, message: string) => string]> = [
    ['numeric', mavenOpening, (l, m) => `[${NUMERIC_TS}] [${l}] ${MAVEN_TAG}: ${m}`],
    ['named', cacheOpening, (l, m) => `[${NAMED_TS}] [${l}] ${CACHE_TAG} : ${m}`],
    ['no space after colon', cacheOpening, (l, m) => `[${NAMED_TS}] [${l}] ${CACHE_TAG}:${m}`],
    ['two spaces after colon', cacheOpening, (l, m) => `[${NAMED_TS}] [${l}] ${CACHE_TAG} :  ${m}`],
    ['tab before colon', cacheOpening, (l, m) => `[${NAMED_TS}] [${l}] ${CACHE_TAG}\t: ${m}`],
    ['with \\r', mavenOpening, (l, m) => `[${NUMERIC_TS}] [${l}] ${MAVEN_TAG}: ${m}\r`],
    ['other step', mavenOpening, (l, m) => `[${NAMED_TS}] [${l}] ${CACHE_TAG} : ${m}`],
    [
      'same step, other spacing',
      mavenOpening,
      (l, m) => `[${NUMERIC_TS}] [${l}] [Maven build:external_post_maven]: ${m}`
    ],
    ['short timestamp', mavenOpening, (l, m) => `[12:00] [${l}] ${MAVEN_TAG}: ${m}`],
    ['CJK timestamp', mavenOpening, (l, m) => `[2023年12月21日 15:44] [${l}] ${MAVEN_TAG}: ${m}`],
    // The pattern counts UTF-16 units: 24 bytes or more are 8 units or more, whatever they are.
    [
      'long CJK timestamp',
      mavenOpening,
      (l, m) => `[2023年12月21日 15:44:18.793] [${l}] ${MAVEN_TAG}: ${m}`
    ],
    [
      'eight CJK characters',
      mavenOpening,
      (l, m) => `[一二三四五六七八] [${l}] ${MAVEN_TAG}: ${m}`
    ],
    ['three CJK characters', mavenOpening, (l, m) => `[年月日] [${l}] ${MAVEN_TAG}: ${m}`],
    ['no colon', mavenOpening, (l, m) => `[${NUMERIC_TS}] [${l}] ${MAVEN_TAG} ${m}`]
  ]
  /** The shapes no line of the open step is read in on bytes. */
  const parsedInFull = new Set([
    'other step',
    'same step, other spacing',
    'short timestamp',
    'CJK timestamp',
    'three CJK characters',
    'no colon'
  ])

  it.each(shapes)('agrees with parseStepLine: %s', (_name, opening, shape) => {
    const opened = parseStepLine(opening)
    let routines = 0
    for (const level of levels) {
      for (const message of messages) {
        const line = shape(level, message)
        const at = routine(opening, line)
        if (at === -1) continue
        routines++
        const parsed = parseStepLine(line.replace(/\r$/, ''))
        expect({ line, parsed }).toEqual({
          line,
          parsed: expect.objectContaining({
            name: opened?.name,
            id: opened?.id,
            kind: 'other',
            failed: false,
            message: Buffer.from(line).toString('utf8', at).replace(/\r$/, '')
          })
        })
      }
    }
    // The engine's usual shapes are read on bytes; a line of another step never is.
    expect(routines > 0).toBe(!parsedInFull.has(_name))
  })

  it('takes the routine chatter of the open step, and nothing that changes it', () => {
    const line = (level: string, message: string): string =>
      `[${NUMERIC_TS}] [${level}] ${MAVEN_TAG}: ${message}`
    expect(routine(mavenOpening, line('INFO', 'Execute command successfully'))).toBeGreaterThan(0)
    expect(routine(mavenOpening, line('WARN', '构建产物上传到发布库'))).toBeGreaterThan(0)
    expect(routine(mavenOpening, line('ERROR', 'exit code 1'))).toBe(-1)
    expect(routine(mavenOpening, line('INFO', 'This step is complete.'))).toBe(-1)
    expect(routine(mavenOpening, line('INFO', 'a\u2028b'))).toBe(-1)
    expect(routine(mavenOpening, `[${NAMED_TS}] [INFO] ${CACHE_TAG} : text`)).toBe(-1)
    expect(routine(mavenOpening, line('INFO', 'x'.repeat(5000)))).toBe(-1)
  })

  it('finds `this step` in any case and at any place of a message, as the pattern does', () => {
    // Pieces that end in `p`, hold part of the phrase, or nearly spell it.
    const pieces = ['', 'p', 'P', 'pp', 'step ', 'this ste', 'a this', 'thi s step', 'xx ']
    let seed = 7
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % below
    }
    const anyCase = (text: string): string =>
      [...text].map((c) => (random(2) ? c.toUpperCase() : c)).join('')
    let saying = 0
    for (let n = 0; n < 3000; n++) {
      let message = ''
      for (let k = 0; k < 5; k++) message += anyCase(pieces[random(pieces.length)])
      if (random(3) === 0) {
        const at = random(message.length + 1)
        message = `${message.slice(0, at)}${anyCase('this step')}${message.slice(at)}`
      }
      const says = /this step/i.test(message)
      if (says) saying++
      const line = `[${NUMERIC_TS}] [INFO] ${MAVEN_TAG}: ${message}`
      expect({ message, routine: routine(mavenOpening, line) !== -1 }).toEqual({
        message,
        routine: !says
      })
    }
    expect(saying).toBeGreaterThan(500)
  })

  it('reads the lines of one text in order as it reads each line alone', () => {
    // The searches for `\r`, U+2028 and U+2029 run over the whole text and are remembered
    // from line to line: a line without one must not inherit a neighbour's.
    const tag = stepTagBytes(Buffer.from(mavenOpening), 0, mavenOpening.length) as Buffer
    const random = seeded(7)
    const pieces = [
      'a',
      'b',
      ' ',
      'this',
      'This',
      'STEP',
      'step',
      's',
      't',
      '\r',
      '\u2028',
      '\u2029',
      '中',
      ':'
    ]
    const lines: string[] = []
    for (let i = 0; i < 400; i++) {
      let message = ''
      for (let n = Math.floor(random() * 12); n > 0; n--)
        message += pieces[Math.floor(random() * pieces.length)]
      lines.push(`[${NUMERIC_TS}] [INFO] ${MAVEN_TAG}: ${message}${random() < 0.3 ? '\r' : ''}`)
    }
    const text = Buffer.from(lines.join('\n') + '\n')
    const walker = new RoutineLines()
    let start = 0
    let routines = 0
    for (const line of lines) {
      const end = text.indexOf(0x0a, start)
      const alone = routine(mavenOpening, line)
      const inText = walker.messageStart(text, start, end, tag)
      expect({ line, at: inText === -1 ? -1 : inText - start }).toEqual({ line, at: alone })
      const message = line.replace(/\r$/, '').slice(line.indexOf(': ') + 2)
      expect({ line, routine: alone !== -1 }).toEqual({
        line,
        routine: !/this step|[\r\u2028\u2029]/i.test(message)
      })
      if (alone !== -1) routines++
      start = end + 1
    }
    expect(routines).toBeGreaterThan(50)
    expect(routines).toBeLessThan(350)
  })

  it('forgets what it found in a text whose bytes are reused', () => {
    const tag = stepTagBytes(Buffer.from(mavenOpening), 0, mavenOpening.length) as Buffer
    const first = `[${NUMERIC_TS}] [INFO] ${MAVEN_TAG}: plain words here`
    const second = `[${NUMERIC_TS}] [INFO] ${MAVEN_TAG}: plain\rwords here`
    const bytes = Buffer.from(first)
    const walker = new RoutineLines()
    expect(walker.messageStart(bytes, 0, bytes.length, tag)).toBeGreaterThan(0)
    bytes.write(second)
    walker.newText()
    expect(walker.messageStart(bytes, 0, bytes.length, tag)).toBe(-1)
  })
})

/** A small deterministic generator: the same lines on every run. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}
