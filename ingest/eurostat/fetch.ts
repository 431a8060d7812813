/**
 * Eurostat dissemination API, I/O only: builds the Statistics API URL for a dataset and its filters,
 * downloads it through ingest/core/http.ts (bounded retries on 429/5xx/timeouts, typed errors, HTML
 * pages refused), and follows Eurostat's asynchronous delivery when the answer is a queued key:
 *
 *   GET  {base}/api/dissemination/statistics/1.0/data/CODE?format=JSON&lang=EN&geo=DE&sinceTimePeriod=2010
 *     -> 200 JSON-stat                                         (the usual case)
 *     -> 200 <env:Envelope>…<queued><id>KEY</id><status>SUBMITTED</status></queued>…  (asynchronous)
 *          GET {base}/api/dissemination/1.0/async/status/KEY  until <status>AVAILABLE</status>
 *          GET {base}/api/dissemination/1.0/async/data/KEY    -> the data (possibly gzipped)
 *     -> 413 EXTRACTION_TOO_BIG                                 (too large even asynchronously)
 * Status polling is never served from the raw cache; EXPIRED / UNKNOWN_REQUEST / ERROR end the run.
 */
import { IngestError } from '../../data/errors.js';
import type { HttpBody } from '../core/http-body.js';
import { httpDownload, httpRequest, type HttpDownload } from '../core/http.js';
import type { Logger } from '../core/log.js';

export const DEFAULT_EUROSTAT_URL = 'https://ec.europa.eu/eurostat';

export function eurostatBaseUrl(): string {
  return (process.env.LMI_EUROSTAT_URL || DEFAULT_EUROSTAT_URL).replace(/\/+$/, '');
}

export interface EurostatQuery {
  code: string;
  /** Country codes; sent as repeated `geo=` parameters. */
  geo?: string[];
  /** First period kept, e.g. '2010' or '2015-01'; sent as `sinceTimePeriod`. */
  since?: string;
  /** Other dimension filters, dimension id -> codes, e.g. { unit: ['THS_PER'], sex: ['T'] }. */
  filters?: Record<string, string[]>;
}

export interface EurostatDownload {
  /** The request URL (kept as the dataset's source URL). */
  url: string;
  /** On disk (the raw cache entry, or a temporary file for an asynchronous result): release() it once read. */
  body: HttpBody;
  /** True when the upstream said 304 Not Modified and the body came from the raw cache. */
  notModified: boolean;
  /** The extraction went through the asynchronous API. */
  asynchronous: boolean;
}

export function dataUrl(q: EurostatQuery, base = eurostatBaseUrl()): string {
  const params = new URLSearchParams({ format: 'JSON', lang: 'EN' });
  for (const g of q.geo ?? []) params.append('geo', g);
  if (q.since) params.set('sinceTimePeriod', q.since);
  for (const [dim, codes] of Object.entries(q.filters ?? {})) for (const c of codes) params.append(dim, c);
  return `${base}/api/dissemination/statistics/1.0/data/${encodeURIComponent(q.code)}?${params}`;
}

/** The key and status of an asynchronous-delivery envelope, or undefined when the body is not one. */
export function parseAsyncEnvelope(body: Buffer): { id?: string; status: string } | undefined {
  const head = body.subarray(0, 4096).toString('utf8').trimStart();
  if (!head.startsWith('<')) return undefined;
  const status = head.match(/<(?:\w+:)?status>\s*([^<\s]+)\s*</)?.[1];
  if (!status) return undefined;
  const id = head.match(/<(?:\w+:)?id>\s*([^<\s]+)\s*</)?.[1];
  return { id, status: status.toUpperCase() };
}

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

export async function fetchEurostat(q: EurostatQuery, log?: Logger): Promise<EurostatDownload> {
  const base = eurostatBaseUrl();
  const url = dataUrl(q, base);
  let res: HttpDownload;
  try {
    res = await httpDownload({ url, expect: 'json' });
  } catch (err) {
    if (err instanceof IngestError && err.kind === 'too_large') {
      throw new IngestError(
        'too_large',
        `${q.code}: Eurostat refuses this extraction as too big (HTTP 413): narrow it with --geo/--since or dimension filters in lmi.config.json, or load the bulk file with --from`,
        { url, status: 413 },
      );
    }
    throw err;
  }
  const envelope = parseAsyncEnvelope(res.body.head);
  if (!envelope) return { url, body: res.body, notModified: res.notModified === true, asynchronous: false };
  if (!envelope.id) throw new IngestError('invalid', `${url}: an asynchronous-delivery answer without a key (status ${envelope.status})`, { url });
  log?.info(`${q.code}: Eurostat prepares the extraction asynchronously (key ${envelope.id}); polling its status`);
  res.body.release();
  const body = await awaitAsync(base, envelope.id, envelope.status, q.code, log);
  return { url, body, notModified: false, asynchronous: true };
}

/** Polls the async status until AVAILABLE, then downloads the result. */
async function awaitAsync(base: string, id: string, initialStatus: string, code: string, log?: Logger): Promise<HttpBody> {
  const pollMs = envMs('LMI_EUROSTAT_POLL_MS', 10_000);
  const maxWaitMs = envMs('LMI_EUROSTAT_ASYNC_MAX_MS', 30 * 60_000);
  const statusUrl = `${base}/api/dissemination/1.0/async/status/${encodeURIComponent(id)}`;
  const started = Date.now();
  let status = initialStatus;
  while (status !== 'AVAILABLE') {
    if (status !== 'SUBMITTED' && status !== 'PROCESSING') {
      throw new IngestError('too_large', `${code}: Eurostat's asynchronous extraction ${id} ended with status ${status}; the next run submits it again`, {
        url: statusUrl,
      });
    }
    if (Date.now() - started >= maxWaitMs) {
      throw new IngestError('too_large', `${code}: Eurostat's asynchronous extraction ${id} was still ${status} after ${Math.round(maxWaitMs / 1000)} s`, {
        url: statusUrl,
      });
    }
    await sleep(pollMs);
    const res = await httpRequest({ url: statusUrl, expect: 'text', cache: false });
    const next = parseAsyncEnvelope(res.body);
    if (!next) throw new IngestError('invalid', `${statusUrl}: the status answer is not an asynchronous-delivery envelope`, { url: statusUrl });
    status = next.status;
    log?.debug(`${code}: asynchronous extraction ${id}: ${status}`);
  }
  const dataUrl = `${base}/api/dissemination/1.0/async/data/${encodeURIComponent(id)}`;
  const data = await httpDownload({ url: dataUrl, expect: 'json', cache: false });
  return data.body;
}
