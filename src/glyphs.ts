/**
 * The few characters outside ASCII that the action writes itself, as escapes. Keeping every
 * character of the bundle ASCII halves the memory its source takes: V8 stores a script's
 * source with one byte a character only when all of them fit in one (measured: the resident
 * set 0.4 MiB smaller; __tests__/bundle/bundle-contents.test.ts holds the bundle to it). And
 * the one way the action shortens text it shows.
 */

/** Ends text cut short. */
export const ELLIPSIS = '\u2026'

/** `text` cut to its first `maxChars` characters, with an ellipsis when anything was cut. */
export function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}${ELLIPSIS}` : text
}

/** Marks and punctuation of the job summary. */
export const GLYPH = {
  check: '\u2705',
  cross: '\u274c',
  noEntry: '\u26d4',
  stopwatch: '\u23f1\ufe0f',
  prohibited: '\u{1f6ab}',
  hourglass: '\u23f3',
  whiteCircle: '\u26aa',
  nextTrack: '\u23ed\ufe0f',
  emDash: '\u2014',
  middleDot: '\u00b7',
  leftQuote: '\u201c',
  rightQuote: '\u201d'
} as const
