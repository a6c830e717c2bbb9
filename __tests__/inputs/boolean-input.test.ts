import { describe, expect, it } from '@jest/globals'
import { readInputs } from '../../src/inputs/action-inputs.js'
import {
  BOOLEAN_SPELLINGS_TEXT,
  FALSE_SPELLINGS,
  parseBoolean,
  TRUE_SPELLINGS
} from '../../src/inputs/boolean-input.js'
import {
  inputError,
  JOB_ID,
  NO_ENV,
  reader,
  REQUIRED_ONLY,
  TOKEN
} from '../support/input-fixtures.js'

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['False', false],
    ['no', false],
    ['off', false]
  ])('reads %s as %s', (value, expected) => {
    expect(parseBoolean('show-log', value)).toBe(expected)
  })

  it.each(['maybe', '1', '0', '', 'truee'])('refuses %j', (value) => {
    const message = inputError(() => parseBoolean('show-log', value), 'show-log')
    expect(message).toContain("'true' or 'false'")
  })

  it('lists every accepted spelling when refusing a value', () => {
    const message = inputError(() => parseBoolean('wait', 'sure'), 'wait')
    expect(message).toContain("'sure'")
    for (const spelling of [...TRUE_SPELLINGS, ...FALSE_SPELLINGS]) {
      expect(message).toContain(`'${spelling}'`)
    }
  })

  // One rule for every boolean-like input: each input reads the same spellings the same way.
  it.each(['true', 'True', 'TRUE', 'yes', 'On', 'false', 'False', 'FALSE', 'no', 'OFF'])(
    'reads %j the same way in show-log, trigger, wait and stop-on-cancel',
    (value) => {
      const expected = parseBoolean('show-log', value)
      const triggered = readInputs(
        reader({
          'job-id': JOB_ID,
          token: TOKEN,
          trigger: 'true',
          'show-log': value,
          wait: value,
          'stop-on-cancel': value
        }),
        NO_ENV
      )
      expect(triggered.showLog).toBe(expected)
      expect(triggered.mode).toMatchObject({ kind: 'start', follow: expected })
      expect(triggered.stopOnCancel).toBe(expected)
      const started = expected ? { 'job-id': JOB_ID, token: TOKEN } : REQUIRED_ONLY
      const followed = readInputs(reader({ ...started, trigger: value }), NO_ENV)
      expect(followed.mode.kind === 'start').toBe(expected)
    }
  )

  it.each(['show-log', 'trigger', 'wait', 'stop-on-cancel'])(
    'lists the accepted spellings when refusing a bad %s',
    (name) => {
      const message = inputError(
        () => readInputs(reader({ ...REQUIRED_ONLY, [name]: 'enabled' }), NO_ENV),
        name
      )
      expect(message).toContain("'enabled'")
      expect(message).toContain(BOOLEAN_SPELLINGS_TEXT)
    }
  )
})
