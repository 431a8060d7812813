/** The raw payload cache: request normalisation, conditional requests, cache-only mode, reparse. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { exitCodes } from '../../data/errors.js';
import { httpRequest, jsonBody } from '../../ingest/core/http.js';
import { silentLogger } from '../../ingest/core/log.js';
import { CacheBodyWriter, cacheKey, entryPaths, normaliseRequest, openCacheBody, readCache, readCacheMeta, withHttpRun } from '../../ingest/core/rawcache.js';
import { type ConfiguredSource } from '../../ingest/core/configured.js';
import { inProcessRunner } from '../../ingest/core/runners.js';
import { tempDb, tempDir } from '../helpers.js';
import { reply, startReplay, type ReplayServer } from '../replay/server.js';
import { demoPayload, opsDemoType } from '../support/ops-source.js';

const savedEnv = { ...process.env };
let raw: ReturnType<typeof tempDir>;
let replay: ReplayServer;

beforeEach(async () => {
  raw = tempDir('lmi-raw-');
  Object.assign(process.env, { LMI_RAW_DIR: raw.dir, LMI_HTTP_RETRIES: '0', LMI_HTTP_MAX_DELAY_MS: '10' });
  delete process.env.LMI_RAW_CACHE;
  replay = await startReplay();
});

afterEach(async () => {
  await replay.close();
  raw.cleanup();
  process.env = { ...savedEnv };
});

describe('normaliseRequest', () => {
  test('sorts the query, lowercases the host, drops the fragment', () => {
    expect(normaliseRequest('get', 'https://EC.Europa.eu/data/x?time=2023&geo=DE&geo=AT#top')).toBe('GET https://ec.europa.eu/data/x?geo=AT&geo=DE&time=2023');
  });

  test('a JSON body adds the hash of its canonical form, whatever its key order', () => {
    const a = normaliseRequest('POST', 'https://data.ssb.no/api/v0/en/table/07221', { query: [{ code: 'Region', selection: { filter: 'item', values: ['0'] } }], response: { format: 'json-stat2' } });
    const b = normaliseRequest('POST', 'https://data.ssb.no/api/v0/en/table/07221', { response: { format: 'json-stat2' }, query: [{ selection: { values: ['0'], filter: 'item' }, code: 'Region' }] });
    expect(a).toBe(b);
    expect(a).toMatch(/^POST https:\/\/data\.ssb\.no\/api\/v0\/en\/table\/07221 sha256:[0-9a-f]{64}$/);
    expect(normaliseRequest('POST', 'https://data.ssb.no/x', { a: 1 })).not.toBe(normaliseRequest('POST', 'https://data.ssb.no/x', { a: 2 }));
  });
});

describe('conditional requests through httpRequest', () => {
  test('stores body and validators, then sends If-None-Match / If-Modified-Since and reuses the body on 304', async () => {
    const lastModified = 'Wed, 25 Nov 2026 11:00:00 GMT';
    replay.reset([{ path: '/d.json', replies: [reply.json({ v: 1 }, { headers: { ETag: '"abc"', 'Last-Modified': lastModified } }), { status: 304 }] }]);
    const url = `${replay.url}/d.json?b=2&a=1`;
    const first = await httpRequest({ url, expect: 'json' });
    expect(first).toMatchObject({ status: 200, fromCache: false, notModified: false });
    const entry = readCache(cacheKey(normaliseRequest('GET', url)));
    expect(entry?.meta).toMatchObject({ url, status: 200, etag: '"abc"', lastModified, bytes: 7, request: `GET ${replay.url}/d.json?a=1&b=2` });
    expect(entry?.body.toString()).toBe('{"v":1}');

    // same request, query in another order: same entry, conditional headers sent
    const second = await httpRequest({ url: `${replay.url}/d.json?a=1&b=2`, expect: 'json' });
    expect(replay.requests[1]?.headers['if-none-match']).toBe('"abc"');
    expect(replay.requests[1]?.headers['if-modified-since']).toBe(lastModified);
    expect(second).toMatchObject({ status: 200, fromCache: true, notModified: true, fetchedAt: entry?.meta.fetchedAt });
    expect(jsonBody(second)).toEqual({ v: 1 });
  });

  test('no validators cached: a plain request, and a 304 is not expected', async () => {
    replay.reset([{ path: '/d.json', replies: reply.json({ v: 1 }) }]);
    await httpRequest({ url: `${replay.url}/d.json` });
    await httpRequest({ url: `${replay.url}/d.json` });
    expect(replay.requests[1]?.headers['if-none-match']).toBeUndefined();
  });

  test('cache: false (async status polling) is never stored nor replayed', async () => {
    replay.reset([{ path: '/status', replies: reply.json({ status: 'RUNNING' }, { headers: { ETag: '"s"' } }) }]);
    await httpRequest({ url: `${replay.url}/status`, cache: false });
    expect(existsSync(raw.dir) ? readdirSync(raw.dir) : []).toEqual([]);
  });

  test('LMI_RAW_CACHE=off bypasses the cache', async () => {
    process.env.LMI_RAW_CACHE = 'off';
    replay.reset([{ path: '/d.json', replies: reply.json({ v: 1 }, { headers: { ETag: '"abc"' } }) }]);
    await httpRequest({ url: `${replay.url}/d.json` });
    await httpRequest({ url: `${replay.url}/d.json` });
    expect(replay.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined]);
  });

  test('cache-only mode answers from the cache and never touches the network; a miss is not_cached', async () => {
    replay.reset([{ path: '/d.json', replies: reply.json({ v: 1 }) }]);
    await httpRequest({ url: `${replay.url}/d.json` });
    await withHttpRun('only', async () => {
      const res = await httpRequest({ url: `${replay.url}/d.json` });
      expect(res).toMatchObject({ fromCache: true, notModified: false });
      expect(res.body.toString()).toBe('{"v":1}');
      await expect(httpRequest({ url: `${replay.url}/other.json` })).rejects.toMatchObject({ kind: 'not_cached' });
    });
    expect(replay.requests).toHaveLength(1);
  });
});

describe('the body hash is computed only when the body is used', () => {
  /** Flips one byte of a cached body: same size, different hash. */
  function damage(url: string): void {
    const path = entryPaths(cacheKey(normaliseRequest('GET', url))).body;
    const body = readFileSync(path);
    body[2] = body[2]! ^ 1;
    writeFileSync(path, body);
  }

  test('a damaged body still gets a conditional request (not hashed first); the 304 finds the damage and downloads again without validators', async () => {
    replay.reset([{ path: '/d.json', replies: [reply.json({ v: 1 }, { headers: { ETag: '"abc"' } }), { status: 304 }, reply.json({ v: 2 }, { headers: { ETag: '"def"' } })] }]);
    const url = `${replay.url}/d.json`;
    await httpRequest({ url });
    damage(url);
    expect(readCacheMeta(cacheKey(normaliseRequest('GET', url)))).toMatchObject({ etag: '"abc"', bytes: 7 });
    expect(readCache(cacheKey(normaliseRequest('GET', url)))).toBeUndefined();

    const res = await httpRequest({ url });
    expect(replay.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"abc"', undefined]);
    expect(res).toMatchObject({ status: 200, fromCache: false, notModified: false });
    expect(jsonBody(res)).toEqual({ v: 2 });
    expect(readCache(cacheKey(normaliseRequest('GET', url)))?.meta.etag).toBe('"def"');
  });

  test('a conditional request answered 200 never reads the old body: a damaged one is simply replaced', async () => {
    replay.reset([{ path: '/d.json', replies: [reply.json({ v: 1 }, { headers: { ETag: '"abc"' } }), reply.json({ v: 2 }, { headers: { ETag: '"def"' } })] }]);
    const url = `${replay.url}/d.json`;
    await httpRequest({ url });
    damage(url);
    const res = await httpRequest({ url });
    // had the old body been hashed first, its damage would have dropped the validators
    expect(replay.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"abc"']);
    expect(res).toMatchObject({ status: 200, fromCache: false, notModified: false });
    expect(jsonBody(res)).toEqual({ v: 2 });
    expect(readCache(cacheKey(normaliseRequest('GET', url)))).toMatchObject({ meta: { etag: '"def"', bytes: 7 } });
  });

  test('cache-only mode checks the hash: a damaged body is not_cached', async () => {
    replay.reset([{ path: '/d.json', replies: reply.json({ v: 1 }) }]);
    const url = `${replay.url}/d.json`;
    await httpRequest({ url });
    damage(url);
    await withHttpRun('only', async () => {
      await expect(httpRequest({ url })).rejects.toMatchObject({ kind: 'not_cached' });
    });
  });

  test('a body written piece by piece is the same entry as one written whole, and streams back verified', async () => {
    const key = cacheKey('GET https://example.org/big.json');
    const writer = new CacheBodyWriter(key, { request: 'GET https://example.org/big.json', url: 'https://example.org/big.json', method: 'GET', status: 200, etag: '"e"', fetchedAt: '2026-12-01T10:00:00.000Z' });
    for (const part of ['{"a":', '[1,2,', '3]}']) writer.write(Buffer.from(part));
    const meta = writer.commit();
    expect(meta).toMatchObject({ bytes: 13, etag: '"e"' });
    expect(readCache(key)?.body.toString()).toBe('{"a":[1,2,3]}');
    const chunks: Buffer[] = [];
    for await (const chunk of openCacheBody(key, meta)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('{"a":[1,2,3]}');

    const other = cacheKey('GET https://example.org/gone.json');
    const aborted = new CacheBodyWriter(other, { request: 'x', url: 'https://example.org/gone.json', method: 'GET', status: 200, fetchedAt: '2026-12-01T10:00:00.000Z' });
    aborted.write(Buffer.from('{"half'));
    aborted.abort();
    expect(readdirSync(entryPaths(other).dir).filter((f) => f.startsWith(other))).toEqual([]);
  });

  test('a streamed body that does not match its hash fails at its end with kind invalid', async () => {
    const key = cacheKey('GET https://example.org/d.json');
    const writer = new CacheBodyWriter(key, { request: 'x', url: 'https://example.org/d.json', method: 'GET', status: 200, fetchedAt: '2026-12-01T10:00:00.000Z' });
    writer.write(Buffer.from('{"v":1}'));
    const meta = writer.commit();
    writeFileSync(entryPaths(key).body, '{"v":2}');
    await expect(Readable.from(openCacheBody(key, meta)).toArray()).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('runs, unchanged upstreams and reparse', () => {
  function demoSource(url: string): ConfiguredSource {
    const entry = { type: 'opsdemo', enabled: true, url };
    return { id: 'demo', entry, type: opsDemoType, cron: opsDemoType.defaultSchedule, units: opsDemoType.plan('demo', entry) };
  }

  test('a 304 gives outcome unchanged and writes nothing; reparse rebuilds from the cache with no network', async () => {
    const t = tempDb();
    try {
      const payload = demoPayload('demo', 4, 3);
      replay.reset([{ path: '/demo.json', replies: [reply.json(payload, { headers: { ETag: '"v1"' } }), { status: 304 }] }]);
      const source = demoSource(`${replay.url}/demo.json`);
      const run = inProcessRunner({ dbPath: t.path, log: silentLogger });
      expect((await run(source, 'cli')).units[0]?.result).toMatchObject({ outcome: 'success', counts: expect.objectContaining({ observations: 12 }) });
      const loadedAt = (t.db.prepare(`SELECT loaded_at FROM sources WHERE name = 'opsdemo:demo'`).get() as { loaded_at: string }).loaded_at;

      const second = await run(source, 'schedule');
      expect(second.units[0]?.result).toMatchObject({ outcome: 'unchanged', counts: {} });
      expect(t.db.prepare(`SELECT loaded_at FROM sources WHERE name = 'opsdemo:demo'`).get()).toEqual({ loaded_at: loadedAt });

      // the upstream is gone: reparse still rebuilds the dataset from the cached body
      await replay.close();
      t.db.prepare(`DELETE FROM observations`).run();
      const reparse = await inProcessRunner({ dbPath: t.path, log: silentLogger, cacheMode: 'only' })(source, 'reparse');
      expect(reparse.exitCode).toBe(0);
      expect(reparse.units[0]?.result).toMatchObject({ outcome: 'success', counts: expect.objectContaining({ observations: 12 }) });
      expect(t.db.prepare(`SELECT value FROM observations o JOIN series s ON s.id = o.series_id WHERE s.key = 'G00003' AND o.period = '2002'`).get()).toEqual({ value: 3002.5 });
      expect(t.db.prepare(`SELECT trigger, outcome FROM ingest_runs ORDER BY id`).all()).toEqual([
        { trigger: 'cli', outcome: 'success' },
        { trigger: 'schedule', outcome: 'unchanged' },
        { trigger: 'reparse', outcome: 'success' },
      ]);
      replay = await startReplay(); // afterEach closes it
    } finally {
      t.cleanup();
    }
  });

  test('reparse with an empty cache fails with not_cached (exit 7) and keeps the data', async () => {
    const t = tempDb();
    try {
      const summary = await inProcessRunner({ dbPath: t.path, log: silentLogger, cacheMode: 'only' })(demoSource(`${replay.url}/demo.json`), 'reparse');
      expect(summary.exitCode).toBe(exitCodes.not_cached);
      expect(summary.exitCode).toBe(7);
      expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs`).get()).toEqual({ outcome: 'failed', error_kind: 'not_cached' });
      expect(replay.requests).toHaveLength(0);
    } finally {
      t.cleanup();
    }
  });

  test('a body that fails to parse loses its validators, so the next run downloads it again', async () => {
    const t = tempDb();
    try {
      replay.reset([
        {
          path: '/demo.json',
          replies: [reply.text('{"code": "demo", "geo": [', 'application/json', { headers: { ETag: '"bad"' } }), reply.json(demoPayload('demo', 2, 2), { headers: { ETag: '"good"' } })],
        },
      ]);
      const run = inProcessRunner({ dbPath: t.path, log: silentLogger });
      const source = demoSource(`${replay.url}/demo.json`);
      expect((await run(source, 'cli')).units[0]?.error?.kind).toBe('truncated');
      expect((await run(source, 'cli')).exitCode).toBe(0);
      expect(replay.requests[1]?.headers['if-none-match']).toBeUndefined();
      expect(readCache(cacheKey(normaliseRequest('GET', `${replay.url}/demo.json`)))?.meta.etag).toBe('"good"');
    } finally {
      t.cleanup();
    }
  });
});

