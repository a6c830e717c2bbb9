import { TestTotalsCollector } from '../../src/build-log/test-totals.js'

function collect(lines: string[], cap?: number) {
  const collector = new TestTotalsCollector(cap)
  for (const line of lines) collector.feed(line)
  return collector.totals()
}

describe('test-totals', () => {
  it.each([
    [
      'Maven: class lines replaced by the module total (no double count)',
      [
        '[INFO] Tests run: 5, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.2 s - in com.example.ATest',
        '[ERROR] Tests run: 7, Failures: 1, Errors: 0, Skipped: 1, Time elapsed: 0.1 s <<< FAILURE! - in com.example.FooTest',
        '[ERROR] com.example.FooTest.testFoo -- Time elapsed: 0.01 s <<< FAILURE!',
        '[INFO] Results:',
        '[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 2',
        '[INFO] Tests run: 3, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 0.1 s - in com.example.BTest',
        '[ERROR] testBar(com.example.BTest)  Time elapsed: 0.01 s  <<< ERROR!',
        '[INFO] Results:',
        '\u001b[1;31m[ERROR] Tests run: 3, Failures: 0, Errors: 1, Skipped: 0\u001b[m',
        '[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s - in com.example.CutOffTest'
      ],
      {
        passed: 9 + 2 + 2,
        failed: 2,
        skipped: 2,
        failedTests: ['com.example.FooTest.testFoo', 'com.example.BTest.testBar'],
        runners: ['surefire']
      }
    ],
    [
      'Gradle',
      [
        'FooTest > testFoo FAILED',
        '    java.lang.AssertionError at FooTest.java:42',
        '12 tests completed, 1 failed, 2 skipped',
        '3 tests completed, 1 failed'
      ],
      { passed: 11, failed: 2, skipped: 2, failedTests: ['FooTest > testFoo'], runners: ['gradle'] }
    ],
    [
      'pytest',
      [
        'FAILED tests/test_a.py::test_x - AssertionError: boom',
        'ERROR tests/test_b.py::test_y - fixture missing',
        '=== 1 failed, 10 passed, 2 skipped, 1 error, 1 xfailed in 3.2s ==='
      ],
      {
        passed: 10,
        failed: 2,
        skipped: 3,
        failedTests: ['tests/test_a.py::test_x', 'tests/test_b.py::test_y'],
        runners: ['pytest']
      }
    ],
    [
      'Jest',
      [
        '  ● Orders › totals › adds tax',
        'Tests:       1 failed, 2 skipped, 1 todo, 10 passed, 14 total'
      ],
      {
        passed: 10,
        failed: 1,
        skipped: 3,
        failedTests: ['Orders › totals › adds tax'],
        runners: ['jest']
      }
    ],
    [
      'go test',
      [
        '=== RUN   TestA',
        '--- PASS: TestA (0.00s)',
        '--- FAIL: TestB (0.01s)',
        '    --- FAIL: TestB/sub (0.00s)',
        '--- SKIP: TestC (0.00s)',
        'FAIL\texample.com/a\t0.02s',
        'ok  \texample.com/b\t0.10s',
        'ok  \texample.com/c\t(cached)',
        'FAIL\texample.com/d [build failed]'
      ],
      {
        passed: 1,
        failed: 3,
        skipped: 1,
        failedTests: ['TestB', 'TestB/sub', 'example.com/d'],
        runners: ['go']
      }
    ],
    [
      'two runners in one log',
      ['--- PASS: TestA (0.00s)', 'Tests:       3 passed, 3 total'],
      { passed: 4, failed: 0, skipped: 0, failedTests: [], runners: ['go', 'jest'] }
    ],
    [
      'a package line alone',
      ['ok  \texample.com/b\t0.10s'],
      { passed: 0, failed: 0, skipped: 0, failedTests: [], runners: ['go'] }
    ]
  ])('%s', (_name, lines, expected) => {
    expect(collect(lines)).toEqual(expected)
  })

  it.each([
    [[]],
    [
      [
        '[INFO] BUILD SUCCESS',
        'Compiling 3 files',
        'the test passed',
        'ERROR: disk full',
        'failed to connect'
      ]
    ]
  ])('has no totals for a log without any: %j', (lines) => {
    expect(collect(lines)).toBeUndefined()
  })

  it('keeps at most the capped number of failed names, counting all failures', () => {
    const lines = Array.from({ length: 15 }, (_, i) => `--- FAIL: Test${i} (0.00s)`)
    const totals = collect(lines, 10)
    expect(totals?.failed).toBe(15)
    expect(totals?.failedTests).toEqual(Array.from({ length: 10 }, (_, i) => `Test${i}`))
  })

  it('names a repeated failure once', () => {
    expect(collect(['--- FAIL: TestA (0s)', '--- FAIL: TestA (0s)'])?.failedTests).toEqual([
      'TestA'
    ])
  })
})
