import {
  ApiError,
  classifyFailure,
  parseRetryAfterMs,
  transientFailure,
  type FailureKind
} from '../../src/codearts/errors.js'

const WHAT = 'reading the log'

describe('api-errors', () => {
  describe('classifyFailure', () => {
    // Every code in the Errors section of the API notes, with the HTTP status it comes with.
    it.each<[number, string, FailureKind]>([
      [500, 'CB.00060100', 'transient'],
      [500, 'CB.00060211', 'transient'],
      [429, 'APIGW.0308', 'transient'],
      [401, 'APIGW.0301', 'unauthorized'],
      [403, 'APIGW.0302', 'fatal'],
      [400, 'CB.00060200', 'fatal'],
      [400, 'CB.00060201', 'fatal'],
      [422, 'CB.00031006', 'not-found'],
      [422, 'DEVCB.00031006', 'not-found'],
      [404, 'APIGW.0101', 'route-missing'],
      [500, 'CB.00030004', 'transient']
    ])('classifies HTTP %i %s as %s', (status, errorCode, kind) => {
      const error = classifyFailure(WHAT, status, { errorCode, errorMessage: 'server says no' })
      expect(error).toBeInstanceOf(ApiError)
      expect(error).toBeInstanceOf(Error)
      expect(error.name).toBe('ApiError')
      expect(error.kind).toBe(kind)
      expect(error.httpStatus).toBe(status)
      expect(error.errorCode).toBe(errorCode)
      expect(error.message).toContain(WHAT)
      expect(error.message).toContain(String(status))
      expect(error.message).toContain(errorCode)
      expect(error.message).toContain('server says no')
    })

    // Some errors arrive with HTTP 200: the code decides.
    it.each<[string, FailureKind]>([
      ['CB.00060100', 'transient'],
      ['CB.00060211', 'transient'],
      ['CB.00031006', 'not-found'],
      ['CB.00060201', 'fatal'],
      ['CB.00060200', 'fatal']
    ])('classifies %s sent with HTTP 200 as %s', (errorCode, kind) => {
      expect(classifyFailure(WHAT, 200, { errorCode }).kind).toBe(kind)
    })

    it.each<[number, FailureKind]>([
      [500, 'transient'],
      [502, 'transient'],
      [503, 'transient'],
      [504, 'transient'],
      [429, 'transient'],
      [404, 'not-found'],
      [422, 'not-found'],
      [400, 'fatal'],
      [401, 'unauthorized'],
      [403, 'fatal'],
      [405, 'fatal']
    ])('classifies HTTP %i without a code as %s', (status, kind) => {
      const error = classifyFailure(WHAT, status, {})
      expect(error.kind).toBe(kind)
      expect(error.errorCode).toBeUndefined()
      expect(error.message).toContain(`HTTP ${status}`)
    })

    it.each([301, 302, 303, 307, 308])(
      'treats redirect %i as fatal and names the endpoint input',
      (status) => {
        const error = classifyFailure(WHAT, status, {})
        expect(error.kind).toBe('fatal')
        expect(error.message).toContain("'endpoint'")
      }
    )

    it('tells what to do about a 401: check the token or the key pair', () => {
      const error = classifyFailure(WHAT, 401, {
        errorCode: 'APIGW.0301',
        errorMessage: 'Incorrect IAM authentication information'
      })
      expect(error.message).toContain("'token'")
      expect(error.message).toMatch(/expired/)
      expect(error.message).toMatch(/project/)
      // With AK/SK credentials a 401 means a wrong key pair or a skewed clock.
      expect(error.message).toContain("'access-key'")
      expect(error.message).toContain("'secret-key'")
      expect(error.message).toMatch(/clock/)
      // Five failed signatures lock an access key for five minutes: never again at once.
      expect(error.kind).toBe('unauthorized')
      expect(error.message).toMatch(/not sent again/)
      expect(error.message).toMatch(/wait five minutes before a rerun/)
    })

    it.each([
      [429, 'APIGW.0308'],
      [429, 'APIG.0308'],
      [500, 'CB.00060211']
    ])('classifies throttling HTTP %i %s as transient', (status, code) => {
      expect(classifyFailure(WHAT, status, { errorCode: code }).kind).toBe('transient')
    })

    it.each(['CB.00060214', 'APIG.0101', 'APIGW.0101'])(
      'classifies 404 %s as a missing route and names the endpoint inputs',
      (code) => {
        const error = classifyFailure(WHAT, 404, { errorCode: code })
        expect(error.kind).toBe('route-missing')
        expect(error.message).toContain("'region'")
        expect(error.message).toContain("'endpoint'")
      }
    )

    it('classifies 422 CB.00031006 and DEVCB.00031006 as a record not there', () => {
      expect(classifyFailure(WHAT, 422, { errorCode: 'CB.00031006' }).kind).toBe('not-found')
      expect(classifyFailure(WHAT, 422, { errorCode: 'DEVCB.00031006' }).kind).toBe('not-found')
    })

    it("quotes a 403's own message: it may mean no build history, not permission", () => {
      const error = classifyFailure(WHAT, 403, {
        errorCode: 'CB.00031059',
        errorMessage: 'The job has no build history'
      })
      expect(error.kind).toBe('fatal')
      expect(error.message).toContain('HTTP 403 CB.00031059: The job has no build history')
    })

    it('tells what to do about a 403: get permission on the build task', () => {
      const error = classifyFailure(WHAT, 403, { errorCode: 'CB.00040003' })
      expect(error.kind).toBe('fatal')
      expect(error.message).toMatch(/permission/)
    })

    it('tells what to do about an invalid job id: check the job-id input', () => {
      const error = classifyFailure(WHAT, 400, { errorCode: 'CB.00060201' })
      expect(error.message).toContain("'job-id'")
    })

    it('writes no placeholder or stray space when there is no code, message or advice', () => {
      for (const error of [
        classifyFailure(WHAT, 429, {}),
        classifyFailure(WHAT, 400, {}),
        classifyFailure(WHAT, 422, { errorCode: 'CB.00031006' })
      ]) {
        expect(error.message).not.toMatch(/undefined|null|\s\s|\s$|\(\)/)
      }
    })

    it('keeps the Retry-After delay it was given', () => {
      expect(classifyFailure(WHAT, 429, { errorCode: 'APIGW.0308' }, 3000).retryAfterMs).toBe(3000)
      expect(classifyFailure(WHAT, 429, {}).retryAfterMs).toBeUndefined()
    })

    it('describes a failure with a message but no code', () => {
      const error = classifyFailure('checking the build', 500, { errorMessage: 'Internal error' })
      expect(error.message).toContain('checking the build')
      expect(error.message).toContain('HTTP 500: Internal error')
    })
  })

  describe('transientFailure', () => {
    it('makes a transient error without HTTP details', () => {
      const error = transientFailure('reading the log', 'ECONNRESET')
      expect(error).toBeInstanceOf(ApiError)
      expect(error.kind).toBe('transient')
      expect(error.httpStatus).toBeUndefined()
      expect(error.errorCode).toBeUndefined()
      expect(error.message).toContain('reading the log')
      expect(error.message).toContain('ECONNRESET')
      expect(error.neverReachedServer).toBe(false)
    })

    it('says when the request surely never reached the server', () => {
      expect(transientFailure('starting the build', 'ECONNREFUSED', true).neverReachedServer).toBe(
        true
      )
    })

    it.each([
      [429, true],
      [503, true],
      [500, false],
      [502, false],
      [401, false]
    ])('marks an HTTP %s answer as declined before acting: %s', (status, declined) => {
      // Only a refusal (429/503) is safe to repeat for a request that is not idempotent.
      expect(classifyFailure(WHAT, status, {}).neverReachedServer).toBe(declined)
    })
  })

  describe('parseRetryAfterMs', () => {
    const NOW = Date.parse('2026-11-28T10:00:00Z')

    it.each([
      ['120', 120_000],
      ['0', 0],
      ['1.5', 1500],
      [' 3 ', 3000]
    ])('reads %j seconds as %d ms', (header, expected) => {
      expect(parseRetryAfterMs(header, NOW)).toBe(expected)
    })

    it.each([
      ['a date 30 s ahead', 'Sat, 28 Nov 2026 10:00:30 GMT', 30_000],
      ['a date 2 min ahead', 'Sat, 28 Nov 2026 10:02:00 GMT', 120_000],
      ['the present', 'Sat, 28 Nov 2026 10:00:00 GMT', 0],
      ['a date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT', 0]
    ])('reads %s', (_label, header, expected) => {
      expect(parseRetryAfterMs(header, NOW)).toBe(expected)
    })

    it.each([undefined, '', 'soon', 'abc', 'NaN', '12abc'])('ignores %j', (header) => {
      expect(parseRetryAfterMs(header, NOW)).toBeUndefined()
    })
  })
})
