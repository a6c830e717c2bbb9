// @ts-check
import { randomBytes } from 'node:crypto'
import zlib from 'node:zlib'

/** @typedef {import('./replies.js').Reply} Reply */

const ENDLESS_CHUNK = Buffer.alloc(64 * 1024, 'x')

/**
 * Writes replies to the wire: gzip when asked for, a slow link, held and reset sockets,
 * bodies that never end.
 *
 * @param {import('./state.js').SimulatorState} state
 */
export function createDelivery(state) {
  const { gzip, bytesPerSecond } = state.options.transport

  /**
   * Sends a body a tenth of `bytesPerSecond` at a time, ten times a second: a slow link.
   *
   * @param {import('node:http').ServerResponse} res
   * @param {Buffer} body
   */
  const trickle = (res, body) => {
    const step = Math.max(1, Math.floor(bytesPerSecond / 10))
    let at = 0
    const next = () => {
      if (res.destroyed) return
      const end = Math.min(body.length, at + step)
      const part = body.subarray(at, end)
      at = end
      if (at >= body.length) return void res.end(part)
      res.write(part)
      state.later(100, next)
    }
    next()
  }

  /**
   * A body that goes on until the client closes (or the simulator does), written as fast as
   * the client reads it.
   *
   * @param {import('node:http').ServerResponse} res
   */
  const endless = (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' })
    const end = () => res.destroy()
    state.endless.add(end)
    res.on('close', () => state.endless.delete(end))
    const pump = () => {
      while (!res.destroyed && res.write(ENDLESS_CHUNK));
      if (!res.destroyed) res.once('drain', pump)
    }
    res.write('{"result":{"has_more_data":true,"offset":0,"content":"')
    pump()
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Reply} reply
   * @param {import('./server.js').RequestRecord} record
   */
  return function deliver(req, res, reply, record) {
    const socket = req.socket
    if (reply.type === 'reset') {
      socket.resetAndDestroy()
      return
    }
    if (reply.type === 'hang') {
      state.later(reply.ms, () => socket.destroy())
      return
    }
    if (reply.type === 'endless') {
      record.status = 200
      endless(res)
      return
    }
    record.status = reply.status
    let body = reply.body
    /** @type {Record<string, string>} */
    const extra = {}
    const accepts = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''))
    // A reply that promises more than it carries is a cut connection, and one already encoded
    // is sent as it is.
    const plain = reply.contentLength === undefined && !reply.headers['Content-Encoding']
    if (gzip && accepts && plain) {
      body = zlib.gzipSync(body)
      extra['Content-Encoding'] = 'gzip'
      record.gzipped = true
    }
    res.writeHead(reply.status, {
      ...reply.headers,
      ...extra,
      'Content-Length': String(reply.contentLength ?? body.length),
      'X-Request-Id': randomBytes(16).toString('hex')
    })
    if (reply.destroyAfterBody) res.write(body, () => socket.destroy())
    else if (bytesPerSecond) trickle(res, body)
    else res.end(body)
  }
}
