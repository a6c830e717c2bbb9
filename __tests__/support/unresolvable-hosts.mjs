// @ts-check
/**
 * Test-only preload (`NODE_OPTIONS=--import <this file>`): host names under
 * `myhuaweicloud.com` and `.invalid` do not resolve (ENOTFOUND), without asking any DNS
 * server. Each such lookup is appended, one line each, to the file named by
 * `UNRESOLVABLE_LOOKUPS_FILE` when it is set, so a test can count the tries.
 */
import dns from 'node:dns'
import fs from 'node:fs'

/** @type {(...args: unknown[]) => unknown} */
const original = /** @type {any} */ (dns.lookup)
const UNRESOLVABLE = /(\.myhuaweicloud\.com|\.invalid)$/i

/** @type {any} */
const patched = function lookup(
  /** @type {string} */ hostname,
  /** @type {any} */ options,
  /** @type {any} */ callback
) {
  if (!UNRESOLVABLE.test(hostname)) return original.apply(dns, [hostname, options, callback])
  const done = typeof options === 'function' ? options : callback
  const record = process.env.UNRESOLVABLE_LOOKUPS_FILE
  if (record) fs.appendFileSync(record, `${hostname}\n`)
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname
  })
  process.nextTick(() => done(error))
  return {}
}
dns.lookup = patched
