/**
 * Typed ingest failures. Every failure of a run is one of these kinds, so the run log, the exit code
 * and the message a maintainer reads all say the same thing.
 */
export type IngestErrorKind =
  | 'connection' // connection refused / DNS / unreachable
  | 'timeout' // no (complete) answer in time
  | 'http_5xx' // upstream server error after retries
  | 'rate_limited' // 429 after retries
  | 'too_large' // 413 / asynchronous extraction that did not complete
  | 'http_status' // another unexpected status (404, 400, ...)
  | 'html' // an HTML page where data was expected
  | 'truncated' // body shorter than announced, connection reset mid-answer, or cut-off JSON/CSV
  | 'invalid' // body that does not parse as the expected format
  | 'schema' // parses, but a column / dimension / file is missing or different
  | 'empty' // a valid answer with no data in it
  | 'input' // bad user input: unknown file, bad option
  | 'locked' // another run of the same source is in progress
  | 'not_cached' // cache-only run (reparse) and the raw cache has no payload for a request
  | 'interrupted' // the process running it died (kill -9, power loss); recorded by the next run
  | 'internal'; // a bug: anything else

export class IngestError extends Error {
  readonly kind: IngestErrorKind;
  readonly url?: string;
  readonly status?: number;
  /** Set once the error has been shown to the maintainer (runIngest logs it), so the CLI does not repeat it. */
  logged = false;

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
  not_cached: 7,
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
  interrupted: 1,
  internal: 1,
};

/** Wraps anything thrown into an IngestError so the run log always has a kind. */
export function toIngestError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IngestError('internal', message, { cause: err });
}

/**
 * What a maintainer can do about each kind, appended to messages where a person reads them
 * (`lmi start`, `lmi status`). Kept beside the kinds so a new kind cannot be added without advice.
 */
export const remedies: Record<IngestErrorKind, string> = {
  connection: 'the upstream could not be reached: check the network (or proxy), or load a downloaded file instead (`lmi ingest TYPE --help` shows how)',
  timeout: 'the upstream did not answer in time: retry later, or raise LMI_HTTP_TIMEOUT_MS',
  http_5xx: 'the upstream server is failing: the next scheduled run retries',
  rate_limited: 'the upstream asks us to slow down: the next scheduled run retries',
  too_large: 'the upstream refused a synchronous answer: narrow the dataset filter in lmi.config.json or load a bulk download with --from',
  http_status: 'the request was refused: check the dataset code and options in lmi.config.json',
  html: 'the upstream answered with a web page (maintenance or error page): retry later',
  truncated: 'the download was cut off: the next run downloads it again',
  invalid: 'the upstream answer is not in the expected format: retry later; report it if it persists',
  schema: 'the upstream format changed (a column or dimension is missing): the ingester needs updating',
  empty: 'the upstream answered with no data: check the filter in lmi.config.json',
  input: 'check the command line options and file paths',
  locked: 'another run of this source is in progress: wait for it to finish',
  not_cached: 'the raw cache (data/raw, env LMI_RAW_DIR) has no payload for this source: run `lmi ingest` once with network',
  interrupted: 'the process was stopped mid-run; nothing it wrote was kept: the next run loads the source again',
  internal: 'this is a bug: please report it with the log',
};
