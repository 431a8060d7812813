/** Pruning the raw payload cache: age, size, leftovers, entries in use, unknown sources, the command. */
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordCacheRefs } from '../../data/raw-cache-refs.js';
import { pruneRawCache } from '../../ingest/core/cache-prune.js';
import { configSchema, loadConfig } from '../../ingest/core/config.js';
import { type ConfiguredSource } from '../../ingest/core/configured.js';
import { silentLogger } from '../../ingest/core/log.js';
import { cacheKey, entryPaths, normaliseRequest, readCache, writeCache } from '../../ingest/core/rawcache.js';
import { inProcessRunner } from '../../ingest/core/runners.js';
import { recordSource } from '../../data/sources.js';
import { tempDb, tempDir } from '../helpers.js';
import { reply, startReplay } from '../replay/server.js';
import { demoPayload, opsDemoType } from '../support/ops-source.js';

const savedEnv = { ...process.env };
const NOW = new Date('2026-12-06T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
let raw: ReturnType<typeof tempDir>;
let t: ReturnType<typeof tempDb>;

beforeEach(() => {
  raw = tempDir('lmi-raw-');
  t = tempDb();
  process.env.LMI_RAW_DIR = raw.dir;
});

afterEach(() => {
  t.cleanup();
  raw.cleanup();
  process.env = { ...savedEnv };
});

/** A cache entry for https://example.org/<name> with a body of `bytes` bytes, last used at the times given. */
function entry(name: string, fetchedAt: string, opts: { bytes?: number; validatedAt?: string } = {}): string {
  const url = `https://example.org/${name}`;
  const request = normaliseRequest('GET', url);
  const key = cacheKey(request);
  writeCache(key, { request, url, method: 'GET', status: 200, fetchedAt, ...(opts.validatedAt ? { validatedAt: opts.validatedAt } : {}) }, Buffer.alloc(opts.bytes ?? 10, 'x'));
  return key;
}

const prune = (policy: { maxAgeDays: number; maxSizeMb: number }, dryRun = false) => pruneRawCache({ dbPath: t.path, policy, now: NOW, dryRun });
const removed = (plan: ReturnType<typeof prune>) => plan.remove.map((r) => [r.url ?? r.files.map((f) => f.slice(raw.dir.length)).join(' '), r.reason]);

describe('pruning by age', () => {
  test('removes entries unused for longer than maxAgeDays; a 304 counts as use; entries the loaded data came from stay', () => {
    const old = entry('old', daysAgo(100));
    const inUse = entry('in-use', daysAgo(200));
    const recent = entry('recent', daysAgo(1));
    const confirmed = entry('confirmed', daysAgo(200), { validatedAt: daysAgo(2) });
    recordSource(t.db, { name: 'demo', kind: 'demo', counts: {}, attribution: 'x' });
    recordCacheRefs(t.db, 'demo', 1, [inUse]);

    const plan = prune({ maxAgeDays: 90, maxSizeMb: 100 });
    expect(removed(plan)).toEqual([['https://example.org/old', 'age']]);
    expect(plan.inUse).toBe(1);
    expect(readCache(old)).toBeUndefined();
    expect(existsSync(entryPaths(old).body)).toBe(false);
    for (const key of [inUse, recent, confirmed]) expect(readCache(key)?.body.length).toBe(10);
  });

  test('--dry-run plans the same and removes nothing', () => {
    const old = entry('old', daysAgo(100));
    expect(removed(prune({ maxAgeDays: 90, maxSizeMb: 100 }, true))).toEqual([['https://example.org/old', 'age']]);
    expect(readCache(old)?.body.length).toBe(10);
  });
});

describe('pruning by size', () => {
  const kb400 = 400 * 1024;

  test('removes the least recently used until the cache fits; never an entry in use, nor one used in the last hour', () => {
    const a = entry('a', daysAgo(6), { bytes: kb400 });
    entry('b', daysAgo(5), { bytes: kb400 });
    entry('c', daysAgo(4), { bytes: kb400 });
    entry('d', daysAgo(3), { bytes: kb400 });
    const e = entry('e', new Date(NOW.getTime() - 10 * 60_000).toISOString(), { bytes: kb400 });
    recordSource(t.db, { name: 'demo', kind: 'demo', counts: {}, attribution: 'x' });
    recordCacheRefs(t.db, 'demo', 1, [a]);

    // 5 x 400 KB over a 1 MB limit: b, c, d go (oldest first, a is in use); 800 KB remain
    const plan = prune({ maxAgeDays: 90, maxSizeMb: 1 });
    expect(removed(plan)).toEqual([
      ['https://example.org/b', 'size'],
      ['https://example.org/c', 'size'],
      ['https://example.org/d', 'size'],
    ]);
    expect(plan.keep.map((k) => k.key).sort()).toEqual([a, e].sort());
    expect(plan.keptBytes).toBeGreaterThan(2 * kb400);
    expect(plan.keptBytes).toBeLessThan(1024 * 1024);

    // a limit the entries in use alone exceed: they stay, and so does the one just used
    expect(removed(prune({ maxAgeDays: 90, maxSizeMb: 0.1 }))).toEqual([]);
    expect(readCache(a)?.body.length).toBe(kb400);
    expect(readCache(e)?.body.length).toBe(kb400);
  });
});

describe('leftovers and unknown sources', () => {
  test('temp files and bodies without meta older than an hour are removed; younger ones may still be being written', () => {
    const key = entry('ok', daysAgo(1));
    const dir = entryPaths(key).dir;
    const oldTmp = join(dir, `${'1'.repeat(64)}.body.123.tmp`);
    const newTmp = join(dir, `${'2'.repeat(64)}.body.456.tmp`);
    const orphan = join(dir, `${'3'.repeat(64)}.body`);
    for (const f of [oldTmp, newTmp, orphan]) writeFileSync(f, 'partial');
    const twoHoursAgo = new Date(NOW.getTime() - 2 * 3600_000);
    utimesSync(oldTmp, twoHoursAgo, twoHoursAgo);
    utimesSync(orphan, twoHoursAgo, twoHoursAgo);
    utimesSync(newTmp, NOW, NOW);

    const plan = prune({ maxAgeDays: 90, maxSizeMb: 100 });
    expect(plan.remove.map((r) => [r.files, r.reason])).toEqual(expect.arrayContaining([[[oldTmp], 'leftover'], [[orphan], 'leftover']]));
    expect(plan.remove).toHaveLength(2);
    expect([existsSync(oldTmp), existsSync(orphan), existsSync(newTmp), readCache(key) !== undefined]).toEqual([false, false, true, true]);
  });

  test('a loaded source whose entries were never recorded holds age and size pruning back, and says so', () => {
    const old = entry('old', daysAgo(400));
    recordSource(t.db, { name: 'eurostat:une_rt_a', kind: 'eurostat', counts: {}, attribution: 'x' });
    const plan = prune({ maxAgeDays: 90, maxSizeMb: 0.001 });
    expect(plan.remove).toEqual([]);
    expect(plan.held).toBe('the cache entries of eurostat:une_rt_a are not known yet (loaded before they were recorded): run it once (lmi ingest all) before entries are pruned by age or size');
    expect(readCache(old)?.body.length).toBe(10);
  });
});

describe('runs record what their data came from', () => {
  test('a successful run records its entries; a failed run keeps the previous ones; pruning after the runs keeps them', async () => {
    process.env.LMI_HTTP_RETRIES = '0';
    const replay = await startReplay();
    try {
      replay.reset([{ path: '/demo.json', replies: [reply.json(demoPayload('demo', 2, 2)), reply.text('{"code": "demo", "geo": [', 'application/json')] }]);
      const url = `${replay.url}/demo.json`;
      const entryOpts = { type: 'opsdemo', enabled: true, url };
      const source: ConfiguredSource = { id: 'demo', entry: entryOpts, type: opsDemoType, cron: opsDemoType.defaultSchedule, units: opsDemoType.plan('demo', entryOpts) };
      // a policy that removes everything not in use, applied after each run
      const run = inProcessRunner({ dbPath: t.path, log: silentLogger, rawCache: { maxAgeDays: 0.000001, maxSizeMb: 0.000001 } });
      const key = cacheKey(normaliseRequest('GET', url));
      const stale = entry('stale', daysAgo(30));

      expect((await run(source, 'cli')).exitCode).toBe(0);
      const refs = () => t.db.prepare(`SELECT source, run_id AS runId, cache_keys AS keys FROM raw_cache_refs`).all();
      expect(refs()).toEqual([{ source: 'opsdemo:demo', runId: 1, keys: JSON.stringify([key]) }]);
      expect(readCache(stale)).toBeUndefined();
      // the entry the data came from survives the same pruning
      expect(readCache(key)?.meta.url).toBe(url);

      expect((await run(source, 'cli')).units[0]?.error?.kind).toBe('truncated');
      expect(refs()).toEqual([{ source: 'opsdemo:demo', runId: 1, keys: JSON.stringify([key]) }]);
    } finally {
      await replay.close();
    }
  });
});

describe('configuration and the command', () => {
  test('rawCache in the config file: defaults 90 days and 2048 MB; a bad limit is refused by name', () => {
    expect(configSchema.parse({ sources: {} }).rawCache).toEqual({ maxAgeDays: 90, maxSizeMb: 2048 });
    expect(configSchema.parse({ sources: {}, rawCache: { maxSizeMb: 500 } }).rawCache).toEqual({ maxAgeDays: 90, maxSizeMb: 500 });
    expect(loadConfig('lmi.config.json').rawCache).toEqual({ maxAgeDays: 90, maxSizeMb: 2048 });
    const bad = join(raw.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ sources: {}, rawCache: { maxAgeDays: -1 } }));
    expect(() => loadConfig(bad)).toThrow(/rawCache\.maxAgeDays/);
  });

  const lmi = (args: string[]) =>
    spawnSync(process.execPath, ['--import', './tests/support/register-ts.mjs', 'scripts/lmi.ts', ...args], { env: { ...process.env, LMI_LOG_LEVEL: 'warn' }, encoding: 'utf8' });

  test('lmi cache prune --dry-run lists what it would remove and removes nothing; --help explains it; a bad limit exits 2', () => {
    const old = entry('old.json', '2020-01-01T00:00:00.000Z', { bytes: 2048 });
    const res = lmi(['cache', 'prune', '--dry-run', '--db', t.path, '--config', 'lmi.config.json']);
    expect([res.status, res.stdout]).toEqual([
      0,
      `would remove https://example.org/old.json (0.0 MB, last used 2020-01-01T00:00:00.000Z: unused too long)\n` +
        `${raw.dir}: would remove 1 entry (0.0 MB); kept 0 (0.0 MB), 0 in use by the loaded data (limits: 90 days, 2048 MB)\n`,
    ]);
    expect(readCache(old)?.body.length).toBe(2048);

    const help = lmi(['cache', 'prune', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('"rawCache": { "maxAgeDays": 90, "maxSizeMb": 2048 }');
    expect(lmi(['cache', 'prune', '--max-size-mb', 'lots']).status).toBe(2);
  });
});
