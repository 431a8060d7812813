import type { Migration } from './index.js';

/**
 * Operational state: ingest locks and the run log's index (owned by ingest/core). The raw payload
 * cache lives on disk (data/raw), not here, so snapshots stay small.
 */
export const operations: Migration = {
  version: 4,
  name: 'operations',
  sql: `
    -- One row while a run of the source is in progress; a row whose process is gone is stale.
    CREATE TABLE ingest_locks (
      source      TEXT PRIMARY KEY,
      run_id      INTEGER,
      pid         INTEGER NOT NULL,
      host        TEXT NOT NULL,
      acquired_at TEXT NOT NULL
    );

    -- The run log is read newest first, across sources (GET /api/admin/runs).
    CREATE INDEX ingest_runs_by_start ON ingest_runs (started_at DESC, id DESC);
  `,
};
