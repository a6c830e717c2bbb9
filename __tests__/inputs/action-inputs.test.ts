import { describe, expect, it } from '@jest/globals'
import { parseToken } from '../../src/inputs/credentials.js'
import { InputError } from '../../src/inputs/input-error.js'
import { parseEndpoint } from '../../src/inputs/endpoint.js'
import {
  MAX_BUILD_NO,
  parseBuildNo,
  parseJobId,
  parsePollIntervalMs,
  parseRegion,
  parseTimeoutMs
} from '../../src/inputs/action-inputs.js'
import { inputError, JOB_ID, MAX_TIMER_MS, TOKEN } from '../support/input-fixtures.js'

describe('parseJobId', () => {
  it.each([JOB_ID, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'])(
    'accepts %s',
    (value) => {
      expect(parseJobId(value)).toBe(value)
    }
  )

  it.each([
    ['a path walk', '../x'],
    ['a path walk of the right length', '../' + JOB_ID.slice(3)],
    ['a slash', 'a/b'],
    ['a slash of the right length', JOB_ID.slice(0, 16) + '/' + JOB_ID.slice(17)],
    ['a backslash', JOB_ID.slice(0, 31) + '\\'],
    ['a query', JOB_ID.slice(0, 31) + '?'],
    ['a parameter separator', JOB_ID.slice(0, 31) + '&'],
    ['a fragment', JOB_ID.slice(0, 31) + '#'],
    ['a percent escape', JOB_ID.slice(0, 29) + '%2F'],
    ['31 characters', JOB_ID.slice(0, 31)],
    ['33 characters', JOB_ID + 'a'],
    ['a trailing newline', JOB_ID + '\n'],
    ['a space inside', JOB_ID.slice(0, 16) + ' ' + JOB_ID.slice(17)],
    ['a non-ASCII letter', JOB_ID.slice(0, 31) + 'é'],
    ['a full-width digit', JOB_ID.slice(0, 31) + '１'],
    ['nothing', '']
  ])('refuses %s', (_label, value) => {
    const message = inputError(() => parseJobId(value), 'job-id')
    expect(message).toContain(`'${value}'`)
    expect(message).toMatch(/32 letters and digits/)
  })
})

describe('parseBuildNo', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [String(MAX_BUILD_NO), 2147483647]
  ])('accepts %s', (value, expected) => {
    expect(parseBuildNo(value)).toBe(expected)
  })

  it.each(['0', '-1', '1.5', 'abc', '2147483648', '99999999999', '1e3', '+7', '0x10', ' 7 ', ''])(
    'refuses %j',
    (value) => {
      const message = inputError(() => parseBuildNo(value), 'build-no')
      expect(message).toContain(`'${value}'`)
      expect(message).toContain('whole number')
      expect(message).toContain(String(MAX_BUILD_NO))
    }
  )
})

describe('parseToken', () => {
  it('returns a token as given', () => {
    expect(parseToken(TOKEN)).toBe(TOKEN)
  })

  it.each([
    ['a newline', `${TOKEN}\nsecond-line`],
    ['a carriage return', `${TOKEN}\r\nsecond-line`],
    ['a space', `${TOKEN} second-part`],
    ['a tab', `${TOKEN}\tsecond-part`],
    ['a NUL', `${TOKEN}\u0000second-part`],
    ['a DEL', `${TOKEN}\u007fsecond-part`]
  ])('refuses a token with %s without quoting it', (_label, value) => {
    const message = inputError(() => parseToken(value), 'token')
    expect(message).not.toContain(TOKEN)
    expect(message).not.toContain('second')
  })
})

describe('parseRegion', () => {
  it.each(['cn-north-4', 'ap-southeast-3', 'la-south-2', 'eu-west-101'])('accepts %s', (value) => {
    expect(parseRegion(value)).toBe(value)
  })

  it.each(['CN-NORTH-4', 'cn-north-4.evil.example.com', 'cn_north_4', 'cn-north', 'north-4', ''])(
    'refuses %j',
    (value) => {
      const message = inputError(() => parseRegion(value), 'region')
      expect(message).toContain('cn-north-4')
    }
  )
})

describe('parseEndpoint', () => {
  it.each([
    ['https://x.example.com', 'https://x.example.com'],
    ['https://x.example.com/', 'https://x.example.com'],
    ['https://x.example.com//', 'https://x.example.com'],
    ['https://x.example.com/api/', 'https://x.example.com/api'],
    ['https://x.example.com:8443', 'https://x.example.com:8443'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://localhost', 'http://localhost'],
    ['http://[::1]:9', 'http://[::1]:9']
  ])('accepts %s as %s', (value, expected) => {
    expect(parseEndpoint(value, 'cn-north-4')).toBe(expected)
  })

  it.each(['cn-north-4', 'ap-southeast-3'])('defaults to the host of region %s', (region) => {
    expect(parseEndpoint('', region)).toBe(`https://cloudbuild-ext.${region}.myhuaweicloud.com`)
  })

  it.each([
    ['not a URL', 'not a URL', /absolute URL/],
    ['a bare host', 'x.example.com', /absolute URL/],
    ['plain http to another host', 'http://example.com', /https:\/\//],
    ['plain http to a host named like loopback', 'http://127.0.0.1.example.com', /https:\/\//],
    ['another scheme', 'ftp://x.example.com', /https:\/\//],
    ['credentials', 'https://user:pass@x.example.com', /without credentials/],
    ['a user name', 'https://user@x.example.com', /without credentials/],
    ['a query', 'https://x.example.com/?a=1', /query/],
    ['a fragment', 'https://x.example.com/#top', /fragment/]
  ])('refuses %s', (_label, value, expected) => {
    const message = inputError(() => parseEndpoint(value, 'cn-north-4'), 'endpoint')
    expect(message).toMatch(expected)
    expect(message).not.toContain('pass@') // a password is never quoted
  })

  // An empty query or fragment must not survive either: every API path appended to the base
  // would land in the query or fragment instead of the path.
  it.each(['https://x.example.com/?', 'https://x.example.com#', 'https://x.example.com/api?#'])(
    'refuses %s or returns a base that API paths can be appended to',
    (value) => {
      let endpoint: string
      try {
        endpoint = parseEndpoint(value, 'cn-north-4')
      } catch (error) {
        expect(error).toBeInstanceOf(InputError)
        return
      }
      const url = new URL(`${endpoint}/v1/job/${JOB_ID}/7/build-info`)
      expect(url.pathname.endsWith(`/v1/job/${JOB_ID}/7/build-info`)).toBe(true)
      expect(url.search).toBe('')
      expect(url.hash).toBe('')
    }
  )
})

describe('parsePollIntervalMs', () => {
  it.each([
    ['2', 2000],
    ['0.5', 500],
    ['.25', 250],
    ['300', 300_000]
  ])('reads %s seconds as %d ms', (value, expected) => {
    expect(parsePollIntervalMs(value)).toBe(expected)
  })

  it.each(['0', '0.0', '-1', 'abc', '', '1e3', '2s', '301', '300.5'])('refuses %j', (value) => {
    const message = inputError(() => parsePollIntervalMs(value), 'poll-interval')
    expect(message).toContain(`'${value}'`)
    expect(message).toMatch(/seconds/)
  })

  it('names the upper limit when the interval is too long', () => {
    expect(inputError(() => parsePollIntervalMs('301'), 'poll-interval')).toContain('300')
  })
})

describe('parseTimeoutMs', () => {
  it.each([
    ['0', 0],
    ['1.5', 90_000],
    ['60', 3_600_000],
    ['.5', 30_000]
  ])('reads %s minutes as %d ms', (value, expected) => {
    expect(parseTimeoutMs(value)).toBe(expected)
  })

  it.each(['-1', 'x', '', '1e2', '10m'])('refuses %j', (value) => {
    const message = inputError(() => parseTimeoutMs(value), 'timeout')
    expect(message).toContain(`'${value}'`)
    expect(message).toMatch(/minutes/)
  })

  // The follower arms a Node.js timer with timeoutMs; above 2^31-1 ms Node fires it after
  // 1 ms. A tiny positive timeout must not round to 0, which means "no limit".
  it.each(['40000', '0.000001'])(
    'keeps timeout %s within what a timer can wait, or refuses it',
    (value) => {
      let timeoutMs: number
      try {
        timeoutMs = parseTimeoutMs(value)
      } catch (error) {
        expect(error).toBeInstanceOf(InputError)
        return
      }
      expect(timeoutMs).toBeGreaterThanOrEqual(1)
      expect(timeoutMs).toBeLessThanOrEqual(MAX_TIMER_MS)
    }
  )
})
