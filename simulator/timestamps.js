// @ts-check

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

// CodeArts stamps its lines in China Standard Time whatever the reader's zone.
const GMT8_OFFSET_MS = 8 * 3600 * 1000

/**
 * @typedef {'dated' | 'month'} MarkerStyle
 * 'dated' renders `2023/12/21 15:44:18.793`, 'month' renders `Sep 14, 2026 02:29:37.820`.
 */

/** @param {number} value @param {number} width */
function pad(value, width = 2) {
  return String(value).padStart(width, '0')
}

/**
 * Formats an instant the way CodeArts log lines do, including the ` GMT+08:00` suffix.
 *
 * @param {number} epochMs
 * @param {MarkerStyle} style
 * @returns {string}
 */
export function formatLogTimestamp(epochMs, style) {
  const d = new Date(epochMs + GMT8_OFFSET_MS)
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  const date =
    style === 'dated'
      ? `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`
      : `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()}`
  return `${date} ${time} GMT+08:00`
}

/**
 * The calendar day in GMT+08:00 as `YYYYMMDD`, the prefix of a daily build number.
 *
 * @param {number} epochMs
 */
export function formatDailyDate(epochMs) {
  const d = new Date(epochMs + GMT8_OFFSET_MS)
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`
}
