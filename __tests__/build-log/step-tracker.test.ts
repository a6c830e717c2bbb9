import { StepTracker, type LineInStep } from '../../src/build-log/step-tracker.js'

/** A line in the numeric timestamp style. */
function numeric(time: string, level: string, tag: string, message: string): string {
  return `[2023/12/21 ${time} GMT+08:00] [${level}] [${tag}]: ${message}`
}
/** A line in the named-month timestamp style. */
function named(time: string, level: string, tag: string, message: string): string {
  return `[Sep 14, 2026 ${time} GMT+08:00] [${level}] [${tag}] : ${message}`
}

function observeAll(tracker: StepTracker, lines: readonly string[]): LineInStep[] {
  return lines.map((line) => tracker.observe(line))
}

describe('step-tracker', () => {
  it('keeps the last lines of a step that logged an error yet ended well, the one named failed', () => {
    const tracker = new StepTracker()
    observeAll(tracker, [
      numeric('15:44:18.793', 'INFO', 'Deploy: deploy', 'This step starts.'),
      'uploading',
      numeric('15:44:19.001', 'ERROR', 'Deploy: deploy', 'upload retried'),
      numeric('15:44:20.001', 'INFO', 'Deploy: deploy', 'This step is complete.')
    ])
    tracker.finish()
    const failed = tracker.failedStep()
    expect(failed?.name).toBe('Deploy')
    expect(failed?.status).toBe('success')
    expect(failed?.tailLines.map((line) => line.toString())).toContain('uploading')
  })

  describe('a build with both marker styles and a failing step', () => {
    const lines = [
      'Started by CodeArts',
      named('02:29:37.820', 'INFO', 'Cache Check:cacheCheck', 'This step is start'),
      'cache hit',
      named('02:29:38.120', 'INFO', 'Cache Check:cacheCheck', 'This step is complete'),
      'between steps',
      numeric('15:44:18.793', 'INFO', 'Maven build: external_post_maven', 'This step starts.'),
      '[INFO] Building jar: /workspace/target/app.jar',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-jar-plugin:3.3.0:jar',
      numeric(
        '15:46:20.001',
        'ERROR',
        'Maven build: external_post_maven',
        'Failed to complete this step'
      ),
      'Finished: FAILURE'
    ]

    function run(tailLineCount?: number): { tracker: StepTracker; seen: LineInStep[] } {
      const tracker = new StepTracker(tailLineCount)
      const seen = observeAll(tracker, lines)
      tracker.finish()
      return { tracker, seen }
    }

    it('records each step once, in order, with its status', () => {
      const { tracker } = run()
      expect(
        tracker.steps.map(({ name, id, status, failed }) => ({ name, id, status, failed }))
      ).toEqual([
        { name: 'Cache Check', id: 'cacheCheck', status: 'success', failed: false },
        { name: 'Maven build', id: 'external_post_maven', status: 'failed', failed: true }
      ])
      expect(tracker.openStep).toBeUndefined()
    })

    it('assigns each line to its step, or to none', () => {
      const { tracker, seen } = run()
      const [cache, maven] = tracker.steps
      expect(seen.map((line) => line.step)).toEqual([
        undefined,
        cache,
        cache,
        cache,
        undefined,
        maven,
        maven,
        maven,
        maven,
        undefined
      ])
    })

    it('reports which lines open and close a step', () => {
      const { tracker, seen } = run()
      const [cache, maven] = tracker.steps
      expect(seen.map((line) => line.opened)).toEqual([
        undefined,
        cache,
        undefined,
        undefined,
        undefined,
        maven,
        undefined,
        undefined,
        undefined,
        undefined
      ])
      expect(seen.map((line) => line.closes)).toEqual([
        false,
        false,
        false,
        true,
        false,
        false,
        false,
        false,
        true,
        false
      ])
    })

    it('passes on the parsed step line of tagged lines only', () => {
      const { seen } = run()
      expect(seen.map((line) => line.tagged?.kind)).toEqual([
        undefined,
        'start',
        undefined,
        'end',
        undefined,
        'start',
        undefined,
        undefined,
        'end',
        undefined
      ])
    })

    it('names the failing step', () => {
      const { tracker } = run()
      expect(tracker.failedStep()?.name).toBe('Maven build')
    })

    it('keeps the failing step lines, in order, marker lines included', () => {
      const { tracker } = run()
      expect(tracker.failedStep()?.tailLines).toEqual(lines.slice(5, 9))
    })

    it.each([1, 2, 3])('keeps only the last %i lines of the step', (limit) => {
      const { tracker } = run(limit)
      expect(tracker.failedStep()?.tailLines).toEqual(lines.slice(9 - limit, 9))
    })

    it('keeps no lines with a limit of 0', () => {
      const { tracker } = run(0)
      expect(tracker.steps.every((step) => step.tailLines.length === 0)).toBe(true)
    })

    it('measures durations from the start and end markers', () => {
      const { tracker } = run()
      const [cache, maven] = tracker.steps
      expect((cache.endedAtMs as number) - (cache.startedAtMs as number)).toBe(300)
      expect((maven.endedAtMs as number) - (maven.startedAtMs as number)).toBe(2 * 60_000 + 1208)
      expect(maven.startedAtMs).toBe(Date.parse('2023-12-21T07:44:18.793Z'))
      expect(cache.startedAtMs).toBe(Date.parse('2026-09-13T18:29:37.820Z'))
    })
  })

  it('keeps the last lines of a long step in order', () => {
    const tracker = new StepTracker(5)
    tracker.observe(numeric('10:00:00.000', 'INFO', 'Test:test', 'This step starts.'))
    const body = Array.from({ length: 1003 }, (_, i) => `test output ${i}`)
    observeAll(tracker, body)
    const end = numeric('10:05:00.000', 'ERROR', 'Test:test', 'Failed to complete this step')
    tracker.observe(end)
    expect(tracker.steps[0].tailLines).toEqual([...body.slice(-4), end])
  })

  it('marks a step cut off by another step as unfinished, without an end time', () => {
    const tracker = new StepTracker()
    const seen = observeAll(tracker, [
      numeric('10:00:00.000', 'INFO', 'Checkout:checkout', 'This step starts.'),
      'cloning',
      numeric('10:00:05.000', 'INFO', 'Build:build', 'This step starts.')
    ])
    const [checkout, build] = tracker.steps
    expect(checkout.status).toBe('unfinished')
    expect(checkout.failed).toBe(false)
    expect(checkout.endedAtMs).toBeUndefined()
    expect(checkout.tailLines).toEqual([
      numeric('10:00:00.000', 'INFO', 'Checkout:checkout', 'This step starts.'),
      'cloning'
    ])
    expect(seen[2]).toMatchObject({ step: build, opened: build, closes: false })
    expect(build.status).toBe('running')
    expect(tracker.openStep).toBe(build)
  })

  it('marks a step cut off after an error line as failed', () => {
    const tracker = new StepTracker()
    observeAll(tracker, [
      named('02:29:37.820', 'INFO', 'buildImage:buildImage', 'This step is start'),
      named('02:29:41.002', 'ERROR', 'buildImage:buildImage', 'Execute docker command failed'),
      named('02:29:42.000', 'INFO', 'Upload:upload', 'This step is start')
    ])
    expect(tracker.steps[0].status).toBe('failed')
    expect(tracker.failedStep()?.id).toBe('buildImage')
  })

  it('opens a step at its first tagged line when there is no start marker', () => {
    const tracker = new StepTracker()
    const first = numeric('10:00:00.000', 'INFO', 'Lint:lint', 'running eslint')
    const seen = tracker.observe(first)
    expect(seen.opened).toBe(tracker.steps[0])
    expect(tracker.steps[0].startedAtMs).toBe(Date.parse('2023-12-21T02:00:00.000Z'))
  })

  it('finish() marks a step still open as unfinished', () => {
    const tracker = new StepTracker()
    observeAll(tracker, [
      numeric('10:00:00.000', 'INFO', 'Deploy:deploy', 'This step starts.'),
      'uploading'
    ])
    expect(tracker.steps[0].status).toBe('running')
    tracker.finish()
    expect(tracker.steps[0].status).toBe('unfinished')
    expect(tracker.openStep).toBeUndefined()
    expect(tracker.failedStep()).toBeUndefined()
  })

  it('keeps one record for a step that reappears, and adds its lines to the same tail', () => {
    const tracker = new StepTracker(3)
    const startA = named('02:29:37.820', 'INFO', 'buildImage:buildImage', 'This step is start')
    const failA = named(
      '02:29:41.010',
      'ERROR',
      'buildImage:buildImage',
      'Failed to complete this step'
    )
    const seen = observeAll(tracker, [
      startA,
      'a1',
      'a2',
      'a3',
      'a4',
      named('02:29:40.000', 'INFO', 'Upload:upload', 'uploading report'),
      'u1',
      failA
    ])
    expect(tracker.steps.map((step) => step.id)).toEqual(['buildImage', 'upload'])
    const [image, upload] = tracker.steps
    expect(seen[7]).toMatchObject({ step: image, opened: image, closes: true })
    expect(image.status).toBe('failed')
    expect(image.tailLines).toEqual(['a3', 'a4', failA])
    expect(image.startedAtMs).toBe(Date.parse('2026-09-13T18:29:37.820Z'))
    expect((image.endedAtMs as number) - (image.startedAtMs as number)).toBe(3190)
    expect(upload.status).toBe('unfinished')
    expect(tracker.failedStep()).toBe(image)
  })

  it('lets the end marker rule over earlier error lines', () => {
    const tracker = new StepTracker()
    observeAll(tracker, [
      numeric('10:00:00.000', 'INFO', 'Test:test', 'This step starts.'),
      numeric('10:00:01.000', 'ERROR', 'Test:test', 'retrying flaky test'),
      numeric('10:00:02.000', 'INFO', 'Test:test', 'This step is complete.')
    ])
    expect(tracker.steps[0].status).toBe('success')
    expect(tracker.steps[0].failed).toBe(true)
    // No step failed by its marker: the one with error lines is named.
    expect(tracker.failedStep()).toBe(tracker.steps[0])
  })

  it('names the first step whose marker reports failure before steps with error lines', () => {
    const tracker = new StepTracker()
    observeAll(tracker, [
      numeric('10:00:00.000', 'ERROR', 'Lint:lint', 'warning treated as error'),
      numeric('10:00:01.000', 'INFO', 'Lint:lint', 'This step is complete.'),
      numeric('10:00:02.000', 'INFO', 'Build:build', 'This step starts.'),
      numeric('10:00:03.000', 'INFO', 'Build:build', 'This step failed.')
    ])
    expect(tracker.failedStep()?.id).toBe('build')
  })

  it('tells steps with the same id but different names apart', () => {
    const tracker = new StepTracker()
    observeAll(tracker, [
      numeric('10:00:00.000', 'INFO', 'Build one:build', 'This step starts.'),
      numeric('10:00:01.000', 'INFO', 'Build two:build', 'This step starts.')
    ])
    expect(tracker.steps.map((step) => step.name)).toEqual(['Build one', 'Build two'])
    expect(tracker.steps[0].status).toBe('unfinished')
  })

  it('keeps up with a long log', () => {
    const tracker = new StepTracker()
    tracker.observe(numeric('10:00:00.000', 'INFO', 'Build:build', 'This step starts.'))
    const started = performance.now()
    for (let i = 0; i < 200_000; i++) tracker.observe(`[INFO] compiling file ${i}`)
    expect(performance.now() - started).toBeLessThan(1000)
    tracker.finish()
    expect(tracker.steps[0].tailLines).toHaveLength(30)
    expect(tracker.steps[0].tailLines[29]).toBe('[INFO] compiling file 199999')
  })
})

describe('StepTracker at 100,000 steps', () => {
  it('finds each step in constant time', () => {
    /** Milliseconds to follow `count` steps of one line each, the best of `tries`. */
    const timeFor = (count: number, tries: number): number => {
      let best = Infinity
      for (let run = 0; run < tries; run++) {
        const tracker = new StepTracker()
        const started = performance.now()
        for (let i = 0; i < count; i++) {
          tracker.observe(numeric('10:00:00.000', 'INFO', `Step${i}:step${i}`, 'running'))
        }
        tracker.finish()
        best = Math.min(best, performance.now() - started)
        expect(tracker.steps).toHaveLength(count)
      }
      return best
    }
    // A ratio, not a time, so that a busy machine passes: were each step looked for among
    // those before it, 5 times the steps would take 25 times as long, not 5.
    const few = timeFor(20_000, 2)
    expect(timeFor(100_000, 1) / few).toBeLessThan(12)
  })

  it('keeps the last lines of the first failed and the latest unfinished steps only', () => {
    const tracker = new StepTracker(3)
    for (let i = 0; i < 1000; i++) {
      observeAll(tracker, [
        numeric('10:00:00.000', 'INFO', `Step ${i}:s${i}`, 'This step starts.'),
        `output of ${i}`,
        // Every third step fails; the others are cut off by the next step.
        ...(i % 3 === 0 ? [numeric('10:00:01.000', 'ERROR', `Step ${i}:s${i}`, 'failed')] : [])
      ])
    }
    tracker.finish()
    const withLines = tracker.steps.filter((step) => step.tailLines.length > 0)
    // The first four failed (s999 fails too, but later), the last four cut off.
    expect(withLines.map((step) => step.id)).toEqual([
      's0',
      's3',
      's6',
      's9',
      's994',
      's995',
      's997',
      's998'
    ])
    expect(tracker.failedStep()?.tailLines).toEqual([
      numeric('10:00:00.000', 'INFO', 'Step 0:s0', 'This step starts.'),
      'output of 0',
      numeric('10:00:01.000', 'ERROR', 'Step 0:s0', 'failed')
    ])
  })
})
