/**
 * The series store (data/migrations/003_series.ts): any statistical dataset (Eurostat, PX-Web, Nomis,
 * HTML tables) as datasets, dimensions with their codes, series and observations. This file names a
 * dataset's source and attribution and reads a dataset's description; the writer is series-write.ts
 * (used by the ingester only), the series and their points are read by series-query.ts.
 */
import { prepared, type Db } from './db.js';
import { EUROSTAT_ATTRIBUTION } from './attribution.js';

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

/**
 * A dataset's own row, without the sources join and counts of getDatasetHead nor the period scan of
 * getDataset: for views that ask for a dataset on every request (the linked views).
 */
export function datasetRecord(db: Db, code: string): DatasetRecord | undefined {
  return prepared(
    db,
    `SELECT code, source, title, source_url AS sourceUrl, updated, loaded_at AS loadedAt, time_dim AS timeDim
     FROM datasets WHERE code = ?`,
  ).get(code) as DatasetRecord | undefined;
}

/** A dataset's dimensions in upstream order, the time dimension included (without their codes). */
export function datasetDimensions(db: Db, dataset: string): { id: string; label: string; role: string | null }[] {
  return prepared(db, `SELECT dim AS id, label, role FROM dataset_dimensions WHERE dataset = ? ORDER BY position`).all(dataset) as {
    id: string;
    label: string;
    role: string | null;
  }[];
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

/** A dataset's flags with their labels, by flag code. */
export function datasetFlags(db: Db, code: string): Record<string, string> {
  const rows = prepared(db, `SELECT flag, label FROM dataset_flags WHERE dataset = ? ORDER BY flag`).all(code) as { flag: string; label: string }[];
  return Object.fromEntries(rows.map((r) => [r.flag, r.label]));
}
