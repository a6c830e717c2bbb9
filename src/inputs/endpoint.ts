import { InputError, invalid } from './input-error.js'

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/** The base URL: https anywhere, plain http only to this machine (the simulator). */
export function parseEndpoint(value: string, region: string): string {
  if (!value) return `https://cloudbuild-ext.${region}.myhuaweicloud.com`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalid(
      'endpoint',
      value,
      "Expected an absolute URL such as 'https://cloudbuild-ext.cn-north-4.myhuaweicloud.com', or leave it empty to use the region's default."
    )
  }
  const plainHttpToLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname)
  if (url.protocol !== 'https:' && !plainHttpToLoopback) {
    throw invalid(
      'endpoint',
      value,
      'Expected an https:// URL (plain http:// is allowed only to 127.0.0.1, localhost or ::1).'
    )
  }
  if (url.username || url.password) {
    // The value is not quoted: it holds a password.
    throw new InputError(
      "Invalid 'endpoint' input: Expected a base URL without credentials; credentials go in 'token' or 'access-key'/'secret-key'."
    )
  }
  if (value.includes('?') || value.includes('#')) {
    throw invalid(
      'endpoint',
      value,
      'Expected a base URL without query or fragment, such as https://cloudbuild-ext.cn-north-4.myhuaweicloud.com.'
    )
  }
  return url.toString().replace(/\/+$/, '')
}
