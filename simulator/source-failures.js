/**
 * Compiler and test failures in the formats the action recognises, as a remote build prints
 * them under its workspace directory, and the repository files they point at. Tests insert
 * them into a generated log and lay out some of the files as the checkout (GITHUB_WORKSPACE).
 */

/** The directory the stock checkout step clones into (`+ git init /codearts/workspace`). */
export const REMOTE_WORKSPACE = '/codearts/workspace'

/**
 * One failure a format: the lines that print it, the repository file it names, and the line
 * and column it points at (column absent where the format has none).
 * @typedef {{ kind: string, lines: string[], file: string, line: number, col?: number }} SourceFailure
 */

/**
 * @param {string} [workspace] the remote checkout directory
 * @returns {SourceFailure[]}
 */
export function sourceFailures(workspace = REMOTE_WORKSPACE) {
  return [
    {
      kind: 'javac',
      lines: [
        `[ERROR] ${workspace}/src/main/java/com/example/OrderService.java:[57,21] 找不到符号`
      ],
      file: 'src/main/java/com/example/OrderService.java',
      line: 57,
      col: 21
    },
    {
      kind: 'kotlin',
      lines: [`e: file://${workspace}/app/src/main/kotlin/Api.kt:12:5 Unresolved reference: foo`],
      file: 'app/src/main/kotlin/Api.kt',
      line: 12,
      col: 5
    },
    {
      kind: 'gcc',
      lines: [`${workspace}/native/codec.c:33:9: error: implicit declaration of function 'pack'`],
      file: 'native/codec.c',
      line: 33,
      col: 9
    },
    {
      kind: 'typescript',
      lines: [
        "web/src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'."
      ],
      file: 'web/src/app.ts',
      line: 12,
      col: 5
    },
    {
      kind: 'go',
      lines: ['./cmd/server/main.go:20:2: undefined: handler'],
      file: 'cmd/server/main.go',
      line: 20,
      col: 2
    },
    {
      kind: 'pytest',
      lines: ['tests/test_orders.py:42: AssertionError'],
      file: 'tests/test_orders.py',
      line: 42
    },
    {
      kind: 'python',
      lines: [
        'Traceback (most recent call last):',
        `  File "${workspace}/scripts/release.py", line 7, in <module>`,
        '    main()',
        'ValueError: bad version'
      ],
      file: 'scripts/release.py',
      line: 7
    },
    {
      kind: 'surefire',
      lines: [
        '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in com.example.InvoiceTest',
        '[ERROR]   InvoiceTest.roundsTotals:31 expected: <10> but was: <9>'
      ],
      file: 'src/test/java/com/example/InvoiceTest.java',
      line: 31
    }
  ]
}
