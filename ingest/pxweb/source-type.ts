/**
 * PX-Web tables as a configured source: the config entry's schema and the source type. Light on
 * purpose: the registry loads every source type for each `lmi` command; the HTTP client and the
 * JSON-stat reader are imported only when a run starts.
 */
import { z } from 'zod';
import { nationalTableType } from '../national/dataset-source.js';
import { pxSelectionSchema } from './query.js';

export const pxwebOptionsSchema = z.object({
  /** API root up to (not including) the language, e.g. https://data.ssb.no/api/v0 or https://api.scb.se/OV0104/v1/doris. */
  baseUrl: z.url(),
  /** Table path after the language, e.g. 'table/07221' (SSB) or 'ssd/AM/AM0401/NAKUSysselsattning' (SCB). */
  table: z.string().min(1).regex(/^[^?#]+$/, 'a path without query string'),
  language: z.string().min(2).default('en'),
  /** PX-Web query selections; empty = the whole table (variables that can be eliminated are). */
  query: z.array(pxSelectionSchema).default([]),
  /** Dataset id in the store; defaults to the config entry id (e.g. 'ssb-07221'). */
  dataset: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/).optional(),
  title: z.string().optional(),
  /** Overrides the server's published cell limit (SSB 800,000; SCB 150,000). */
  maxCells: z.number().int().positive().optional(),
  /** Attribution for the `sources` row, e.g. 'Statistics Norway (SSB), CC BY 4.0'. */
  attribution: z.string().optional(),
});
export type PxwebOptions = z.infer<typeof pxwebOptionsSchema>;

export const pxwebSourceType = nationalTableType({
  type: 'pxweb',
  defaultSchedule: '0 5 * * *', // daily; offices publish in the morning
  schema: pxwebOptionsSchema,
  ingest: async (o, ctx) => (await import('./source.js')).ingestPxweb(o, ctx),
});
