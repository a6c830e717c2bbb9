import { describe, expect, it } from '@jest/globals'
import {
  generateLargeLog,
  generateShortLinesLog,
  generateSingleLongLineLog
} from '../../simulator/bulk-logs.js'
import { generateBuildLog, generateBuildLogWithSteps } from '../../simulator/logs.js'

describe('log generators', () => {
  it('brackets every step with start and complete markers in both wordings', () => {
    const { text, steps } = generateBuildLogWithSteps()
    expect(steps.map((s) => s.status)).toEqual(Array(6).fill('success'))
    for (const step of steps) {
      const tag =
        step.style === 'dated' ? `[${step.name}: ${step.id}]:` : `[${step.name}:${step.id}] :`
      const start = step.style === 'dated' ? 'This step starts.' : 'This step is start'
      const done = step.style === 'dated' ? 'This step is complete.' : 'This step is completed'
      expect(text).toContain(`] [INFO] ${tag} ${start}\n`)
      expect(text).toContain(`] [INFO] ${tag} ${done}\n`)
    }
    expect(new Set(steps.map((s) => s.style))).toEqual(new Set(['dated', 'month']))
    expect(text).toMatch(/^\[\w{3} \d\d, \d{4} \d\d:\d\d:\d\d\.\d{3} GMT\+08:00\] /m)
    expect(text).toMatch(/^\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} GMT\+08:00\] /m)
    expect(text).toContain('All Tasks Status')
    expect(text).toContain('state: COMPLETED, status: success')
    expect(text.endsWith('Finished: SUCCESS\n')).toBe(true)
  })

  it('holds tool output with colours, Chinese, empty lines, a CRLF line and one long line', () => {
    const text = generateBuildLog()
    expect(text).toContain('[INFO] Downloading from central: ')
    expect(text).toContain('[INFO] BUILD SUCCESS')
    expect(text).toContain('\u001b[1;34m')
    expect(text).toContain('构建成功')
    expect(text).toContain('正在下载依赖')
    expect(text).toContain('\r\n')
    expect(text).toContain('\n\n')
    const lengths = text.split('\n').map((line) => Buffer.byteLength(line))
    expect(Math.max(...lengths)).toBe(64 * 1024)
    expect(
      Math.max(
        ...generateBuildLog({ longLineBytes: 300 })
          .split('\n')
          .map((l) => l.length)
      )
    ).toBe(300)
  })

  it('stops at the failing step with ERROR markers and Maven errors', () => {
    const { text, steps } = generateBuildLogWithSteps({ result: 'FAILURE', markerStyle: 'month' })
    expect(steps.map((s) => s.id)).toEqual([
      'cacheCheck',
      'officialCodeCheckout',
      'external_post_maven',
      'unitTestReport',
      'buildImage'
    ])
    expect(steps[4].status).toBe('error')
    expect(text).toMatch(
      /\[\w{3} \d\d, \d{4} [\d:.]+ GMT\+08:00\] \[ERROR\] \[buildImage:buildImage\] : Execute docker command failed\n/
    )
    expect(text).toContain('[ERROR] [buildImage:buildImage] : Failed to complete this step\n')
    expect(text).toMatch(/^\[ERROR\] /m)
    expect(text).not.toContain('[Upload to release repo:uploadArtifact] : This step is start')
    expect(text).toContain('buildImage:buildImage state: FAILED, status: error')
    expect(text.endsWith('Finished: FAILURE\n')).toBe(true)

    const maven = generateBuildLogWithSteps({
      result: 'FAILURE',
      failAtStep: 'external_post_maven'
    })
    expect(maven.steps).toHaveLength(3)
    expect(maven.text).toContain('[ERROR] Failed to execute goal')
  })

  it('cuts an aborted build in the middle of a step', () => {
    const { text, steps } = generateBuildLogWithSteps({
      result: 'ABORTED',
      markerStyle: 'dated',
      failAtStep: 1
    })
    expect(steps.map((s) => s.status)).toEqual(['success', 'aborted'])
    expect(text).not.toContain('[Code checkout: officialCodeCheckout]: This step is complete.')
    expect(text).toContain('] [INFO] Build aborted by user\n')
    expect(text.endsWith('Finished: ABORTED\n')).toBe(true)
  })

  it('is deterministic for a seed', () => {
    expect(generateBuildLog({ seed: 5 })).toBe(generateBuildLog({ seed: 5 }))
    expect(generateBuildLog({ seed: 5 })).not.toBe(generateBuildLog({ seed: 6 }))
  })

  it('builds a 100 MiB log quickly', () => {
    const startedAt = Date.now()
    const log = generateLargeLog({ targetBytes: 100 * 1024 * 1024 })
    expect(Date.now() - startedAt).toBeLessThan(2000)
    expect(log.length).toBeGreaterThanOrEqual(100 * 1024 * 1024)
    expect(log.subarray(-18).toString()).toBe('Finished: SUCCESS\n')
    const small = generateLargeLog({ targetBytes: 1024 * 1024, seed: 3 })
    expect(Buffer.from(small.toString('utf8')).equals(small)).toBe(true)
    expect(small.toString()).toContain('正在编译模块')
    expect(small.toString()).toContain('This step starts.')
  })

  it('builds the short-lines and single-long-line stress logs', () => {
    const short = generateShortLinesLog({ lineCount: 100_000 }).toString()
    expect(short.split('\n').length).toBeGreaterThan(100_000)
    expect(short).toContain('\nok 99999\n')
    expect(short.endsWith('Finished: SUCCESS\n')).toBe(true)

    const long = generateSingleLongLineLog({ lineBytes: 1024 * 1024 }).toString()
    expect(Math.max(...long.split('\n').map((l) => l.length))).toBe(1024 * 1024)
    expect(long.endsWith('Finished: SUCCESS\n')).toBe(true)
  })
})
