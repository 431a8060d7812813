/**
 * What the one-dataset national sources (PX-Web, Nomis, HTML tables) share: reading their config
 * entry into options, and the fetch -> parse -> load of one dataset with its 'unchanged' shortcut.
 */
import type { z } from 'zod';
import { parseSourceEntry, type SourceEntry } from '../core/config.js';
import type { IngestContext, SourceModule } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { ParsedDataset } from '../../data/series-model.js';
import { unchangedRun } from '../../data/series-write.js';

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
