/** GET /api/sources, the admin run log and on-demand runs, rate limits, and their OpenAPI entries. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openReadOnly, type Db } from '../../data/db.js';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { loadDataset } from '../../data/series-write.js';
import { createApp, type AppOptions } from '../../server/app.js';
import { startServer } from '../../server/index.js';
import { openApiDocument } from '../../server/openapi/index.js';
import { tempDb } from '../helpers.js';
import { demoPayload, parseDemo } from '../support/ops-source.js';

let t: ReturnType<typeof tempDb>;
let ro: Db;
const servers: Server[] = [];

async function serve(opts: Omit<AppOptions, 'db'> = {}): Promise<string> {
  const app = createApp({ db: ro, ...opts });
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> { // any: whole bodies of several shapes
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

beforeAll(async () => {
  t = tempDb();
  const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
  await runIngest(ctx, 'opsdemo:demo', async () => loadDataset(t.db, parseDemo(demoPayload('demo', 2, 3), 'https://example.org/demo.json')));
  await expect(
    runIngest({ ...ctx, trigger: 'schedule' }, 'opsdemo:demo', async () => {
      throw new IngestError('http_5xx', 'https://example.org/demo.json: HTTP 503 from the upstream server after retries');
    }),
  ).rejects.toThrow('HTTP 503');
  await expect(
    runIngest(ctx, 'opsdemo:other', async () => {
      throw new IngestError('connection', 'https://example.org/other.json: cannot connect (ENOTFOUND)');
    }),
  ).rejects.toThrow('cannot connect');
  ro = openReadOnly(t.path);
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
  ro?.close();
  t?.cleanup();
});

describe('GET /api/sources', () => {
  test('each source with its freshness, rows, version and last attempt', async () => {
    const base = await serve();
    const { status, body } = await call(`${base}/api/sources`);
    expect(status).toBe(200);
    const loadedAt = (t.db.prepare(`SELECT loaded_at FROM sources`).get() as { loaded_at: string }).loaded_at;
    const runs = t.db.prepare(`SELECT id, started_at, finished_at FROM ingest_runs ORDER BY id`).all() as { id: number; started_at: string; finished_at: string }[];
    expect(body).toEqual({
      sources: [
        {
          name: 'opsdemo:demo',
          kind: 'opsdemo',
          upstreamVersion: '2026-11-01T11:00:00Z',
          upstreamUpdated: '2026-11-01T11:00:00Z',
          upstreamUrl: 'https://example.org/demo.json',
          loadedAt,
          rowCounts: expect.objectContaining({ observations: 6 }),
          attribution: 'Source: opsdemo',
          ageHours: 0,
          lastSuccess: {
            id: runs[0]!.id,
            source: 'opsdemo:demo',
            trigger: 'cli',
            startedAt: runs[0]!.started_at,
            finishedAt: runs[0]!.finished_at,
            outcome: 'success',
            errorKind: null,
            errorMessage: null,
            rowCounts: expect.objectContaining({ observations: 6 }),
          },
          lastAttempt: {
            id: runs[1]!.id,
            source: 'opsdemo:demo',
            trigger: 'schedule',
            startedAt: runs[1]!.started_at,
            finishedAt: runs[1]!.finished_at,
            outcome: 'failed',
            errorKind: 'http_5xx',
            errorMessage: 'https://example.org/demo.json: HTTP 503 from the upstream server after retries',
            rowCounts: null,
          },
          recentRuns: [
            expect.objectContaining({ id: runs[1]!.id, outcome: 'failed', errorKind: 'http_5xx', errorMessage: 'https://example.org/demo.json: HTTP 503 from the upstream server after retries' }),
            expect.objectContaining({ id: runs[0]!.id, outcome: 'success', finishedAt: runs[0]!.finished_at }),
          ],
        },
        expect.objectContaining({
          name: 'opsdemo:other',
          loadedAt: null,
          ageHours: null,
          rowCounts: {},
          lastSuccess: null,
          lastAttempt: expect.objectContaining({ outcome: 'failed', errorKind: 'connection' }),
          recentRuns: [expect.objectContaining({ outcome: 'failed', errorKind: 'connection', errorMessage: 'https://example.org/other.json: cannot connect (ENOTFOUND)' })],
        }),
      ],
    });
  });
});

describe('admin API', () => {
  test('with no token configured it is disabled: 404 with a message, for every admin route', async () => {
    const base = await serve({ adminToken: '' });
    for (const [method, path] of [['GET', '/api/admin/runs'], ['POST', '/api/admin/ingest/demo']] as const) {
      const res = await call(`${base}${path}`, { method, headers: { Authorization: 'Bearer anything' } });
      expect(res).toMatchObject({ status: 404, body: { error: 'admin API disabled: set LMI_ADMIN_TOKEN on the server to enable it' } });
    }
  });

  test('a missing or wrong bearer token is 401', async () => {
    const base = await serve({ adminToken: 's3cret-token' });
    const none = await call(`${base}/api/admin/runs`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="lmi-admin"');
    expect(none.body).toEqual({ error: 'admin API: send Authorization: Bearer <LMI_ADMIN_TOKEN>' });
    for (const authorization of ['Bearer s3cret-tokex', 's3cret-token']) {
      expect(await call(`${base}/api/admin/runs`, { headers: { Authorization: authorization } })).toMatchObject({
        status: 401,
        body: { error: 'admin API: send Authorization: Bearer <LMI_ADMIN_TOKEN>' },
      });
    }
  });

  test('GET /api/admin/runs: the run log newest first, paged and filtered', async () => {
    const base = await serve({ adminToken: 's3cret-token' });
    const auth = { headers: { Authorization: 'Bearer s3cret-token' } };
    const all = await call(`${base}/api/admin/runs`, auth);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.runs.map((r: { source: string; outcome: string; errorKind: string | null }) => [r.source, r.outcome, r.errorKind])).toEqual([
      ['opsdemo:other', 'failed', 'connection'],
      ['opsdemo:demo', 'failed', 'http_5xx'],
      ['opsdemo:demo', 'success', null],
    ]);
    const page = await call(`${base}/api/admin/runs?limit=1&offset=1`, auth);
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1, runs: [{ source: 'opsdemo:demo', outcome: 'failed' }] });
    const filtered = await call(`${base}/api/admin/runs?source=opsdemo:demo`, auth);
    expect(filtered.body.total).toBe(2);
    expect(filtered.body.runs.map((r: { source: string; outcome: string }) => [r.source, r.outcome])).toEqual([
      ['opsdemo:demo', 'failed'],
      ['opsdemo:demo', 'success'],
    ]);
    expect(await call(`${base}/api/admin/runs?limit=0`, auth)).toMatchObject({ status: 400, body: { error: 'limit: Too small: expected number to be >=1' } });
    expect(await call(`${base}/api/admin/runs?offset=x`, auth)).toMatchObject({ status: 400, body: { error: 'offset: Invalid input: expected number, received NaN' } });
  });

  test('POST /api/admin/ingest/:source hands the run to the writer: 202, 409 when running, 404 unknown, 503 without a writer or config', async () => {
    const requested: string[] = [];
    const base = await serve({
      adminToken: 's3cret-token',
      onIngestRequest: (id) => {
        requested.push(id);
        if (id === 'busy') return { status: 'running', message: 'a run of busy is already in progress' };
        if (id === 'broken') return { status: 'unavailable', message: 'no config file at /nowhere/lmi.config.json' };
        if (id === 'esco') return { status: 'started', message: 'a run of esco has started; follow it at /api/admin/runs' };
        return { status: 'unknown', message: `no configured source is called ${id}` };
      },
    });
    const post = (id: string) => call(`${base}/api/admin/ingest/${id}`, { method: 'POST', headers: { Authorization: 'Bearer s3cret-token' } });
    expect(await post('esco')).toMatchObject({ status: 202, body: { source: 'esco', status: 'started', message: 'a run of esco has started; follow it at /api/admin/runs' } });
    expect(await post('busy')).toMatchObject({ status: 409, body: { error: 'a run of busy is already in progress' } });
    expect(await post('nope')).toMatchObject({ status: 404, body: { error: 'no configured source is called nope' } });
    expect(await post('bad%20id')).toMatchObject({ status: 400, body: { error: 'source: source ids are letters, digits and . _ : -' } });
    expect(await post('broken')).toMatchObject({ status: 503, body: { error: 'no config file at /nowhere/lmi.config.json' } });
    expect(requested).toEqual(['esco', 'busy', 'nope', 'broken']);

    const snapshotServer = await serve({ adminToken: 's3cret-token' });
    const refused = await call(`${snapshotServer}/api/admin/ingest/esco`, { method: 'POST', headers: { Authorization: 'Bearer s3cret-token' } });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: 'this server cannot start runs (it serves a read-only snapshot); run `lmi ingest` on the writer host' });
  });
});

describe('rate limits', () => {
  test('public and admin routes answer 429 with a JSON error past their limits', async () => {
    const base = await serve({ adminToken: 's3cret-token', rateLimit: { publicPerMinute: 3, adminPerMinute: 2, limitLoopback: true } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`${base}/api/sources`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await call(`${base}/api/health`)).toMatchObject({ status: 429, body: { error: 'too many API requests: at most 3 a minute; try again shortly' } });

    const auth = { headers: { Authorization: 'Bearer s3cret-token' } };
    const admin: number[] = [];
    for (let i = 0; i < 3; i++) admin.push((await call(`${base}/api/admin/runs`, auth)).status);
    expect(admin).toEqual([200, 200, 429]);
  });

  test('searches count against the limit too', async () => {
    const base = await serve({ rateLimit: { publicPerMinute: 3, limitLoopback: true } });
    const statuses: number[] = [];
    for (const q of ['nurse', 'cook', 'welder', 'chef']) statuses.push((await call(`${base}/api/occupations?q=${q}`)).status);
    expect(statuses.slice(3)).toEqual([429]);
    expect(statuses.slice(0, 3)).not.toContain(429);
  });

  test('loopback clients are not limited by default (local use, benchmarks)', async () => {
    const base = await serve({ rateLimit: { publicPerMinute: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`${base}/api/sources`)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});

test('the OpenAPI document describes the operations routes', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/sources', '/api/admin/runs', '/api/admin/ingest/{source}']));
  expect(Object.keys(doc.paths['/api/admin/ingest/{source}']!)).toEqual(['post']);
  expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['RunRecord', 'SourceStatus']));
});

test('startServer on a port already in use fails with a message naming the port and what to do', async () => {
  const first = await startServer({ dbPath: t.path, port: 0, host: '127.0.0.1' });
  try {
    const port = (first.server.address() as AddressInfo).port;
    await expect(startServer({ dbPath: t.path, port, host: '127.0.0.1' })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: the port is already in use (another lmi serve or start?); choose another with --port or PORT`,
    );
  } finally {
    await first.close();
  }
});
