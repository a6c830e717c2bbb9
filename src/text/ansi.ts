/** Colour and cursor codes (CSI sequences) as build tools print them. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g

/** The text without terminal escape codes, for places that do not render them. */
export function stripAnsi(text: string): string {
  return text.indexOf('\u001b') === -1 ? text : text.replace(ANSI_ESCAPE, '')
}
