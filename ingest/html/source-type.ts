/**
 * HTML tables as a configured source: the config entry's schema (the table's selectors and layout,
 * the page and its labels) and the source type. Light on purpose: the registry loads every source
 * type for each `lmi` command, while cheerio and the HTTP client are imported only when a run starts.
 */
import { z } from 'zod';
import { nationalTableType } from '../national/dataset-source.js';

const column = z.union([z.string().min(1), z.number().int().nonnegative()]);

export const htmlTableFields = z.object({
  /** Selector of the table; must match exactly one element. */
  table: z.string().min(1),
  /** Row holding the column headers, within the table (default: 'thead tr', else the first row). */
  headerRow: z.string().min(1).optional(),
  /** Data rows within the table (default: 'tbody tr', else every row after the header). */
  rows: z.string().min(1).default('tbody tr'),
  /** Cells within a row. */
  cells: z.string().min(1).default('th, td'),
  /** The header texts the page must show, in order (whitespace collapsed): the structure check. */
  expectedHeaders: z.array(z.string()).min(2),
  /**
   * long: one row per observation (a period column and a value column);
   * wide: one row per series, one column per period (every column not in `series`).
   */
  layout: z.enum(['long', 'wide']).default('long'),
  /** Columns (header text or 0-based index) whose cells name the series, e.g. ['Region']. */
  series: z.array(column).default([]),
  /** long layout: the period column and the value column. */
  period: column.optional(),
  value: column.optional(),
  /** Decimal separator of the page's numbers ('.' or ','); the other one and spaces group thousands. */
  decimal: z.enum(['.', ',']).default('.'),
  /** Cell texts that mean "no figure", kept as the observation's flag with a null value. */
  missing: z.record(z.string(), z.string()).default({ '..': 'not available', ':': 'not available', '-': 'nil', '–': 'nil', '…': 'not available', x: 'suppressed' }),
});

/** The long layout names its period and value columns. */
export const longLayoutHasColumns: [(c: { layout: 'long' | 'wide'; period?: unknown; value?: unknown }) => boolean, { message: string; path: string[] }] = [
  (c) => c.layout === 'wide' || (c.period !== undefined && c.value !== undefined),
  { message: "the long layout needs 'period' and 'value' columns", path: ['period'] },
];

export const htmlTableSchema = htmlTableFields.refine(...longLayoutHasColumns);
export type HtmlTableConfig = z.infer<typeof htmlTableSchema>;

export const htmlOptionsSchema = htmlTableFields
  .extend({
    /** The page; its base URL is the entry's own (tests point it at a local server). */
    url: z.url(),
    dataset: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/).optional(),
    title: z.string().min(1),
    /** e.g. 'Source: Statistics Iceland'. */
    attribution: z.string().optional(),
  })
  .refine(...longLayoutHasColumns);
export type HtmlOptions = z.infer<typeof htmlOptionsSchema> & { dataset: string };

export const htmlSourceType = nationalTableType({
  type: 'html',
  defaultSchedule: '0 6 * * *',
  schema: htmlOptionsSchema,
  ingest: async (o, ctx) => (await import('./source.js')).ingestHtml(o, ctx),
});
