/**
 * The action's stdout as the runner reads it. Remote text is untrusted: the runner executes a
 * line that starts with `::` (after whitespace) or holds `##[name]`, and it splits lines on
 * `\r` too. So remote lines are written only inside a `::stop-commands::<token>` fence, with a
 * token no remote text can guess; the fence is closed for the action's own commands (groups,
 * annotations, outputs) and opened again for the next remote line.
 *
 * Every line the action writes ends in `\n`, on Windows too (not `os.EOL`): the runner ends a
 * line at `\n` on every OS, and one ending keeps the output byte for byte the same everywhere.
 */

/** The part of a writable stream the log needs; process.stdout fits. */
export interface OutputStream {
  write(text: string): boolean
  readonly writableNeedDrain?: boolean
  once(event: 'drain' | 'error' | 'close', listener: () => void): unknown
}

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
 * `##[group]`, `##[error]`… is drawn as a group or annotation even when the runner did not act
 * on it (inside the fence), so every `##[` gets an invisible break. A `\r` needs nothing: the
 * runner splits lines there by itself, and the new line is neutralized like any other.
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

export class WorkflowLog {
  private fenceOpen = false
  private openGroupTitle: string | undefined

  /**
   * @param out where the runner reads from
   * @param fenceToken a random secret, masked before first use
   */
  constructor(
    private readonly out: OutputStream,
    private readonly fenceToken: string
  ) {}

  get groupIsOpen(): boolean {
    return this.openGroupTitle !== undefined
  }

  /** Remote lines, shown as plain text inside the fence. Returns false under backpressure. */
  remoteLines(lines: readonly string[]): boolean {
    if (lines.length === 0) return true
    return this.remoteText(lines.join('\n') + '\n')
  }

  /** Remote text made of whole lines (each ending in `\n`). */
  remoteText(text: string): boolean {
    this.openFence()
    return this.out.write(neutralizeRemoteText(text))
  }

  /** The action's own status line: plain text, safe inside or outside the fence. */
  info(message: string): boolean {
    // It may quote remote text (an error body), so it too goes inside the fence.
    return this.remoteText(message.endsWith('\n') ? message : message + '\n')
  }

  /** Opens a collapsible group; any open group is closed first (groups never nest). */
  startGroup(title: string): void {
    this.endGroup()
    this.command('group', {}, title)
    this.openGroupTitle = title
  }

  endGroup(): void {
    if (this.openGroupTitle === undefined) return
    this.command('endgroup', {}, '')
    this.openGroupTitle = undefined
  }

  /** An annotation, always outside any fence so that the runner acts on it. */
  annotate(level: AnnotationLevel, message: string, where: AnnotationPlace = {}): void {
    this.command(level, where, message)
  }

  /** Runs code that writes workflow commands through other means (e.g. @actions/core). */
  outsideFence<T>(write: () => T): T {
    this.closeFence()
    return write()
  }

  /** Leaves stdout as a plain workflow log: no fence, no open group. Safe to call twice. */
  close(): void {
    this.endGroup()
    this.closeFence()
  }

  /**
   * Resolves once stdout has taken what was written (pipes can push back), or once it is gone:
   * a reader that went away must not stop the log file from being completed.
   */
  whenDrained(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.out.writableNeedDrain) {
        resolve()
        return
      }
      this.out.once('drain', resolve)
      this.out.once('error', resolve)
      this.out.once('close', resolve)
    })
  }

  private command(
    name: string,
    properties: Readonly<Record<string, string | undefined>>,
    message: string
  ): void {
    this.closeFence()
    this.out.write(formatCommand(name, properties, message))
  }

  private openFence(): void {
    if (this.fenceOpen) return
    this.out.write(`::stop-commands::${this.fenceToken}\n`)
    this.fenceOpen = true
  }

  private closeFence(): void {
    if (!this.fenceOpen) return
    this.out.write(`::${this.fenceToken}::\n`)
    this.fenceOpen = false
  }
}
