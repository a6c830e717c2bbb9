import { clip } from '../text/glyphs.js'

/**
 * The secrets of this run. The runner masks registered secrets in what it displays, but the
 * raw stdout, the log file and the job summary are written by the action itself, so any text
 * that may echo a secret (a server error body, say) goes through `redact` first.
 */
export class SecretRedactor {
  private readonly secrets: string[] = []
  /** The same as UTF-8, for bytes: Buffer#includes would encode a string needle each call. */
  private secretBytes: Buffer[] = []

  /** Remembers a secret; values too short to be meaningful are ignored, as the runner does. */
  add(secret: string): void {
    if (secret.length >= 4 && !this.secrets.includes(secret)) {
      this.secrets.push(secret)
      // Longest first so that a secret containing another is replaced whole.
      this.secrets.sort((a, b) => b.length - a.length)
      this.secretBytes = this.secrets.map((value) => Buffer.from(value))
    }
  }

  /** True when the text contains any secret: a cheap test before the rarely needed rewrite. */
  appearsIn(text: string | Buffer): boolean {
    if (typeof text === 'string') return this.secrets.some((secret) => text.includes(secret))
    return this.secretBytes.some((secret) => text.includes(secret))
  }

  /** The text with every secret replaced by ***, then shortened to `maxChars` if longer. */
  safe(text: string, maxChars = 2000): string {
    return clip(this.redact(text), maxChars)
  }

  /**
   * For text that was cut before it could be redacted (an excerpt line): also hides a secret's
   * beginning left at the very end of the text.
   */
  redactCut(text: string): string {
    let result = this.redact(text)
    for (const secret of this.secrets) {
      for (let length = Math.min(secret.length - 1, result.length); length >= 4; length--) {
        if (result.endsWith(secret.slice(0, length))) {
          result = `${result.slice(0, result.length - length)}***`
          break
        }
      }
    }
    return result
  }

  /** The bytes with every secret (as UTF-8) replaced by ***; `bytes` itself when none is in them. */
  redactBytes(bytes: Buffer): Buffer {
    let result = bytes
    for (const secret of this.secretBytes) {
      if (!result.includes(secret)) continue
      const parts: Buffer[] = []
      let from = 0
      const { length } = secret
      for (let at = result.indexOf(secret); at !== -1; at = result.indexOf(secret, from)) {
        parts.push(result.subarray(from, at), MASK)
        from = at + length
      }
      parts.push(result.subarray(from))
      result = Buffer.concat(parts)
    }
    return result
  }

  /**
   * Where the bytes that may not be written yet begin, for text that goes on in a later piece:
   * at a secret's beginning left at the very end (the rest may come next), or at a secret whose
   * whole occurrence crosses that point. `bytes.length` when nothing needs holding back.
   */
  heldFrom(bytes: Uint8Array): number {
    let held = bytes.length
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    for (const secret of this.secretBytes) {
      const first = secret[0]
      for (let at = Math.max(0, view.length - secret.length + 1); at < held; at++) {
        if (view[at] !== first) continue
        if (secret.subarray(0, view.length - at).equals(view.subarray(at))) {
          held = at
          break
        }
      }
    }
    // A whole secret that starts before the point and ends after it is held back whole (which
    // moves the point: checked again until no secret crosses it).
    for (let moved = true; moved;) {
      moved = false
      for (const secret of this.secretBytes) {
        const at = view.indexOf(secret, Math.max(0, held - secret.length + 1))
        if (at !== -1 && at < held) {
          held = at
          moved = true
        }
      }
    }
    return held
  }

  redact(text: string): string {
    let result = text
    for (const secret of this.secrets) {
      result = result.split(secret).join('***')
    }
    return result
  }
}

const MASK = Buffer.from('***')
