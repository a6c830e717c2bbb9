/**
 * The text of workflow commands as the runner parses them, and remote text made safe to stand
 * inside one.
 */

/** Escaping of a command's message, as the runner unescapes it. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escaping of a command's property values. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** A workflow command line such as `::error title=Build::message`. */
export function formatCommand(
  name: string,
  properties: Readonly<Record<string, string | undefined>>,
  message: string
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeCommandProperty(value)}`)
    .join(',')
  return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(message)}\n`
}

/**
 * Keeps the log page from rendering remote text as markup: a displayed line that starts with
 * `##[group]`, `##[error]`, ... is drawn as a group or annotation even when the runner did not act
 * on it (inside the fence), so every `##[` gets an invisible break. A `\r` needs nothing: the
 * runner splits lines there by itself, and the new line is neutralized like any other. The
 * same for bytes: neutralizeRemoteBytes.
 */
export function neutralizeRemoteText(text: string): string {
  return text.indexOf('##[') === -1 ? text : text.replace(/##\[/g, '##\u200b[')
}

/**
 * Remote text used inside a command (a group title, an annotation's message): on one line,
 * since the runner would split the command's output at a `\r` or `\n` and show the rest as a
 * line of its own, and with every `##[` neutralized.
 */
export function singleLineRemoteText(text: string): string {
  return neutralizeRemoteText(text.replace(/[\r\n]+/g, ' '))
}

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** Where an annotation points: a title, and a repository-relative file with its line. */
export type AnnotationPlace = {
  readonly title?: string
  readonly file?: string
  readonly line?: string
  readonly col?: string
}
