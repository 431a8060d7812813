/**
 * One ingest per source at a time, across processes: a row in `ingest_locks`, taken inside an
 * IMMEDIATE transaction so two processes cannot both see it free. A lock whose process is dead
 * (same host, pid gone), or older than LMI_LOCK_MAX_HOURS (default 12; for a process on another
 * host, whose pid cannot be checked), is taken over, so a killed run never blocks forever. The run
 * the dead process left 'running' is then recorded as failed.
 */
import { hostname } from 'node:os';
import type { Db } from './db.js';
import { IngestError } from './errors.js';

interface LockRow {
  source: string;
  run_id: number | null;
  pid: number;
  host: string;
  acquired_at: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function maxLockAgeMs(): number {
  const hours = Number(process.env.LMI_LOCK_MAX_HOURS);
  return (Number.isFinite(hours) && hours > 0 ? hours : 12) * 3600_000;
}

/** True when the holder of a lock (or of a 'running' run) can no longer be running. */
export function holderGone(pid: number | null, host: string | null, since: string, now = Date.now()): boolean {
  if (host === hostname() && pid !== null && !processAlive(pid)) return true;
  return now - Date.parse(since) > maxLockAgeMs();
}

function lockedError(source: string, held: LockRow): IngestError {
  return new IngestError('locked', `another ingest of ${source} is running (process ${held.pid} on ${held.host}, since ${held.acquired_at}); wait for it to finish`);
}

/**
 * The error a run of `source` would be refused with, found with a plain read: under WAL it never
 * waits, even while the holder is inside its long load transaction.
 */
export function lockConflict(db: Db, source: string): IngestError | undefined {
  const held = db.prepare('SELECT * FROM ingest_locks WHERE source = ?').get(source) as LockRow | undefined;
  return held && !holderGone(held.pid, held.host, held.acquired_at) ? lockedError(source, held) : undefined;
}

export function acquireLock(db: Db, source: string, runId: number | null): void {
  const host = hostname();
  db.transaction(() => {
    const held = db.prepare('SELECT * FROM ingest_locks WHERE source = ?').get(source) as LockRow | undefined;
    if (held) {
      if (!holderGone(held.pid, held.host, held.acquired_at)) throw lockedError(source, held);
      if (held.run_id !== null) {
        db.prepare(
          `UPDATE ingest_runs SET outcome = 'failed', finished_at = ?, error_kind = 'interrupted', error_message = ? WHERE id = ? AND outcome = 'running'`,
        ).run(new Date().toISOString(), `interrupted: process ${held.pid} on ${held.host} ended without finishing the run`, held.run_id);
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
