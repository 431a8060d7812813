/**
 * The scheduler: config -> cron tasks (type defaults, time zones, problems reported not thrown),
 * source selection, and real node-cron tasks on a per-second schedule with a fake runner (each test
 * stops its scheduler itself). No timing assertions: counts of runs and the overlap guard only.
 */
import { jest } from '@jest/globals';
import { configSchema } from '../../ingest/core/config.js';
import { createLogger } from '../../ingest/core/log.js';
import { configuredSources, selectSources } from '../../ingest/core/configured.js';
import { type SourceRunner, type SourceRunSummary } from '../../ingest/core/runners.js';
import { nextRunOf, overdueSources, Scheduler, schedulePeriodMs } from '../../ingest/core/scheduler.js';
import type { ConfiguredSourceType } from '../../ingest/core/source.js';

const quiet = createLogger('test', { write: () => true } as unknown as NodeJS.WritableStream);

const demoType = (type: string, defaultSchedule: string, defaultTimezone?: string): ConfiguredSourceType => ({
  type,
  defaultSchedule,
  defaultTimezone,
  plan: (id, entry) => {
    const datasets = Array.isArray(entry.datasets) ? (entry.datasets as string[]) : [id];
    return datasets.map((d) => ({ source: `${type}:${d}`, work: async () => ({ counts: {} }) }));
  },
});
const types = [demoType('weekly', '0 3 * * 1'), demoType('eurostat', '30 11,23 * * *', 'Europe/Luxembourg')];

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe('configuredSources', () => {
  test('applies type defaults, keeps explicit schedules and time zones, skips disabled entries', () => {
    const config = configSchema.parse({
      sources: {
        esco: { type: 'weekly' },
        eurostat: { type: 'eurostat', datasets: ['une_rt_a', 'lfsa_egised'] },
        nightly: { type: 'weekly', schedule: '15 2 * * *', timezone: 'Europe/Oslo' },
        old: { type: 'weekly', enabled: false },
      },
    });
    const { sources, problems } = configuredSources(config, types);
    expect(problems).toEqual([]);
    expect(sources.map((s) => ({ id: s.id, cron: s.cron, timezone: s.timezone, units: s.units.map((u) => u.source) }))).toEqual([
      { id: 'esco', cron: '0 3 * * 1', timezone: undefined, units: ['weekly:esco'] },
      { id: 'eurostat', cron: '30 11,23 * * *', timezone: 'Europe/Luxembourg', units: ['eurostat:une_rt_a', 'eurostat:lfsa_egised'] },
      { id: 'nightly', cron: '15 2 * * *', timezone: 'Europe/Oslo', units: ['weekly:nightly'] },
    ]);
  });

  test('reports an unknown type, a bad cron expression and a plan error, and keeps the good entries', () => {
    const failing: ConfiguredSourceType = { type: 'strict', defaultSchedule: '0 0 * * *', plan: () => { throw new Error('"tables" is required'); } };
    const config = configSchema.parse({
      sources: { a: { type: 'nope' }, b: { type: 'weekly', schedule: '61 * * * *' }, c: { type: 'strict' }, d: { type: 'weekly' } },
    });
    const { sources, problems } = configuredSources(config, [...types, failing]);
    expect(sources.map((s) => s.id)).toEqual(['d']);
    expect(problems[0]).toBe('source a: unknown type "nope" (known: weekly, eurostat, strict)');
    expect(problems[1]).toMatch(/^source b: invalid schedule "61 \* \* \* \*": /);
    expect(problems[2]).toBe('source c: "tables" is required');
  });
});

describe('selectSources', () => {
  const { sources } = configuredSources(configSchema.parse({ sources: { esco: { type: 'weekly' }, eurostat: { type: 'eurostat', datasets: ['une_rt_a', 'lfsa_egised'] } } }), types);

  test('by config id or by unit name', () => {
    expect(selectSources(sources, [])).toBe(sources);
    expect(selectSources(sources, ['esco']).map((s) => s.id)).toEqual(['esco']);
    const one = selectSources(sources, ['eurostat:lfsa_egised']);
    expect(one.map((s) => [s.id, s.units.map((u) => u.source)])).toEqual([['eurostat', ['eurostat:lfsa_egised']]]);
  });

  test('an unknown name is an error naming what is configured', () => {
    expect(() => selectSources(sources, ['nomis'])).toThrow('no configured source is called nomis (configured: esco, eurostat)');
  });
});

describe('nextRunOf', () => {
  test('honours the time zone: 11:30 in Luxembourg is 10:30 or 09:30 UTC', () => {
    const next = nextRunOf('30 11 * * *', 'Europe/Luxembourg');
    expect(next).toBeInstanceOf(Date);
    expect(next!.getTime()).toBeGreaterThan(Date.now());
    expect(next!.getUTCMinutes()).toBe(30);
    expect([9, 10]).toContain(next!.getUTCHours());
  });
});

describe('catching up after downtime', () => {
  const { sources } = configuredSources(
    configSchema.parse({ sources: { esco: { type: 'weekly' }, eurostat: { type: 'eurostat', datasets: ['une_rt_a', 'lfsa_egised'] } } }),
    types,
  );
  const now = Date.parse('2026-11-27T16:00:00Z');
  const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();

  test('the period of a schedule is the gap between its next two runs', () => {
    expect(schedulePeriodMs('0 3 * * 1')).toBe(7 * 24 * 3600_000);
    expect(schedulePeriodMs('30 11,23 * * *', 'Europe/Luxembourg')).toBe(12 * 3600_000);
  });

  test('a source is overdue when a unit never succeeded or its last success is older than one period', () => {
    const last: Record<string, string> = { 'weekly:esco': hoursAgo(24 * 6), 'eurostat:une_rt_a': hoursAgo(11), 'eurostat:lfsa_egised': hoursAgo(11) };
    expect(overdueSources(sources, (u) => last[u] ?? null, now).map((s) => s.id)).toEqual([]);
    last['eurostat:lfsa_egised'] = hoursAgo(13); // missed the 11:30 slot
    expect(overdueSources(sources, (u) => last[u] ?? null, now).map((s) => s.id)).toEqual(['eurostat']);
    delete last['weekly:esco']; // newly added to the config
    expect(overdueSources(sources, (u) => last[u] ?? null, now).map((s) => s.id)).toEqual(['esco', 'eurostat']);
  });
});

describe('Scheduler with per-second cron tasks', () => {
  function source(id: string, cron = '* * * * * *') {
    return { ...configuredSources(configSchema.parse({ sources: { [id]: { type: 'weekly', schedule: cron } } }), types).sources[0]! };
  }

  test('runs each source on its schedule, with trigger "schedule", until stopped', async () => {
    const calls: string[] = [];
    const runner: SourceRunner = async (s, trigger) => {
      calls.push(`${s.id}:${trigger}`);
      return { id: s.id, exitCode: 0, units: [] };
    };
    const scheduler = new Scheduler([source('a'), source('b')], runner, quiet);
    scheduler.start();
    try {
      expect(scheduler.nextRun('a')).toBeInstanceOf(Date);
      await sleep(2600);
    } finally {
      await scheduler.stop();
    }
    const after = calls.length;
    expect(calls.filter((c) => c === 'a:schedule').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c === 'b:schedule').length).toBeGreaterThanOrEqual(2);
    await sleep(1200);
    expect(calls).toHaveLength(after); // stopped: no more runs
  });

  test('never overlaps runs of one source: a run still going when the next second comes is skipped', async () => {
    let started = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const runner: SourceRunner = async (s) => {
      started++;
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await gate;
      concurrent--;
      return { id: s.id, exitCode: 0, units: [] };
    };
    const scheduler = new Scheduler([source('slow')], runner, quiet);
    scheduler.start();
    try {
      await sleep(2600);
      expect(scheduler.isRunning('slow')).toBe(true);
      expect(scheduler.request('slow')).toEqual({ status: 'running', message: 'a run of slow is already in progress' });
    } finally {
      await scheduler.stop();
      release();
      await scheduler.idle();
    }
    expect(started).toBe(1);
    expect(maxConcurrent).toBe(1);
  });

  test("a skipped tick is logged through the project's logger with the source, not by node-cron on the console", async () => {
    const lines: string[] = [];
    const log = createLogger('scheduler', { write: (chunk: string) => lines.push(chunk) } as unknown as NodeJS.WritableStream);
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const scheduler = new Scheduler([source('slow')], async (s) => {
      await gate;
      return { id: s.id, exitCode: 0, units: [] };
    }, log);
    scheduler.start();
    try {
      await sleep(2600);
    } finally {
      await scheduler.stop();
      release();
      await scheduler.idle();
      consoleWarn.mockRestore();
    }
    expect(consoleWarn).not.toHaveBeenCalled();
    const skipped = lines.filter((l) => l.includes('skipped'));
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(skipped[0]).toMatch(/^\S+ \S+ WARN  \[scheduler\] slow: still running at its next scheduled time; that run is skipped\n$/);
  });

  test('request() starts a run at once for the admin API, and refuses unknown ids', async () => {
    const done: SourceRunSummary[] = [];
    const runner: SourceRunner = async (s, trigger) => {
      const summary = { id: `${s.id}:${trigger}`, exitCode: 0, units: [] };
      done.push(summary);
      return summary;
    };
    const scheduler = new Scheduler([source('a', '0 0 1 1 *')], runner, quiet);
    expect(scheduler.request('zzz')).toEqual({ status: 'unknown', message: 'no configured source is called zzz' });
    expect(scheduler.request('a')).toEqual({ status: 'started', message: 'a run of a has started; follow it at /api/admin/runs' });
    await scheduler.idle();
    expect(done.map((d) => d.id)).toEqual(['a:api']);
  });

  test('after stop(), run() starts nothing: a catch-up still looping over its sources ends (SIGTERM during lmi schedule)', async () => {
    const calls: string[] = [];
    const scheduler = new Scheduler([source('a', '0 0 1 1 *'), source('b', '0 0 1 1 *')], async (s, trigger) => {
      calls.push(`${s.id}:${trigger}`);
      return { id: s.id, exitCode: 0, units: [] };
    }, quiet);
    await scheduler.run('a', 'startup');
    await scheduler.stop();
    await expect(scheduler.run('b', 'startup')).resolves.toEqual({ id: 'b', exitCode: 0, units: [] });
    await scheduler.idle();
    expect(calls).toEqual(['a:startup']);
  });

  test('a runner that throws is reported as a failed run, not an unhandled rejection', async () => {
    const scheduler = new Scheduler([source('a', '0 0 1 1 *')], async () => {
      throw new Error('spawn ENOENT');
    }, quiet);
    await expect(scheduler.run('a', 'cli')).resolves.toEqual({ id: 'a', exitCode: 1, units: [] });
  });
});
