/**
 * The search routes' fast path (server/app.ts, server/routes/esco-search.ts) answers exactly as
 * Express does: the same requests to an app with it and to one without give the same status, the
 * same headers in the same order (all but Date) and the same bytes, for answers, errors, 304s,
 * HEADs and URL shapes the fast path leaves to Express.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openReadOnly, type Db } from '../../data/db.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { createApp, type AppOptions } from '../../server/app.js';
import { escoRoutes } from '../../server/routes/esco.js';
import { tempDb } from '../helpers.js';

const FIX = join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1');

interface Raw {
  status: number;
  headers: string[];
  body: string;
}

/** One request over a fresh connection; the raw header list (names and values, in order) without Date. */
function raw(base: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((ok, fail) => {
    const req = http.request(base + path, { method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const list: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]!.toLowerCase() !== 'date') list.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        ok({ status: res.statusCode ?? 0, headers: list, body });
      });
    });
    req.once('error', fail);
    req.end();
  });
}

async function listen(opts: AppOptions): Promise<{ base: string; server: Server }> {
  const server = await new Promise<Server>((ok) => {
    const s = createApp(opts).listen(0, '127.0.0.1', () => ok(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('search fast path', () => {
  let t: ReturnType<typeof tempDb>;
  let db: Db;
  const servers: Server[] = [];
  let fast: string;
  let viaExpress: string;

  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: FIX }));
    db = openReadOnly(t.path);
    const a = await listen({ db });
    const b = await listen({ db, fastSearch: false });
    servers.push(a.server, b.server);
    [fast, viaExpress] = [a.base, b.base];
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
    db.close();
    t.cleanup();
  });

  const same = async (path: string, method = 'GET', headers: Record<string, string> = {}) => {
    const [a, b] = [await raw(fast, path, method, headers), await raw(viaExpress, path, method, headers)];
    expect([path, a]).toEqual([path, b]);
    return a;
  };

  test('answers, lists and codes: the same status, headers in order and bytes', async () => {
    const nurse = await same('/api/occupations?q=nurse');
    expect(nurse.status).toBe(200);
    expect(nurse.headers).toEqual([
      'Vary: Accept-Language',
      'Content-Language: en',
      'Content-Type: application/json; charset=utf-8',
      expect.stringMatching(/^ETag: W\/"/),
      expect.stringMatching(/^Content-Length: \d+$/),
      'Connection: close',
    ]);
    expect(JSON.parse(nurse.body).items.length).toBeGreaterThan(0);
    for (const path of [
      '/api/occupations',
      '/api/occupations?q=',
      '/api/occupations?q=nurse&limit=1&offset=1',
      '/api/occupations?q=nurses',
      '/api/occupations?q=nrse',
      '/api/occupations?q=2221',
      '/api/occupations?q=2221.',
      '/api/occupations?q=gen%C3%A9ral&lang=EN',
      '/api/occupations?q=%22nurse%22%20OR%20*',
      '/api/occupations?q=nurse&unknown=1',
      '/api/skills?q=manage',
      '/api/skills',
    ]) {
      expect([path, (await same(path)).status]).toEqual([path, 200]);
    }
  });

  test('bad input gives the same 400s (the fast path hands them to Express)', async () => {
    for (const path of ['/api/occupations?q=nurse&limit=0', '/api/occupations?q=nurse&limit=x', '/api/occupations?q=nurse&lang=de', '/api/occupations?q=nurse&lang=!', '/api/occupations?q=fleet&q=nurse', `/api/occupations?q=${'a'.repeat(201)}`, '/api/skills?offset=-1']) {
      expect([path, (await same(path)).status]).toEqual([path, 400]);
    }
  });

  test('Accept-Language, If-None-Match, HEAD and other URL shapes answer as through Express', async () => {
    expect((await same('/api/occupations?q=nurse', 'GET', { 'Accept-Language': 'fr-CH, en;q=0.5' })).status).toBe(200);
    const { headers } = await same('/api/occupations?q=nurse');
    const tag = headers.find((h) => h.startsWith('ETag: '))!.slice('ETag: '.length);
    expect((await same('/api/occupations?q=nurse', 'GET', { 'If-None-Match': tag })).status).toBe(304);
    expect((await same('/api/occupations?q=nurse', 'HEAD')).status).toBe(200);
    for (const path of ['/api/occupations/?q=nurse', '/API/occupations?q=nurse', '/api/occupations?q=nurse#x', '/api/skills/?q=manage', '/api/occupationsx?q=a']) await same(path);
  });

  test('the fast path itself answers a plain search and declines what it leaves to Express', async () => {
    // A server with only the fast path: a request it declines gets 599, so a fast path that declined
    // everything (and left the comparisons above to Express on both sides) fails here.
    const { fastPath } = escoRoutes(db);
    const only = http.createServer((req, res) => {
      if (!fastPath(req, res)) res.writeHead(599).end();
    });
    await new Promise<void>((ok) => only.listen(0, '127.0.0.1', ok));
    servers.push(only);
    const base = `http://127.0.0.1:${(only.address() as AddressInfo).port}`;
    for (const path of ['/api/occupations?q=nurse', '/api/occupations?q=nrse&limit=1', '/api/occupations?q=2221', '/api/skills?q=manage', '/api/occupations']) {
      const a = await raw(base, path);
      const b = await raw(viaExpress, path);
      expect([path, a.status, a.body]).toEqual([path, 200, b.body]);
    }
    for (const [path, method, headers] of [
      ['/api/occupations?q=nurse&limit=0', 'GET', {}],
      ['/api/occupations?q=nurse', 'HEAD', {}],
      ['/api/occupations?q=nurse', 'GET', { 'If-None-Match': 'W/"x"' }],
      ['/api/occupations/?q=nurse', 'GET', {}],
    ] as const) {
      expect([path, method, (await raw(base, path, method, headers)).status]).toEqual([path, method, 599]);
    }
  });
});
