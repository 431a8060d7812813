/**
 * What every ESCO answer depends on besides its own rows: the load stamp of ESCO (which search
 * indexes and cached answers follow), the loaded languages and the ESCO version. They are held in
 * memory and read again only when `PRAGMA data_version` has changed, which SQLite guarantees when
 * another connection has committed since the last look (the ingester is another process: the
 * server follows a new load without a restart). One pragma read per check instead of three SQL reads
 * a request: the search route's budget is tens of microseconds. Commits on the watching connection
 * itself do not change its data_version: watch from a connection that does not write (the server's).
 */
import type { Db } from './db.js';
import { escoLanguages, escoRelease } from './esco-release.js';

export interface EscoState {
  /** `sources.loaded_at` of ESCO, '' before any load. */
  readonly stamp: string;
  /** Loaded ESCO languages, sorted. */
  readonly languages: readonly string[];
  /** The upstream ESCO version loaded, null before any load. */
  readonly version: string | null;
}

export class EscoStateWatch {
  private readonly dataVersionStmt;
  private dataVersion = -1;
  private state: EscoState = { stamp: '', languages: [], version: null };

  constructor(private readonly db: Db) {
    this.dataVersionStmt = db.prepare('PRAGMA data_version').pluck();
  }

  /** The state as of now: one pragma read, and the two release reads only when the database changed. */
  current(): EscoState {
    const version = this.dataVersionStmt.get() as number;
    if (version !== this.dataVersion) {
      // The same reads as the rest of the server's (data/esco-release.ts), only less often.
      const release = escoRelease(this.db);
      this.state = { stamp: release?.loadedAt ?? '', version: release?.version ?? null, languages: escoLanguages(this.db) };
      this.dataVersion = version;
    }
    return this.state;
  }
}
