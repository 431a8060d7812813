/**
 * The raw cache entries the loaded data was read from (table raw_cache_refs): recorded by runIngest
 * with each successful run, read by the cache pruning so those entries are never removed.
 */
import { prepared, type Db } from './db.js';

/** Records that `source`'s loaded data now comes from run `runId`, which read these cache entries. */
export function recordCacheRefs(db: Db, source: string, runId: number, keys: Iterable<string>): void {
  prepared(
    db,
    `INSERT INTO raw_cache_refs (source, run_id, cache_keys) VALUES (?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET run_id = excluded.run_id, cache_keys = excluded.cache_keys`,
  ).run(source, runId, JSON.stringify([...new Set(keys)].sort()));
}

export interface CacheRefs {
  /** Entries some loaded source was read from. */
  keys: Set<string>;
  /** Loaded sources (rows of `sources`) whose entries are unknown: loaded before refs were recorded. */
  unknownSources: string[];
}

export function cacheRefs(db: Db): CacheRefs {
  const keys = prepared(db, `SELECT DISTINCT k.value AS key FROM raw_cache_refs r, json_each(r.cache_keys) k`).all() as { key: string }[];
  const unknown = prepared(db, `SELECT name FROM sources WHERE name NOT IN (SELECT source FROM raw_cache_refs) ORDER BY name`).all() as { name: string }[];
  return { keys: new Set(keys.map((r) => r.key)), unknownSources: unknown.map((r) => r.name) };
}
