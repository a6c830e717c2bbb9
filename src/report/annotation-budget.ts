/**
 * GitHub keeps at most 10 error annotations per workflow step and drops the rest silently.
 * The whole action is one step, and its own final error counts, so the annotations drawn
 * from the remote log must share what is left. This module picks which.
 */

/** One error annotation the action could write, in log order. */
export interface AnnotationCandidate {
  /** Repository-relative file; absent for a step-titled annotation. */
  readonly file?: string
  readonly line?: number
  readonly column?: number
  /** The title (for step-titled annotations, the build step's name). */
  readonly title?: string
  readonly message: string
  /**
   * The line repeats an error printed earlier (Maven's `Failed to execute goal` block echoes
   * every javac error); set by the caller that knows the tool's habits.
   */
  readonly echo?: boolean
}

/** The annotations to write, and those left for the job summary. */
export interface AnnotationChoice {
  /** At most `limit - reserved`, in log order. */
  readonly chosen: readonly AnnotationCandidate[]
  /** The distinct candidates that did not fit, in log order. */
  readonly rest: readonly AnnotationCandidate[]
  /** How many candidates were exact repeats of another and were dropped entirely. */
  readonly repeats: number
}

/** GitHub's cap on error annotations in one workflow step. */
export const ERROR_ANNOTATIONS_PER_STEP = 10

function identity(c: AnnotationCandidate): string {
  return JSON.stringify([c.file ?? null, c.line ?? null, c.column ?? null, c.message.trim()])
}

/**
 * Ranks a candidate: lower is more useful. The first error in each file tells the reader
 * where to look; the first step-titled error of each build step explains a failure no file
 * shows, so every failing step gets one before any step gets a second; more errors add less;
 * echoes add nothing new.
 */
function tier(c: AnnotationCandidate, first: boolean): number {
  if (c.echo) return 4
  if (c.file === undefined) return first ? 1 : 2
  return first ? 0 : 3
}

/**
 * Chooses at most `limit - reserved` annotations from the candidates: never a repeat (same
 * file, line, column and message, or same title and message for step-titled ones), first
 * error per file first, the first step-titled error of each step next, then further
 * step-titled errors, then further errors in a file, echoes last; ties in log order. Deterministic: the same candidates always give the same choice.
 *
 * @param reserved annotations the action keeps for its own errors (its final failure: 1)
 */
export function chooseAnnotations(
  candidates: readonly AnnotationCandidate[],
  reserved = 1,
  limit = ERROR_ANNOTATIONS_PER_STEP
): AnnotationChoice {
  if (!Number.isInteger(reserved) || reserved < 0 || reserved > limit) {
    throw new RangeError(
      `Invalid reserved annotation count: ${reserved}. Expected a whole number from 0 to ${limit}.`
    )
  }
  const seen = new Set<string>()
  const filesSeen = new Set<string>()
  const titlesSeen = new Set<string>()
  const distinct: { candidate: AnnotationCandidate; order: number; rank: number }[] = []
  let repeats = 0
  for (const candidate of candidates) {
    const key =
      candidate.file === undefined
        ? JSON.stringify([candidate.title ?? null, candidate.message.trim()])
        : identity(candidate)
    if (seen.has(key)) {
      repeats++
      continue
    }
    seen.add(key)
    // An echo does not claim its file: the compiler's own line should be the one shown.
    const place = candidate.file ?? candidate.title ?? ''
    const places = candidate.file === undefined ? titlesSeen : filesSeen
    const first = !candidate.echo && !places.has(place)
    if (first) places.add(place)
    distinct.push({ candidate, order: distinct.length, rank: tier(candidate, first) })
  }
  const budget = limit - reserved
  const ranked = [...distinct].sort((a, b) => a.rank - b.rank || a.order - b.order)
  const chosenOrders = new Set(ranked.slice(0, budget).map((d) => d.order))
  return {
    chosen: distinct.filter((d) => chosenOrders.has(d.order)).map((d) => d.candidate),
    rest: distinct.filter((d) => !chosenOrders.has(d.order)).map((d) => d.candidate),
    repeats
  }
}
