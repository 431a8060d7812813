/**
 * UK Nomis as a configured source: the config entry's schema and the source type. Light on purpose:
 * the registry loads every source type for each `lmi` command; the HTTP client and the CSV reader are
 * imported only when a run starts.
 */
import { z } from 'zod';
import { nationalTableType } from '../national/dataset-source.js';

/** The API's row limit per call. */
export const NOMIS_MAX_ROWS = 25_000;

export const nomisOptionsSchema = z.object({
  /** Nomis dataset id, e.g. NM_162_1 (claimant count) or NM_17_5 (annual population survey). */
  table: z.string().regex(/^NM_\d+_\d+$/i, 'a Nomis dataset id such as NM_162_1'),
  /** Query parameters of the data call: geography, date, measures, and the dataset's own dimensions. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** Dataset id in the store; defaults to the config entry id. */
  dataset: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/).optional(),
  title: z.string().optional(),
  /** Overrides env LMI_NOMIS_URL and the default https://www.nomisweb.co.uk. */
  baseUrl: z.url().optional(),
  /** Rows per call (the API allows at most 25,000). */
  pageSize: z.number().int().min(1).max(NOMIS_MAX_ROWS).default(NOMIS_MAX_ROWS),
});
export type NomisOptions = z.infer<typeof nomisOptionsSchema> & { dataset: string };

export const nomisSourceType = nationalTableType({
  type: 'nomis',
  defaultSchedule: '30 5 * * *',
  schema: nomisOptionsSchema,
  ingest: async (o, ctx) => (await import('./source.js')).ingestNomis(o, ctx),
});
