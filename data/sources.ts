/**
 * The `sources` table: what is loaded per source (upstream version, when, rows, attribution), written
 * by each load inside its own transaction, and read with the run log (data/runs.ts) as each source's
 * status. `lmi status`, `GET /api/sources` and the snapshot manifest read the same sourceStatuses, so
 * the command line and the API always agree.
 */
import { prepared, type Db } from './db.js';
import type * as Wire from '../wire/sources.js';
import { toRunRecord, type RunRow } from './runs.js';

/** What a load reports: rows written per table, and the upstream version it loaded. */
export interface LoadSummary {
  counts: Record<string, number>;
  upstreamVersion?: string | null;
  /** 'unchanged' when the upstream had nothing new (e.g. HTTP 304) and nothing was written. */
  outcome?: 'success' | 'unchanged';
}

/** Records a `sources` row; call inside the load transaction so it commits with the data. */
export function recordSource(
  db: Db,
  s: { name: string; kind: string; upstreamVersion?: string | null; upstreamUrl?: string | null; counts: Record<string, number>; attribution: string },
): void {
  prepared(
    db,
    `INSERT INTO sources (name, kind, upstream_version, upstream_url, loaded_at, row_counts, attribution)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, upstream_version = excluded.upstream_version,
       upstream_url = excluded.upstream_url, loaded_at = excluded.loaded_at, row_counts = excluded.row_counts,
       attribution = excluded.attribution`,
  ).run(s.name, s.kind, s.upstreamVersion ?? null, s.upstreamUrl ?? null, new Date().toISOString(), JSON.stringify(s.counts), s.attribution);
}

/** How many sources are loaded (a `sources` row each). */
export function sourceCount(db: Db): number {
  return (prepared(db, 'SELECT COUNT(*) AS n FROM sources').get() as { n: number }).n;
}

/** The attribution a source's load recorded (a dataset's row is '<source>:<code>'); undefined when none. */
export function recordedAttribution(db: Db, name: string): string | undefined {
  return (prepared(db, `SELECT attribution FROM sources WHERE name = ?`).get(name) as { attribution: string } | undefined)?.attribution;
}

/** A source's status as `lmi status` and GET /api/sources show it (the route adds its recent runs). */
export type SourceStatus = Omit<Wire.SourceStatus, 'recentRuns'>;

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
    // A dataset's sources row is named '<source>:<code>' (data/series.ts): join on the code's primary key.
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
  for (const r of lastAttempts) entry(r.source).lastAttempt = toRunRecord(r, now);
  for (const r of lastSuccesses) entry(r.source).lastSuccess = toRunRecord(r, now);
  for (const s of byName.values()) {
    // An 'unchanged' run confirms the data is still current, so freshness counts from it.
    const confirmed = [s.loadedAt, s.lastSuccess?.finishedAt].filter((t): t is string => !!t).sort().pop();
    s.ageHours = s.loadedAt && confirmed ? Math.round(((now - Date.parse(confirmed)) / 3600_000) * 10) / 10 : null;
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

