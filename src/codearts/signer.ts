import { createHash, createHmac } from 'node:crypto'

/**
 * An AK/SK pair, optionally temporary (with its security token), and the project to act in.
 */
export interface AkSkCredentials {
  readonly accessKey: string
  readonly secretKey: string
  /** Present for temporary credentials; sent and signed as `X-Security-Token`. */
  readonly securityToken?: string
  /** Sent and signed as `X-Project-Id` when given. */
  readonly projectId?: string
}

/** The parts of an outgoing request that the signature covers. */
export interface RequestToSign {
  readonly method: string
  /** Absolute URL, exactly as it will be requested. */
  readonly url: string
  /** Headers the request will carry; only `Content-Type` and `Host` among them are signed. */
  readonly headers: Readonly<Record<string, string>>
  /** The exact body that will be sent (empty string when there is none). */
  readonly body: string
}

const ALGORITHM = 'SDK-HMAC-SHA256'

/**
 * Percent-encodes everything except the RFC 3986 unreserved set, over UTF-8 bytes, with
 * upper-case hex. This is the `escape()` of huaweicloud-sdk-go-v3 core/auth/signer and the
 * `noEscape` table of the nodejs-v3 AKSKSigner and of the APIG JavaScript signer.
 * encodeURIComponent alone is not enough: it leaves `! ' ( ) *` as they are.
 */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/**
 * The gateway rebuilds the canonical form from what it received, after decoding. Decoding
 * first makes the signature independent of how the URL happened to be escaped
 * (`%7E` versus `~`, `(` versus `%28`).
 */
function decodeLeniently(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    // A stray `%` cannot be decoded by the server either; it sees the text as it is.
    return value
  }
}

function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split('/')
    .map((segment) => encodeRfc3986(decodeLeniently(segment)))
    .join('/')
  // The signature always covers a path ending in `/`, although the request is sent without
  // it (Huawei "API Request Signing Guide" example: `/v1/{project}/vpcs` signs as `.../vpcs/`;
  // same in the Go, Node.js and APIG signers).
  return encoded.endsWith('/') ? encoded : `${encoded}/`
}

/** Orders by UTF-8 bytes, as Go's sort.Strings does in the SDK's canonicalQueryString. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

function canonicalQuery(searchParams: URLSearchParams): string {
  // URLSearchParams decodes `+` as a space, like Go's url.ParseQuery and Node's
  // querystring, which is how the public signers read the query they sign.
  const pairs = [...searchParams.entries()]
  pairs.sort(([nameA, valueA], [nameB, valueB]) => {
    return compareUtf8(nameA, nameB) || compareUtf8(valueA, valueB)
  })
  // A parameter without a value still contributes `name=` (Go SDK and APIG signer alike).
  return pairs.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join('&')
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex')
}

function parseAbsoluteUrl(url: string): URL {
  try {
    return new URL(url)
  } catch {
    throw new Error(`Cannot sign request: '${url}' is not an absolute URL.`)
  }
}

/**
 * Builds the APIG canonical request that `SDK-HMAC-SHA256` hashes and signs. Exposed so a
 * signature the gateway refuses can be diagnosed by logging what was signed.
 *
 * @param method HTTP method (upper-cased here, as it goes on the wire).
 * @param url Absolute URL of the request.
 * @param signedHeaders The headers to sign, by name (any case) with their values; they are
 *   lower-cased, sorted and trimmed here.
 * @param body The exact body sent; its SHA-256 is taken over the raw UTF-8 bytes.
 * @returns The canonical request text.
 */
export function canonicalRequest(
  method: string,
  url: string,
  signedHeaders: Readonly<Record<string, string>>,
  body: string
): string {
  const parsed = parseAbsoluteUrl(url)
  const headers = Object.entries(signedHeaders)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // Each header line ends in `\n` and the list is then joined with `\n` again, so a blank
  // line separates the headers from the signed-header list (Huawei guide example, Go SDK).
  const headerBlock = headers.map(([name, value]) => `${name}:${value}\n`).join('')
  return [
    method.toUpperCase(),
    canonicalUri(parsed.pathname),
    canonicalQuery(parsed.searchParams),
    headerBlock,
    headers.map(([name]) => name).join(';'),
    // The raw body, byte for byte: the Go SDK test vectors only reproduce when the hash covers
    // the trailing newline that Go's JSON encoder writes, so nothing may be re-serialised.
    sha256Hex(body)
  ].join('\n')
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the only form `X-Sdk-Date` accepts. */
function sdkDate(now: Date): string {
  if (Number.isNaN(now.getTime())) {
    throw new Error('Cannot sign request: the signing time is not a valid date.')
  }
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
}

function findHeader(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value
  }
  return undefined
}

/**
 * Signs a request for Huawei Cloud's API gateway with `SDK-HMAC-SHA256` (AK/SK).
 *
 * Signed headers are `host` and `x-sdk-date`, plus `x-project-id` and `x-security-token` when
 * the credentials carry them and `content-type` when the request has one. Other headers are
 * left unsigned on purpose: the gateway verifies exactly the list named in `SignedHeaders`,
 * and an HTTP library is free to add or rewrite headers such as `User-Agent`.
 *
 * @param request The request as it will be sent; `url` must be absolute.
 * @param credentials AK/SK, and optionally security token and project id.
 * @param now Signing time; the gateway refuses more than 15 minutes of clock skew.
 * @returns Headers to add to the request: `X-Sdk-Date`, `Authorization`, and
 *   `X-Security-Token` / `X-Project-Id` when given.
 * @throws Error when a key is empty, the URL is not absolute or the time is invalid.
 */
export function signRequest(
  request: RequestToSign,
  credentials: AkSkCredentials,
  now: Date
): Record<string, string> {
  if (!credentials.accessKey || !credentials.secretKey) {
    throw new Error('Cannot sign request: the access key and the secret key must both be set.')
  }
  const date = sdkDate(now)
  const added: Record<string, string> = { 'X-Sdk-Date': date }
  if (credentials.securityToken) added['X-Security-Token'] = credentials.securityToken
  if (credentials.projectId) added['X-Project-Id'] = credentials.projectId

  // An explicit Host header is what goes on the wire; otherwise the client derives it from
  // the URL, and URL.host already drops a default port (as the Node.js SDK signs it).
  const host = findHeader(request.headers, 'host') ?? parseAbsoluteUrl(request.url).host
  const toSign: Record<string, string> = { host }
  const contentType = findHeader(request.headers, 'content-type')
  if (contentType !== undefined) toSign['content-type'] = contentType
  for (const [name, value] of Object.entries(added)) toSign[name.toLowerCase()] = value

  const canonical = canonicalRequest(request.method, request.url, toSign, request.body)
  const stringToSign = `${ALGORITHM}\n${date}\n${sha256Hex(canonical)}`
  const signature = createHmac('sha256', credentials.secretKey)
    .update(stringToSign, 'utf8')
    .digest('hex')
  const signedHeaderList = Object.keys(toSign).sort().join(';')

  return {
    ...added,
    Authorization: `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaderList}, Signature=${signature}`
  }
}
