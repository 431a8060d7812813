/**
 * How a configured source is run: every unit under runIngest (run record, lock), either in this
 * process (`lmi ingest all`, `lmi reparse`) or as a separate `lmi ingest all --only ID` child process
 * at a lower CPU priority (the scheduler of `lmi start` / `lmi schedule`, admin-requested runs), so a
 * long load never stalls the server and a crash in one source cannot take the scheduler down.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { pruneAfterRuns } from './cache-prune.js';
import type { RawCachePolicy } from './config.js';
import type { ConfiguredSource } from './configured.js';
import { exitCodes, IngestError, toIngestError } from '../../data/errors.js';
import { createLogger, type Logger } from './log.js';
import { unreachableSummary } from './offline.js';
import type { CacheMode } from './rawcache.js';
import { openIngestDb, runIngest, type RunResult, type RunTrigger } from './source.js';

export interface UnitOutcome {
  source: string;
  ok: boolean;
  result?: RunResult;
  error?: IngestError;
}

export interface SourceRunSummary {
  id: string;
  /** 0 when every unit succeeded, else the exit code of the first failure. */
  exitCode: number;
  units: UnitOutcome[];
}

export type SourceRunner = (source: ConfiguredSource, trigger: RunTrigger) => Promise<SourceRunSummary>;

/**
 * Runs the units of a source one after another in this process, each under runIngest with its own
 * run record and lock; a failed unit does not stop the next, except that once the upstream could not
 * be reached at all (connection, timeout) the remaining units are recorded as failed without trying:
 * with the network down, eight Eurostat datasets would otherwise take eight rounds of timeouts.
 * Afterwards the raw cache is pruned to `rawCache` (default: the config file's limits).
 */
export function inProcessRunner(opts: { dbPath: string; cacheMode?: CacheMode; log?: Logger; rawCache?: RawCachePolicy }): SourceRunner {
  return async (source, trigger) => {
    const units: UnitOutcome[] = [];
    let unreachable: UnitOutcome | undefined;
    for (const unit of source.units) {
      const db = openIngestDb(opts.dbPath);
      const ctx = { db, log: opts.log ?? createLogger(unit.source), trigger, cacheMode: opts.cacheMode };
      const first = unreachable;
      const work = first?.error
        ? async (): Promise<never> => {
            // host and reason only: the first unit's run record holds the full request URL
            throw new IngestError(first.error!.kind, `not tried: ${first.source} could not reach ${unreachableSummary(first.error!.message)}`);
          }
        : () => unit.work(ctx);
      try {
        const result = await runIngest(ctx, unit.source, work);
        units.push({ source: unit.source, ok: true, result });
      } catch (err) {
        const outcome = { source: unit.source, ok: false, error: toIngestError(err) };
        units.push(outcome);
        if (!unreachable && (outcome.error.kind === 'connection' || outcome.error.kind === 'timeout')) unreachable = outcome;
      } finally {
        db.close();
      }
    }
    pruneAfterRuns(opts.dbPath, opts.log ?? createLogger('raw-cache'), opts.rawCache);
    const failed = units.find((u) => !u.ok);
    return { id: source.id, exitCode: failed?.error ? exitCodes[failed.error.kind] : 0, units };
  };
}

/** CPU priority of ingest child processes (env LMI_INGEST_NICE, default 10): the server comes first. */
function ingestNice(): number {
  const n = Number(process.env.LMI_INGEST_NICE);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : 10;
}

/**
 * Runs each source as `lmi ingest all --only ID` in a child process (this process's node flags and
 * entry script) at a lower CPU priority, so parsing a large dataset does not slow the server's answers;
 * the child runs the load in a worker with the ingest's small young generation (scripts/ingest-thread.ts).
 * Unit outcomes are in the run log; the summary carries the exit code.
 */
export function childProcessRunner(opts: { dbPath: string; entry?: string; log?: Logger }): SourceRunner {
  const entry = opts.entry ?? process.argv[1];
  return (source, trigger) =>
    new Promise((resolveRun) => {
      const child = spawn(process.execPath, [...process.execArgv, entry, 'ingest', 'all', '--only', source.id, '--trigger', trigger, '--db', opts.dbPath], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      lowerPriority(child.pid);
      child.once('error', (err) => {
        opts.log?.error(`${source.id}: cannot start the ingest process: ${err.message}`);
        resolveRun({ id: source.id, exitCode: 1, units: [] });
      });
      child.once('exit', (code, signal) => resolveRun({ id: source.id, exitCode: code ?? (signal ? 128 : 1), units: [] }));
    });
}

/** Best effort: lowering our own child's priority needs no privilege, but some platforms refuse. */
export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, ingestNice());
  } catch {
    /* not supported here: run at normal priority */
  }
}
