import {
  recogniseSourceError,
  SourceErrorScanner,
  SOURCE_ERROR_RECOGNISERS
} from '../../src/build-log/source-errors.js'

describe('source-errors', () => {
  describe('recogniseSourceError', () => {
    it.each([
      [
        '[ERROR] /codearts/workspace/src/main/java/com/example/OrderService.java:[57,21] 找不到符号',
        {
          kind: 'javac',
          path: '/codearts/workspace/src/main/java/com/example/OrderService.java',
          line: 57,
          column: 21,
          message: '找不到符号'
        }
      ],
      [
        '[ERROR] /w/src/X.java:[12] missing return',
        { kind: 'javac', path: '/w/src/X.java', line: 12, message: 'missing return' }
      ],
      [
        'e: file:///w/app/src/Main.kt:12:5 Unresolved reference: foo',
        {
          kind: 'kotlin',
          path: '/w/app/src/Main.kt',
          line: 12,
          column: 5,
          message: 'Unresolved reference: foo'
        }
      ],
      [
        'e: /w/app/src/Main.kt: (3, 9): Type mismatch',
        { kind: 'kotlin', path: '/w/app/src/Main.kt', line: 3, column: 9, message: 'Type mismatch' }
      ],
      [
        'src/main.c:12:5: error: expected ‘;’ before ‘}’ token',
        {
          kind: 'gcc',
          path: 'src/main.c',
          line: 12,
          column: 5,
          message: 'expected ‘;’ before ‘}’ token'
        }
      ],
      [
        'lib/a.cpp:7: fatal error: foo.h: No such file or directory',
        { kind: 'gcc', path: 'lib/a.cpp', line: 7, message: 'foo.h: No such file or directory' }
      ],
      [
        'C:\\w\\src\\a.cc:3:1: error: boom',
        { kind: 'gcc', path: 'C:\\w\\src\\a.cc', line: 3, column: 1, message: 'boom' }
      ],
      [
        "src/index.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
        {
          kind: 'typescript',
          path: 'src/index.ts',
          line: 12,
          column: 5,
          message: "TS2322: Type 'string' is not assignable to type 'number'."
        }
      ],
      [
        './pkg/server/handler.go:12:5: undefined: foo',
        {
          kind: 'go',
          path: './pkg/server/handler.go',
          line: 12,
          column: 5,
          message: 'undefined: foo'
        }
      ],
      [
        '    handler_test.go:42: expected 1, got 2',
        { kind: 'go', path: 'handler_test.go', line: 42, message: 'expected 1, got 2' }
      ],
      [
        'tests/test_orders.py:12: AssertionError',
        { kind: 'pytest', path: 'tests/test_orders.py', line: 12, message: 'AssertionError' }
      ],
      ['tests/test_orders.py:30: in test_total', undefined],
      [
        '[ERROR]   FooTest.testFoo:42 expected:<1> but was:<2>',
        {
          kind: 'surefire',
          className: 'FooTest',
          line: 42,
          message: 'testFoo: expected:<1> but was:<2>'
        }
      ],
      [
        '\u001b[1;31m[ERROR]\u001b[m /w/src/X.java:[3,1] class, interface, or enum expected',
        {
          kind: 'javac',
          path: '/w/src/X.java',
          line: 3,
          column: 1,
          message: 'class, interface, or enum expected'
        }
      ]
    ])('reads %j', (line, expected) => {
      expect(recogniseSourceError(line)).toEqual(expected)
    })

    // Lines that look a little like errors but point at no source file.
    it.each([
      '',
      'short',
      '[INFO] BUILD SUCCESS',
      '2026-11-30 12:34:56 step started',
      '[12:34:56] error: something went wrong',
      '2026-11-30 12:34:56: error: disk full',
      'make: *** [Makefile:12: all] Error 1',
      'see https://example.com/a.go:12:5: here',
      'Downloading https://repo.example.com/x.go:80/a',
      'error: 3 errors found',
      '[ERROR] Failed to execute goal on project demo: 12 errors',
      'e: warning only 12',
      '[ERROR]   Run 1: FooTest.testFoo:42'
    ])('rejects %j', (line) => {
      expect(recogniseSourceError(line)).toBeUndefined()
    })

    it('has one entry per kind, each with a cheap gate', () => {
      const kinds = SOURCE_ERROR_RECOGNISERS.map((r) => r.kind)
      expect(new Set(kinds).size).toBe(kinds.length)
      for (const r of SOURCE_ERROR_RECOGNISERS) expect(r.mayMatch('plain text')).toBe(false)
    })
  })

  describe('SourceErrorScanner', () => {
    function scan(lines: string[]): unknown[] {
      const scanner = new SourceErrorScanner()
      return lines.map((l) => scanner.feed(l)).filter((e) => e !== undefined)
    }

    it.each([
      [
        'a Python traceback: the last frame and the exception',
        [
          'Traceback (most recent call last):',
          '  File "/w/app/main.py", line 3, in <module>',
          '    run()',
          '  File "/w/app/orders.py", line 12, in run',
          '    total = price / 0',
          'ZeroDivisionError: division by zero'
        ],
        [
          {
            kind: 'python',
            path: '/w/app/orders.py',
            line: 12,
            message: 'ZeroDivisionError: division by zero'
          }
        ]
      ],
      [
        'an exception line with no message',
        ['  File "/w/a.py", line 1, in f', 'KeyboardInterrupt'],
        [{ kind: 'python', path: '/w/a.py', line: 1, message: 'KeyboardInterrupt' }]
      ],
      [
        'a traceback cut off by an unrelated line',
        ['  File "/w/a.py", line 1, in f', '[INFO] next step', 'ValueError: late'],
        []
      ],
      [
        'a Surefire 2 header completed by its stack frame',
        [
          '[ERROR] testFoo(com.example.FooTest)  Time elapsed: 0.01 s  <<< FAILURE!',
          'java.lang.AssertionError: expected:<1> but was:<2>',
          '\tat org.junit.Assert.fail(Assert.java:88)',
          '\tat com.example.FooTest.testFoo(FooTest.java:42)'
        ],
        [
          {
            kind: 'surefire',
            className: 'com.example.FooTest',
            line: 42,
            message: 'testFoo failed'
          }
        ]
      ],
      [
        'a Surefire 3 simple class name qualified by its header',
        [
          '[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.FooTest',
          '[ERROR]   FooTest.testFoo:42 expected:<1> but was:<2>',
          '[ERROR]   BarTest.testBar:7 boom'
        ],
        [
          {
            kind: 'surefire',
            className: 'com.example.FooTest',
            line: 42,
            message: 'testFoo: expected:<1> but was:<2>'
          },
          { kind: 'surefire', className: 'BarTest', line: 7, message: 'testBar: boom' }
        ]
      ],
      [
        'plain lines and a stray stack frame',
        ['hello', '\tat com.example.X.y(X.java:1)', 'Compiling 3 files'],
        []
      ]
    ])('follows %s', (_name, lines, expected) => {
      expect(scan(lines)).toEqual(expected)
    })

    it('remembers the first 1000 failing classes for qualifying, not every one', () => {
      const header = (i: number): string =>
        `[ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.p${i}.Case${i}Test`
      const headers = Array.from({ length: 1500 }, (_, i) => header(i))
      const found = scan([
        ...headers,
        '[ERROR]   Case0Test.first:1 boom',
        '[ERROR]   Case999Test.last:2 boom',
        '[ERROR]   Case1000Test.past:3 boom'
      ])
      expect(found.map((error) => (error as { className: string }).className)).toEqual([
        'com.example.p0.Case0Test',
        'com.example.p999.Case999Test',
        'Case1000Test'
      ])
    })
  })
})
