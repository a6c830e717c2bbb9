// @ts-check
import { createGzip } from 'node:zlib'
import { rawReply } from './replies.js'

/** @typedef {import('./scenario-options.js').HostileKind} HostileKind */
/** @typedef {import('./replies.js').Reply} Reply */

/** What `hostile: { kind: 'hugeContentLength' }` announces: 2^50 bytes. */
export const HUGE_CONTENT_LENGTH = 1125899906842624

/** What the gzip bomb inflates to. */
export const GZIP_BOMB_INFLATED_BYTES = 300 * 1024 * 1024

/** @type {Promise<Buffer> | null} */
let gzipBomb = null

/**
 * A small gzip body that inflates to {@link GZIP_BOMB_INFLATED_BYTES} zero bytes, compressed
 * once a process from a stream of zeros (never holding them all).
 *
 * @returns {Promise<Buffer>}
 */
export function gzipBombBody() {
  gzipBomb ??= new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 })
    /** @type {Buffer[]} */
    const parts = []
    gzip.on('data', (part) => parts.push(part))
    gzip.on('end', () => resolve(Buffer.concat(parts)))
    gzip.on('error', reject)
    const zeros = Buffer.alloc(1024 * 1024)
    let left = GZIP_BOMB_INFLATED_BYTES / zeros.length
    const write = () => {
      while (left > 0) {
        left--
        if (!gzip.write(zeros)) return void gzip.once('drain', write)
      }
      gzip.end()
    }
    write()
  })
  return gzipBomb
}

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c
  )

/**
 * The hostile answer of a kind.
 *
 * @param {HostileKind} kind
 * @param {import('node:http').IncomingHttpHeaders} headers the request's
 * @param {Buffer | null} bomb the gzip bomb, prepared at start
 * @returns {Reply}
 */
export function hostileReply(kind, headers, bomb) {
  switch (kind) {
    case 'endlessBody':
      return { type: 'endless' }
    case 'hugeContentLength':
      return {
        ...rawReply(200, '{"result":{"has_more_data":true,"offset":', 'application/json'),
        contentLength: HUGE_CONTENT_LENGTH,
        destroyAfterBody: true
      }
    case 'gzipBomb': {
      const reply = rawReply(200, bomb ?? Buffer.alloc(0), 'application/json;charset=UTF-8')
      return { ...reply, headers: { ...reply.headers, 'Content-Encoding': 'gzip' } }
    }
    case 'echoHeadersPage': {
      // The credentials first, as request inspectors list them: a quote of the page's start
      // then holds the token, which is what a message that quotes remote text must survive.
      const first = (/** @type {string} */ name) => (/auth|token/i.test(name) ? 0 : 1)
      const rows = Object.entries(headers)
        .sort(([a], [b]) => first(a) - first(b))
        .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(String(value))}`)
        .join('\n')
      return rawReply(
        200,
        `<pre>${rows}\n</pre><p>Request inspector</p>\n`,
        'text/html;charset=UTF-8'
      )
    }
  }
}
