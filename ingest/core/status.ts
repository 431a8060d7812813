/**
 * What the run log and `sources` say about each source: last success, last attempt and its outcome,
 * rows, upstream version and `updated`, freshness. Read-only queries, shared by `lmi status` and
 * `GET /api/sources` / `GET /api/admin/runs` so the command line and the API always agree.
 */
import { prepared, type Db } from '../../data/db.js';
import { holderGone } from './lock.js';

export interface RunRecord {
  id: number;
  source: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  /** 'interrupted' when the log says running but the process running it is gone. */
  outcome: 'running' | 'success' | 'failed' | 'unchanged' | 'interrupted';
  errorKind: string | null;
  errorMessage: string | null;
  rowCounts: Record<string, number> | null;
}

export interface SourceStatus {
  name: string;
  kind: string | null;
  upstreamVersion: string | null;
  /** The upstream's own last-update time (datasets.updated), when the source is a dataset. */
  upstreamUpdated: string | null;
  upstreamUrl: string | null;
  loadedAt: string | null;
  rowCounts: Record<string, number>;
  attribution: string | null;
  /** Hours since the data was loaded or last confirmed unchanged; null if never loaded. */
  ageHours: number | null;
  lastSuccess: RunRecord | null;
  lastAttempt: RunRecord | null;
}

interface RunRow {
  id: number;
  source: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  outcome: RunRecord['outcome'];
  error_kind: string | null;
  error_message: string | null;
  row_counts: string | null;
  pid: number | null;
  host: string | null;
}

function toRecord(r: RunRow, now: number): RunRecord {
  const interrupted = r.outcome === 'running' && holderGone(r.pid, r.host, r.started_at, now);
  return {
    id: r.id,
    source: r.source,
    trigger: r.trigger,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: interrupted ? 'interrupted' : r.outcome,
    errorKind: r.error_kind,
    errorMessage: r.error_message,
    rowCounts: r.row_counts ? (JSON.parse(r.row_counts) as Record<string, number>) : null,
  };
}

interface SourceRow {
  name: string;
  kind: string;
  upstream_version: string | null;
  upstream_url: string | null;
  loaded_at: string;
  row_counts: string;
  attribution: string;
  updated: string | null;
}

/**
 * One entry per source that is loaded or has been attempted, plus `expected` names (configured
 * units that never ran), sorted by name.
 */
export function sourceStatuses(db: Db, opts: { expected?: string[]; now?: number } = {}): SourceStatus[] {
  const now = opts.now ?? Date.now();
  const loaded = prepared(
    db,
    // A dataset's sources row is named '<source>:<code>' (ingest/series/store.ts): join on the code's primary key.
      `SELECT s.name, s.kind, s.upstream_version, s.upstream_url, s.loaded_at, s.row_counts, s.attribution, d.updated
         FROM sources s
         LEFT JOIN datasets d ON instr(s.name, ':') > 0
              AND d.code = substr(s.name, instr(s.name, ':') + 1) AND d.source = substr(s.name, 1, instr(s.name, ':') - 1)`,
  ).all() as SourceRow[];
  const lastAttempts = prepared(db, `SELECT * FROM ingest_runs WHERE id IN (SELECT MAX(id) FROM ingest_runs GROUP BY source)`).all() as RunRow[];
  const lastSuccesses = prepared(
    db,
    `SELECT * FROM ingest_runs WHERE id IN (SELECT MAX(id) FROM ingest_runs WHERE outcome IN ('success', 'unchanged') GROUP BY source)`,
  ).all() as RunRow[];
  const byName = new Map<string, SourceStatus>();
  const entry = (name: string): SourceStatus => {
    let s = byName.get(name);
    if (!s) {
      s = { name, kind: null, upstreamVersion: null, upstreamUpdated: null, upstreamUrl: null, loadedAt: null, rowCounts: {}, attribution: null, ageHours: null, lastSuccess: null, lastAttempt: null };
      byName.set(name, s);
    }
    return s;
  };
  for (const name of opts.expected ?? []) entry(name);
  for (const r of loaded) {
    Object.assign(entry(r.name), {
      kind: r.kind,
      upstreamVersion: r.upstream_version,
      upstreamUpdated: r.updated,
      upstreamUrl: r.upstream_url,
      loadedAt: r.loaded_at,
      rowCounts: JSON.parse(r.row_counts) as Record<string, number>,
      attribution: r.attribution,
    });
  }
  for (const r of lastAttempts) entry(r.source).lastAttempt = toRecord(r, now);
  for (const r of lastSuccesses) entry(r.source).lastSuccess = toRecord(r, now);
  for (const s of byName.values()) {
    // An 'unchanged' run confirms the data is still current, so freshness counts from it.
    const confirmed = [s.loadedAt, s.lastSuccess?.finishedAt].filter((t): t is string => !!t).sort().pop();
    s.ageHours = s.loadedAt && confirmed ? Math.round(((now - Date.parse(confirmed)) / 3600_000) * 10) / 10 : null;
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The run log, newest first; `source` filters to one source. */
export function listRuns(db: Db, opts: { limit: number; offset: number; source?: string; now?: number }): { total: number; runs: RunRecord[] } {
  const where = opts.source === undefined ? '' : 'WHERE source = ?';
  const params = opts.source === undefined ? [] : [opts.source];
  const total = (prepared(db, `SELECT COUNT(*) AS n FROM ingest_runs ${where}`).get(...params) as { n: number }).n;
  const rows = prepared(db, `SELECT * FROM ingest_runs ${where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`).all(
    ...params,
    opts.limit,
    opts.offset,
  ) as RunRow[];
  const now = opts.now ?? Date.now();
  return { total, runs: rows.map((r) => toRecord(r, now)) };
}

/** The runs of the given sources that started at or after `since` (ISO), oldest first. */
export function runsSince(db: Db, since: string, sources: string[]): RunRecord[] {
  if (!sources.length) return [];
  const rows = db
    .prepare(`SELECT * FROM ingest_runs WHERE started_at >= ? AND source IN (${sources.map(() => '?').join(', ')}) ORDER BY id`)
    .all(since, ...sources) as RunRow[];
  return rows.map((r) => toRecord(r, Date.now()));
}

/**
 * The latest `perSource` runs of every source, newest first, keyed by source name: the run history
 * the public GET /api/sources carries (the full log stays an admin route).
 */
export function recentRunsBySource(db: Db, perSource: number, now = Date.now()): Map<string, RunRecord[]> {
  // Per source through its (source, started_at) index, so a long run log costs no full scan and sort.
  const rows = prepared(
    db,
    `SELECT r.* FROM (SELECT DISTINCT source FROM ingest_runs) s
       JOIN ingest_runs r ON r.id IN (SELECT id FROM ingest_runs WHERE source = s.source ORDER BY started_at DESC, id DESC LIMIT ?)
      ORDER BY r.source, r.started_at DESC, r.id DESC`,
  ).all(perSource) as RunRow[];
  const bySource = new Map<string, RunRecord[]>();
  for (const r of rows) {
    const list = bySource.get(r.source) ?? [];
    list.push(toRecord(r, now));
    bySource.set(r.source, list);
  }
  return bySource;
}
