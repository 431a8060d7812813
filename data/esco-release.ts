/**
 * Which ESCO release is loaded: its languages (esco_languages) and its `sources` row 'esco' (the
 * upstream version the answers cite, and the load stamp caches compare to see a new load). Read on
 * every ESCO request, so through statements prepared once per connection.
 */
import { prepared, type Db } from './db.js';

/** The languages the loaded ESCO release has texts in, sorted; none before the first load. */
export function escoLanguages(db: Db): string[] {
  return (prepared(db, 'SELECT lang FROM esco_languages ORDER BY lang').all() as { lang: string }[]).map((r) => r.lang);
}

/** The loaded release's version ('v1.1.1'; null when the reader did not know it) and load stamp. */
export function escoRelease(db: Db): { version: string | null; loadedAt: string } | undefined {
  return prepared(db, `SELECT upstream_version AS version, loaded_at AS loadedAt FROM sources WHERE name = 'esco'`).get() as
    | { version: string | null; loadedAt: string }
    | undefined;
}
