import {
  escapeGanttLabel,
  MAX_TIMELINE_STEPS,
  renderTimeline,
  TimelineStep
} from '../../src/report/timeline.js'

const T0 = Date.UTC(2026, 10, 30, 8, 0, 0)

describe('timeline', () => {
  describe('escapeGanttLabel', () => {
    it.each([
      ['Build', 'Build'],
      ['构建: Maven 编译', '构建： Maven 编译'],
      ['a;b#c', 'a；b＃c'],
      ['line one\nline two\r\n', 'line one line two'],
      ['```evil```', "'''evil'''"],
      ['   ', '(unnamed step)'],
      ['section Deploy', '\u200bsection Deploy'],
      ['click s0 call alert()', '\u200bclick s0 call alert()'],
      ['%% comment', '\u200b%% comment'],
      ['x'.repeat(100), `${'x'.repeat(79)}…`]
    ])('escapes %j as %j', (name, expected) => {
      const label = escapeGanttLabel(name)
      expect(label).toBe(expected)
      expect(label).not.toMatch(/[:;#\n\r`]/)
    })
  })

  describe('renderTimeline', () => {
    it('draws each step, marks the failed one, and fences the block', () => {
      const steps: TimelineStep[] = [
        { name: 'Checkout', status: 'success', startedAtMs: T0, endedAtMs: T0 + 5000 },
        { name: 'Build: mvn', status: 'failed', startedAtMs: T0 + 5000, endedAtMs: T0 + 65000 },
        { name: 'Upload', status: 'unfinished', startedAtMs: T0 + 65000 }
      ]
      expect(renderTimeline(steps)).toBe(
        [
          '```mermaid',
          'gantt',
          'dateFormat x',
          'axisFormat %H:%M:%S',
          `Checkout :done, s0, ${T0}, ${T0 + 5000}`,
          `Build： mvn :crit, s1, ${T0 + 5000}, ${T0 + 65000}`,
          `Upload :s2, ${T0 + 65000}, ${T0 + 65001}`,
          '```',
          ''
        ].join('\n')
      )
    })

    it.each([
      [
        'a running step ends at the next start',
        { status: 'running' as const },
        'active, ',
        T0 + 7000
      ],
      [
        'a step flagged failed is crit',
        { status: 'success' as const, failed: true },
        'crit, ',
        T0 + 7000
      ]
    ])('%s', (_name, extra, expectedTag, expectedEnd) => {
      const text = renderTimeline([
        { name: 'A', startedAtMs: T0, ...extra },
        { name: 'B', status: 'success', startedAtMs: T0 + 7000, endedAtMs: T0 + 9000 }
      ])
      expect(text).toContain(`A :${expectedTag}s0, ${T0}, ${expectedEnd}\n`)
    })

    it.each([[[]], [[{ name: 'A', status: 'running' as const }]]])(
      'is undefined without timestamps: %j',
      (steps) => {
        expect(renderTimeline(steps)).toBeUndefined()
      }
    )

    it('shows dates on the axis for a build over a day long', () => {
      const text = renderTimeline([
        { name: 'Long', status: 'success', startedAtMs: T0, endedAtMs: T0 + 2 * 86_400_000 }
      ])
      expect(text).toContain('axisFormat %m-%d %H:%M\n')
    })

    it('caps the steps and says how many were left out', () => {
      const steps: TimelineStep[] = Array.from({ length: 120 }, (_, i) => ({
        name: `Step ${i}: ${'名'.repeat(200)}`,
        status: 'success',
        startedAtMs: T0 + i * 1000,
        endedAtMs: T0 + i * 1000 + 500
      }))
      steps.push({ name: 'untimed', status: 'unfinished' })
      const text = renderTimeline(steps) as string
      expect(text.match(/ :done, s\d+, /g)).toHaveLength(MAX_TIMELINE_STEPS)
      expect(text).toContain('71 steps not shown (no timestamp, or past the first 50).')
      expect(text.length).toBeLessThan(10_000)
    })

    it('says one step was left out in the singular', () => {
      const text = renderTimeline(
        [
          { name: 'A', status: 'success', startedAtMs: T0, endedAtMs: T0 + 1 },
          { name: 'B', status: 'success', startedAtMs: T0 + 1, endedAtMs: T0 + 2 }
        ],
        1
      )
      expect(text).toContain('\n1 step not shown')
    })
  })
})

describe('renderTimeline at 100,000 steps', () => {
  it('draws without overflowing the stack, in linear time', () => {
    const steps = Array.from({ length: 100_000 }, (_, i) => ({
      name: `step ${i}`,
      status: 'success' as const,
      startedAtMs: 1_700_000_000_000 + i * 10,
      endedAtMs: 1_700_000_000_000 + i * 10 + 5
    }))
    const started = Date.now()
    const text = renderTimeline(steps)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(text).toMatch(/\d+ steps not shown/)
  })
})
