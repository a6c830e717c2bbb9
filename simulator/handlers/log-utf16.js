// @ts-check
import { characterBoundary } from '../log-window.js'
import { jsonReply } from '../replies.js'

/**
 * A log answer whose cursor counts UTF-16 code units. Each half of a surrogate pair counts
 * two of the answer's bytes, so a byte limit can fall between the halves.
 *
 * @param {import('../timeline.js').SimulatedBuild} build
 * @param {number} offset
 * @param {number} maxBytes
 * @param {'caught-up' | 'while-running'} hasMoreData
 * @param {{ servedRange?: import('../server.js').RequestRecord['servedRange'] }} record
 * @returns {import('../replies.js').Reply}
 */
export function utf16Answer(build, offset, maxBytes, hasMoreData, record) {
  const readable = build.log.toString('utf8', 0, characterBoundary(build.log, build.available))
  let end = Math.min(offset, readable.length)
  let bytes = 0
  while (end < readable.length) {
    const unit = readable.charCodeAt(end)
    const size = unit >= 0xd800 && unit <= 0xdfff ? 2 : Buffer.byteLength(readable[end])
    if (bytes + size > maxBytes && end > offset) break
    bytes += size
    end++
  }
  const content = readable.slice(Math.min(offset, readable.length), end)
  record.servedRange = { offset, end: Math.max(end, offset), bytes }
  const hasMore = end < readable.length || (hasMoreData === 'while-running' && build.building)
  // JSON.stringify writes a lone surrogate as its \uXXXX escape, as such a server would.
  return jsonReply(200, {
    result: {
      has_more_data: hasMore,
      offset: Math.max(end, offset),
      content,
      current_offset: offset
    },
    error: null,
    status: 'success'
  })
}
