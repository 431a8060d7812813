/**
 * Typed ingest failures. Every failure of a run is one of these kinds, so the run log, the exit code
 * and the message a maintainer reads all say the same thing.
 */
export type IngestErrorKind =
  | 'connection' // connection refused / DNS / reset
  | 'timeout' // no (complete) answer in time
  | 'http_5xx' // upstream server error after retries
  | 'rate_limited' // 429 after retries
  | 'too_large' // 413 / asynchronous extraction that did not complete
  | 'http_status' // another unexpected status (404, 400, ...)
  | 'html' // an HTML page where data was expected
  | 'truncated' // body shorter than announced, or cut-off JSON/CSV
  | 'invalid' // body that does not parse as the expected format
  | 'schema' // parses, but a column / dimension / file is missing or different
  | 'empty' // a valid answer with no data in it
  | 'input' // bad user input: unknown file, bad option
  | 'locked' // another run of the same source is in progress
  | 'internal'; // a bug: anything else

export class IngestError extends Error {
  readonly kind: IngestErrorKind;
  readonly url?: string;
  readonly status?: number;

  constructor(kind: IngestErrorKind, message: string, options: { url?: string; status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IngestError';
    this.kind = kind;
    this.url = options.url;
    this.status = options.status;
  }
}

/** Exit codes of `lmi ingest`: distinct per family so scripts can react. */
export const exitCodes: Record<IngestErrorKind, number> = {
  input: 2,
  locked: 3,
  empty: 4,
  schema: 5,
  invalid: 5,
  truncated: 5,
  html: 5,
  connection: 6,
  timeout: 6,
  http_5xx: 6,
  rate_limited: 6,
  too_large: 6,
  http_status: 6,
  internal: 1,
};

/** Wraps anything thrown into an IngestError so the run log always has a kind. */
export function toIngestError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IngestError('internal', message, { cause: err });
}
