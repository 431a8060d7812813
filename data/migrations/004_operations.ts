import type { Migration } from './index.js';

/** Operational state: ingest locks, the raw payload cache (owned by ingest/core). */
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
  `,
};
