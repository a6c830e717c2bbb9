import * as http from 'node:http'
import * as https from 'node:https'
import type { Gunzip } from 'node:zlib'
import { BodyPool, PooledBody } from './body-pool.js'
import { answerLimitFor, oversizedAnswerError } from './answer-limit.js'
import { AnswerReadBuffers } from './read-buffers.js'

/**
 * A gunzip stream. node:zlib is loaded on the first gzipped answer, not at every start: a run
 * whose answers all come uncompressed never pays for the module (time and memory before the
 * first request). `process.getBuiltinModule` is the synchronous way to load a built-in on
 * demand in an ES module, and the bundler leaves it as it is.
 */
function createGunzip(): Gunzip {
  return process.getBuiltinModule('node:zlib').createGunzip()
}

/** One request to send. */
export interface HttpRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Record<string, string>
  /** The exact body; empty for none. */
  readonly payload: string
  /** The connection pool (and proxy tunnel, when the runner has one) to send it through. */
  readonly agent: http.Agent
  /**
   * The longest silence allowed: no answer header, or no further byte of the body, for this
   * long ends the request. A slow link that keeps delivering is never cut short.
   */
  readonly idleTimeoutMs: number
  readonly signal?: AbortSignal
  /** Reads the body into this pool's memory; the answer's `release` gives it back. */
  readonly bodyPool?: BodyPool
}

/** A complete answer, its body decoded when the server compressed it. */
export interface HttpAnswer {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: Buffer
  /**
   * Gives the body's memory back to the request's pool (a no-op without one); the body must not
   * be read afterwards. Safe to call more than once; an answer never released is collected.
   */
  readonly release?: () => void
}

/** Why a request got no complete answer. */
export class ExchangeFailure extends Error {
  constructor(
    message: string,
    /** Node's error code, e.g. ECONNRESET, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT. */
    readonly code: string | undefined,
    /** The idle limit ended the request. */
    readonly timedOut: boolean,
    /** Answer headers had arrived before the failure. */
    readonly answered: boolean
  ) {
    super(message)
    this.name = 'ExchangeFailure'
  }
}

/**
 * Sends one request with `Accept-Encoding: gzip` and reads its whole answer, under an idle
 * limit rather than a whole-answer limit, and a size limit (answer-limit.ts): a body,
 * compressed or not, over it, or a Content-Length that says so, is a fatal ApiError, never a
 * crash or a memory spike. Rejects with ExchangeFailure, that ApiError, or the signal's
 * reason once it is aborted.
 */
export function sendRequest(request: HttpRequest): Promise<HttpAnswer> {
  const { url, signal } = request
  signal?.throwIfAborted()
  const secure = url.protocol === 'https:'
  return new Promise<HttpAnswer>((resolve, reject) => {
    let answered = false
    let settled = false
    let pooled: PooledBody | undefined
    const finish = (error: Error | undefined, answer?: HttpAnswer): void => {
      if (settled) return
      settled = true
      clearTimeout(idleTimer)
      signal?.removeEventListener('abort', onAbort)
      // A failed read gives its memory back at once: a retry will ask for it again.
      if (error) pooled?.release()
      if (error) readBuffers?.forget()
      if (error) reject(error)
      else resolve(answer as HttpAnswer)
    }
    const fail = (error: unknown): void => {
      if (signal?.aborted) return finish(signal.reason as Error)
      if (error instanceof ExchangeFailure) return finish(error)
      const code = (error as NodeJS.ErrnoException).code
      const message = error instanceof Error ? error.message : String(error)
      finish(new ExchangeFailure(message, code, false, answered))
    }
    const onAbort = (): void => {
      req.destroy()
      finish(signal?.reason as Error)
    }
    let idleTimer: NodeJS.Timeout | undefined
    const onIdle = (): void => {
      const failure = new ExchangeFailure(
        answered
          ? `the answer stalled: no byte for ${request.idleTimeoutMs} ms`
          : `no answer within ${request.idleTimeoutMs} ms`,
        'ETIMEDOUT',
        true,
        answered
      )
      req.destroy(failure)
      finish(failure)
    }
    // Every sign of life restarts the limit; refresh() reuses the timer, cheap per body chunk.
    const stillAlive = (): void => {
      if (settled) return
      if (idleTimer) idleTimer.refresh()
      else idleTimer = setTimeout(onIdle, request.idleTimeoutMs)
    }

    const headers: Record<string, string> = { 'Accept-Encoding': 'gzip', ...request.headers }
    if (request.payload) headers['Content-Length'] = String(Buffer.byteLength(request.payload))
    const options: http.RequestOptions = {
      method: request.method,
      // URL keeps the brackets of an IPv6 literal; the socket layer wants the bare address.
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers,
      agent: request.agent
    }
    const limit = answerLimitFor(url)
    // A plain body copied into the pool leaves what Node read it into unused (read-buffers.ts).
    const readBuffers = request.bodyPool ? new AnswerReadBuffers() : undefined
    const req = (secure ? https : http).request(options, (response) => {
      answered = true
      stillAlive()
      const gzipped = /^\s*(x-)?gzip\s*$/i.test(String(response.headers['content-encoding'] ?? ''))
      const declared = Number(response.headers['content-length'])
      const decoder = gzipped ? createGunzip() : undefined
      const tooLarge = (size: number, isDeclared: boolean): void => {
        const error = oversizedAnswerError({
          host: url.host,
          limit,
          size,
          declared: isDeclared,
          decompressed: gzipped && !isDeclared
        })
        req.destroy()
        decoder?.destroy()
        finish(error)
      }
      // Refused before a byte of the body is read, or any memory is taken for it.
      if (declared > limit) return tooLarge(declared, true)
      const parts: Buffer[] = []
      if (request.bodyPool) {
        pooled = new PooledBody(request.bodyPool, gzipped || !(declared > 0) ? 0 : declared)
      }
      const body = pooled
      if (decoder) readBuffers?.forget()
      let received = 0
      let kept = 0
      // Parts that come after the end (an aborted request) are not kept: the memory is reused.
      const keep = (part: Buffer): void => {
        if (settled) return
        kept += part.length
        if (kept > limit) return tooLarge(kept, false)
        if (body) body.append(part)
        else parts.push(part)
      }
      response.on('data', (part: Buffer) => {
        stillAlive()
        if (settled) return
        received += part.length
        // The compressed bytes count too: an endless gzipped body is cut as an endless plain one.
        if (decoder && received > limit) return tooLarge(received, false)
        if (decoder) decoder.write(part)
        else keep(part)
        if (body && !decoder) readBuffers?.add(part)
      })
      const done = (): void => {
        // After the end, the parser is done with every byte read for this answer.
        readBuffers?.free()
        finish(undefined, {
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: body ? body.bytes() : Buffer.concat(parts),
          release: () => body?.release()
        })
      }
      if (decoder) {
        decoder.on('data', keep)
        decoder.on('end', done)
        decoder.on('error', (error) =>
          fail(
            new ExchangeFailure(
              `the gzip answer is corrupt: ${error.message}`,
              'EGZIP',
              false,
              true
            )
          )
        )
      }
      response.on('end', () => (decoder ? decoder.end() : done()))
      response.on('error', fail)
      response.on('close', () => {
        if (!response.complete) {
          fail(
            new ExchangeFailure(
              'connection closed before the answer was complete',
              'ECONNRESET',
              false,
              true
            )
          )
        }
      })
    })
    req.on('error', fail)
    req.on('socket', (socket) => readBuffers?.watch(socket))
    signal?.addEventListener('abort', onAbort, { once: true })
    stillAlive()
    req.end(request.payload || undefined)
  })
}
