import { createHash, createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpClient } from '@actions/http-client'
import { canonicalRequest, signRequest, type AkSkCredentials } from '../../src/codearts/signer.js'
import { verifySignature } from '../../simulator/verify-signature.js'

type VerifyOptions = Parameters<typeof verifySignature>[2]

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
const hmac = (key: string, text: string): string =>
  createHmac('sha256', key).update(text, 'utf8').digest('hex')

describe('verifySignature over HTTP', () => {
  const clock = new Date('2026-11-28T03:38:00Z')
  const accessKey = 'SIMULATORACCESSKEY01'
  const secretKey = 'simulatorSecretKey0123456789simulatorSK0'
  let gatewayOptions: VerifyOptions
  let server: http.Server
  let origin: string
  const client = new HttpClient('signer-test')

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const rejection = verifySignature(req, Buffer.concat(chunks), gatewayOptions)
        res.writeHead(rejection ? rejection.status : 200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(rejection ?? { ok: true, method: req.method, target: req.url }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    client.dispose()
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve()))
    )
  })

  beforeEach(() => {
    gatewayOptions = { accessKey, secretKey, now: clock }
  })

  interface Exchange {
    method?: string
    path: string
    body?: string
    headers?: Record<string, string>
    credentials?: Partial<AkSkCredentials>
    signedAt?: Date
    /** Sent instead of what was signed, to tamper with the request. */
    sentPath?: string
    sentBody?: string
  }

  async function exchange(e: Exchange): Promise<{ status: number; body: Record<string, unknown> }> {
    const method = e.method ?? 'GET'
    const headers = e.headers ?? {}
    const body = e.body ?? ''
    const signed = signRequest(
      { method, url: origin + e.path, headers, body },
      { accessKey, secretKey, ...e.credentials },
      e.signedAt ?? clock
    )
    const sentBody = e.sentBody ?? body
    const response = await client.request(
      method,
      origin + (e.sentPath ?? e.path),
      sentBody === '' ? null : sentBody,
      { ...headers, ...signed }
    )
    const text = await response.readBody()
    return { status: response.message.statusCode ?? 0, body: JSON.parse(text) }
  }

  it.each<[string, Exchange]>([
    [
      'GET of the real-time log with offset and length',
      {
        path: '/v3/jobs/0123456789abcdef0123456789abcdef/7/real-time-log?offset=0&length=1000000'
      }
    ],
    ['GET of the root', { path: '/' }],
    [
      'GET with path segments and query values that need encoding',
      {
        path: "/v1/job/a b/(x)!*'~/%E4%B8%80/50%?name=a+b&path=%2Ftmp%2F1&z=&emoji=%F0%9F%98%80&multi=2&multi=1&pct=100%"
      }
    ],
    [
      'POST with a JSON body',
      {
        method: 'POST',
        path: '/v1/job/execute',
        body: '{"job_id":"0123456789abcdef0123456789abcdef","parameter":[{"name":"ü","value":"✓"}]}',
        headers: { 'Content-Type': 'application/json;charset=utf-8' }
      }
    ],
    [
      'POST with a body and a query parameter',
      {
        method: 'POST',
        path: '/v1/job/0123456789abcdef0123456789abcdef/stop?build_no=12',
        body: '{"build_no":12}',
        headers: { 'Content-Type': 'application/json' }
      }
    ],
    ['GET with a project id', { path: '/v1/x', credentials: { projectId: 'pid123' } }],
    [
      'GET with clock skew inside the window',
      { path: '/v1/x', signedAt: new Date(clock.getTime() - 14 * 60 * 1000) }
    ]
  ])('accepts %s', async (_name, e) => {
    const result = await exchange(e)
    expect(result).toEqual({
      status: 200,
      body: expect.objectContaining({ ok: true, method: e.method ?? 'GET' })
    })
  })

  it.each([
    { credentials: { securityToken: 'sts-token' } },
    { credentials: { securityToken: 'sts-token', projectId: 'pid123' } }
  ])('accepts temporary credentials $credentials', async ({ credentials }) => {
    gatewayOptions = { ...gatewayOptions, securityToken: 'sts-token' }
    const result = await exchange({
      method: 'POST',
      path: '/v1/job/execute?x=1',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
      credentials
    })
    expect(result.status).toBe(200)
  })

  const TOKEN = { securityToken: 'sts-token' }
  it.each<{ name: string; e: Exchange; message: RegExp; gateway?: Partial<VerifyOptions> }>([
    {
      name: 'a wrong secret key',
      e: { path: '/v1/x', credentials: { secretKey: 'not-the-secret' } },
      message: /verify aksk signature fail/
    },
    {
      name: 'an unknown access key',
      e: { path: '/v1/x', credentials: { accessKey: 'OTHERAK' } },
      message: /ak OTHERAK not exist/
    },
    {
      name: 'a tampered query',
      e: {
        path: '/v3/jobs/j/1/real-time-log?offset=0&length=10',
        sentPath: '/v3/jobs/j/1/real-time-log?offset=5&length=10'
      },
      message: /verify aksk signature fail/
    },
    {
      name: 'a tampered path',
      e: { path: '/v1/job/a/stop', sentPath: '/v1/job/b/stop' },
      message: /verify aksk signature fail/
    },
    {
      name: 'a tampered body',
      e: {
        method: 'POST',
        path: '/v1/job/execute',
        body: '{"job_id":"a"}',
        sentBody: '{"job_id":"b"}',
        headers: { 'Content-Type': 'application/json' }
      },
      message: /verify aksk signature fail/
    },
    {
      name: 'a date 16 minutes in the past',
      e: { path: '/v1/x', signedAt: new Date(clock.getTime() - 16 * 60 * 1000) },
      message: /x-sdk-date '20261128T032200Z' expired/
    },
    {
      name: 'a date 16 minutes in the future',
      e: { path: '/v1/x', signedAt: new Date(clock.getTime() + 16 * 60 * 1000) },
      message: /expired/
    },
    {
      name: 'a missing security token',
      e: { path: '/v1/x' },
      message: /x-security-token not found/,
      gateway: TOKEN
    },
    {
      name: 'another security token',
      e: { path: '/v1/x', credentials: { securityToken: 'stolen' } },
      message: /x-security-token does not belong/,
      gateway: TOKEN
    }
  ])('rejects $name', async ({ e, message, gateway }) => {
    gatewayOptions = { ...gatewayOptions, ...gateway }
    const result = await exchange(e)
    expect(result.status).toBe(401)
    expect(result.body).toEqual({
      status: 401,
      error_code: 'APIGW.0301',
      error_msg: expect.stringMatching(message)
    })
  })
})

describe('verifySignature on hand-made requests', () => {
  const clock = new Date('2026-11-28T03:38:00Z')
  const options = { accessKey: 'AK', secretKey: 'SK', now: clock }
  const date = '20261128T033800Z'

  /** Signs exactly the given headers, bypassing signRequest's choice of headers. */
  function handSigned(signed: Record<string, string>, extra: Record<string, string> = {}) {
    const canonical = canonicalRequest('GET', 'http://gw.example/v1/x', signed, '')
    const signature = hmac('SK', `SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`)
    const list = Object.keys(signed).sort().join(';')
    return {
      method: 'GET',
      url: '/v1/x',
      headers: {
        ...signed,
        ...extra,
        authorization: `SDK-HMAC-SHA256 Access=AK, SignedHeaders=${list}, Signature=${signature}`
      }
    }
  }

  function withoutHeader(req: ReturnType<typeof handSigned>, name: string) {
    const headers: Record<string, string> = { ...req.headers }
    delete headers[name]
    return { ...req, headers }
  }

  it('accepts a correctly hand-signed request', () => {
    const req = handSigned({ host: 'gw.example', 'x-sdk-date': date })
    expect(verifySignature(req, Buffer.alloc(0), options)).toBeNull()
    expect(verifySignature(req, undefined, options)).toBeNull()
  })

  it.each([
    [
      'host is not signed',
      handSigned({ 'x-sdk-date': date }, { host: 'gw.example' }),
      /SignedHeaders: host/
    ],
    [
      'a project id is sent unsigned',
      handSigned({ host: 'gw.example', 'x-sdk-date': date }, { 'x-project-id': 'p' }),
      /SignedHeaders: x-project-id/
    ],
    [
      'a signed header is absent',
      withoutHeader(
        handSigned({ host: 'gw.example', 'x-sdk-date': date, 'x-extra': 'v' }),
        'x-extra'
      ),
      /signed header 'x-extra' is not in the request/
    ],
    [
      'there is no Authorization header',
      { method: 'GET', url: '/', headers: {} },
      /Authorization header not found/
    ],
    [
      'the Authorization scheme is different',
      { method: 'GET', url: '/', headers: { authorization: 'Bearer abc' } },
      /not a valid SDK-HMAC-SHA256/
    ],
    [
      'X-Sdk-Date is missing',
      {
        method: 'GET',
        url: '/',
        headers: {
          authorization: `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=${'0'.repeat(64)}`
        }
      },
      /x-sdk-date not found/
    ],
    [
      'X-Sdk-Date is malformed',
      handSigned({ host: 'gw.example', 'x-sdk-date': '20261340T033800Z' }),
      /not in the form YYYYMMDDTHHMMSSZ/
    ]
  ])('rejects when %s', (_name, req, message) => {
    expect(verifySignature(req, Buffer.alloc(0), options)).toEqual({
      status: 401,
      error_code: 'APIGW.0301',
      error_msg: expect.stringMatching(message)
    })
  })
})
