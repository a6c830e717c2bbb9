// @ts-check
import { jsonStringBytes } from './json-bytes.js'
import { jsonReply } from './replies.js'

/**
 * The real-time-log success answer, in the documented key order. Assembled from bytes so a
 * megabyte of log never round-trips through a JS string (see json-bytes.js).
 *
 * @param {Buffer} log
 * @param {import('./log-window.js').LogWindow} window
 * @param {'native' | 'string'} cursorTypes 'string' quotes the cursors and has_more_data, as
 *   older doc versions type them
 * @returns {import('./replies.js').SendReply}
 */
export function logAnswerReply(log, window, cursorTypes) {
  /** @param {number | boolean} value */
  const typed = (value) => (cursorTypes === 'string' ? `"${value}"` : String(value))
  const head =
    `{"result":{"has_more_data":${typed(window.hasMoreData)},` +
    `"offset":${typed(window.nextOffset)},"content":"`
  const tail = `","current_offset":${typed(window.currentOffset)}},"error":null,"status":"success"}`
  return replyAround(head, log, window, tail)
}

/**
 * The answer of the current log route, `GET /v1/log/{job_id}/{build_no}/real-time-log`: its
 * cursors are digit strings, `end_offset` is the next `start_offset`.
 *
 * @param {Buffer} log
 * @param {import('./log-window.js').LogWindow} window
 * @returns {import('./replies.js').SendReply}
 */
export function logV1AnswerReply(log, window) {
  const head =
    `{"result":{"has_more":${window.hasMoreData},"start_offset":"${window.currentOffset}",` +
    `"end_offset":"${window.nextOffset}","log":"`
  const tail = `","location":null},"error":null,"status":"success"}`
  return replyAround(head, log, window, tail)
}

/**
 * A JSON answer whose one string value is the window's log bytes, escaped straight from the
 * buffer: `head` ends with the string's opening quote, `tail` starts with its closing one.
 *
 * @param {string} head
 * @param {Buffer} log
 * @param {import('./log-window.js').LogWindow} window
 * @param {string} tail
 * @returns {import('./replies.js').SendReply}
 */
function replyAround(head, log, window, tail) {
  return {
    ...jsonReply(200, null),
    body: Buffer.concat([
      Buffer.from(head),
      jsonStringBytes(log, window.startByte, window.endByte),
      Buffer.from(tail)
    ])
  }
}
