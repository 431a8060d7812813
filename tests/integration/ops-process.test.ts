/**
 * Real processes: an ingest killed with SIGKILL in the middle of its load transaction, two ingests
 * of one source in two processes, and the `lmi` command line itself (status, ingest all, reparse,
 * snapshot, serve --read-only). Children run the TypeScript sources through tests/support/
 * register-ts.mjs (swc, as Jest does), so no build step is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { latestSchemaVersion } from '../../data/db.js';
import { silentLogger } from '../../ingest/core/log.js';
import { type ConfiguredSource } from '../../ingest/core/configured.js';
import { inProcessRunner } from '../../ingest/core/runners.js';
import { getJson, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';
import { reply, startReplay, type ReplayServer } from '../replay/server.js';
import { demoPayload, opsDemoType } from '../support/ops-source.js';

const LOADER = './tests/support/register-ts.mjs';
const CHILD = 'tests/support/ops-child.ts';
const PATH = '/opsdemo/demo.json';
const savedEnv = { ...process.env };

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Finished>; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', LOADER, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((ok) => child.once('exit', (code, signal) => ok({ code, signal, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

const lmi = (args: string[], env: Record<string, string> = {}) => start(['scripts/lmi.ts', ...args], env).done;

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

let replay: ReplayServer;
let raw: ReturnType<typeof tempDir>;

beforeAll(async () => {
  raw = tempDir('lmi-raw-');
  Object.assign(process.env, { LMI_RAW_DIR: raw.dir, LMI_HTTP_RETRIES: '0', LMI_LOG_LEVEL: 'warn' });
  replay = await startReplay();
});

afterAll(async () => {
  await replay.close();
  raw.cleanup();
  process.env = savedEnv;
});

/** A minimal JSON-stat 2.0 answer of the Eurostat API: une_rt_a for DE, 2 years. */
function eurostatMini(): unknown {
  return {
    version: '2.0',
    class: 'dataset',
    label: 'Unemployment by sex and age - annual data',
    source: 'ESTAT',
    updated: '2026-04-29T23:00:00+0200',
    id: ['freq', 'unit', 'sex', 'age', 'geo', 'time'],
    size: [1, 1, 1, 1, 1, 2],
    value: { '0': 3.1, '1': 3.4 },
    dimension: {
      freq: { label: 'Time frequency', category: { index: { A: 0 }, label: { A: 'Annual' } } },
      unit: { label: 'Unit of measure', category: { index: { PC_ACT: 0 }, label: { PC_ACT: 'Percentage of population in the labour force' } } },
      sex: { label: 'Sex', category: { index: { T: 0 }, label: { T: 'Total' } } },
      age: { label: 'Age class', category: { index: { 'Y15-74': 0 }, label: { 'Y15-74': 'From 15 to 74 years' } } },
      geo: { label: 'Geopolitical entity (reporting)', category: { index: { DE: 0 }, label: { DE: 'Germany' } } },
      time: { label: 'Time', category: { index: { '2023': 0, '2024': 1 }, label: { '2023': '2023', '2024': '2024' } } },
    },
  };
}

function demoSource(url: string): ConfiguredSource {
  const entry = { type: 'opsdemo', enabled: true, url };
  return { id: 'demo', entry, type: opsDemoType, cron: opsDemoType.defaultSchedule, units: opsDemoType.plan('demo', entry) };
}

/** The data fields of /api/sources and every observation, as served. */
async function served(api: TestServer): Promise<string> {
  const sources = await getJson(api.url, '/api/sources');
  const data = sources.body.sources.map((s: Record<string, unknown>) => {
    const { lastAttempt: _a, ageHours: _h, lastSuccess: _s, recentRuns: _r, ...rest } = s;
    return rest;
  });
  const observations = api.db.prepare(`SELECT s.key, o.period, o.value FROM observations o JOIN series s ON s.id = o.series_id ORDER BY 1, 2`).all();
  return JSON.stringify({ data, observations });
}

describe('an ingest killed mid-load (SIGKILL)', () => {
  test('leaves the previous data served and intact; the next run takes over the lock and succeeds', async () => {
    const t = tempDb();
    const api = await serveDb(t.path);
    try {
      replay.reset([{ path: PATH, replies: reply.json(demoPayload('demo', 3, 4)) }]);
      expect((await inProcessRunner({ dbPath: t.path, log: silentLogger })(demoSource(`${replay.url}${PATH}`), 'cli')).exitCode).toBe(0);
      const before = await served(api);

      // 40,000 observations, sleeping 100 ms every 1,000 inside the load transaction: ~4 s of load
      replay.reset([{ path: PATH, replies: reply.json(demoPayload('demo', 400, 100, '2026-11-20T11:00:00Z')) }]);
      const run = start([CHILD, t.path, 'demo', `${replay.url}${PATH}`], { OPSDEMO_SLOW_MS: '100', OPSDEMO_ANNOUNCE: '1' });
      await until('the child to start loading', () => run.stdout().includes('LOADING'));
      // while the load transaction is open, the server answers, with the data from before
      const during: string[] = [];
      const until600 = Date.now() + 600;
      while (Date.now() < until600) during.push(await served(api));
      expect(during.length).toBeGreaterThan(0);
      expect(new Set(during)).toEqual(new Set([before]));
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');

      // the reader still sees exactly the data from before, and the file is sound
      expect(await served(api)).toBe(before);
      const check = new Database(t.path);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.prepare(`SELECT outcome, pid FROM ingest_runs ORDER BY id DESC LIMIT 1`).get()).toEqual({ outcome: 'running', pid: run.child.pid });
      expect(check.prepare(`SELECT source, pid, host FROM ingest_locks`).all()).toEqual([{ source: 'opsdemo:demo', pid: run.child.pid, host: hostname() }]);
      check.close();
      const status = await getJson(api.url, '/api/sources');
      expect(status.body.sources[0].lastAttempt).toMatchObject({ outcome: 'interrupted' });

      // the next run is not blocked by the dead process's lock, and records what happened to it
      replay.reset([{ path: PATH, replies: reply.json(demoPayload('demo', 5, 2, '2026-11-21T11:00:00Z')) }]);
      const next = await inProcessRunner({ dbPath: t.path, log: silentLogger })(demoSource(`${replay.url}${PATH}`), 'cli');
      expect(next.exitCode).toBe(0);
      expect(t.db.prepare(`SELECT outcome, error_kind, error_message FROM ingest_runs ORDER BY id`).all()).toEqual([
        { outcome: 'success', error_kind: null, error_message: null },
        { outcome: 'failed', error_kind: 'interrupted', error_message: `interrupted: process ${run.child.pid} on ${hostname()} ended without finishing the run` },
        { outcome: 'success', error_kind: null, error_message: null },
      ]);
      const after = JSON.parse(await served(api)) as { data: { upstreamVersion: string }[]; observations: unknown[] };
      expect(after.data[0]!.upstreamVersion).toBe('2026-11-21T11:00:00Z');
      expect(after.observations).toHaveLength(10);
      expect(t.db.prepare(`SELECT COUNT(*) AS n FROM ingest_locks`).get()).toEqual({ n: 0 });
    } finally {
      await api.close();
      t.cleanup();
    }
  });
});

describe('two processes ingesting the same source', () => {
  test('the second is refused at once with exit code 3 and a clear message; the first completes', async () => {
    const t = tempDb();
    try {
      replay.reset([{ path: PATH, replies: reply.json(demoPayload('demo', 200, 100)) }]);
      const url = `${replay.url}${PATH}`;
      // ~4 s of load (200 ms every 1,000 observations): the second process starts well within it
      const first = start([CHILD, t.path, 'demo', url], { OPSDEMO_SLOW_MS: '200', OPSDEMO_ANNOUNCE: '1' });
      await until('the first process to start loading', () => first.stdout().includes('LOADING'));
      const second = await start([CHILD, t.path, 'demo', url]).done;
      expect(second.code).toBe(3);
      expect(second.stderr).toContain(`opsdemo:demo: locked: another ingest of opsdemo:demo is running (process ${first.child.pid} on ${hostname()}, since `);
      const firstDone = await first.done;
      expect(firstDone.code).toBe(0);
      const runs = t.db.prepare(`SELECT outcome, error_kind, pid FROM ingest_runs ORDER BY id`).all() as { outcome: string; error_kind: string | null; pid: number }[];
      // the refusal is recorded when the database lets it write at once, else only reported
      expect(runs.filter((r) => r.outcome === 'success')).toEqual([{ outcome: 'success', error_kind: null, pid: first.child.pid }]);
      expect(runs.filter((r) => r.outcome !== 'success').every((r) => r.error_kind === 'locked')).toBe(true);
      expect(t.db.prepare(`SELECT COUNT(*) AS n FROM observations`).get()).toEqual({ n: 20_000 });
    } finally {
      t.cleanup();
    }
  });
});

describe('the lmi command line', () => {
  test('ingest all with a bad config entry exits 2 naming it; status prints per source; reparse of an unknown source exits 2', async () => {
    const t = tempDb();
    const cfg = tempDir('lmi-cfg-');
    try {
      const config = join(cfg.dir, 'lmi.config.json');
      writeFileSync(config, JSON.stringify({ sources: { mystery: { type: 'nope' } } }));
      const env = { LMI_DB: t.path, LMI_CONFIG: config };
      const all = await lmi(['ingest', 'all'], env);
      expect(all.code).toBe(2);
      expect(all.stderr).toContain('lmi: source mystery: unknown type "nope" (known: ');

      const reparse = await lmi(['reparse', 'esco'], env);
      expect(reparse.code).toBe(2);
      expect(reparse.stderr).toContain('lmi: no configured source is called esco (configured: none)');

      replay.reset([{ path: PATH, replies: reply.json(demoPayload('demo', 2, 2)) }]);
      expect((await inProcessRunner({ dbPath: t.path, log: silentLogger })(demoSource(`${replay.url}${PATH}`), 'cli')).exitCode).toBe(0);
      const status = await lmi(['status'], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('config problem: source mystery: unknown type "nope"');
      expect(status.stdout).toMatch(/opsdemo:demo \[opsdemo\]\n {2}last success: {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC \(data 0 h old\)\n {2}last attempt: {2}success /);
      expect(status.stdout).toContain('  upstream:      version 2026-11-01T11:00:00Z, updated 2026-11-01T11:00:00Z');
      const json = await lmi(['status', '--json'], env);
      expect(JSON.parse(json.stdout).sources[0]).toMatchObject({ name: 'opsdemo:demo', rowCounts: expect.objectContaining({ observations: 4 }), nextRun: null });
    } finally {
      t.cleanup();
      cfg.cleanup();
    }
  });

  test('ingest all against a faulty upstream: exit 5 for an HTML page, 6 for a 503, the data kept, reparse from the cache', async () => {
    const t = tempDb();
    const cfg = tempDir('lmi-cfg-');
    try {
      const config = join(cfg.dir, 'lmi.config.json');
      writeFileSync(config, JSON.stringify({ sources: { eurostat: { type: 'eurostat', datasets: { une_rt_a: {} } } } }));
      const env = { LMI_DB: t.path, LMI_CONFIG: config, LMI_EUROSTAT_URL: `${replay.url}/eurostat`, LMI_HTTP_MAX_DELAY_MS: '10' };
      const data = '/eurostat/api/dissemination/statistics/1.0/data/une_rt_a';
      const count = () => (t.db.prepare(`SELECT COUNT(*) AS n FROM observations`).get() as { n: number }).n;

      replay.reset([{ path: data, replies: reply.json(eurostatMini()) }]);
      const ok = await lmi(['ingest', 'all'], env);
      expect([ok.code, ok.stderr]).toEqual([0, expect.any(String)]);
      expect(ok.stdout).toMatch(/^eurostat:une_rt_a: success in \d+\.\d s: /);
      const loaded = count();
      expect(loaded).toBe(2);

      replay.reset([{ path: data, replies: reply.html() }]);
      const html = await lmi(['ingest', 'all'], env);
      expect(html.code).toBe(5);
      expect(html.stdout).toContain('eurostat:une_rt_a: FAILED (html) -> the upstream answered with a web page (maintenance or error page): retry later');
      expect(html.stderr).toContain('answered with an HTML page (HTTP 200) where json was expected');

      replay.reset([{ path: data, replies: reply.status(503) }]);
      const down = await lmi(['ingest', 'all', '--only', 'eurostat:une_rt_a'], env);
      expect(down.code).toBe(6);
      expect(down.stdout).toContain('eurostat:une_rt_a: FAILED (http_5xx) -> ');
      expect(count()).toBe(loaded);

      // no network at all: reparse rebuilds from the raw cache filled by the first run
      replay.reset([]);
      const reparse = await lmi(['reparse', 'eurostat'], env);
      expect([reparse.code, reparse.stdout.trim()]).toEqual([0, expect.stringMatching(/^eurostat:une_rt_a: reparsed from the cache: /)]);
      expect(replay.requests).toHaveLength(0);
      expect(count()).toBe(loaded);
      const runs = t.db.prepare(`SELECT trigger, outcome, error_kind FROM ingest_runs ORDER BY id`).all();
      expect(runs).toEqual([
        { trigger: 'cli', outcome: 'success', error_kind: null },
        { trigger: 'cli', outcome: 'failed', error_kind: 'html' },
        { trigger: 'cli', outcome: 'failed', error_kind: 'http_5xx' },
        { trigger: 'reparse', outcome: 'success', error_kind: null },
      ]);
    } finally {
      t.cleanup();
      cfg.cleanup();
    }
  });

  test('snapshot writes a consistent copy and manifest; serve --read-only serves it', async () => {
    const t = tempDb();
    const out = tempDir('lmi-snap-');
    try {
      replay.reset([{ path: PATH, replies: reply.json(demoPayload('demo', 3, 3)) }]);
      expect((await inProcessRunner({ dbPath: t.path, log: silentLogger })(demoSource(`${replay.url}${PATH}`), 'cli')).exitCode).toBe(0);
      const file = join(out.dir, 'lmi-snapshot.sqlite');
      const snap = await lmi(['snapshot', file, '--db', t.path]);
      expect(snap.code).toBe(0);
      expect(snap.stdout).toContain(`lmi: snapshot ${file}: 1 sources`);
      const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
      expect(manifest).toMatchObject({
        file: 'lmi-snapshot.sqlite',
        sources: [{ name: 'opsdemo:demo', kind: 'opsdemo', upstreamVersion: '2026-11-01T11:00:00Z', rowCounts: expect.objectContaining({ observations: 9 }) }],
      });
      expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
      expect(existsSync(`${file}-wal`)).toBe(false);
      expect((await lmi(['snapshot', file, '--db', t.path])).code).toBe(2); // exists, no --force

      const server = start(['scripts/lmi.ts', 'serve', '--read-only', '--port', '0', '--db', file]);
      try {
        await until('the server to listen', () => /serving .* at (http:\/\/\S+)\//.test(server.stdout()));
        const url = /at (http:\/\/[^/\s]+)\//.exec(server.stdout())![1]!;
        const sources = await getJson(url, '/api/sources');
        expect(sources.body.sources.map((s: { name: string; rowCounts: { observations: number } }) => [s.name, s.rowCounts.observations])).toEqual([['opsdemo:demo', 9]]);
        const admin = await fetch(`${url}/api/admin/ingest/demo`, { method: 'POST', headers: { Authorization: 'Bearer x' } });
        expect(admin.status).toBe(404); // no LMI_ADMIN_TOKEN: admin API disabled
      } finally {
        server.child.kill('SIGTERM');
        await server.done;
      }
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(manifest.sha256); // serving never wrote to it
    } finally {
      t.cleanup();
      out.cleanup();
    }
  });
});

test('lmi serve --read-only of a missing file is a usage error (exit 2) that names the file', async () => {
  const dir = tempDir('lmi-serve-');
  try {
    const missing = join(dir.dir, 'none.sqlite');
    const served = await lmi(['serve', '--read-only', '--port', '0', '--db', missing]);
    expect([served.code, served.stderr]).toEqual([2, `lmi: ${missing} does not exist (--read-only serves an existing database or snapshot)\n`]);
    expect(existsSync(missing)).toBe(false);
  } finally {
    dir.cleanup();
  }
});

describe('lmi migrate', () => {
  test('creates the database, then says it is already up to date', async () => {
    const dir = tempDir('lmi-migrate-');
    try {
      const db = join(dir.dir, 'new.sqlite');
      const first = await lmi(['migrate', '--db', db]);
      expect([first.code, first.stdout]).toEqual([0, `lmi: ${db} is at schema version ${latestSchemaVersion()} (created)\n`]);
      const again = await lmi(['migrate', '--db', db]);
      expect([again.code, again.stdout]).toEqual([0, `lmi: ${db} is at schema version ${latestSchemaVersion()} (already up to date)\n`]);
    } finally {
      dir.cleanup();
    }
  });
});
