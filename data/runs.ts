/**
 * The run log (`ingest_runs`): one row per attempt of a source, written by the ingester's runIngest
 * (ingest/core/source.ts) as the run starts, finishes or fails, and read by `lmi status`,
 * `GET /api/sources` and `GET /api/admin/runs` (with `sources`: data/sources.ts).
 */
import { hostname } from 'node:os';
import { prepared, type Db } from './db.js';
import type { IngestError, IngestErrorKind } from './errors.js';
import type { RunRecord } from '../wire/sources.js';
import { holderGone } from './locks.js';

export interface RunRow {
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

export function toRunRecord(r: RunRow, now: number): RunRecord {
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
  return { total, runs: rows.map((r) => toRunRecord(r, now)) };
}

/** The runs of the given sources that started at or after `since` (ISO), oldest first. */
export function runsSince(db: Db, since: string, sources: string[]): RunRecord[] {
  if (!sources.length) return [];
  const rows = db
    .prepare(`SELECT * FROM ingest_runs WHERE started_at >= ? AND source IN (${sources.map(() => '?').join(', ')}) ORDER BY id`)
    .all(since, ...sources) as RunRow[];
  return rows.map((r) => toRunRecord(r, Date.now()));
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
    list.push(toRunRecord(r, now));
    bySource.set(r.source, list);
  }
  return bySource;
}

/** Records the start of a run of `source` ('running', this process); returns its id. */
/** How many runs the log holds (successful, unchanged, failed and refused alike). */
export function runCount(db: Db): number {
  return (prepared(db, 'SELECT COUNT(*) AS n FROM ingest_runs').get() as { n: number }).n;
}

export function startRun(db: Db, source: string, trigger: string, startedMs: number): number {
  return Number(
    db
      .prepare(`INSERT INTO ingest_runs (source, trigger, started_at, outcome, pid, host) VALUES (?, ?, ?, 'running', ?, ?)`)
      .run(source, trigger, new Date(startedMs).toISOString(), process.pid, hostname()).lastInsertRowid,
  );
}

/** Records a run's end with what it wrote; call inside the transaction that records what it read. */
export function finishRun(db: Db, runId: number, outcome: 'success' | 'unchanged', counts: Record<string, number>): void {
  db.prepare(`UPDATE ingest_runs SET finished_at = ?, outcome = ?, row_counts = ? WHERE id = ?`).run(
    new Date().toISOString(),
    outcome,
    JSON.stringify(counts),
    runId,
  );
}

/** Records a run's failure with its typed error. */
export function failRun(db: Db, runId: number, kind: IngestErrorKind, message: string): void {
  db.prepare(`UPDATE ingest_runs SET finished_at = ?, outcome = 'failed', error_kind = ?, error_message = ? WHERE id = ?`).run(
    new Date().toISOString(),
    kind,
    message,
    runId,
  );
}

/**
 * Records a run refused by the lock, if the database lets us write within a moment; when the holder
 * is mid-transaction the refusal is only logged (a run log entry is not worth blocking for).
 */
export function recordRefusal(db: Db, source: string, trigger: string, err: IngestError): void {
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma('busy_timeout = 200');
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO ingest_runs (source, trigger, started_at, finished_at, outcome, error_kind, error_message, pid, host) VALUES (?, ?, ?, ?, 'failed', 'locked', ?, ?, ?)`,
    ).run(source, trigger, now, now, err.message, process.pid, hostname());
  } catch {
    /* busy: the refusal is logged, not recorded */
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}
