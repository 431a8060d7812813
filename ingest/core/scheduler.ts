/**
 * Scheduled ingestion. Each configured source (configured.ts) gets a node-cron task on its schedule,
 * in its time zone (node-cron logs through ours). A source never runs twice at once: node-cron's noOverlap and our running map in
 * a process, the per-source lock in the database across processes; and in one scheduler sources run
 * one after another. Runs go through a SourceRunner (runners.ts): child processes for `lmi start` and
 * `lmi schedule`.
 */
import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { ConfiguredSource } from './configured.js';
import { createLogger, type Logger } from './log.js';
import type { SourceRunner, SourceRunSummary } from './runners.js';
import type { RunTrigger } from './source.js';

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

/** node-cron's own wording for a tick skipped by noOverlap; said in ours instead (with the source). */
const cronOverlapMessage = 'task still running, new execution blocked by overlap prevention!';

/**
 * node-cron logs to the console ("[NODE-CRON] [WARN] ...") unless given a logger: its messages go
 * through ours instead, with the source they are about, so production logs keep one format.
 */
function cronLogger(log: Logger, id: string): CronLogger {
  const text = (message: string | Error, err?: Error) =>
    [message instanceof Error ? message.message : message, err?.message].filter(Boolean).join(': ');
  return {
    info: (m) => log.debug(`${id}: ${m}`),
    debug: (m, err) => log.debug(`${id}: ${text(m, err)}`),
    warn: (m) => log.warn(m === cronOverlapMessage ? `${id}: still running at its next scheduled time; that run is skipped` : `${id}: ${m}`),
    error: (m, err) => log.error(`${id}: ${text(m, err)}`),
  };
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
  /** Set by stop(): a catch-up or first load still looping over its sources starts no more runs. */
  private stopped = false;

  constructor(
    readonly sources: ConfiguredSource[],
    private readonly runner: SourceRunner,
    private readonly log: Logger = createLogger('scheduler'),
  ) {}

  /** Starts one cron task per source. */
  start(): void {
    this.stopped = false;
    for (const source of this.sources) {
      if (this.tasks.has(source.id)) continue;
      const task = cron.createTask(source.cron, () => this.run(source.id, 'schedule'), {
        name: `lmi:${source.id}`,
        timezone: source.timezone,
        noOverlap: true,
        logger: cronLogger(this.log, source.id),
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
    if (this.stopped) {
      this.log.info(`${id}: not run (${trigger}): the scheduler is stopping`);
      return Promise.resolve({ id, exitCode: 0, units: [] });
    }
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

  /**
   * Stops the cron tasks, and run() starts nothing more until start(); runs already queued or in
   * progress finish on their own (await idle() to wait for them).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }
}
