import { ApiError } from './errors.js'

/**
 * How large an answer body may be, decompressed. A log read asks for `length` bytes of log;
 * JSON escapes a byte as at most 6 (`\u001b`), so 8 times that plus 1 MiB for the envelope is
 * more than any true answer and still a bound: an endless body, a gzip bomb or a Content-Length
 * of petabytes stops there, with memory to spare. Every other answer (status, start, stop, the
 * v1 log route whose `size` counts no bytes) is a small JSON object: 16 MiB is far beyond it.
 */
const DEFAULT_ANSWER_LIMIT = 16 * 1024 * 1024
const ENVELOPE_ROOM = 1024 * 1024
const BYTES_PER_ASKED_BYTE = 8
/** No limit beyond this, whatever is asked: a Buffer this size is still cheap to refuse. */
const LARGEST_LIMIT = 1024 * 1024 * 1024

/** The limit of the answer to a request for `url`. */
export function answerLimitFor(url: URL): number {
  const asked = Number(url.searchParams.get('length'))
  if (!Number.isSafeInteger(asked) || asked <= 0) return DEFAULT_ANSWER_LIMIT
  return Math.min(LARGEST_LIMIT, asked * BYTES_PER_ASKED_BYTE + ENVELOPE_ROOM)
}

/** How much went over the limit: told by a Content-Length, or counted as it came. */
export interface OversizedAnswer {
  readonly host: string
  readonly limit: number
  readonly size: number
  /** The size is the answer's Content-Length, refused before its body was read. */
  readonly declared: boolean
  /** The size counts decompressed bytes (a gzipped answer). */
  readonly decompressed: boolean
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** An answer far larger than any the API gives: fatal, told once with its size. */
export function oversizedAnswerError(answer: OversizedAnswer): ApiError {
  const size = answer.declared
    ? `its Content-Length says ${answer.size} bytes`
    : `it went past ${answer.size} bytes${answer.decompressed ? ' once decompressed' : ''} before it was cut off`
  return new ApiError({
    message: `An answer from ${answer.host} is too large: ${size}, and no answer of the CodeArts Build API exceeds ${mebibytes(answer.limit)} (${answer.limit} bytes). The endpoint, or something between it and this runner, is not answering as the API does; check the 'endpoint' input and any proxy.`,
    kind: 'fatal'
  })
}
