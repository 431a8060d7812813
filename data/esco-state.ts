/**
 * What every ESCO answer depends on besides its own rows: the load stamp of ESCO (which search
 * indexes and cached answers follow), the loaded languages and the ESCO version. They are held in
 * memory and read again only when `PRAGMA data_version` has changed, which SQLite guarantees when
 * another connection has committed since the last look (the ingester is another process: the
 * server follows a new load without a restart). Commits on the watching connection itself do not
 * change its data_version: watch from a connection that does not write (the server's).
 *
 * The pragma is read at most once per turn of the event loop: the requests handled in one turn
 * were all read from their sockets in that turn's I/O phase, so they are answered as of its
 * start, as if they had come a few microseconds earlier; the next turn (a request sent after a
 * commit arrives in a later one) looks again. Outside a transaction the pragma takes and drops
 * SQLite's file locks (three system calls): at 32 connections it measured 10-14 µs a request of
 * wall time, several requests sharing a turn.
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
  /** True from a check until the end of the event-loop turn it was made in. */
  private checkedThisTurn = false;
  private readonly endTurn = () => {
    this.checkedThisTurn = false;
  };

  constructor(private readonly db: Db) {
    this.dataVersionStmt = db.prepare('PRAGMA data_version').pluck();
  }

  /** The state as of this turn of the event loop: one pragma read a turn, and the two release reads only when the database changed. */
  current(): EscoState {
    if (this.checkedThisTurn) return this.state;
    const version = this.dataVersionStmt.get() as number;
    if (version !== this.dataVersion) {
      // The same reads as the rest of the server's (data/esco-release.ts), only less often.
      const release = escoRelease(this.db);
      this.state = { stamp: release?.loadedAt ?? '', version: release?.version ?? null, languages: escoLanguages(this.db) };
      this.dataVersion = version;
    }
    this.checkedThisTurn = true;
    // setImmediate runs after the I/O phase of this turn, before the next one polls for requests.
    setImmediate(this.endTurn).unref();
    return this.state;
  }
}
