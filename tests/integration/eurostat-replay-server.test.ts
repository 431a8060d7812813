/** The replay server itself, driven through the project's HTTP client (ingest/core/http.ts). */
import { httpRequest } from '../../ingest/core/http.js';
import { reply, startReplay, type ReplayServer } from '../replay/server.js';

const fast = { retries: 2, maxDelayMs: 50, timeoutMs: 2000 };

describe('replay server', () => {
  let replay: ReplayServer;
  beforeEach(async () => (replay = await startReplay()));
  afterEach(() => replay.close());

  test('plays a route script in order and logs each request', async () => {
    replay.route({ path: '/data/x', query: { format: 'JSON' }, replies: [reply.status(503), reply.rateLimited(0), reply.json({ ok: 1 })] });
    const res = await httpRequest({ url: `${replay.url}/data/x?format=JSON&lang=EN`, expect: 'json', ...fast });
    expect(JSON.parse(res.body.toString())).toEqual({ ok: 1 });
    expect(replay.requests.map((r) => [r.method, r.path, r.status, r.route])).toEqual([
      ['GET', '/data/x', 503, 0],
      ['GET', '/data/x', 429, 0],
      ['GET', '/data/x', 200, 0],
    ]);
    expect(replay.requests[0]!.query).toEqual({ format: 'JSON', lang: 'EN' });
    expect(String(replay.requests[0]!.headers['user-agent'])).toMatch(/^lmi-tool\//);
  });

  test('unmatched requests get 404; query constraints are honoured', async () => {
    replay.route({ path: '/data/x', query: { format: 'JSON' }, replies: reply.json({}) });
    await expect(httpRequest({ url: `${replay.url}/data/x?format=TSV`, ...fast })).rejects.toMatchObject({ kind: 'http_status', status: 404 });
    expect(replay.requests.map((r) => r.route)).toEqual([-1]);
  });

  test('faults: HTML 200, truncated body, reset, slow answer past the timeout, gzip', async () => {
    replay.route({ path: '/html', replies: reply.html() });
    replay.route({ path: '/cut', replies: reply.body('0123456789'.repeat(1000), 'application/json', { fault: 'truncate', truncateAt: 100 }) });
    replay.route({ path: '/reset', replies: reply.reset() });
    replay.route({ path: '/slow', replies: reply.slow(500, reply.json({ late: true })) });
    replay.route({ path: '/gz', replies: reply.json({ zipped: 'x'.repeat(500) }, { gzip: true }) });
    await expect(httpRequest({ url: `${replay.url}/html`, expect: 'json', ...fast })).rejects.toMatchObject({ kind: 'html' });
    await expect(httpRequest({ url: `${replay.url}/cut`, expect: 'json', ...fast, retries: 0 })).rejects.toMatchObject({ kind: 'truncated' });
    // ECONNRESET or "socket hang up", depending on timing
    const reset = await httpRequest({ url: `${replay.url}/reset`, ...fast, retries: 0 }).catch((err: { kind: string }) => err);
    expect(['truncated', 'connection']).toContain((reset as { kind: string }).kind);
    await expect(httpRequest({ url: `${replay.url}/slow`, ...fast, retries: 0, timeoutMs: 100 })).rejects.toMatchObject({ kind: 'timeout' });
    const gz = await httpRequest({ url: `${replay.url}/gz`, expect: 'json', ...fast });
    expect(JSON.parse(gz.body.toString())).toEqual({ zipped: 'x'.repeat(500) });
  });
});
