/**
 * PX-Web (API v1) queries: the table metadata a GET returns, the query body a POST sends, and how a
 * query too big for the server's cell limit is split into several smaller ones. Pure: no I/O.
 *
 * Metadata (GET <base>/<lang>/<table>): { title, variables: [{ code, text, values, valueTexts,
 * elimination?, time? }] }. Query (POST, same URL): { query: [{ code, selection: { filter, values } }],
 * response: { format: 'json-stat2' } }. A variable missing from the query is eliminated when it can
 * be, else every value is returned. Filters: 'item' (listed codes), 'all' ('*' wildcards), 'top' (the
 * N latest), and aggregations ('agg:…', 'vs:…') whose result size the metadata cannot tell.
 */
import { z } from 'zod';
import { IngestError } from '../../data/errors.js';

export const pxVariableSchema = z.object({
  code: z.string(),
  text: z.string(),
  values: z.array(z.string()),
  valueTexts: z.array(z.string()),
  elimination: z.boolean().optional(),
  time: z.boolean().optional(),
});

export const pxMetadataSchema = z.object({ title: z.string(), variables: z.array(pxVariableSchema).min(1) });
export type PxMetadata = z.infer<typeof pxMetadataSchema>;

export const pxSelectionSchema = z.object({
  code: z.string().min(1),
  selection: z.object({ filter: z.string().min(1), values: z.array(z.string()) }),
});
export type PxSelection = z.infer<typeof pxSelectionSchema>;

/** The server's limits, from GET <base>/<lang>/?config (PX-Web API v1). */
export const pxServerConfigSchema = z.looseObject({
  maxValues: z.number().int().positive(),
  maxCalls: z.number().int().positive().optional(),
  timeWindow: z.number().positive().optional(),
});
export type PxServerConfig = z.infer<typeof pxServerConfigSchema>;

export function readMetadata(json: unknown, where: string): PxMetadata {
  const parsed = pxMetadataSchema.safeParse(json);
  if (!parsed.success) throw new IngestError('schema', `${where} is not PX-Web table metadata: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function wildcardMatcher(pattern: string): (code: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (code) => re.test(code);
}

/**
 * Turns the configured query into explicit 'item' selections against the table's metadata, so its
 * size is known and it can be split. Unknown variables or codes fail now, with the codes the table
 * has, rather than as an opaque HTTP 400 from the server. Aggregation filters are sent as they are.
 */
export function resolveQuery(meta: PxMetadata, query: PxSelection[], where: string): PxSelection[] {
  const byCode = new Map(meta.variables.map((v) => [v.code, v]));
  const resolved: PxSelection[] = [];
  for (const sel of query) {
    const variable = byCode.get(sel.code);
    if (!variable) {
      throw new IngestError('schema', `${where}: the query names variable '${sel.code}', the table has ${meta.variables.map((v) => v.code).join(', ')}`);
    }
    const { filter, values } = sel.selection;
    let codes: string[];
    if (filter === 'item') {
      const known = new Set(variable.values);
      const unknown = values.filter((v) => !known.has(v));
      if (unknown.length) {
        throw new IngestError('schema', `${where}: variable '${sel.code}' has no value ${unknown.map((u) => `'${u}'`).join(', ')} (it has ${variable.values.slice(0, 12).join(', ')}${variable.values.length > 12 ? ', …' : ''})`);
      }
      codes = values;
    } else if (filter === 'all') {
      const matchers = values.map(wildcardMatcher);
      codes = variable.values.filter((v) => matchers.some((m) => m(v)));
    } else if (filter === 'top') {
      const n = Number(values[0]);
      if (!Number.isInteger(n) || n <= 0) throw new IngestError('input', `${where}: 'top' on '${sel.code}' needs a positive count, got ${values[0]}`);
      // PX lists time values oldest first; 'top' means the latest n
      codes = variable.values.slice(-n);
    } else {
      resolved.push(sel);
      continue;
    }
    if (codes.length === 0) throw new IngestError('empty', `${where}: the selection on '${sel.code}' matches no value`);
    resolved.push({ code: sel.code, selection: { filter: 'item', values: codes } });
  }
  // Variables the query leaves out and the server cannot eliminate come back whole: make that explicit.
  for (const v of meta.variables) {
    if (!query.some((s) => s.code === v.code) && v.elimination !== true) {
      resolved.push({ code: v.code, selection: { filter: 'item', values: v.values } });
    }
  }
  return resolved;
}

/** Cells a query asks for (aggregated selections count their listed values: an upper bound). */
export function cellCount(query: PxSelection[]): number {
  return query.reduce((n, s) => n * Math.max(1, s.selection.values.length), 1);
}

/**
 * Splits a query into queries of at most `maxCells` cells each, cutting along the variable with
 * the most values (chunks of consecutive values, so each answer is a block of the table).
 * Only 'item' selections can be cut; a query that still exceeds the limit fails as 'too_large'.
 */
export function splitQuery(query: PxSelection[], maxCells: number, where: string): PxSelection[][] {
  const total = cellCount(query);
  if (total <= maxCells) return [query];
  let widest = -1;
  query.forEach((s, i) => {
    if (s.selection.filter === 'item' && s.selection.values.length > 1 && (widest < 0 || s.selection.values.length > query[widest]!.selection.values.length)) widest = i;
  });
  if (widest < 0) {
    throw new IngestError('too_large', `${where}: the query asks for ${total.toLocaleString('en')} cells, over the server's limit of ${maxCells.toLocaleString('en')}, and cannot be split further`);
  }
  const values = query[widest]!.selection.values;
  const otherCells = total / values.length;
  const chunkSize = Math.max(1, Math.floor(maxCells / otherCells));
  const out: PxSelection[][] = [];
  for (let start = 0; start < values.length; start += chunkSize) {
    const part = query.map((s, i) => (i === widest ? { code: s.code, selection: { filter: 'item', values: values.slice(start, start + chunkSize) } } : s));
    // One value of the widest variable may still be too many cells: cut along the next one.
    out.push(...splitQuery(part, maxCells, where));
  }
  return out;
}

/** The POST body for one (part of a) query. */
export function queryBody(query: PxSelection[]): { query: PxSelection[]; response: { format: 'json-stat2' } } {
  return { query, response: { format: 'json-stat2' } };
}
