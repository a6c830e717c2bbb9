import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  classToRepositoryPath,
  learnWorkspacePrefix,
  SourcePathOptions,
  toRepositoryPath
} from '../../src/report/source-paths.js'

const FILES = [
  'src/main/java/com/example/OrderService.java',
  'src/test/java/com/example/FooTest.java',
  'module-a/src/it/java/com/example/BarTest.java',
  'app/src/test/kotlin/com/example/KtTest.kt',
  'cmd/main.go',
  'a b/c.py'
]

describe('source-paths', () => {
  let root: string
  let options: SourcePathOptions

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'source-paths-'))
    for (const f of FILES) {
      mkdirSync(dirname(join(root, f)), { recursive: true })
      writeFileSync(join(root, f), '')
    }
    const exists = (p: string): boolean => {
      try {
        return statSync(join(root, p)).isFile()
      } catch {
        return false
      }
    }
    options = {
      workspacePrefixes: ['/codearts/workspace', '/codearts/workspace/module-a/', 'C:\\ws'],
      exists,
      findBySuffix: (suffix) => FILES.filter((f) => f.endsWith(suffix))
    }
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  describe('learnWorkspacePrefix', () => {
    it.each([
      ['+ git init /codearts/workspace', '/codearts/workspace'],
      ['git clone https://h/x.git /root/workspace/repo/', '/root/workspace/repo'],
      ['git clone --depth 1 https://h/x.git /w', '/w'],
      ["Cloning into '/root/workspace/xxx'...", '/root/workspace/xxx'],
      ["Cloning into 'relative'...", undefined],
      ['git clone https://h/x.git', undefined],
      ['git status', undefined],
      ['[INFO] Compiling 3 files', undefined]
    ])('reads %j as %j', (line, expected) => {
      expect(learnWorkspacePrefix(line)).toBe(expected)
    })
  })

  describe('toRepositoryPath', () => {
    it.each([
      [
        '/codearts/workspace/src/main/java/com/example/OrderService.java',
        'src/main/java/com/example/OrderService.java'
      ],
      ['file:///codearts/workspace/cmd/main.go', 'cmd/main.go'],
      ['./cmd/main.go', 'cmd/main.go'],
      ['cmd//./main.go', 'cmd/main.go'],
      ['C:\\ws\\cmd\\main.go', 'cmd/main.go'],
      ['a b/c.py', 'a b/c.py'],
      ['/codearts/workspace/../etc/passwd', undefined],
      ['../cmd/main.go', undefined],
      ['/elsewhere/cmd/main.go', undefined],
      ['D:/x/cmd/main.go', undefined],
      ['/codearts/workspace', undefined],
      ['/codearts/workspace/cmd/missing.go', undefined],
      ['/codearts/workspacex/cmd/main.go', undefined]
    ])('maps %j to %j', (remote, expected) => {
      expect(toRepositoryPath(remote, options)).toBe(expected)
    })

    it('uses the longest prefix first', () => {
      expect(
        toRepositoryPath('/codearts/workspace/module-a/src/it/java/com/example/BarTest.java', {
          ...options,
          exists: (p) => p === 'src/it/java/com/example/BarTest.java'
        })
      ).toBe('src/it/java/com/example/BarTest.java')
    })
  })

  describe('classToRepositoryPath', () => {
    it.each([
      ['com.example.FooTest', 'src/test/java/com/example/FooTest.java'],
      ['com.example.FooTest$Nested', 'src/test/java/com/example/FooTest.java'],
      ['com.example.BarTest', 'module-a/src/it/java/com/example/BarTest.java'],
      ['com.example.KtTest', 'app/src/test/kotlin/com/example/KtTest.kt'],
      ['com.example.Missing', undefined],
      ['../etc', undefined],
      ['...', undefined]
    ])('maps %j to %j', (className, expected) => {
      expect(classToRepositoryPath(className, options)).toBe(expected)
    })

    it('needs the finder for a non-default folder', () => {
      const withoutFinder: SourcePathOptions = {
        workspacePrefixes: options.workspacePrefixes,
        exists: options.exists
      }
      expect(classToRepositoryPath('com.example.BarTest', withoutFinder)).toBeUndefined()
    })
  })
})
