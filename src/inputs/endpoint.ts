import { InputError, invalid } from './input-error.js'

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * A base URL input: https anywhere, plain http only to this machine (the simulator). `example`
 * is a valid value named in messages.
 */
function parseBaseUrl(name: string, value: string, example: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalid(
      name,
      value,
      `Expected an absolute URL such as '${example}', or leave it empty to use the region's default.`
    )
  }
  const plainHttpToLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname)
  if (url.protocol !== 'https:' && !plainHttpToLoopback) {
    throw invalid(
      name,
      value,
      'Expected an https:// URL (plain http:// is allowed only to 127.0.0.1, localhost or ::1).'
    )
  }
  if (url.username || url.password) {
    // The value is not quoted: it holds a password.
    throw new InputError(
      `Invalid '${name}' input: Expected a base URL without credentials; credentials go in 'token' or 'access-key'/'secret-key'.`
    )
  }
  if (value.includes('?') || value.includes('#')) {
    throw invalid(name, value, `Expected a base URL without query or fragment, such as ${example}.`)
  }
  return url.toString().replace(/\/+$/, '')
}

/** The base URL: https anywhere, plain http only to this machine (the simulator). */
export function parseEndpoint(value: string, region: string): string {
  if (!value) return `https://cloudbuild-ext.${region}.myhuaweicloud.com`
  return parseBaseUrl('endpoint', value, 'https://cloudbuild-ext.cn-north-4.myhuaweicloud.com')
}

/** IAM's base URL for a keyless sign-in; the region's IAM by default. */
export function parseIamEndpoint(value: string, region: string): string {
  if (!value) return `https://iam.${region}.myhuaweicloud.com`
  return parseBaseUrl('iam-endpoint', value, 'https://iam.cn-north-4.myhuaweicloud.com')
}
