import { createHash, createHmac } from 'node:crypto'
import { canonicalRequest, signRequest, type AkSkCredentials } from '../../src/codearts/signer.js'

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
const hmac = (key: string, text: string): string =>
  createHmac('sha256', key).update(text, 'utf8').digest('hex')
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

describe('signer', () => {
  describe('known answers', () => {
    // Huawei Cloud "API Request Signing Guide", "Example of the API Signature Authentication
    // Mechanism" (devg-apisign/api-sign-algorithm-002) and "Creating a To-Be-Signed String"
    // (api-sign-algorithm-003): the canonical request below and its SHA-256 are published
    // there. The guide masks its SK, so the final HMAC is taken over the published hash with
    // a key of our own.
    const guideUrl =
      'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0'
    const guideCanonical = [
      'GET',
      '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
      'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      'content-type:application/json',
      'host:service.region.example.com',
      'x-sdk-date:20191115T033655Z',
      '',
      'content-type;host;x-sdk-date',
      EMPTY_SHA256
    ].join('\n')
    const guideHash = 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a'

    it('reproduces the canonical request and hash of the Huawei signing guide', () => {
      expect(sha256(guideCanonical)).toBe(guideHash)
      const built = canonicalRequest(
        'GET',
        guideUrl,
        {
          'Content-Type': 'application/json',
          Host: 'service.region.example.com',
          'X-Sdk-Date': '20191115T033655Z'
        },
        ''
      )
      expect(built).toBe(guideCanonical)
    })

    it('signs the Huawei signing guide request to the value derived from its published hash', () => {
      const secretKey = 'guide-example-secret'
      const headers = signRequest(
        { method: 'GET', url: guideUrl, headers: { 'Content-Type': 'application/json' }, body: '' },
        { accessKey: 'GUIDEEXAMPLEAK', secretKey },
        new Date(Date.UTC(2019, 10, 15, 3, 36, 55))
      )
      const stringToSign = `SDK-HMAC-SHA256\n20191115T033655Z\n${guideHash}`
      expect(headers).toEqual({
        'X-Sdk-Date': '20191115T033655Z',
        Authorization: `SDK-HMAC-SHA256 Access=GUIDEEXAMPLEAK, SignedHeaders=content-type;host;x-sdk-date, Signature=${hmac(secretKey, stringToSign)}`
      })
    })

    // huaweicloud-sdk-go-v3, core/auth/signer/signer_test.go (TestSigner_Sign): AK
    // "AccessKey", SK "SecretKey", X-Sdk-Date 20060102T150405Z, only x-sdk-date signed. The
    // POST body is what Go's JSON encoder writes for {Name: "test", Id: 1}, newline included.
    it.each([
      {
        method: 'GET',
        url: 'https://example.huaweicloud.com/path?limit=1',
        body: '',
        expected: '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624'
      },
      {
        method: 'POST',
        url: 'https://example.huaweicloud.com/path?key=value',
        body: '{"Name":"test","Id":1}\n',
        expected: 'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59'
      }
    ])('matches the Go SDK test vector for $method', ({ method, url, body, expected }) => {
      const canonical = canonicalRequest(method, url, { 'X-Sdk-Date': '20060102T150405Z' }, body)
      const stringToSign = `SDK-HMAC-SHA256\n20060102T150405Z\n${sha256(canonical)}`
      expect(hmac('SecretKey', stringToSign)).toBe(expected)
    })

    it('encodes the query like the Go SDK canonicalQueryString test', () => {
      // Same parameters as TestSigner_canonicalQueryString; the expected line is copied from it.
      const query = new URLSearchParams([
        ['limit', '1'],
        ['enable', 'true'],
        ['test', '一 (&=?!#%.*)'],
        ['path', '/tmp/123'],
        ['multi', '3'],
        ['multi', '1'],
        ['multi', '2']
      ])
      const canonical = canonicalRequest('GET', `https://h.example/x?${query}`, {}, '')
      expect(canonical.split('\n')[2]).toBe(
        'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29'
      )
    })

    it('follows the algorithm step by step for a CodeArts log request', () => {
      // An independent, literal walk through the documented steps.
      const ak = 'HPUAEXAMPLEACCESSKEY'
      const sk = 'exampleSecretKey0123456789exampleSecretK'
      const canonical =
        'GET\n' +
        '/v3/jobs/0123456789abcdef0123456789abcdef/42/real-time-log/\n' +
        'length=1000000&offset=0\n' +
        'host:cloudbuild-ext.cn-north-4.myhuaweicloud.com\n' +
        'x-project-id:0a1b2c3d4e5f60718293a4b5c6d7e8f9\n' +
        'x-sdk-date:20261128T033800Z\n' +
        '\n' +
        'host;x-project-id;x-sdk-date\n' +
        EMPTY_SHA256
      const signature = hmac(sk, `SDK-HMAC-SHA256\n20261128T033800Z\n${sha256(canonical)}`)

      const headers = signRequest(
        {
          method: 'get',
          url: 'https://cloudbuild-ext.cn-north-4.myhuaweicloud.com/v3/jobs/0123456789abcdef0123456789abcdef/42/real-time-log?offset=0&length=1000000',
          headers: { Accept: 'application/json' },
          body: ''
        },
        { accessKey: ak, secretKey: sk, projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
        new Date('2026-11-28T03:38:00.999Z')
      )
      expect(headers).toEqual({
        'X-Sdk-Date': '20261128T033800Z',
        'X-Project-Id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        Authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=host;x-project-id;x-sdk-date, Signature=${signature}`
      })
    })
  })

  describe('canonical form', () => {
    const line = (url: string, index: number): string =>
      canonicalRequest('GET', url, {}, '').split('\n')[index]

    it.each([
      ['https://h.example', '/'],
      ['https://h.example/', '/'],
      ['https://h.example/v1/job/execute', '/v1/job/execute/'],
      ['https://h.example/v1/job/', '/v1/job/'],
      ['https://h.example/a b/c(1)!*', '/a%20b/c%281%29%21%2A/'],
      ['https://h.example/a%20b/%7Etilde', '/a%20b/~tilde/'],
      ['https://h.example/one%2Fsegment/x', '/one%2Fsegment/x/'],
      ['https://h.example/%E4%B8%80/x', '/%E4%B8%80/x/'],
      ['https://h.example/100%/x', '/100%25/x/']
    ])('canonical URI of %s is %s', (url, expected) => {
      expect(line(url, 1)).toBe(expected)
    })

    it.each([
      ['https://h.example/x', ''],
      ['https://h.example/x?b=2&a=1', 'a=1&b=2'],
      ['https://h.example/x?a=2&a=10&a=1', 'a=1&a=10&a=2'],
      ['https://h.example/x?flag', 'flag='],
      ['https://h.example/x?q=a+b&r=a%2Bb', 'q=a%20b&r=a%2Bb'],
      ['https://h.example/x?t=~-._&u=%7e', 't=~-._&u=~'],
      ['https://h.example/x?p=100%', 'p=100%25']
    ])('canonical query of %s is %s', (url, expected) => {
      expect(line(url, 2)).toBe(expected)
    })

    it('trims header values, lower-cases and sorts header names', () => {
      const lines = canonicalRequest(
        'POST',
        'https://h.example/x',
        { 'X-Sdk-Date': ' 20260101T000000Z ', Host: 'h.example', 'Content-Type': 'text/plain ' },
        'body'
      ).split('\n')
      expect(lines.slice(3)).toEqual([
        'content-type:text/plain',
        'host:h.example',
        'x-sdk-date:20260101T000000Z',
        '',
        'content-type;host;x-sdk-date',
        sha256('body')
      ])
    })
  })

  describe('signRequest', () => {
    const now = new Date('2026-11-28T03:38:00Z')
    const base = { accessKey: 'AK', secretKey: 'SK' }
    type Headers = Readonly<Record<string, string>>
    const signedList = (headers: Record<string, string>): string =>
      /SignedHeaders=([^,]+),/.exec(headers.Authorization)?.[1] ?? ''

    it.each<{ credentials: AkSkCredentials; headers: Headers; added: string[]; signed: string }>([
      {
        credentials: base,
        headers: {},
        added: ['X-Sdk-Date', 'Authorization'],
        signed: 'host;x-sdk-date'
      },
      {
        credentials: { ...base, securityToken: 'tok' },
        headers: { 'content-type': 'application/json' },
        added: ['X-Sdk-Date', 'X-Security-Token', 'Authorization'],
        signed: 'content-type;host;x-sdk-date;x-security-token'
      },
      {
        credentials: { ...base, securityToken: 'tok', projectId: 'pid' },
        headers: { 'User-Agent': 'ua' },
        added: ['X-Sdk-Date', 'X-Security-Token', 'X-Project-Id', 'Authorization'],
        signed: 'host;x-project-id;x-sdk-date;x-security-token'
      }
    ])('adds $added and signs $signed', ({ credentials, headers, added, signed }) => {
      const result = signRequest(
        { method: 'GET', url: 'https://h.example/x', headers, body: '' },
        credentials,
        now
      )
      expect(Object.keys(result)).toEqual(added)
      expect(signedList(result)).toBe(signed)
      expect(result['X-Security-Token']).toBe(credentials.securityToken)
      expect(result['X-Project-Id']).toBe(credentials.projectId)
    })

    it.each([
      ['https://h.example:443/x', 'h.example'],
      ['http://h.example:80/x', 'h.example'],
      ['https://h.example:8443/x', 'h.example:8443']
    ])('signs the host of %s as %s', (url, host) => {
      const sign = (headers: Record<string, string>): Record<string, string> =>
        signRequest({ method: 'GET', url, headers, body: '' }, base, now)
      expect(sign({})).toEqual(sign({ Host: host }))
      expect(sign({})).not.toEqual(sign({ Host: 'other.example' }))
    })

    it.each<{ why: string; credentials: AkSkCredentials; url: string; at: Date; message: RegExp }>([
      {
        why: 'an empty secret key',
        credentials: { ...base, secretKey: '' },
        url: 'https://h.example/',
        at: now,
        message: /secret key/
      },
      {
        why: 'an empty access key',
        credentials: { ...base, accessKey: '' },
        url: 'https://h.example/',
        at: now,
        message: /access key/
      },
      {
        why: 'a relative URL',
        credentials: base,
        url: '/relative/path',
        at: now,
        message: /'\/relative\/path' is not an absolute URL/
      },
      {
        why: 'an invalid date',
        credentials: base,
        url: 'https://h.example/',
        at: new Date(Number.NaN),
        message: /not a valid date/
      }
    ])('refuses to sign with $why', ({ credentials, url, at, message }) => {
      expect(() =>
        signRequest({ method: 'GET', url, headers: {}, body: '' }, credentials, at)
      ).toThrow(message)
    })
  })
})
