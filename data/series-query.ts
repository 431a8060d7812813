/**
 * Series of the series store (data/series.ts) by dimension filters, with their labelled codes and
 * their points within a period range: what GET /api/series and the linked views read.
 */
import { prepared, type Db } from './db.js';
import { dimensionCodes } from './series.js';

export interface SeriesQuery {
  dataset: string;
  /** dimension id -> codes to keep (OR within a dimension, AND across dimensions). */
  filters?: Record<string, string[]>;
  /** Keep periods >= since, compared at the period's length ('2015-03' keeps '2015'; normalised, e.g. '2015' or '2015-03'). */
  since?: string;
  /** Keep periods whose leading part is <= until ('2020' keeps '2020-12'). */
  until?: string;
  /** Read at most this many series (in id order); callers pass their maximum + 1 to detect too many. */
  limit?: number;
}

export interface SeriesPoint {
  period: string;
  value: number | null;
  flag: string | null;
}

export interface SeriesResult {
  id: number;
  key: string;
  /** dimension id -> the series' code and its label, in dimension order. */
  dims: Record<string, { code: string; label: string }>;
  points: SeriesPoint[];
}

/**
 * The FROM/WHERE selecting a dataset's series by dimension filters. The most selective filter
 * (fewest codes asked for the size of its dimension) drives the search through the (dim, code)
 * index; every other filter is checked on those candidates by primary key. Without filters, the
 * dataset's series are read in id order.
 */
function seriesFilterSql(db: Db, query: SeriesQuery): { from: string; where: string; params: unknown[] } {
  const entries = Object.entries(query.filters ?? {});
  if (entries.length === 0) return { from: 'series s', where: 's.dataset = ?', params: [query.dataset] };
  if (entries.length > 1) {
    const countCodes = prepared(db, `SELECT count(*) AS n FROM dimension_codes WHERE dataset = ? AND dim = ?`);
    const sizes = new Map(entries.map(([dim]) => [dim, (countCodes.get(query.dataset, dim) as { n: number }).n || 1]));
    entries.sort(([a, ca], [b, cb]) => ca.length / sizes.get(a)! - cb.length / sizes.get(b)!);
  }
  const [[firstDim, firstCodes], ...rest] = entries as [[string, string[]], ...[string, string[]][]];
  const clauses = ['c0.dim = ?', 'c0.code IN (SELECT value FROM json_each(?))', 's.dataset = ?'];
  const params: unknown[] = [firstDim, JSON.stringify(firstCodes), query.dataset];
  for (const [dim, codes] of rest) {
    clauses.push(`(SELECT code FROM series_codes WHERE series_id = s.id AND dim = ?) IN (SELECT value FROM json_each(?))`);
    params.push(dim, JSON.stringify(codes));
  }
  // CROSS JOIN fixes the join order: candidates from the index first, then their series rows.
  return { from: 'series_codes c0 CROSS JOIN series s ON s.id = c0.series_id', where: clauses.join(' AND '), params };
}

/** How many series match (without reading their observations): lets callers refuse huge selections. */
export function countSeries(db: Db, query: SeriesQuery): number {
  const { from, where, params } = seriesFilterSql(db, query);
  return (prepared(db, `SELECT count(*) AS n FROM ${from} WHERE ${where}`).get(...params) as { n: number }).n;
}

/**
 * Most series keys one query lists for a lookup by key: beyond, listing every combination of codes
 * would cost more than the per-dimension index search of seriesFilterSql.
 */
const MAX_KEY_LOOKUPS = 5000;

/** The matching series found through the per-dimension (dim, code) index (see seriesFilterSql). */
function seriesByIndex(db: Db, query: SeriesQuery): { id: number; key: string }[] {
  const { from, where, params } = seriesFilterSql(db, query);
  return prepared(db, `SELECT s.id, s.key FROM ${from} WHERE ${where} ORDER BY s.id LIMIT ?`).all(...params, query.limit ?? -1) as { id: number; key: string }[];
}

/**
 * The matching series found by key through the UNIQUE (dataset, key) index: every combination of the
 * asked codes (all codes of a dimension not filtered) is a key as loadDataset writes it. About 0.003 ms
 * per key, where the index search of seriesFilterSql walks every series of every dataset sharing the
 * most selective code (geo=DE: hundreds) -- about 1 ms for one series of lfsa_egised. Undefined when
 * there would be more than MAX_KEY_LOOKUPS keys, or a filter names no non-time dimension.
 */
function seriesByKeys(db: Db, query: SeriesQuery, seriesDims: { dim: string; size: number }[]): { id: number; key: string }[] | undefined {
  const filters = query.filters ?? {};
  if (seriesDims.length === 0 || Object.keys(filters).some((dim) => !seriesDims.some((d) => d.dim === dim))) return undefined;
  const combinations = seriesDims.reduce((n, d) => n * (filters[d.dim]?.length ?? d.size), 1);
  if (combinations > MAX_KEY_LOOKUPS) return undefined;
  let keys = [''];
  seriesDims.forEach((d, i) => {
    const codes = filters[d.dim] ?? dimensionCodes(db, query.dataset, d.dim).map((c) => c.code);
    keys = keys.flatMap((k) => codes.map((code) => (i === 0 ? code : `${k}.${code}`)));
  });
  return seriesIdsByKey(db, query.dataset, keys, query.limit);
}

/**
 * The series of `dataset` with these keys (the codes joined by '.' in dimension order, as loadDataset
 * writes them), in id order, at most `limit`; a key not stored is absent. Through the UNIQUE
 * (dataset, key) index: about 0.003 ms per key.
 */
export function seriesIdsByKey(db: Db, dataset: string, keys: readonly string[], limit = -1): { id: number; key: string }[] {
  return prepared(db, `SELECT id, key FROM series WHERE dataset = ? AND key IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`)
    .all(dataset, JSON.stringify(keys), limit) as { id: number; key: string }[];
}

/**
 * The series of a dataset matching dimension filters, each with its codes (labelled) and its points
 * in period order. Does not validate dimension or code names: an unknown one simply matches nothing
 * (the API checks them against getDataset first to answer 400/404).
 */
export function querySeries(db: Db, query: SeriesQuery): SeriesResult[] {
  const dims = prepared(
      db,
      `SELECT dd.dim, dd.position, dd.dim = d.time_dim AS isTime,
              (SELECT count(*) FROM dimension_codes dc WHERE dc.dataset = dd.dataset AND dc.dim = dd.dim) AS size
       FROM dataset_dimensions dd JOIN datasets d ON d.code = dd.dataset WHERE dd.dataset = ? ORDER BY dd.position`,
    )
    .all(query.dataset) as { dim: string; position: number; isTime: number; size: number }[];
  const rows = seriesByKeys(db, query, dims.filter((d) => !d.isTime)) ?? seriesByIndex(db, query);
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const byId = new Map<number, SeriesResult>();
  for (const r of rows) byId.set(r.id, { id: r.id, key: r.key, dims: {}, points: [] });

  // Codes by primary key from the ids, labels by primary key per code; dims in dimension order.
  const position = new Map(dims.map((r) => [r.dim, r.position]));
  const codeRows = prepared(
      db,
      `SELECT sc.series_id, sc.dim, sc.code, dc.label
       FROM json_each(?) j
       CROSS JOIN series_codes sc ON sc.series_id = j.value
       CROSS JOIN dimension_codes dc ON dc.dataset = ? AND dc.dim = sc.dim AND dc.code = sc.code`,
    )
    .all(ids, query.dataset) as { series_id: number; dim: string; code: string; label: string }[];
  codeRows.sort((a, b) => a.series_id - b.series_id || position.get(a.dim)! - position.get(b.dim)!);
  for (const c of codeRows) byId.get(c.series_id)!.dims[c.dim] = { code: c.code, label: c.label };

  for (const [id, point] of readPoints(db, rows.map((r) => r.id), query)) byId.get(id)!.points.push(point);
  return rows.map((r) => byId.get(r.id)!);
}

/**
 * The points of the series with these ids, in series-id and period order, within since/until (as in
 * SeriesQuery). `skipEmpty` leaves out cells with neither a value nor a flag (a bare ':' in a TSV).
 */
export function* readPoints(
  db: Db,
  seriesIds: number[],
  range: { since?: string; until?: string },
  skipEmpty = false,
): Generator<[number, SeriesPoint]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (range.since) {
    // Compared at the period's own length, as `until` is: since=2024-01 keeps the year 2024.
    clauses.push('o.period >= substr(?, 1, length(o.period))');
    params.push(range.since);
  }
  if (range.until) {
    clauses.push('substr(o.period, 1, ?) <= ?');
    params.push(range.until.length, range.until);
  }
  if (skipEmpty) clauses.push('(o.value IS NOT NULL OR o.flag IS NOT NULL)');
  const rows = prepared(
      db,
      `SELECT o.series_id, o.period, o.value, o.flag FROM observations o
       WHERE o.series_id IN (SELECT value FROM json_each(?)) ${clauses.map((c) => `AND ${c}`).join(' ')}
       ORDER BY o.series_id, o.period`,
    )
    .raw(true)
    .all(JSON.stringify(seriesIds), ...params) as [number, string, number | null, string | null][];
  for (const [id, period, value, flag] of rows) yield [id, { period, value, flag }];
}
