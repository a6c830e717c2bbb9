import { describe, expect, it } from '@jest/globals'
import type { RunMode } from '../../src/inputs/action-inputs.js'
import {
  isPostPhase,
  MainPhaseRecord,
  notWatchedReason,
  readPostPhaseTask,
  STATE_NAMES
} from '../../src/session/post-state.js'

const JOB_ID = '5f3c9e2a8b1d4c7e9a0f6b2d8c4e1a73'
const START: RunMode = { kind: 'start', trigger: { parameters: [], scm: undefined }, follow: true }
const START_NO_WAIT: RunMode = { ...START, follow: false }
const FOLLOW: RunMode = { kind: 'follow', buildNo: 7 }
const CHECK: RunMode = { kind: 'check', buildNo: 7 }

/** A record whose saves land in a map, as the runner keeps them (the last value of a name). */
function recording(failOn?: string) {
  const saved: Array<[string, string]> = []
  const warnings: string[] = []
  const record = new MainPhaseRecord(
    (name, value) => {
      if (name === failOn) throw new Error('Missing file at path: /gone/state')
      saved.push([name, value])
    },
    (message) => warnings.push(message)
  )
  return { record, saved, warnings, env: () => environmentOf(saved) }
}

function environmentOf(saved: Array<[string, string]>): Record<string, string> {
  return Object.fromEntries(saved.map(([name, value]) => [`STATE_${name}`, value]))
}

describe('notWatchedReason', () => {
  it.each([
    ['a started, followed build with a stop in effect', START, true, undefined],
    ['a started build without stop-on-cancel', START, false, 'no-stop-on-cancel'],
    ['a started build without wait', START_NO_WAIT, true, 'no-wait'],
    ['a started build without wait or stop', START_NO_WAIT, false, 'no-wait'],
    ['a build given by number, stop-on-cancel true', FOLLOW, true, 'not-started'],
    ['a build given by number', FOLLOW, false, 'not-started'],
    ['a build checked once', CHECK, true, 'not-started']
  ])('%s: %s', (_case, mode, stopOnCancel, expected) => {
    expect(notWatchedReason(mode, stopOnCancel)).toBe(expected)
  })
})

describe('MainPhaseRecord', () => {
  it('saves the marker, then the started build, then how it was settled, once', () => {
    const { record, saved, warnings } = recording()
    record.mainPhaseStarted()
    record.inputsRead(START, true)
    record.buildStarted(JOB_ID, 12)
    record.buildSettled('ended')
    record.buildSettled('stopped')
    expect(saved).toEqual([
      [STATE_NAMES.mainPhaseRan, 'true'],
      [STATE_NAMES.startedBuild, `{"jobId":"${JOB_ID}","buildNo":12}`],
      [STATE_NAMES.settled, 'ended']
    ])
    expect(warnings).toEqual([])
  })

  it.each([
    [FOLLOW, true, 'not-started'],
    [START_NO_WAIT, true, 'no-wait'],
    [START, false, 'no-stop-on-cancel']
  ])(
    'saves why nothing is watched (%j, stop %s), and no build nor settlement',
    (mode, stop, reason) => {
      const { record, saved } = recording()
      record.mainPhaseStarted()
      record.inputsRead(mode, stop)
      record.buildStarted(JOB_ID, 3)
      record.buildSettled('ended')
      expect(saved).toEqual([
        [STATE_NAMES.mainPhaseRan, 'true'],
        [STATE_NAMES.notWatched, reason]
      ])
    }
  )

  it('turns a failed save into a warning naming the build, and carries on', () => {
    const { record, saved, warnings } = recording(STATE_NAMES.startedBuild)
    record.mainPhaseStarted()
    record.inputsRead(START, true)
    expect(() => record.buildStarted(JOB_ID, 4)).not.toThrow()
    record.buildSettled('ended')
    expect(saved.map(([name]) => name)).toEqual([STATE_NAMES.mainPhaseRan, STATE_NAMES.settled])
    expect(warnings).toEqual([
      `Could not save the step state '${STATE_NAMES.startedBuild}' (Missing file at path: /gone/state); the post step may not be able to stop CodeArts build ${JOB_ID}#4 left running.`
    ])
  })
})

describe('MainPhaseRecord without a state file', () => {
  it('refuses to go on when the marker cannot be saved', () => {
    const { record, warnings } = recording(STATE_NAMES.mainPhaseRan)
    expect(() => record.mainPhaseStarted()).toThrow(
      /^Could not save the step state that tells the post step from this one \(Missing file at path: \/gone\/state\)\. Nothing was started/
    )
    expect(warnings).toEqual([])
  })
})

describe('isPostPhase', () => {
  it('is true only once the main phase saved its marker', () => {
    expect(isPostPhase({})).toBe(false)
    expect(isPostPhase({ STATE_isPost: '' })).toBe(false)
    expect(isPostPhase({ STATE_isPost: 'true' })).toBe(true)
  })
})

describe('readPostPhaseTask (what the post phase reads from the saved state)', () => {
  it('checks a build started and never settled', () => {
    const { record, env } = recording()
    record.mainPhaseStarted()
    record.inputsRead(START, true)
    record.buildStarted(JOB_ID, 12)
    expect(readPostPhaseTask(env())).toEqual({
      kind: 'check',
      build: { jobId: JOB_ID, buildNo: 12 }
    })
  })

  it.each([
    ['ended', `Nothing to stop: the main step saw CodeArts build ${JOB_ID}#12 end.`],
    ['stopped', `Nothing to stop: the main step stopped CodeArts build ${JOB_ID}#12.`]
  ] as const)('has nothing to do for a build the main phase %s', (how, line) => {
    const { record, env } = recording()
    record.mainPhaseStarted()
    record.inputsRead(START, true)
    record.buildStarted(JOB_ID, 12)
    record.buildSettled(how)
    expect(readPostPhaseTask(env())).toEqual({ kind: 'nothing', line })
  })

  it.each([
    [FOLLOW, true, /followed a build it did not start \('build-no'\)/],
    [START_NO_WAIT, true, /without following it \('wait: false'\)/],
    [START, false, /'stop-on-cancel' is false/]
  ])('says in one line why nothing is watched (%j, stop %s)', (mode, stop, line) => {
    const { record, env } = recording()
    record.mainPhaseStarted()
    record.inputsRead(mode, stop)
    const task = readPostPhaseTask(env())
    expect(task.kind).toBe('nothing')
    if (task.kind === 'nothing') {
      expect(task.line).toMatch(/^Nothing to stop: /)
      expect(task.line).toMatch(line)
      expect(task.line).not.toMatch(/[\r\n]/)
    }
  })

  it('has nothing to do when only the marker was saved (the inputs were refused, the start failed)', () => {
    expect(readPostPhaseTask({ STATE_isPost: 'true' })).toEqual({
      kind: 'nothing',
      line: 'Nothing to stop: the main step started no CodeArts build.'
    })
  })

  it.each([
    'not json',
    '{"jobId":"short","buildNo":1}',
    `{"jobId":"${JOB_ID}","buildNo":0}`,
    `{"jobId":"${JOB_ID}","buildNo":"2"}`,
    `{"jobId":"${JOB_ID}","buildNo":1.5}`,
    'null'
  ])('refuses a saved build it cannot read: %s', (saved) => {
    expect(() =>
      readPostPhaseTask({ STATE_isPost: 'true', [`STATE_${STATE_NAMES.startedBuild}`]: saved })
    ).toThrow(/not a build this step started; nothing was stopped/)
  })
})
