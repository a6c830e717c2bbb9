import { LineInStep } from '../build-log/step-tracker.js'
import {
  FenceNeeds,
  mayBeBlank,
  mayBeIgnorable,
  trailingHashes
} from '../runner/command-hazards.js'
import { WorkflowLog } from '../runner/workflow-log.js'

/**
 * How much of a long line is held back before its start is shown: a line that ends within it
 * is judged whole, so a clean one shows no fence. Bounds the memory a line costs.
 */
export const HELD_LONG_LINE_BYTES = 1024 * 1024

const CR = 0x0d
const COLON = 0x3a
const HASH = 0x23
const NEWLINE = Buffer.from('\n')
/** Stands for what the pieces so far leave open (see LongLineHazards). */
const NOTHING_OPEN = Buffer.from('x')
const OPEN_CONTEXTS = {
  lineBlank: Buffer.from(' '),
  lineColon: Buffer.from(':'),
  crBlank: Buffer.from('\r'),
  crColon: Buffer.from('\r:'),
  oneHash: Buffer.from('#'),
  twoHashes: Buffer.from('##')
}

/**
 * Whether the pieces of one long line, taken in order, could make the runner read a command
 * (see command-hazards.ts), a hazard cut between two pieces included: each piece is judged
 * behind a byte or two standing for what the previous ones left open (a line or a `\r` part
 * that is blank so far, perhaps with one `:`; one or two `#` that a `[` would complete).
 */
export class LongLineHazards {
  /** Empty before the first piece: the next piece starts the line. */
  private context: Buffer = Buffer.alloc(0)

  /** Takes the next piece; true when the line, up to its end, may read as a command. */
  needsFence(piece: Buffer): boolean {
    const lineStart = this.context.length === 0
    const window = lineStart ? piece : Buffer.concat([this.context, piece])
    if (new FenceNeeds(window).line(0, window.length)) return true
    const { context } = this
    const fromPartStart =
      lineStart || context === OPEN_CONTEXTS.lineBlank || context === OPEN_CONTEXTS.lineColon
    this.context = openEnd(window, fromPartStart)
    return false
  }
}

/**
 * What the end of `window` leaves open for the next piece. `fromPartStart`: `window` starts
 * where the runner's line starts (the line's start, or a part still blank since its start).
 */
function openEnd(window: Buffer, fromPartStart: boolean): Buffer {
  const cr = window.lastIndexOf(CR)
  if (cr !== -1 || fromPartStart) {
    let at = cr + 1
    while (at < window.length && mayBeBlank(window[at])) at++
    let colon = false
    if (at < window.length && window[at] === COLON) {
      colon = true
      at++
      while (at < window.length && mayBeIgnorable(window[at])) at++
    }
    if (at === window.length) {
      if (cr === -1) return colon ? OPEN_CONTEXTS.lineColon : OPEN_CONTEXTS.lineBlank
      return colon ? OPEN_CONTEXTS.crColon : OPEN_CONTEXTS.crBlank
    }
  }
  let at = window.length - 1
  while (at >= 0 && mayBeIgnorable(window[at])) at--
  if (at < 0 || window[at] !== HASH) return NOTHING_OPEN
  at--
  while (at >= 0 && mayBeIgnorable(window[at])) at--
  return at >= 0 && window[at] === HASH ? OPEN_CONTEXTS.twoHashes : OPEN_CONTEXTS.oneHash
}

/**
 * A line too long to hold whole (see LineAssembler), shown as its pieces come. Its start is
 * held back up to HELD_LONG_LINE_BYTES: a line that ends or turns out hostile within that is
 * shown fenced only if it needs it. Past that, the start is shown unfenced and the rest is
 * watched: a piece that would complete a command ends the runner's line there (a line break
 * the log file does not have) and the rest of the line is shown fenced.
 */
export class OpenLongLine {
  /** Trailing `#` characters of the last piece shown, so a `##[` cut in two is neutralized. */
  private hashes = 0
  private fenced = false
  private shown = false
  private held: Buffer[] = []
  private heldBytes = 0
  private readonly hazards = new LongLineHazards()

  /**
   * @param seen what its start told: the line's annotation and group end come once it ends
   * @param log where it is shown; undefined when the log is not shown
   */
  constructor(
    readonly seen: LineInStep,
    private readonly log: WorkflowLog | undefined,
    private readonly heldLimit = HELD_LONG_LINE_BYTES
  ) {}

  /** The next piece (already redacted; lent for this call). */
  piece(bytes: Buffer): void {
    if (!this.log || bytes.length === 0) return
    if (!this.fenced && this.hazards.needsFence(bytes)) {
      // The runner's line shown so far is clean: it ends here, and the rest is fenced.
      if (this.shown) this.show(NEWLINE, false)
      this.fenced = true
    }
    if (!this.shown && !this.fenced) {
      this.held.push(Buffer.from(bytes))
      this.heldBytes += bytes.length
      if (this.heldBytes > this.heldLimit) this.showHeld()
      return
    }
    this.showHeld()
    this.show(bytes, this.fenced)
  }

  /** The line ended: what is held is shown, then its line break. */
  end(): void {
    if (!this.log) return
    this.showHeld()
    this.log.remotePiece(NEWLINE, 0, this.fenced)
  }

  private showHeld(): void {
    const held = this.held
    this.held = []
    this.heldBytes = 0
    for (const bytes of held) this.show(bytes, this.fenced)
  }

  private show(bytes: Buffer, fenced: boolean): void {
    ;(this.log as WorkflowLog).remotePiece(bytes, this.hashes, fenced)
    this.hashes = trailingHashes(bytes, this.hashes)
    this.shown = true
  }
}
