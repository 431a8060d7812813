/**
 * The series store: writes any ParsedDataset (Eurostat, PX-Web, Nomis, HTML tables) into the tables
 * of data/migrations/003_series.ts, and reads them back for the API and the linked views.
 *
 * Loading is ONE transaction that first removes the previous version of the dataset, so readers
 * (the server, on its own read-only connection under WAL) see either the old or the new version,
 * never a mix; a failure anywhere (bad code, no data, a parser error thrown mid-stream) rolls it all
 * back. Observations are consumed one at a time from the parser's iterator and written straight
 * away: only the series-key -> id map (one entry per series) is held in memory.
 */
import { prepared, type Db } from '../../data/db.js';
import { EUROSTAT_ATTRIBUTION } from '../../data/attribution.js';
import { IngestError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { recordSource, type LoadSummary } from '../core/source.js';
import type { ParsedDataset } from './model.js';

/**
 * The `sources` row name of a dataset: '<source>:<code>', e.g. 'eurostat:une_rt_a'. Its ingest runs
 * are recorded under the same name, so a run and the load it made are one source in the status views.
 */
export const datasetSourceName = (source: string, code: string): string => `${source}:${code}`;

/** Attribution text for a dataset whose load recorded none: Eurostat's wording, else the source kind. */
export function defaultAttribution(source: string): string {
  return source === 'eurostat' ? EUROSTAT_ATTRIBUTION : `Source: ${source}`;
}

/**
 * How a dataset's source is named in answers: 'Eurostat', else the body its attribution names
 * ('Source: Statistics Norway (SSB)' -> 'Statistics Norway (SSB)'), else the source kind.
 */
export function sourceLabel(source: string, attribution: string): string {
  if (source === 'eurostat') return 'Eurostat';
  return attribution.replace(/^Source:\s*/i, '') || source;
}

/** Attribution text for the `sources` row when the parsed dataset does not bring its own. */
function attributionFor(parsed: ParsedDataset): string {
  return parsed.attribution || defaultAttribution(parsed.source);
}

/** Removes a dataset and everything under it. Explicit deletes: much faster than row-by-row cascades. */
function deleteDataset(db: Db, code: string): void {
  db.prepare(`DELETE FROM observations WHERE series_id IN (SELECT id FROM series WHERE dataset = ?)`).run(code);
  db.prepare(`DELETE FROM series_codes WHERE series_id IN (SELECT id FROM series WHERE dataset = ?)`).run(code);
  db.prepare(`DELETE FROM series WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM dimension_codes WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM dataset_dimensions WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM dataset_flags WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM datasets WHERE code = ?`).run(code);
}

/**
 * Writes `parsed` in one transaction, replacing any previous version of the same dataset code, and
 * records the `sources` row '<source>:<code>' with the upstream `updated` as its version.
 * Throws IngestError('empty') when the dataset has no observation at all (nothing is written and the
 * previous version stays), and IngestError('schema') when an observation uses a code the dataset's
 * dimensions do not list.
 */
export function loadDataset(db: Db, parsed: ParsedDataset, log?: Logger): LoadSummary {
  const timeIndex = parsed.dimensions.findIndex((d) => d.id === parsed.timeDim);
  if (timeIndex < 0) throw new IngestError('schema', `${parsed.code}: time dimension '${parsed.timeDim}' is not among the dimensions`);
  const seriesDims = parsed.dimensions.filter((_, i) => i !== timeIndex);
  const knownCodes = seriesDims.map((d) => new Set(d.codes.map((c) => c.code)));

  const run = db.transaction((): LoadSummary => {
    deleteDataset(db, parsed.code);
    db.prepare(
      `INSERT INTO datasets (code, source, title, source_url, updated, loaded_at, time_dim, extension) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      parsed.code,
      parsed.source,
      parsed.title,
      parsed.sourceUrl ?? null,
      parsed.updated ?? null,
      new Date().toISOString(),
      parsed.timeDim,
      parsed.extension === undefined ? null : JSON.stringify(parsed.extension),
    );
    const insertDim = db.prepare(`INSERT INTO dataset_dimensions (dataset, dim, position, label, role) VALUES (?, ?, ?, ?, ?)`);
    const insertCode = db.prepare(`INSERT INTO dimension_codes (dataset, dim, code, position, label) VALUES (?, ?, ?, ?, ?)`);
    let codeCount = 0;
    parsed.dimensions.forEach((d, position) => {
      insertDim.run(parsed.code, d.id, position, d.label, d.role ?? (d.id === parsed.timeDim ? 'time' : null));
      d.codes.forEach((c, i) => {
        insertCode.run(parsed.code, d.id, c.code, i, c.label);
        codeCount++;
      });
    });

    const insertSeries = db.prepare(`INSERT INTO series (dataset, key) VALUES (?, ?)`);
    const insertSeriesCode = db.prepare(`INSERT INTO series_codes (series_id, dim, code) VALUES (?, ?, ?)`);
    // A repeated (series, period) cell keeps the last value: upstream files should not repeat one,
    // and a strict failure here would refuse a whole dataset for one duplicated line.
    const insertObs = db.prepare(
      `INSERT INTO observations (series_id, period, value, flag) VALUES (?, ?, ?, ?)
       ON CONFLICT (series_id, period) DO UPDATE SET value = excluded.value, flag = excluded.flag`,
    );
    // Series ids are looked up in the store (UNIQUE (dataset, key) index) when the key changes, not
    // kept in a map: a map of every series grows with the dataset (830,000 series in a 5M-cell file,
    // about 50 MB). Parsers give a series' cells one after the other (time varies fastest), so a
    // lookup is needed about once per series.
    const findSeries = db.prepare(`SELECT id FROM series WHERE dataset = ? AND key = ?`).pluck();
    let lastKey: string | undefined;
    let lastId = 0;
    let seriesCount = 0;
    const usedFlags = new Set<string>();
    let observations = 0;
    for (const obs of parsed.observations()) {
      if (obs.codes.length !== seriesDims.length) {
        throw new IngestError('schema', `${parsed.code}: an observation has ${obs.codes.length} codes, the dataset has ${seriesDims.length} non-time dimensions`);
      }
      const key = obs.codes.join('.');
      let id = key === lastKey ? lastId : (findSeries.get(parsed.code, key) as number | undefined);
      if (id === undefined) {
        obs.codes.forEach((code, i) => {
          if (!knownCodes[i]!.has(code)) {
            throw new IngestError('schema', `${parsed.code}: code '${code}' is not listed in dimension '${seriesDims[i]!.id}'`);
          }
        });
        id = Number(insertSeries.run(parsed.code, key).lastInsertRowid);
        seriesCount++;
        obs.codes.forEach((code, i) => insertSeriesCode.run(id, seriesDims[i]!.id, code));
      }
      lastKey = key;
      lastId = id;
      insertObs.run(id, obs.period, obs.value, obs.flag);
      if (obs.flag !== null) usedFlags.add(obs.flag);
      observations++;
      if (log && observations % 50_000 === 0) log.progress(`${parsed.code}: observations`, observations, parsed.cellCount);
    }
    if (observations === 0) {
      throw new IngestError('empty', `${parsed.code}: the upstream answer holds no data (no observation), nothing loaded; the previous version, if any, is kept`);
    }
    // Every flag used gets a row, labelled by the upstream when it says, else by the code itself.
    const insertFlag = db.prepare(`INSERT INTO dataset_flags (dataset, flag, label) VALUES (?, ?, ?)`);
    const flagCodes = new Set([...Object.keys(parsed.flags), ...usedFlags]);
    for (const flag of flagCodes) insertFlag.run(parsed.code, flag, parsed.flags[flag] ?? flag);

    const counts = {
      datasets: 1,
      dimensions: parsed.dimensions.length,
      codes: codeCount,
      series: seriesCount,
      observations,
      flags: flagCodes.size,
    };
    recordSource(db, {
      name: datasetSourceName(parsed.source, parsed.code),
      kind: parsed.source,
      upstreamVersion: parsed.updated ?? null,
      upstreamUrl: parsed.sourceUrl ?? null,
      counts,
      attribution: attributionFor(parsed),
    });
    return { counts, upstreamVersion: parsed.updated ?? null, outcome: 'success' };
  });
  const summary = run();
  log?.progress(`${parsed.code}: observations`, summary.counts.observations!, summary.counts.observations);
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Reading


/** A dataset's own row in `datasets`. */
export interface DatasetRecord {
  code: string;
  /** eurostat | pxweb | nomis | html */
  source: string;
  title: string;
  sourceUrl: string | null;
  updated: string | null;
  loadedAt: string;
  timeDim: string;
}

export interface DatasetInfo extends DatasetRecord {
  /** e.g. 'Source: Eurostat'. */
  attribution: string;
  series: number;
  observations: number;
}

export interface DimensionHead {
  id: string;
  label: string;
  role: string | null;
  position: number;
  /** Number of codes the dimension lists. */
  size: number;
}

export interface DimensionInfo extends DimensionHead {
  codes: { code: string; label: string }[];
}

/** A dataset with its dimensions but without their codes: cheap enough for every API request. */
export interface DatasetHead extends DatasetInfo {
  /** All dimensions in upstream order, the time dimension included. */
  dimensions: DimensionHead[];
  flags: Record<string, string>;
  extension: unknown;
}

export interface DatasetDetail extends DatasetHead {
  dimensions: DimensionInfo[];
  /** First and last period of the time dimension. */
  periods: { first: string | null; last: string | null };
}

interface DatasetRow {
  code: string;
  source: string;
  title: string;
  source_url: string | null;
  updated: string | null;
  loaded_at: string;
  time_dim: string;
  extension: string | null;
  attribution: string | null;
  row_counts: string | null;
}

const datasetSelect = `
  SELECT d.code, d.source, d.title, d.source_url, d.updated, d.loaded_at, d.time_dim, d.extension,
         s.attribution, s.row_counts
  FROM datasets d LEFT JOIN sources s ON s.name = d.source || ':' || d.code`;

function toInfo(row: DatasetRow): DatasetInfo {
  const counts = row.row_counts ? (JSON.parse(row.row_counts) as Record<string, number>) : {};
  return {
    code: row.code,
    source: row.source,
    title: row.title,
    sourceUrl: row.source_url,
    updated: row.updated,
    loadedAt: row.loaded_at,
    timeDim: row.time_dim,
    attribution: row.attribution ?? defaultAttribution(row.source),
    series: counts.series ?? 0,
    observations: counts.observations ?? 0,
  };
}

/** Every loaded dataset, by code. */
export function listDatasets(db: Db): DatasetInfo[] {
  return (prepared(db, `${datasetSelect} ORDER BY d.code`).all() as DatasetRow[]).map(toInfo);
}

/** One dataset with its dimensions (no codes) and flags; undefined when not loaded. */
export function getDatasetHead(db: Db, code: string): DatasetHead | undefined {
  const row = prepared(db, `${datasetSelect} WHERE d.code = ?`).get(code) as DatasetRow | undefined;
  if (!row) return undefined;
  const dims = prepared(
      db,
      `SELECT dd.dim, dd.label, dd.role, dd.position,
              (SELECT count(*) FROM dimension_codes dc WHERE dc.dataset = dd.dataset AND dc.dim = dd.dim) AS size
       FROM dataset_dimensions dd WHERE dd.dataset = ? ORDER BY dd.position`,
    )
    .all(code) as { dim: string; label: string; role: string | null; position: number; size: number }[];
  return {
    ...toInfo(row),
    dimensions: dims.map((d) => ({ id: d.dim, label: d.label, role: d.role, position: d.position, size: d.size })),
    flags: datasetFlags(db, code),
    extension: row.extension ? JSON.parse(row.extension) : null,
  };
}

/** The codes of one dimension in upstream order (the first `limit` when given). */
export function dimensionCodes(db: Db, dataset: string, dim: string, limit = -1): { code: string; label: string }[] {
  return prepared(db, `SELECT code, label FROM dimension_codes WHERE dataset = ? AND dim = ? ORDER BY position LIMIT ?`)
    .all(dataset, dim, limit) as { code: string; label: string }[];
}

/** Which of `codes` the dimension lists: code -> its label and upstream position. */
export function findCodes(db: Db, dataset: string, dim: string, codes: string[]): Map<string, { label: string; position: number }> {
  const rows = prepared(db, `SELECT code, label, position FROM dimension_codes WHERE dataset = ? AND dim = ? AND code IN (SELECT value FROM json_each(?))`)
    .all(dataset, dim, JSON.stringify(codes)) as { code: string; label: string; position: number }[];
  return new Map(rows.map((r) => [r.code, { label: r.label, position: r.position }]));
}

/** Every code of a dataset with its label, by dimension id, each list in upstream order. */
export function codesByDimension(db: Db, dataset: string): Map<string, { code: string; label: string }[]> {
  const codeRows = prepared(db, `SELECT dim, code, label FROM dimension_codes WHERE dataset = ? ORDER BY dim, position`)
    .all(dataset) as { dim: string; code: string; label: string }[];
  const byDim = new Map<string, { code: string; label: string }[]>();
  for (const c of codeRows) {
    let list = byDim.get(c.dim);
    if (!list) byDim.set(c.dim, (list = []));
    list.push({ code: c.code, label: c.label });
  }
  return byDim;
}

/** One dataset with its dimensions, every code and flags; undefined when not loaded. */
export function getDataset(db: Db, code: string): DatasetDetail | undefined {
  const head = getDatasetHead(db, code);
  if (!head) return undefined;
  const byDim = codesByDimension(db, code);
  // From the time dimension's codes, not the observations: a scan of a 600k-cell dataset per call
  // would cost tens of milliseconds, and the parsers list only the periods the upstream answered.
  const periodCodes = (byDim.get(head.timeDim) ?? []).map((c) => c.code).sort();
  return {
    ...head,
    dimensions: head.dimensions.map((d) => ({ ...d, codes: byDim.get(d.id) ?? [] })),
    periods: { first: periodCodes[0] ?? null, last: periodCodes[periodCodes.length - 1] ?? null },
  };
}

/**
 * When every upstream answer of a run was "304 Not Modified" (see the raw cache in ingest/core/http.ts)
 * and the dataset is loaded, there is nothing to write: the run is 'unchanged'. Null when it must load.
 */
export function unchangedRun(db: Db, datasetCode: string, allNotModified: boolean): LoadSummary | null {
  if (!allNotModified) return null;
  // The head suffices: `updated` is all a run records, the code lists would be read for nothing.
  const loaded = getDatasetHead(db, datasetCode);
  return loaded ? { counts: {}, outcome: 'unchanged', upstreamVersion: loaded.updated } : null;
}

export function datasetFlags(db: Db, code: string): Record<string, string> {
  const rows = prepared(db, `SELECT flag, label FROM dataset_flags WHERE dataset = ? ORDER BY flag`).all(code) as { flag: string; label: string }[];
  return Object.fromEntries(rows.map((r) => [r.flag, r.label]));
}

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
  return prepared(db, `SELECT id, key FROM series WHERE dataset = ? AND key IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`)
    .all(query.dataset, JSON.stringify(keys), query.limit ?? -1) as { id: number; key: string }[];
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
