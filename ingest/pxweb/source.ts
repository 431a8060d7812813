/**
 * PX-Web statistics tables (Statistics Norway, Sweden, Finland, Slovenia SiStat, Croatia DZS,
 * Greenland…): one generic source, configured per table. fetch: GET the server's limits and the
 * table's metadata, then POST the query — split when it exceeds the cell limit, paced to the
 * server's call limit (HTTP 429 is retried by ingest/core/http.ts); each answer streams to disk as it
 * arrives — stage: each answer streams from disk through the JSON-stat reader into its own part of one
 * cell stage, so no answer is ever held whole (an answer may be as large as the server's cell limit,
 * SSB 800,000 cells, and a table has several) — parse: the answers' headers -> one ParsedDataset whose
 * observations are read from the stage — load: the series store, one transaction.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { IngestError } from '../../data/errors.js';
import type { HttpBody } from '../core/http-body.js';
import { httpDownload, httpRequest, jsonBody } from '../core/http.js';
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { ParsedDataset } from '../../data/series-model.js';
import { loadDataset, unchangedRun } from '../../data/series-write.js';
import type { JsonStatHeader } from '../jsonstat/decoder.js';
import { CellStage } from '../jsonstat/stage.js';
import { bodyChunks, decodeIntoStage, fileChunks } from '../jsonstat/stream.js';
import { partName, pxDataset, type PxAnswer, type PxDatasetMeta } from './jsonstat.js';
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
  /** The data answers in query order, on disk (raw cache entries or temporary files): release() them once read. */
  bodies: HttpBody[];
  /** Every data answer was a 304 from the raw cache. */
  notModified: boolean;
}

/** The answers of one table decoded into the parts of one stage (part i = answer i). */
export interface StagedPx {
  stage: CellStage;
  headers: JsonStatHeader[];
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
  const bodies: HttpBody[] = [];
  let notModified = true;
  const queue = [...parts];
  try {
    while (queue.length > 0) {
      const part = queue.shift()!;
      await pace();
      try {
        // To disk, not memory: an answer may hold as many cells as the server allows in one request.
        const res = await httpDownload({ url, method: 'POST', body: queryBody(part), expect: 'json' });
        bodies.push(res.body);
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
  } catch (err) {
    for (const body of bodies) body.release();
    throw err;
  }
  return { url, title: meta.title, bodies, notModified };
}

/**
 * Streams each answer (its chunks, in order) into its own part of a new stage. A body that is not
 * a JSON object fails as 'invalid'; a cut-off or malformed one with the reader's IngestError. On
 * failure the stage is removed.
 */
export async function stagePxAnswers(answers: { chunks: () => AsyncIterable<Buffer | string>; where: string }[]): Promise<StagedPx> {
  const stage = new CellStage();
  try {
    const headers: JsonStatHeader[] = [];
    for (const [i, answer] of answers.entries()) {
      const header = await decodeIntoStage(answer.chunks(), stage, i, answer.where);
      if (!header) throw new IngestError('invalid', `${answer.where}: not a JSON-stat 2.0 answer (the body is not a JSON object)`);
      headers.push(header);
    }
    return { stage, headers };
  } catch (err) {
    stage.close();
    throw err;
  }
}

/** The answers of a fetch, staged. */
export function stagePxweb(raw: PxwebRaw): Promise<StagedPx> {
  return stagePxAnswers(raw.bodies.map((body, i) => ({ chunks: () => bodyChunks(body), where: partName(raw.url, i, raw.bodies.length) })));
}

/** The staged answers as the parser takes them: their cells are read from the stage, which must stay open until loaded. */
export function stagedAnswers({ stage, headers }: StagedPx): PxAnswer[] {
  return headers.map((header, i) => ({ header, flagsUsed: stage.flags(i), cells: () => stage.cells(i) }));
}

function stagedDataset(staged: StagedPx, meta: PxDatasetMeta, attribution: string | undefined, where: string): ParsedDataset {
  return withAttribution(pxDataset(stagedAnswers(staged), meta, where), attribution);
}

function withAttribution(parsed: ParsedDataset, attribution: string | undefined): ParsedDataset {
  const office = (parsed.extension as { source?: string | null } | undefined)?.source;
  return { ...parsed, attribution: attribution ?? (office ? `Source: ${office}` : 'Source: PX-Web statistics table') };
}

/**
 * The whole run of one configured table: fetch; 'unchanged' when every answer was a 304 and the
 * table is loaded; else stage, parse and load (one transaction). The stage and any temporary
 * answers are removed however the run ends.
 */
export async function ingestPxweb(o: PxwebFetchOptions, ctx: IngestContext): Promise<LoadSummary> {
  const raw = await fetchPxweb(o, ctx);
  let staged: StagedPx | undefined;
  try {
    const unchanged = unchangedRun(ctx.db, o.dataset, raw.notModified);
    if (unchanged) return unchanged;
    staged = await stagePxweb(raw);
    return loadDataset(ctx.db, stagedDataset(staged, { code: o.dataset, title: o.title ?? raw.title, sourceUrl: raw.url }, o.attribution, raw.url), ctx.log);
  } finally {
    staged?.stage.close();
    for (const body of raw.bodies) body.release();
  }
}

/**
 * `lmi ingest pxweb --from RESPONSE.json --dataset ID`: a saved JSON-stat 2.0 answer (gzip or not),
 * streamed and loaded the same way.
 */
export async function ingestPxwebFile(file: string, dataset: string, ctx: IngestContext, opts: { title?: string; attribution?: string } = {}): Promise<LoadSummary> {
  const staged = await stagePxAnswers([{ chunks: () => fileChunks(file), where: file }]);
  try {
    return loadDataset(ctx.db, stagedDataset(staged, { code: dataset, title: opts.title, sourceUrl: `file:${file}` }, opts.attribution, file), ctx.log);
  } finally {
    staged.stage.close();
  }
}
