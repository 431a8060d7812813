/**
 * The shape every upstream source follows: fetch (I/O only) -> parse (pure) -> load (one transaction).
 * `runIngest` wraps a source's work with the run log and the per-source lock, so every source gets
 * the same guarantees: a failed run is recorded with its error and leaves the previous data as it was.
 */
import { hostname } from 'node:os';
import { openWritable, type Db } from '../../data/db.js';
import { recordCacheRefs } from '../../data/raw-cache-refs.js';
import { IngestError, toIngestError } from './errors.js';
import { acquireLock, lockConflict, releaseLock } from './lock.js';
import { forgetValidators, withHttpRun, type CacheMode } from './rawcache.js';
import type { SourceEntry } from './config.js';
import type { Logger } from './log.js';

export type RunTrigger = 'cli' | 'schedule' | 'api' | 'startup' | 'reparse';

export interface IngestContext {
  db: Db;
  log: Logger;
  trigger: RunTrigger;
  /** Raw cache mode for this run's HTTP requests: 'only' for `lmi reparse` (no network). */
  cacheMode?: CacheMode;
}

/** What a load reports: rows written per table, and the upstream version it loaded. */
export interface LoadSummary {
  counts: Record<string, number>;
  upstreamVersion?: string | null;
  /** 'unchanged' when the upstream had nothing new (e.g. HTTP 304) and nothing was written. */
  outcome?: 'success' | 'unchanged';
}

export interface SourceModule<Raw, Parsed, Options> {
  /** e.g. 'esco', 'eurostat'. */
  kind: string;
  fetch(options: Options, ctx: IngestContext): Promise<Raw>;
  parse(raw: Raw, options: Options): Parsed | Promise<Parsed>;
  load(db: Db, parsed: Parsed, options: Options, ctx: IngestContext): LoadSummary;
}

/**
 * A source type that the config file can name (`"type": "eurostat"`). The scheduler and
 * `lmi ingest all` ask it for the units of work a config entry stands for (ESCO: one; Eurostat: one per
 * dataset), and run each unit under `runIngest` with its own run record and lock.
 */
export interface ConfiguredSourceType {
  /** Matches the config entry's `type`. */
  type: string;
  /** node-cron expression used when the entry gives none. */
  defaultSchedule: string;
  /** IANA time zone the default schedule is written in (e.g. Eurostat's releases: 'Europe/Luxembourg'). */
  defaultTimezone?: string;
  plan(id: string, entry: SourceEntry): IngestUnit[];
}

export interface IngestUnit {
  /** Name in the run log, the lock and `sources`, e.g. 'esco', 'eurostat:une_rt_a', 'pxweb:ssb-07221'. */
  source: string;
  work(ctx: IngestContext): Promise<LoadSummary>;
}

export interface RunResult extends LoadSummary {
  runId: number;
  source: string;
  seconds: number;
}

/** Records a `sources` row; call inside the load transaction so it commits with the data. */
export function recordSource(
  db: Db,
  s: { name: string; kind: string; upstreamVersion?: string | null; upstreamUrl?: string | null; counts: Record<string, number>; attribution: string },
): void {
  db.prepare(
    `INSERT INTO sources (name, kind, upstream_version, upstream_url, loaded_at, row_counts, attribution)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, upstream_version = excluded.upstream_version,
       upstream_url = excluded.upstream_url, loaded_at = excluded.loaded_at, row_counts = excluded.row_counts,
       attribution = excluded.attribution`,
  ).run(s.name, s.kind, s.upstreamVersion ?? null, s.upstreamUrl ?? null, new Date().toISOString(), JSON.stringify(s.counts), s.attribution);
}

/**
 * Runs one ingest of `source` under its lock, recording the attempt in `ingest_runs`.
 * Throws the IngestError after recording it, so callers can set the exit code.
 */
export async function runIngest(ctx: IngestContext, source: string, work: () => Promise<LoadSummary>): Promise<RunResult> {
  const { db, log } = ctx;
  const started = Date.now();
  // Refuse at once when another process holds the lock: writing the run record first would wait
  // for that process's load transaction to commit, which can take minutes.
  const conflict = lockConflict(db, source);
  if (conflict) {
    recordRefusal(db, source, ctx.trigger, conflict);
    log.error(`${source}: refused (locked): ${conflict.message}`);
    conflict.logged = true;
    throw conflict;
  }
  const runId = Number(
    db
      .prepare(`INSERT INTO ingest_runs (source, trigger, started_at, outcome, pid, host) VALUES (?, ?, ?, 'running', ?, ?)`)
      .run(source, ctx.trigger, new Date(started).toISOString(), process.pid, hostname()).lastInsertRowid,
  );
  let locked = false;
  try {
    acquireLock(db, source, runId);
    locked = true;
    const { summary, keys } = await withHttpRun(ctx.cacheMode, async (http) => {
      try {
        return { summary: await work(), keys: http.keys };
      } catch (err) {
        // The payload this run downloaded did not load: make sure the next run downloads it again
        // rather than being told "304 not modified" about it.
        if (payloadFault(toIngestError(err).kind)) for (const key of http.keys) forgetValidators(key);
        throw err;
      }
    });
    const outcome = summary.outcome ?? 'success';
    db.transaction(() => {
      db.prepare(`UPDATE ingest_runs SET finished_at = ?, outcome = ?, row_counts = ? WHERE id = ?`).run(
        new Date().toISOString(),
        outcome,
        JSON.stringify(summary.counts),
        runId,
      );
      // The loaded data now comes from what this run read: pruning the raw cache keeps those entries.
      recordCacheRefs(db, source, runId, keys);
    })();
    const seconds = (Date.now() - started) / 1000;
    log.info(`${source}: ${outcome} in ${seconds.toFixed(1)} s (${formatCounts(summary.counts)})`);
    return { ...summary, outcome, runId, source, seconds };
  } catch (err) {
    const e = toIngestError(err);
    db.prepare(`UPDATE ingest_runs SET finished_at = ?, outcome = 'failed', error_kind = ?, error_message = ? WHERE id = ?`).run(
      new Date().toISOString(),
      e.kind,
      e.message,
      runId,
    );
    log.error(`${source}: failed (${e.kind}): ${e.message}`);
    e.logged = true;
    throw e;
  } finally {
    if (locked) releaseLock(db, source);
  }
}

/**
 * Records a run refused by the lock, if the database lets us write within a moment; when the holder
 * is mid-transaction the refusal is only logged (a run log entry is not worth blocking for).
 */
function recordRefusal(db: Db, source: string, trigger: RunTrigger, err: IngestError): void {
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma('busy_timeout = 200');
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO ingest_runs (source, trigger, started_at, finished_at, outcome, error_kind, error_message, pid, host) VALUES (?, ?, ?, ?, 'failed', 'locked', ?, ?, ?)`,
    ).run(source, trigger, now, now, err.message, process.pid, hostname());
  } catch {
    /* busy: the refusal is logged, not recorded */
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}

/** How long an ingest's writes wait for another writer's transaction (env LMI_WRITER_WAIT_MS, default 15 min). */
function writerBusyTimeoutMs(): number {
  const ms = Number(process.env.LMI_WRITER_WAIT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 15 * 60_000;
}

/**
 * The database connection an ingest writes on. Another source's load may hold the write lock for
 * minutes: its writes wait for it rather than fail.
 */
export function openIngestDb(path: string): Db {
  const db = openWritable(path);
  db.pragma(`busy_timeout = ${writerBusyTimeoutMs()}`);
  return db;
}

/** Kinds that mean the downloaded body itself was bad (as opposed to the network or our lock). */
function payloadFault(kind: IngestError['kind']): boolean {
  return kind === 'truncated' || kind === 'invalid' || kind === 'schema' || kind === 'empty' || kind === 'html' || kind === 'internal';
}

export function formatCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`);
  return parts.length ? parts.join(', ') : 'nothing written';
}

export { IngestError };
