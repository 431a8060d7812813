/**
 * Scheduled ingestion. Each enabled source of the config file gets a node-cron task on its own
 * schedule (the entry's `schedule`, else its type's default) in its time zone (the entry's
 * `timezone`, else the type's default, else LMI_TZ, else the machine's). A source never runs twice at
 * once: node-cron's noOverlap inside a process, our busy set for runs requested by the admin API, and
 * the per-source lock in the database across processes.
 *
 * Runs happen through a SourceRunner. The scheduler of `lmi start` / `lmi schedule` uses
 * `childProcessRunner`: each run is a separate `lmi ingest all --only ID` process, so a long load
 * transaction never stalls the server's event loop and a crash in one source cannot take the
 * scheduler down. `lmi ingest all` itself uses `inProcessRunner`.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { openWritable } from '../../data/db.js';
import { sourceTypes } from '../registry.js';
import type { LmiConfig, SourceEntry } from './config.js';
import { exitCodes, IngestError, toIngestError } from './errors.js';
import { createLogger, type Logger } from './log.js';
import type { CacheMode } from './rawcache.js';
import { runIngest, writerBusyTimeoutMs, type ConfiguredSourceType, type IngestUnit, type RunResult, type RunTrigger } from './source.js';

export interface ConfiguredSource {
  /** The key in lmi.config.json `sources`. */
  id: string;
  entry: SourceEntry;
  type: ConfiguredSourceType;
  cron: string;
  timezone?: string;
  units: IngestUnit[];
}

/**
 * The enabled sources of a config, each with its units planned and its schedule checked. Problems
 * (unknown type, bad cron expression, options its type rejects) are returned, not thrown, so one
 * bad entry does not stop the others from being kept fresh.
 */
export function configuredSources(config: LmiConfig, types: ConfiguredSourceType[] = sourceTypes): { sources: ConfiguredSource[]; problems: string[] } {
  const sources: ConfiguredSource[] = [];
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(config.sources)) {
    if (!entry.enabled) continue;
    const type = types.find((t) => t.type === entry.type);
    if (!type) {
      problems.push(`source ${id}: unknown type "${entry.type}" (known: ${types.map((t) => t.type).join(', ') || 'none'})`);
      continue;
    }
    const expression = entry.schedule ?? type.defaultSchedule;
    const checked = cron.validateDetailed(expression);
    if (!checked.valid) {
      problems.push(`source ${id}: invalid schedule "${expression}": ${checked.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    let units: IngestUnit[];
    try {
      units = type.plan(id, entry);
    } catch (err) {
      problems.push(`source ${id}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const timezone = entry.timezone ?? type.defaultTimezone ?? process.env.LMI_TZ;
    sources.push({ id, entry, type, cron: expression, timezone, units });
  }
  return { sources, problems };
}

/** Selects sources by config id or unit name (`esco`, `eurostat:une_rt_a`); unknown names are an error. */
export function selectSources(all: ConfiguredSource[], names: string[]): ConfiguredSource[] {
  if (!names.length) return all;
  const out: ConfiguredSource[] = [];
  for (const name of names) {
    const byId = all.find((s) => s.id === name);
    if (byId) {
      out.push(byId);
      continue;
    }
    const owner = all.find((s) => s.units.some((u) => u.source === name));
    if (!owner) throw new Error(`no configured source is called ${name} (configured: ${all.map((s) => s.id).join(', ') || 'none'})`);
    out.push({ ...owner, units: owner.units.filter((u) => u.source === name) });
  }
  return out;
}

/** When the cron expression fires next, in its time zone. */
export function nextRunOf(expression: string, timezone?: string): Date | null {
  const probe = cron.createTask(expression, () => undefined, { timezone });
  try {
    // getNextRun() is null for a task that is not started; getNextRuns() computes it regardless.
    return probe.getNextRuns(1)[0] ?? null;
  } finally {
    void probe.destroy();
  }
}

/** The time between two consecutive runs of a cron expression (from its next two runs). */
export function schedulePeriodMs(expression: string, timezone?: string): number {
  const probe = cron.createTask(expression, () => undefined, { timezone });
  try {
    const [a, b] = probe.getNextRuns(2);
    return a && b ? b.getTime() - a.getTime() : Number.POSITIVE_INFINITY;
  } finally {
    void probe.destroy();
  }
}

/**
 * Sources with a unit that never succeeded, or whose last success is older than one period of its
 * schedule: a run was missed while nothing was running (the machine was off at 11:30). Cron alone
 * would only catch up at the next slot.
 */
export function overdueSources(sources: ConfiguredSource[], lastSuccess: (unit: string) => string | null, now = Date.now()): ConfiguredSource[] {
  return sources.filter((s) => {
    const period = schedulePeriodMs(s.cron, s.timezone);
    return s.units.some((u) => {
      const at = lastSuccess(u.source);
      return at === null || now - Date.parse(at) > period;
    });
  });
}

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
 */
export function inProcessRunner(opts: { dbPath: string; cacheMode?: CacheMode; log?: Logger }): SourceRunner {
  return async (source, trigger) => {
    const units: UnitOutcome[] = [];
    let unreachable: UnitOutcome | undefined;
    for (const unit of source.units) {
      const db = openWritable(opts.dbPath);
      // Another source's load may hold the write lock for minutes: wait for it rather than fail.
      db.pragma(`busy_timeout = ${writerBusyTimeoutMs()}`);
      const ctx = { db, log: opts.log ?? createLogger(unit.source), trigger, cacheMode: opts.cacheMode };
      const first = unreachable;
      const work = first?.error
        ? async (): Promise<never> => {
            throw new IngestError(first.error!.kind, `not tried: ${first.source} could not reach the upstream (${first.error!.message})`);
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
    const failed = units.find((u) => !u.ok);
    return { id: source.id, exitCode: failed?.error ? exitCodes[failed.error.kind] : 0, units };
  };
}

/** CPU priority of ingest child processes (env LMI_INGEST_NICE, default 10): the server comes first. */
export function ingestNice(): number {
  const n = Number(process.env.LMI_INGEST_NICE);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : 10;
}

/**
 * Runs each source as `lmi ingest all --only ID` in a child process (same node flags and entry
 * script as this process) at a lower CPU priority, so parsing a large dataset does not slow the
 * server's answers. Unit outcomes are in the run log; the summary carries the exit code.
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

export type RequestOutcome = { status: 'started' | 'running' | 'unknown'; message: string };

export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly running = new Map<string, Promise<SourceRunSummary>>();
  /**
   * Runs of different sources go one after another: each load is one write transaction on the same
   * database, so running them side by side would only make them wait on each other's locks.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly sources: ConfiguredSource[],
    private readonly runner: SourceRunner,
    private readonly log: Logger = createLogger('scheduler'),
  ) {}

  /** Starts one cron task per source. */
  start(): void {
    for (const source of this.sources) {
      if (this.tasks.has(source.id)) continue;
      const task = cron.createTask(source.cron, () => this.run(source.id, 'schedule'), {
        name: `lmi:${source.id}`,
        timezone: source.timezone,
        noOverlap: true,
      });
      void task.start();
      this.tasks.set(source.id, task);
      this.log.info(`${source.id}: scheduled "${source.cron}"${source.timezone ? ` (${source.timezone})` : ''}, next run ${this.nextRun(source.id)?.toISOString() ?? 'never'}`);
    }
  }

  nextRun(id: string): Date | null {
    const task = this.tasks.get(id);
    if (task) return task.getNextRun();
    const source = this.sources.find((s) => s.id === id);
    return source ? nextRunOf(source.cron, source.timezone) : null;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /**
   * Runs a source as soon as the runs before it are done, unless a run of it is already queued or in
   * progress in this scheduler (then that run's promise is returned).
   */
  run(id: string, trigger: RunTrigger): Promise<SourceRunSummary> {
    const current = this.running.get(id);
    if (current) {
      this.log.warn(`${id}: still running, this ${trigger} run is skipped`);
      return current;
    }
    const source = this.sources.find((s) => s.id === id);
    if (!source) return Promise.reject(new Error(`no configured source is called ${id}`));
    const started = this.queue
      .then(() => this.runner(source, trigger))
      .catch((err: unknown): SourceRunSummary => {
        this.log.error(`${id}: the run failed to start: ${err instanceof Error ? err.message : String(err)}`);
        return { id, exitCode: 1, units: [] };
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, started);
    this.queue = started;
    return started;
  }

  /** For the admin API: start a run in the background and say so at once. */
  request(id: string, trigger: RunTrigger = 'api'): RequestOutcome {
    if (!this.sources.some((s) => s.id === id)) return { status: 'unknown', message: `no configured source is called ${id}` };
    if (this.isRunning(id)) return { status: 'running', message: `a run of ${id} is already in progress` };
    void this.run(id, trigger);
    return { status: 'started', message: `a run of ${id} has started; follow it at /api/admin/runs` };
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /** Stops the cron tasks; runs in progress finish on their own (await idle() to wait for them). */
  async stop(): Promise<void> {
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }
}
