/**
 * What the one-dataset national sources (PX-Web, Nomis, HTML tables) share: reading their config
 * entry into options, the fetch -> parse -> load of one dataset with its 'unchanged' shortcut, and
 * the source type the config names (nationalTableType): one unit of work per entry, '<type>:<dataset>'.
 */
import type { z } from 'zod';
import { parseSourceEntry, type SourceEntry } from '../core/config.js';
import type { ConfiguredSourceType, IngestContext, SourceModule } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { ParsedDataset } from '../../data/series-model.js';
import { datasetSourceName } from '../../data/series.js';
import { loadDataset, unchangedRun } from '../../data/series-write.js';

/**
 * A config entry validated by the source type's schema (parseSourceEntry); the dataset code defaults
 * to the config id.
 */
export function datasetOptions<T extends { dataset?: string | undefined }>(
  schema: z.ZodType<T>,
  type: string,
  id: string,
  entry: SourceEntry,
): T & { dataset: string } {
  const o = parseSourceEntry(schema, type, id, entry);
  return { ...o, dataset: o.dataset ?? id };
}

/** The source module of a one-dataset source: its own fetch and parse; every one loads through the series store. */
export function datasetSource<Raw, O>(
  kind: string,
  fetch: SourceModule<Raw, ParsedDataset, O>['fetch'],
  parse: SourceModule<Raw, ParsedDataset, O>['parse'],
): SourceModule<Raw, ParsedDataset, O> {
  return { kind, fetch, parse, load: (db, parsed, _o, ctx) => loadDataset(db, parsed, ctx.log) };
}

/**
 * The whole run of one dataset: fetch (unless `raw` is given, e.g. read from a saved file), then, when
 * every answer was 304 Not Modified and the dataset is loaded, 'unchanged'; else parse and load.
 */
export async function ingestDataset<Raw extends { notModified: boolean }, O extends { dataset: string }>(
  source: SourceModule<Raw, ParsedDataset, O>,
  o: O,
  ctx: IngestContext,
  raw?: Raw,
): Promise<LoadSummary> {
  const answer = raw ?? (await source.fetch(o, ctx));
  const unchanged = unchangedRun(ctx.db, o.dataset, answer.notModified);
  if (unchanged) return unchanged;
  return source.load(ctx.db, await source.parse(answer, o), o, ctx);
}

/** A configured national table type; `optionsFor` reads one config entry (the commands and tests use it too). */
export interface NationalTableType<O> extends ConfiguredSourceType {
  optionsFor(id: string, entry: SourceEntry): O;
}

/**
 * The source type of a one-dataset national source: its config entries validated by `schema`
 * (datasetOptions), each planned as one unit named '<type>:<dataset>' that runs `ingest`.
 */
export function nationalTableType<T extends { dataset?: string | undefined }>(spec: {
  type: string;
  /** node-cron expression used when the entry gives none. */
  defaultSchedule: string;
  schema: z.ZodType<T>;
  ingest(o: T & { dataset: string }, ctx: IngestContext): Promise<LoadSummary>;
}): NationalTableType<T & { dataset: string }> {
  const optionsFor = (id: string, entry: SourceEntry) => datasetOptions(spec.schema, spec.type, id, entry);
  return {
    type: spec.type,
    defaultSchedule: spec.defaultSchedule,
    optionsFor,
    plan(id, entry) {
      const o = optionsFor(id, entry);
      return [{ source: datasetSourceName(spec.type, o.dataset), work: (ctx) => spec.ingest(o, ctx) }];
    },
  };
}
