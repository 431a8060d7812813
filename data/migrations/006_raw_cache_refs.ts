import type { Migration } from './index.js';

/**
 * Which raw cache entries (data/raw) the loaded data was read from, so pruning the cache never removes
 * them. Owned by ingest/core (runIngest writes it, `lmi cache prune` reads it).
 */
export const rawCacheRefs: Migration = {
  version: 6,
  name: 'raw cache refs',
  sql: `
    -- One row per source (run name, as in ingest_runs.source and sources.name): the last run whose
    -- data is the loaded data, and the cache keys (sha256 of the normalised request) it read, as a
    -- JSON array (empty for a load from a local file). A loaded source with no row was loaded before
    -- this table existed: which entries it used is unknown.
    CREATE TABLE raw_cache_refs (
      source     TEXT PRIMARY KEY,
      run_id     INTEGER NOT NULL,
      cache_keys TEXT NOT NULL CHECK (json_valid(cache_keys) AND json_type(cache_keys) = 'array')
    ) WITHOUT ROWID;
  `,
};
