import type { Migration } from './index.js';

/** Provenance and the ingest run log: what is loaded, from which upstream version, and every attempt. */
export const core: Migration = {
  version: 1,
  name: 'core',
  sql: `
    -- One row per loaded source (e.g. 'esco', 'eurostat:une_rt_a', 'pxweb:ssb-07221').
    CREATE TABLE sources (
      name             TEXT PRIMARY KEY,
      kind             TEXT NOT NULL,            -- esco | eurostat | pxweb | nomis | html | onet
      upstream_version TEXT,                     -- ESCO version, or the dataset's upstream 'updated'
      upstream_url     TEXT,
      loaded_at        TEXT NOT NULL,            -- ISO 8601 UTC
      row_counts       TEXT NOT NULL DEFAULT '{}', -- JSON object: table -> rows
      attribution      TEXT NOT NULL
    );

    -- Every ingest attempt, successful or not.
    CREATE TABLE ingest_runs (
      id            INTEGER PRIMARY KEY,
      source        TEXT NOT NULL,
      trigger       TEXT NOT NULL DEFAULT 'cli',  -- cli | schedule | api | startup
      started_at    TEXT NOT NULL,
      finished_at   TEXT,
      outcome       TEXT NOT NULL CHECK (outcome IN ('running', 'success', 'failed', 'unchanged')),
      error_kind    TEXT,
      error_message TEXT,
      row_counts    TEXT,
      pid           INTEGER,
      host          TEXT
    );
    CREATE INDEX ingest_runs_by_source ON ingest_runs (source, started_at DESC);
  `,
};
