/** The marks the action writes itself, and the one way it shortens text it shows. */

/** Ends text cut short. */
export const ELLIPSIS = '…'

/** `text` cut to its first `maxChars` characters, with an ellipsis when anything was cut. */
export function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}${ELLIPSIS}` : text
}

/** Marks and punctuation of the job summary. */
export const GLYPH = {
  check: '✅',
  cross: '❌',
  noEntry: '⛔',
  stopwatch: '⏱️',
  prohibited: '🚫',
  hourglass: '⏳',
  whiteCircle: '⚪',
  nextTrack: '⏭️',
  emDash: '—',
  middleDot: '·',
  leftQuote: '“',
  rightQuote: '”'
} as const
