/**
 * The rate limits counted ahead of Express (server/ratelimit.ts, `aheadOfExpress` in server/app.ts):
 * the same counts, headers and 429s as express-rate-limit's own middleware (the oracle, configured as
 * the server configured it before), the limit of each path, clients behind a trusted proxy, and the
 * search fast path answering the clients the limit counts.
 */
import { jest } from '@jest/globals';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import http, { type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openReadOnly, type Db } from '../../data/db.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { aheadOfExpress, createApp } from '../../server/app.js';
import { requestLimits, type ClientAddress } from '../../server/ratelimit.js';
import { escoRoutes } from '../../server/routes/esco.js';
import { tempDb } from '../helpers.js';

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
});

async function listen(handler: RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = http.request(base + path, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string | undefined>, body }));
    });
    req.once('error', fail);
    req.end();
  });
}

/** Requests that reach what follows the limits get 200 "through". */
const through: RequestListener = (_req, res) => res.writeHead(200).end('through');
const socketAddress: ClientAddress = (req) => req.socket.remoteAddress;
const limited = (opts: Parameters<typeof requestLimits>[0], address: ClientAddress = socketAddress) => listen(aheadOfExpress(requestLimits(opts, address), undefined, through));

/** The headers a limit sets, with the seconds to the window's end (t=) apart: the two sides' windows start a few ms apart. */
const limitHeaders = ({ status, headers, body }: Answer) => ({
  status,
  rateLimit: headers['ratelimit']?.replace(/; t=\d+$/, ''),
  policy: headers['ratelimit-policy'],
  retryAfter: headers['retry-after'] === undefined ? undefined : 'set',
  body: status === 429 ? JSON.parse(body) : body.length > 0,
  seconds: Number(/; t=(\d+)$/.exec(headers['ratelimit'] ?? '')?.[1]),
});

test('a request is counted, headed and refused as express-rate-limit (draft-8) does', async () => {
  const ours = await limited({ publicPerMinute: 3, limitLoopback: true });
  const oracle = express();
  oracle.use('/api', rateLimit({ windowMs: 60_000, limit: 3, standardHeaders: 'draft-8', legacyHeaders: false, message: { error: 'too many API requests: at most 3 a minute; try again shortly' } }));
  oracle.use((_req, res) => void res.send('through'));
  const theirs = await listen(oracle);

  const sequence = ['/api/sources', '/api/occupations?q=nurse', '/api/series', '/api/health', '/api/sources'];
  const answers = { ours: [] as ReturnType<typeof limitHeaders>[], theirs: [] as ReturnType<typeof limitHeaders>[] };
  for (const path of sequence) {
    answers.ours.push(limitHeaders(await get(ours, path)));
    answers.theirs.push(limitHeaders(await get(theirs, path)));
  }
  expect(answers.ours.map(({ seconds: _s, ...rest }) => rest)).toEqual(answers.theirs.map(({ seconds: _s, ...rest }) => rest));
  expect(answers.ours.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
  expect(answers.ours[0]).toMatchObject({ rateLimit: '"3-in-1min"; r=2', policy: expect.stringMatching(/^"3-in-1min"; q=3; w=60; pk=:[A-Za-z0-9+/=]+:$/) });
  expect(answers.ours[3]!.body).toEqual({ error: 'too many API requests: at most 3 a minute; try again shortly' });
  for (const a of answers.ours) expect(a.seconds).toBeGreaterThanOrEqual(59);
});

test('each path falls under its own limit: the admin API, the rest of /api, and nothing else', async () => {
  const base = await limited({ publicPerMinute: 2, adminPerMinute: 1, limitLoopback: true });
  const statuses = async (path: string, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await get(base, path)).status);
    return out;
  };
  expect(await statuses('/api/admin/runs', 2)).toEqual([200, 429]);
  expect(await statuses('/API/Admin', 1)).toEqual([429]); // Express routes paths case-insensitively
  expect(await statuses('/api/sources', 2)).toEqual([200, 200]); // admin requests did not count here
  expect(await statuses('/API/occupations?q=x', 1)).toEqual([429]);
  expect(await statuses('/api', 1)).toEqual([429]);
  expect(await statuses('/', 3)).toEqual([200, 200, 200]); // the pages are not limited
  expect(await statuses('/apidocs', 3)).toEqual([200, 200, 200]);
  expect((await get(base, '/')).headers['ratelimit']).toBeUndefined();
});

test('loopback goes uncounted unless loopback is limited; a limit of 0 counts nobody', async () => {
  const loopbackFree = await limited({ publicPerMinute: 1 });
  const off = await limited({ publicPerMinute: 0, limitLoopback: true });
  for (const base of [loopbackFree, off]) {
    const answers = [await get(base, '/api/sources'), await get(base, '/api/sources')];
    expect(answers.map((a) => [a.status, a.headers['ratelimit']])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  }
  // Any other client is counted: here every request seems to come from one LAN address.
  const lan = await limited({ publicPerMinute: 1 }, () => '192.168.1.20');
  expect([(await get(lan, '/api/sources')).status, (await get(lan, '/api/sources')).status]).toEqual([200, 429]);
});

test('an IPv6 client is counted by its /56, as express-rate-limit keys it', async () => {
  const addresses = ['2001:db8:1:1::5', '2001:db8:1:2::9', '2001:db8:2:1::5'];
  let next = 0;
  const base = await limited({ publicPerMinute: 1 }, () => addresses[next++]);
  const statuses = [];
  for (let i = 0; i < addresses.length; i++) statuses.push((await get(base, '/api/sources')).status);
  expect(statuses).toEqual([200, 429, 200]); // the first two share 2001:db8:1::/56
});

test('a limit that cannot count answers 500 with a JSON error, and nothing behind it runs', async () => {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const broken = { admit: () => Promise.reject(new Error('store down')) };
    const base = await listen(aheadOfExpress(broken, undefined, through));
    const answer = await get(base, '/api/sources');
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([500, 'application/json; charset=utf-8', '{"error":"internal error"}']);
    expect(String(logged.mock.calls[0]?.[1])).toBe('Error: store down');
  } finally {
    logged.mockRestore();
  }
});

describe('through the app', () => {
  let t: ReturnType<typeof tempDb>;
  let db: Db;
  const trust = process.env.LMI_TRUST_PROXY;

  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1') }));
    db = openReadOnly(t.path);
  });
  afterAll(() => {
    if (trust === undefined) delete process.env.LMI_TRUST_PROXY;
    else process.env.LMI_TRUST_PROXY = trust;
    db.close();
    t.cleanup();
  });

  const appWith = (trustProxy: string | undefined, fastSearch = true) => {
    if (trustProxy === undefined) delete process.env.LMI_TRUST_PROXY;
    else process.env.LMI_TRUST_PROXY = trustProxy;
    return listen(createApp({ db, fastSearch, rateLimit: { publicPerMinute: 2, limitLoopback: true } }) as unknown as RequestListener);
  };
  const from = (client: string) => ({ 'X-Forwarded-For': client });

  test('behind a trusted proxy each forwarded client has its own count; untrusted, the header is ignored', async () => {
    const trusted = await appWith('1');
    const statuses = async (base: string, clients: string[]) => {
      const out: number[] = [];
      for (const c of clients) out.push((await get(base, '/api/occupations?q=nurse', from(c))).status);
      return out;
    };
    expect(await statuses(trusted, ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.1'])).toEqual([200, 200, 200, 200, 429]);
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const untrusted = await appWith(undefined);
      expect(await statuses(untrusted, ['10.0.0.1', '10.0.0.2', '10.0.0.3'])).toEqual([200, 200, 429]);
      // Said once, naming the setting.
      expect(warned.mock.calls.map((call) => String(call[0]).replace(/^\S+ /, ''))).toEqual([
        'WARN requests arrive with X-Forwarded-For but LMI_TRUST_PROXY is not set: the rate limits count every client of that proxy as the proxy\'s own address (127.0.0.1); set LMI_TRUST_PROXY (docs/operations.md)',
      ]);
    } finally {
      warned.mockRestore();
    }
  });

  test('a counted search answers with the bytes and headers of the Express route, the limit headers first', async () => {
    const [fast, viaExpress] = [await appWith('1'), await appWith('1', false)];
    const strip = ({ status, headers, body }: Answer) => {
      const { date: _date, ...rest } = headers;
      return { status, headers: rest, body };
    };
    for (const path of ['/api/occupations?q=nurse', '/api/skills?q=manage', '/api/occupations?q=nurse&limit=0']) {
      const [a, b] = [await get(fast, path, from('10.1.1.1')), await get(viaExpress, path, from('10.1.1.1'))];
      expect([path, strip(a)]).toEqual([path, strip(b)]);
    }
    const nurse = await get(fast, '/api/occupations?q=nurse', from('10.1.1.2'));
    expect(Object.keys(nurse.headers).slice(0, 3)).toEqual(['ratelimit', 'ratelimit-policy', 'vary']);
  });

  test('the fast path answers the clients the limit counts; what it declines goes on, counted once', async () => {
    // Only the limits and the fast path: a request they hand on gets 599, so a fast path that
    // declined every counted client fails here.
    const { fastPath } = escoRoutes(db);
    const lan: ClientAddress = () => '192.168.1.20';
    const base = await listen(aheadOfExpress(requestLimits({ publicPerMinute: 3 }, lan), fastPath, (_req: IncomingMessage, res) => res.writeHead(599).end()));
    const answers = [];
    for (const path of ['/api/occupations?q=nurse', '/api/occupations?q=nurse&limit=0', '/api/skills?q=manage', '/api/occupations?q=cook']) answers.push(await get(base, path));
    expect(answers.map(limitHeaders).map((a) => [a.status, a.rateLimit])).toEqual([
      [200, '"3-in-1min"; r=2'],
      [599, '"3-in-1min"; r=1'],
      [200, '"3-in-1min"; r=0'],
      [429, '"3-in-1min"; r=0'],
    ]);
    expect(JSON.parse(answers[0]!.body).items.length).toBeGreaterThan(0);
  });
});
