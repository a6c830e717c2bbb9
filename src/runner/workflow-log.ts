import { FenceNeeds, neutralizeRemoteBytes } from './command-hazards.js'
import type { LineBreaks } from './line-breaks.js'
import { OutputStream, StagedOutput } from './staged-output.js'
import { formatCommand, AnnotationLevel, AnnotationPlace } from './command-text.js'

/**
 * The action's stdout as the runner reads it. Remote text is untrusted: the runner executes a
 * line that starts with `::` (after whitespace) or holds `##[name]`, and it splits lines on
 * `\r` too. So a remote line that could read as a command (see command-hazards.ts) is written
 * inside a `::stop-commands::<token>` fence, with a token no remote text can guess. The fence
 * is closed again at the next line that needs none and before the action's own commands (groups,
 * annotations, outputs): a clean log shows no fence line at all.
 *
 * Every line the action writes ends in `\n`, on Windows too (not `os.EOL`): the runner ends a
 * line at `\n` on every OS, and one ending keeps the output byte for byte the same everywhere.
 */

export class WorkflowLog {
  private fenceOpen = false
  private openGroupTitle: string | undefined
  private readonly staged: StagedOutput
  /** Inside `batch`: writes are staged and written together at its end. */
  private batchDepth = 0

  /**
   * @param out where the runner reads from
   * @param fenceToken a random secret, masked before first use
   */
  constructor(
    private readonly out: OutputStream,
    private readonly fenceToken: string
  ) {
    this.staged = new StagedOutput(out)
  }

  get groupIsOpen(): boolean {
    return this.openGroupTitle !== undefined
  }

  /**
   * Runs `write` with everything it writes staged, then writes it all at once. Returns false
   * when stdout asks to wait (see whenDrained).
   */
  batch(write: () => void): boolean {
    this.batchDepth++
    try {
      write()
    } finally {
      this.batchDepth--
    }
    return this.batchDepth > 0 || this.staged.flush()
  }

  /** Remote lines, shown as plain text. Returns false under backpressure. */
  remoteLines(lines: readonly string[]): boolean {
    if (lines.length === 0) return true
    return this.remoteText(lines.join('\n') + '\n')
  }

  /**
   * Remote text made of whole lines (each ending in `\n`); the bytes are copied before this
   * returns. Only the lines that need it are fenced. Returns false under backpressure.
   */
  remoteText(text: string | Buffer): boolean {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text
    return this.remoteLinesOf(bytes, 0, bytes.length)
  }

  /**
   * The same for the whole lines `text[start, until)`; `breaks`, when it holds their newlines
   * (the mirror's walk found them), spares searching for them again.
   */
  remoteLinesOf(text: Buffer, start: number, until: number, breaks?: LineBreaks): boolean {
    // The fence's own searches stay within these lines: `text` may go on far beyond them.
    const bytes = text.subarray(start, until)
    const known = breaks !== undefined && breaks.covers(text, start, until)
    const needs = new FenceNeeds(bytes)
    let runStart = 0
    let next = known ? breaks.indexFrom(start) : 0
    for (let line = 0; line < bytes.length;) {
      const newline = known ? breaks.at(next++) - start : bytes.indexOf(0x0a, line)
      const end = newline === -1 ? bytes.length : newline + 1
      const fenced = needs.line(line, end)
      if (fenced !== this.fenceOpen) {
        this.writeRemote(bytes.subarray(runStart, line))
        runStart = line
        if (fenced) this.openFence()
        else this.closeFence()
      }
      line = end
    }
    return this.writeRemote(bytes.subarray(runStart))
  }

  /**
   * A piece of a remote line too long to hold whole, fenced unless the caller found that the
   * line needs no fence (the fence state only changes at the line's first piece).
   * `hashesBefore`: the `#` that ended the previous piece (see neutralizeRemoteBytes).
   */
  remotePiece(bytes: Buffer, hashesBefore = 0, fenced = true): boolean {
    if (fenced) this.openFence()
    else this.closeFence()
    this.write(neutralizeRemoteBytes(bytes, hashesBefore))
    return this.written()
  }

  /** The action's own status line: plain text, fenced when it quotes remote text that needs it. */
  info(message: string): boolean {
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
    // What is staged goes first: the other means write to the stream directly.
    this.staged.flush()
    return write()
  }

  /** Leaves stdout as a plain workflow log: no fence, no open group. Safe to call twice. */
  close(): void {
    this.endGroup()
    this.closeFence()
    this.staged.flush()
  }

  /**
   * Resolves once stdout has taken what was written (pipes can push back), or once it is gone:
   * a reader that went away must not stop the log file from being completed. Each wait takes
   * its listeners away again, so waiting often on a slow pipe adds none.
   */
  whenDrained(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.out.writableNeedDrain) {
        resolve()
        return
      }
      const done = (): void => {
        for (const event of ['drain', 'error', 'close'] as const) {
          this.out.removeListener?.(event, done)
        }
        resolve()
      }
      this.out.once('drain', done)
      this.out.once('error', done)
      this.out.once('close', done)
    })
  }

  private writeRemote(bytes: Buffer): boolean {
    if (bytes.length > 0) this.write(neutralizeRemoteBytes(bytes))
    return this.written()
  }

  private write(data: string | Uint8Array): void {
    this.staged.append(data)
  }

  /** Outside a batch, what was staged goes out now. */
  private written(): boolean {
    return this.batchDepth > 0 ? true : this.staged.flush()
  }

  private command(
    name: string,
    properties: Readonly<Record<string, string | undefined>>,
    message: string
  ): void {
    this.closeFence()
    this.write(formatCommand(name, properties, message))
    this.written()
  }

  private openFence(): void {
    if (this.fenceOpen) return
    this.write(`::stop-commands::${this.fenceToken}\n`)
    this.fenceOpen = true
  }

  private closeFence(): void {
    if (!this.fenceOpen) return
    this.write(`::${this.fenceToken}::\n`)
    this.fenceOpen = false
  }
}
