/**
 * Eurostat as a configured source: one unit of work per dataset, named 'eurostat:<code>'.
 *
 *   "eurostat": {
 *     "type": "eurostat",
 *     "geo": ["EU27_2020", "BE", ...], "since": "2010",              // defaults for every dataset
 *     "datasets": { "une_rt_a": {}, "jvs_q_nace2": { "filters": { "s_adj": ["NSA"] } } }
 *   }
 * A dataset may override `geo` and `since`, and adds dimension `filters` (dimension -> codes).
 * Runs twice a day, half an hour after Eurostat's 11:00 and 23:00 (Luxembourg time) releases.
 */
import { z } from 'zod';
import { parseSourceEntry, type SourceEntry } from '../core/config.js';
import { isPeriod, normalisePeriod } from '../../data/periods.js';
import type { ConfiguredSourceType } from '../core/source.js';
import { datasetSourceName } from '../../data/series.js';
import type { EurostatOptions } from './run.js';

const codeList = z.array(z.string().min(1));
const datasetSchema = z.object({
  geo: codeList.optional(),
  // Any spelling data/periods.ts reads ('2015Q1', '2015M01'), sent to Eurostat in its own ('2015-Q1', '2015-01').
  since: z.string().refine(isPeriod, 'since is a period such as "2010" or "2015-01"').transform(normalisePeriod).optional(),
  filters: z.record(z.string(), codeList).optional(),
});

export const eurostatEntrySchema = z.object({
  geo: codeList.optional(),
  since: datasetSchema.shape.since,
  datasets: z.record(z.string().regex(/^[a-z0-9_$-]+$/i, 'dataset codes are letters, digits and _'), datasetSchema),
});

/** The fetch options of each dataset of a config entry, defaults applied. */
export function eurostatDatasetOptions(id: string, entry: SourceEntry): EurostatOptions[] {
  const { geo, since, datasets } = parseSourceEntry(eurostatEntrySchema, 'eurostat', id, entry);
  return Object.entries(datasets).map(([code, d]) => ({
    code: code.toLowerCase(),
    geo: d.geo ?? geo,
    since: d.since ?? since,
    filters: d.filters,
  }));
}

export const eurostatSourceType: ConfiguredSourceType = {
  type: 'eurostat',
  defaultSchedule: '30 11,23 * * *',
  defaultTimezone: 'Europe/Brussels',
  plan(id, entry) {
    return eurostatDatasetOptions(id, entry).map((options) => ({
      source: datasetSourceName('eurostat', options.code),
      work: async (ctx) => (await import('./run.js')).ingestEurostatDataset(ctx, options),
    }));
  },
};
