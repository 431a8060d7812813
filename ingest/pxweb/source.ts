/**
 * PX-Web statistics tables (Statistics Norway, Sweden, Finland, Slovenia SiStat, Croatia DZS,
 * Greenland…): one generic source, configured per table. fetch: GET the server's limits and the
 * table's metadata, then POST the query — split when it exceeds the cell limit, paced to the
 * server's call limit (HTTP 429 is retried by ingest/core/http.ts) — parse: JSON-stat 2.0 -> one
 * ParsedDataset; load: the series store, one transaction.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { IngestError } from '../../data/errors.js';
import { readLocalFile } from '../core/local-file.js';
import { httpRequest, jsonBody } from '../core/http.js';
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { ParsedDataset } from '../../data/series-model.js';
import { datasetSource, ingestDataset } from '../national/dataset-source.js';
import { loadDataset } from '../../data/series-write.js';
import { parsePxResponses } from './jsonstat.js';
import type { PxwebOptions } from './source-type.js';
import { cellCount, pxServerConfigSchema, queryBody, readMetadata, resolveQuery, splitQuery, type PxServerConfig } from './query.js';

/** Cell limit used when the server does not publish one (`?config`) and the entry sets none. */
export const DEFAULT_MAX_CELLS = 100_000;

export interface PxwebFetchOptions extends PxwebOptions {
  dataset: string;
}

export interface PxwebRaw {
  url: string;
  title: string;
  bodies: unknown[];
  /** Every data answer was a 304 from the raw cache. */
  notModified: boolean;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');
export const tableUrl = (o: PxwebOptions) => `${trimSlash(o.baseUrl)}/${o.language}/${o.table.replace(/^\/+/, '')}`;

/** The server's limits; absent or unreadable `?config` means "unknown", not a failed run. */
async function serverConfig(o: PxwebOptions, ctx: IngestContext): Promise<PxServerConfig | null> {
  const url = `${trimSlash(o.baseUrl)}/${o.language}/?config`;
  try {
    const res = await httpRequest({ url, expect: 'json', retries: 1 });
    const parsed = pxServerConfigSchema.safeParse(jsonBody(res));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    // not_cached: a reparse of a server that never answered ?config
    if (err instanceof IngestError && ['http_status', 'invalid', 'html', 'empty', 'not_cached'].includes(err.kind)) {
      ctx.log.debug(`${url}: no server config (${err.message}); using the default limits`);
      return null;
    }
    throw err;
  }
}

/** Spaces calls so no more than `maxCalls` start within any `timeWindow` seconds. */
function pacer(config: PxServerConfig | null): () => Promise<void> {
  const maxCalls = config?.maxCalls;
  const windowMs = (config?.timeWindow ?? 10) * 1000;
  const starts: number[] = [];
  return async () => {
    if (maxCalls) {
      while (starts.length >= maxCalls) {
        const wait = starts[0]! + windowMs - Date.now();
        if (wait <= 0) starts.shift();
        else await sleep(wait);
      }
    }
    starts.push(Date.now());
  };
}

export async function fetchPxweb(o: PxwebFetchOptions, ctx: IngestContext): Promise<PxwebRaw> {
  const url = tableUrl(o);
  const config = await serverConfig(o, ctx);
  const pace = pacer(config);
  await pace();
  const meta = readMetadata(jsonBody(await httpRequest({ url, expect: 'json' })), url);
  const query = resolveQuery(meta, o.query, url);
  const maxCells = o.maxCells ?? config?.maxValues ?? DEFAULT_MAX_CELLS;
  const parts = splitQuery(query, maxCells, url);
  ctx.log.info(`${o.dataset}: ${cellCount(query).toLocaleString('en')} cells in ${parts.length} request(s) (limit ${maxCells.toLocaleString('en')} cells per request)`);
  const bodies: unknown[] = [];
  let notModified = true;
  const queue = [...parts];
  while (queue.length > 0) {
    const part = queue.shift()!;
    await pace();
    try {
      const res = await httpRequest({ url, method: 'POST', body: queryBody(part), expect: 'json' });
      bodies.push(jsonBody(res));
      notModified &&= res.notModified === true;
    } catch (err) {
      // PX-Web answers 403 when a query selects more cells than it allows: the published limit was
      // wrong (or absent), so halve this part and go on rather than fail the whole table.
      const cells = cellCount(part);
      if (!(err instanceof IngestError && err.status === 403 && cells > 1)) throw err;
      const smaller = splitQuery(part, Math.ceil(cells / 2), url);
      if (smaller.length < 2) throw err;
      ctx.log.warn(`${o.dataset}: the server refused ${cells.toLocaleString('en')} cells (HTTP 403); retrying in ${smaller.length} smaller requests`);
      queue.unshift(...smaller);
    }
    ctx.log.progress(`${o.dataset}: requests`, bodies.length, bodies.length + queue.length);
  }
  return { url, title: meta.title, bodies, notModified };
}

export function parsePxweb(raw: PxwebRaw, o: PxwebFetchOptions): ParsedDataset {
  const parsed = parsePxResponses(raw.bodies, { code: o.dataset, title: o.title ?? raw.title, sourceUrl: raw.url }, raw.url);
  return withAttribution(parsed, o.attribution);
}

function withAttribution(parsed: ParsedDataset, attribution: string | undefined): ParsedDataset {
  const office = (parsed.extension as { source?: string | null } | undefined)?.source;
  return { ...parsed, attribution: attribution ?? (office ? `Source: ${office}` : 'Source: PX-Web statistics table') };
}

export const pxwebSource = datasetSource<PxwebRaw, PxwebFetchOptions>('pxweb', fetchPxweb, parsePxweb);

/** The whole fetch -> parse -> load of one configured table. */
export async function ingestPxweb(o: PxwebFetchOptions, ctx: IngestContext): Promise<LoadSummary> {
  return ingestDataset(pxwebSource, o, ctx);
}

/** `lmi ingest pxweb --from RESPONSE.json --dataset ID`: a saved JSON-stat 2.0 answer, loaded the same way. */
export function ingestPxwebFile(file: string, dataset: string, ctx: IngestContext, opts: { title?: string; attribution?: string } = {}): LoadSummary {
  const bytes = readLocalFile(file);
  const body = jsonBody({ url: file, body: bytes });
  const parsed = withAttribution(parsePxResponses([body], { code: dataset, title: opts.title, sourceUrl: `file:${file}` }, file), opts.attribution);
  return loadDataset(ctx.db, parsed, ctx.log);
}
