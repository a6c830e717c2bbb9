import { parseLogTimestamp, parseStepLine } from '../../src/build-log/step-markers.js'

const NUMERIC_TS = '2023/12/21 15:44:18.793 GMT+08:00'
const NAMED_TS = 'Sep 14, 2026 02:29:37.820 GMT+08:00'

describe('step-markers', () => {
  describe('parseStepLine', () => {
    it.each([
      [
        'numeric style, start',
        `[${NUMERIC_TS}] [INFO] [Maven build: external_post_maven]: This step starts.`,
        {
          name: 'Maven build',
          id: 'external_post_maven',
          level: 'INFO',
          kind: 'start',
          failed: false,
          timestamp: NUMERIC_TS,
          message: 'This step starts.'
        }
      ],
      [
        'numeric style, complete',
        '[2023/12/21 15:44:18.797 GMT+08:00] [INFO] [Maven build: external_post_maven]: This step is complete.',
        {
          name: 'Maven build',
          id: 'external_post_maven',
          level: 'INFO',
          kind: 'end',
          failed: false,
          timestamp: '2023/12/21 15:44:18.797 GMT+08:00',
          message: 'This step is complete.'
        }
      ],
      [
        'named-month style, start',
        `[${NAMED_TS}] [INFO] [Cache Check:cacheCheck] : This step is start`,
        {
          name: 'Cache Check',
          id: 'cacheCheck',
          level: 'INFO',
          kind: 'start',
          failed: false,
          timestamp: NAMED_TS,
          message: 'This step is start'
        }
      ],
      [
        'named-month style, failure marker',
        '[Sep 14, 2026 02:29:41.010 GMT+08:00] [ERROR] [buildImage:buildImage] : Failed to complete this step',
        {
          name: 'buildImage',
          id: 'buildImage',
          level: 'ERROR',
          kind: 'end',
          failed: true,
          timestamp: 'Sep 14, 2026 02:29:41.010 GMT+08:00',
          message: 'Failed to complete this step'
        }
      ],
      [
        'an ERROR line tagged with the step that is not a marker',
        '[Sep 14, 2026 02:29:41.002 GMT+08:00] [ERROR] [buildImage:buildImage] : Execute docker command failed',
        {
          name: 'buildImage',
          id: 'buildImage',
          level: 'ERROR',
          kind: 'other',
          failed: true,
          timestamp: 'Sep 14, 2026 02:29:41.002 GMT+08:00',
          message: 'Execute docker command failed'
        }
      ],
      [
        'an INFO line tagged with the step that is not a marker',
        `[${NAMED_TS}] [INFO] [buildImage:buildImage] : docker build -t app .`,
        {
          name: 'buildImage',
          id: 'buildImage',
          level: 'INFO',
          kind: 'other',
          failed: false,
          timestamp: NAMED_TS,
          message: 'docker build -t app .'
        }
      ],
      [
        'an INFO end marker that reports a failure',
        `[${NUMERIC_TS}] [INFO] [Unit tests: run_tests]: This step failed.`,
        {
          name: 'Unit tests',
          id: 'run_tests',
          level: 'INFO',
          kind: 'end',
          failed: true,
          timestamp: NUMERIC_TS,
          message: 'This step failed.'
        }
      ],
      [
        'a name with spaces and colons (the id is after the last colon)',
        `[${NUMERIC_TS}] [INFO] [Deploy: stage 2: blue/green : deploy_bg]: This step starts.`,
        {
          name: 'Deploy: stage 2: blue/green',
          id: 'deploy_bg',
          level: 'INFO',
          kind: 'start',
          failed: false,
          timestamp: NUMERIC_TS,
          message: 'This step starts.'
        }
      ],
      [
        'a Chinese step name',
        '[2023/12/21 15:44:18.793 GMT+08:00] [INFO] [编译构建: build_step]: This step starts.',
        {
          name: '编译构建',
          id: 'build_step',
          level: 'INFO',
          kind: 'start',
          failed: false,
          timestamp: NUMERIC_TS,
          message: 'This step starts.'
        }
      ],
      [
        'a Chinese step name with Chinese output',
        `[${NUMERIC_TS}] [WARN] [代码检查:code_check]: 发现 3 个问题`,
        {
          name: '代码检查',
          id: 'code_check',
          level: 'WARN',
          kind: 'other',
          failed: false,
          timestamp: NUMERIC_TS,
          message: '发现 3 个问题'
        }
      ]
    ])('reads %s', (_label, line, expected) => {
      expect(parseStepLine(line)).toEqual(expected)
    })

    it.each([
      ['start', 'This step starts.'],
      ['start', 'This step is start'],
      ['start', 'this step started'],
      ['start', 'THIS STEP BEGINS'],
      ['end', 'This step is complete.'],
      ['end', 'This step is completed'],
      ['end', 'This step finished'],
      ['end', 'Failed to complete this step'],
      ['other', 'Step output without the marker phrase'],
      ['other', 'Starting the compiler']
    ])('classifies the message as %s: %s', (kind, message) => {
      expect(parseStepLine(`[${NUMERIC_TS}] [INFO] [Build:build]: ${message}`)?.kind).toBe(kind)
    })

    it('marks any ERROR line of a step failed, and no INFO line that does not report a failure', () => {
      const line = (level: string, message: string): string =>
        `[${NAMED_TS}] [${level}] [Build:build] : ${message}`
      expect(parseStepLine(line('ERROR', 'exit code 1'))?.failed).toBe(true)
      expect(parseStepLine(line('error', 'exit code 1'))?.failed).toBe(true)
      expect(parseStepLine(line('INFO', 'exit code 1'))?.failed).toBe(false)
      expect(parseStepLine(line('INFO', 'This step is complete.'))?.failed).toBe(false)
      expect(parseStepLine(line('INFO', 'Failed to complete this step'))?.failed).toBe(true)
    })

    it.each([
      ['a Maven INFO line', '[INFO] Building jar: /workspace/target/app-1.0.jar'],
      [
        'a Maven ERROR line',
        '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) on project app: Compilation failure'
      ],
      [
        'a Maven help line',
        '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException'
      ],
      [
        'a Maven section line',
        '[INFO] --- maven-surefire-plugin:3.2.2:test (default-test) @ app ---'
      ],
      ['an ANSI-coloured Maven line', '[\u001b[1;34mINFO\u001b[m] Building jar: target/app.jar'],
      [
        'an ANSI-coloured Maven error',
        '[\u001b[1;31mERROR\u001b[m] Failed to execute goal \u001b[32morg.apache.maven.plugins:maven-jar-plugin:3.3.0:jar\u001b[m (default-jar): x'
      ],
      ['an ANSI-coloured line', '\u001b[1;31m[ERROR]\u001b[m [app:main]: This step starts.'],
      ['an empty line', ''],
      ['plain text', 'Finished: SUCCESS'],
      ['an indented marker', ` [${NUMERIC_TS}] [INFO] [Build:build]: This step starts.`],
      ['a tag without an id', `[${NUMERIC_TS}] [INFO] [Build]: This step starts.`],
      ['a tag with an empty id', `[${NUMERIC_TS}] [INFO] [Build:]: This step starts.`],
      ['a tag with an empty name', `[${NUMERIC_TS}] [INFO] [:build]: This step starts.`],
      ['an id with a space', `[${NUMERIC_TS}] [INFO] [Build:build step]: This step starts.`],
      [
        'a tag without the colon after it',
        `[${NUMERIC_TS}] [INFO] [Build:build] This step starts.`
      ],
      ['a level with digits', `[${NUMERIC_TS}] [L1] [Build:build]: This step starts.`],
      [
        'a first bracket too short for a timestamp',
        '[12:00] [INFO] [Build:build]: This step starts.'
      ]
    ])('ignores %s', (_label, line) => {
      expect(parseStepLine(line)).toBeUndefined()
    })
  })

  describe('parseLogTimestamp', () => {
    it.each([
      ['numeric style in GMT+08:00', NUMERIC_TS, '2023-12-21T07:44:18.793Z'],
      ['named-month style in GMT+08:00', NAMED_TS, '2026-09-13T18:29:37.820Z'],
      [
        'a full month name',
        'September 14, 2026 02:29:37.820 GMT+08:00',
        '2026-09-13T18:29:37.820Z'
      ],
      [
        'a negative zone with minutes',
        '2023/12/21 15:44:18.793 GMT-03:30',
        '2023-12-21T19:14:18.793Z'
      ],
      ['a zone without a colon', '2023/12/21 15:44:18.793 GMT+0800', '2023-12-21T07:44:18.793Z'],
      ['a zone of whole hours', '2023/12/21 15:44:18.793 GMT+8', '2023-12-21T07:44:18.793Z'],
      ['GMT+00:00', '2023/12/21 15:44:18.793 GMT+00:00', '2023-12-21T15:44:18.793Z'],
      ['dashes and no zone (read as UTC)', '2023-12-21 15:44:18', '2023-12-21T15:44:18.000Z'],
      ['one digit of milliseconds', '2023/12/21 15:44:18.7 GMT+08:00', '2023-12-21T07:44:18.700Z'],
      [
        'two digits of milliseconds',
        'Sep 14, 2026 02:29:37.82 GMT+08:00',
        '2026-09-13T18:29:37.820Z'
      ],
      [
        'a zone that crosses the year',
        '2024/01/01 05:00:00.000 GMT+08:00',
        '2023-12-31T21:00:00.000Z'
      ],
      ['a leap day', 'Feb 29, 2024 12:00:00.000 GMT+00:00', '2024-02-29T12:00:00.000Z']
    ])('reads %s', (_label, text, iso) => {
      expect(parseLogTimestamp(text)).toBe(Date.parse(iso))
    })

    it('measures the time between two markers in milliseconds', () => {
      const start = parseLogTimestamp('2023/12/21 15:44:18.793 GMT+08:00') as number
      const end = parseLogTimestamp('2023/12/21 15:46:20.001 GMT+08:00') as number
      expect(end - start).toBe(2 * 60_000 + 1208)
    })

    it.each([
      ['nothing', ''],
      ['words', 'not a timestamp'],
      ['a date alone', '2023/12/21'],
      ['a time alone', '15:44:18.793'],
      ['an unknown month', 'Foo 14, 2026 02:29:37.820 GMT+08:00'],
      ['a bare GMT', '2023/12/21 15:44:18.793 GMT'],
      ['another zone name', '2023/12/21 15:44:18.793 CST'],
      ['trailing text', `${NUMERIC_TS} extra`],
      ['leading text', ` ${NUMERIC_TS}`],
      ['an ISO timestamp', '2023-12-21T15:44:18.793Z']
    ])('returns undefined for %s', (_label, text) => {
      expect(parseLogTimestamp(text)).toBeUndefined()
    })
  })
})
