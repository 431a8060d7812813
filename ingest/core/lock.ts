/**
 * One ingest per source at a time, across processes: a row in `ingest_locks`, taken inside an
 * IMMEDIATE transaction so two processes cannot both see it free. A lock whose process is dead
 * (same host, pid gone) is taken over, so a killed run never blocks forever.
 */
import { hostname } from 'node:os';
import type { Db } from '../../data/db.js';
import { IngestError } from './errors.js';

interface LockRow {
  source: string;
  run_id: number | null;
  pid: number;
  host: string;
  acquired_at: string;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(db: Db, source: string, runId: number | null): void {
  const host = hostname();
  db.transaction(() => {
    const held = db.prepare('SELECT * FROM ingest_locks WHERE source = ?').get(source) as LockRow | undefined;
    if (held) {
      const stale = held.host === host && !processAlive(held.pid);
      if (!stale) {
        throw new IngestError(
          'locked',
          `another ingest of ${source} is running (process ${held.pid} on ${held.host}, since ${held.acquired_at}); wait for it to finish`,
        );
      }
    }
    db.prepare('INSERT OR REPLACE INTO ingest_locks (source, run_id, pid, host, acquired_at) VALUES (?, ?, ?, ?, ?)').run(
      source,
      runId,
      process.pid,
      host,
      new Date().toISOString(),
    );
  }).immediate();
}

export function releaseLock(db: Db, source: string): void {
  db.prepare('DELETE FROM ingest_locks WHERE source = ? AND pid = ? AND host = ?').run(source, process.pid, hostname());
}
