/**
 * Where decoded cells wait until the document's dimensions are known: a scratch SQLite file of its own
 * (not the store), one row per cell keyed by (part, flat index). Memory stays flat however large the
 * document: the rows go to disk, one transaction per 5,000, through a bounded page cache, and are
 * read back in index order with an iterator. A separate connection, so the load can read it while it
 * writes the store in its own transaction, and so staging never takes the store's write lock during a
 * download. `part` numbers the answers of a split query (PX-Web); a single document is part 0.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CellSink, StagedCell } from './decoder.js';

/** Rows written per stage transaction. */
const BATCH = 5_000;

export class CellStage {
  private readonly dir: string;
  private readonly db: Database.Database;
  private readonly upsertValue: Database.Statement;
  private readonly upsertFlag: Database.Statement;
  private readonly clearPart: Database.Statement;
  private readonly countPart: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private inTransaction = false;
  private uncommitted = 0;
  private closed = false;
  /** The distinct flags written to each part (a handful: the upstream's status symbols). */
  private readonly flagsSeen = new Map<number, Set<string>>();

  constructor() {
    this.dir = mkdtempSync(join(process.env.LMI_STAGE_DIR ?? tmpdir(), 'lmi-stage-'));
    this.db = new Database(join(this.dir, 'cells.sqlite'));
    // Scratch data: no journal, no fsync; a small page cache so the process stays small.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -2000');
    this.db.pragma('temp_store = FILE');
    this.db.exec(`CREATE TABLE cells (part INTEGER NOT NULL, idx INTEGER NOT NULL, value REAL, flag TEXT, PRIMARY KEY (part, idx)) WITHOUT ROWID`);
    // value and status may come in either order: the second one completes the row the first made.
    this.upsertValue = this.db.prepare(`INSERT INTO cells (part, idx, value) VALUES (?, ?, ?) ON CONFLICT (part, idx) DO UPDATE SET value = excluded.value`);
    this.upsertFlag = this.db.prepare(`INSERT INTO cells (part, idx, flag) VALUES (?, ?, ?) ON CONFLICT (part, idx) DO UPDATE SET flag = excluded.flag`);
    this.clearPart = this.db.prepare(`DELETE FROM cells WHERE part = ?`);
    this.countPart = this.db.prepare(`SELECT count(*) FROM cells WHERE part = ?`).pluck();
    this.begin = this.db.prepare('BEGIN');
    this.commit = this.db.prepare('COMMIT');
  }

  /** A sink writing into `part`, emptied first (a retried download starts it again). */
  sink(part: number): CellSink {
    this.flush();
    this.clearPart.run(part);
    const flags = new Set<string>();
    this.flagsSeen.set(part, flags);
    return {
      value: (index, value) => {
        this.open();
        this.upsertValue.run(part, index, value);
        this.written();
      },
      status: (index, flag) => {
        this.open();
        this.upsertFlag.run(part, index, flag);
        flags.add(flag);
        this.written();
      },
    };
  }

  // Rows go straight into an open transaction, committed every BATCH rows: no rows are buffered in
  // the JS heap, where a batch would survive young-generation collections and be promoted to the old
  // generation as garbage (measured: that promoted garbage, not live data, set the peak RSS).
  private open(): void {
    if (this.inTransaction) return;
    this.begin.run();
    this.inTransaction = true;
  }

  private written(): void {
    if (++this.uncommitted >= BATCH) this.flush();
  }

  /** Commits the rows written so far; call when a part's document has ended. */
  flush(): void {
    if (!this.inTransaction) return;
    this.commit.run();
    this.inTransaction = false;
    this.uncommitted = 0;
  }

  count(part: number): number {
    this.flush();
    return this.countPart.get(part) as number;
  }

  /**
   * The flags written to `part` (a status later overwritten by another for the same cell still
   * counts: upstreams write each cell's status once).
   */
  flags(part: number): ReadonlySet<string> {
    return this.flagsSeen.get(part) ?? new Set();
  }

  /** The cells of `part` in ascending index order, read as they are consumed. */
  *cells(part: number): Generator<StagedCell> {
    this.flush();
    const rows = this.db.prepare(`SELECT idx, value, flag FROM cells WHERE part = ? ORDER BY idx`).raw(true).iterate(part) as IterableIterator<StagedCell>;
    yield* rows;
  }

  /** Closes the scratch file and removes it; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
