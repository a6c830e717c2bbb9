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
  return {
    ...jsonReply(200, null),
    body: Buffer.concat([
      Buffer.from(head),
      jsonStringBytes(log, window.startByte, window.endByte),
      Buffer.from(tail)
    ])
  }
}
