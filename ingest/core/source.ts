/**
 * The shape every upstream source follows: fetch (I/O only) -> parse (pure) -> load (one transaction).
 * `runIngest` wraps a source's work with the run log and the per-source lock, so every source gets
 * the same guarantees: a failed run is recorded with its error and leaves the previous data as it was.
 */
import { openWritable, type Db } from '../../data/db.js';
import { recordCacheRefs } from '../../data/raw-cache-refs.js';
import { IngestError, toIngestError } from '../../data/errors.js';
import { acquireLock, lockConflict, releaseLock } from '../../data/locks.js';
import { failRun, finishRun, recordRefusal, startRun } from '../../data/runs.js';
import type { LoadSummary } from '../../data/sources.js';
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
  const runId = startRun(db, source, ctx.trigger, started);
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
      finishRun(db, runId, outcome, summary.counts);
      // The loaded data now comes from what this run read: pruning the raw cache keeps those entries.
      recordCacheRefs(db, source, runId, keys);
    })();
    const seconds = (Date.now() - started) / 1000;
    log.info(`${source}: ${outcome} in ${seconds.toFixed(1)} s (${formatCounts(summary.counts)})`);
    return { ...summary, outcome, runId, source, seconds };
  } catch (err) {
    const e = toIngestError(err);
    failRun(db, runId, e.kind, e.message);
    log.error(`${source}: failed (${e.kind}): ${e.message}`);
    e.logged = true;
    throw e;
  } finally {
    if (locked) releaseLock(db, source);
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
