/**
 * A small source type for the operations tests ('opsdemo'): it goes through the real framework
 * (httpRequest with the raw cache, jsonBody, runIngest via the scheduler's runners, the series
 * store's one-transaction loadDataset) but reads a compact JSON format, so fault tests can script
 * every bad answer an upstream gives without depending on another source's parser.
 *
 * Payload: { "code": "demo", "updated": "...", "geo": ["AT", ...], "time": ["2023", ...],
 *            "values": [[1.5, null, ...], ...] }   values[geo][time]
 * Env OPSDEMO_SLOW_MS: sleep this long (synchronously, inside the load transaction) every 1000
 * observations, so a test can kill the process mid-load.
 */
import { IngestError } from '../../data/errors.js';
import { httpRequest, jsonBody } from '../../ingest/core/http.js';
import type { ConfiguredSourceType, IngestContext } from '../../ingest/core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { SourceEntry } from '../../ingest/core/config.js';
import type { Observation, ParsedDataset } from '../../data/series-model.js';
import { loadDataset } from '../../data/series-write.js';

export interface DemoPayload {
  code: string;
  updated: string;
  geo: string[];
  time: string[];
  values: (number | null)[][];
}

/** A payload with `geos` x `years` observations (value = geo index * 1000 + year offset). */
export function demoPayload(code: string, geos: number, years: number, updated = '2026-11-01T11:00:00Z'): DemoPayload {
  const geo = Array.from({ length: geos }, (_, i) => `G${String(i).padStart(5, '0')}`);
  const time = Array.from({ length: years }, (_, i) => String(2000 + i));
  return { code, updated, geo, time, values: geo.map((_, g) => time.map((_, t) => g * 1000 + t + 0.5)) };
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function parseDemo(raw: unknown, url: string): ParsedDataset {
  const p = raw as Partial<DemoPayload> | null;
  if (!p || typeof p !== 'object') throw new IngestError('schema', `${url}: expected a JSON object`);
  for (const field of ['code', 'geo', 'time', 'values'] as const) {
    if (p[field] === undefined) throw new IngestError('schema', `${url}: the "${field}" field is missing (upstream format changed?)`);
  }
  const { code, geo, time, values } = p as DemoPayload;
  if (!Array.isArray(geo) || !Array.isArray(time) || !Array.isArray(values)) throw new IngestError('schema', `${url}: geo, time and values must be arrays`);
  if (values.length !== geo.length) throw new IngestError('schema', `${url}: ${values.length} rows of values for ${geo.length} geo codes`);
  const slow = Number(process.env.OPSDEMO_SLOW_MS ?? 0);
  return {
    code,
    source: 'opsdemo',
    title: `Demo dataset ${code}`,
    sourceUrl: url,
    updated: p.updated ?? null,
    timeDim: 'time',
    dimensions: [
      { id: 'geo', label: 'Geography', role: 'geo', codes: geo.map((c) => ({ code: c, label: c })) },
      { id: 'time', label: 'Time', role: 'time', codes: time.map((c) => ({ code: c, label: c })) },
    ],
    flags: {},
    cellCount: geo.length * time.length,
    *observations(): Iterable<Observation> {
      let n = 0;
      for (let g = 0; g < geo.length; g++) {
        for (let t = 0; t < time.length; t++) {
          const value = values[g]![t];
          if (value === undefined) continue;
          if (slow && ++n % 1000 === 0) sleepSync(slow);
          yield { codes: [geo[g]!], period: time[t]!, value, flag: null };
        }
      }
    },
  };
}

/** Fetch -> parse -> load of one demo dataset; 'unchanged' when the upstream answers 304. */
export async function ingestDemo(url: string, ctx: IngestContext): Promise<LoadSummary> {
  const res = await httpRequest({ url, expect: 'json' });
  if (res.notModified) return { counts: {}, outcome: 'unchanged' };
  const parsed = parseDemo(jsonBody(res), url);
  if (process.env.OPSDEMO_ANNOUNCE) process.stdout.write('LOADING\n');
  return loadDataset(ctx.db, parsed, ctx.log);
}

export const opsDemoType: ConfiguredSourceType = {
  type: 'opsdemo',
  defaultSchedule: '0 6 * * *',
  defaultTimezone: 'Europe/Luxembourg',
  plan(id: string, entry: SourceEntry) {
    const url = entry.url;
    if (typeof url !== 'string') throw new Error(`source ${id}: "url" is required`);
    return [{ source: `opsdemo:${id}`, work: (ctx: IngestContext) => ingestDemo(url, ctx) }];
  },
};
