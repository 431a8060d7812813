/**
 * The fault catalogue: every bad answer an upstream gives, scripted on the replay server, run through
 * the same code `lmi ingest all` runs (inProcessRunner: run record, lock, HTTP with retries and the raw
 * cache, one load transaction). Each case asserts the exit code the CLI would return
 * (exitCodes[kind]; the CLI itself is exercised in child processes by ops-process.test.ts), the error
 * recorded in the run log, and that the API serves exactly what it served before, byte for byte.
 * In-process rather than one child process per case keeps the catalogue at a few seconds.
 */
import { createServer } from 'node:net';
import { exitCodes, type IngestErrorKind } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { type ConfiguredSource } from '../../ingest/core/configured.js';
import { inProcessRunner, type SourceRunSummary } from '../../ingest/core/runners.js';
import { getJson, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';
import { reply, startReplay, type ReplayServer, type Reply } from '../replay/server.js';
import { demoPayload, opsDemoType } from '../support/ops-source.js';

const PATH = '/opsdemo/demo.json';
const good = demoPayload('demo', 3, 4);
const goodText = JSON.stringify(good);

let replay: ReplayServer;
let api: TestServer;
let db: ReturnType<typeof tempDb>;
let raw: ReturnType<typeof tempDir>;
let baseline: string;
const savedEnv = { ...process.env };

function sourceFor(url: string): ConfiguredSource {
  const entry = { type: 'opsdemo', enabled: true, url };
  return { id: 'demo', entry, type: opsDemoType, cron: opsDemoType.defaultSchedule, units: opsDemoType.plan('demo', entry) };
}

async function runWith(replies: Reply | Reply[], url = `${replay.url}${PATH}`): Promise<SourceRunSummary> {
  replay.reset([{ path: PATH, replies }]);
  return inProcessRunner({ dbPath: db.path, log: silentLogger })(sourceFor(url), 'cli');
}

/** What the API serves about the data: /api/sources without the run-log fields, and the dataset. */
async function served(): Promise<string> {
  const sources = await getJson(api.url, '/api/sources');
  const data = sources.body.sources.map((s: Record<string, unknown>) => {
    const { lastAttempt: _a, ageHours: _h, lastSuccess: _s, recentRuns: _r, ...rest } = s;
    return rest;
  });
  const observations = db.db.prepare(`SELECT s.key, o.period, o.value FROM observations o JOIN series s ON s.id = o.series_id ORDER BY 1, 2`).all();
  return JSON.stringify({ data, observations });
}

function lastRun(): { outcome: string; error_kind: string | null; error_message: string | null } {
  return db.db.prepare(`SELECT outcome, error_kind, error_message FROM ingest_runs ORDER BY id DESC LIMIT 1`).get() as never;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${port}${PATH}`;
}

beforeAll(async () => {
  raw = tempDir('lmi-raw-');
  Object.assign(process.env, {
    LMI_RAW_DIR: raw.dir,
    LMI_HTTP_RETRIES: '2',
    LMI_HTTP_MAX_DELAY_MS: '20',
    LMI_HTTP_TIMEOUT_MS: '400',
  });
  db = tempDb();
  replay = await startReplay();
  const first = await runWith(reply.json(good));
  expect(first.exitCode).toBe(0);
  api = await serveDb(db.path);
  baseline = await served();
});

afterAll(async () => {
  await api?.close();
  await replay?.close();
  db?.cleanup();
  raw?.cleanup();
  process.env = savedEnv;
});

test('the baseline load is served: 3 geo x 4 years, with the upstream updated time', async () => {
  const parsed = JSON.parse(baseline) as { data: Record<string, unknown>[]; observations: { key: string; period: string; value: number }[] };
  expect(parsed.data).toEqual([
    expect.objectContaining({ name: 'opsdemo:demo', kind: 'opsdemo', upstreamUpdated: '2026-11-01T11:00:00Z', rowCounts: expect.objectContaining({ observations: 12 }) }),
  ]);
  expect(parsed.observations).toHaveLength(12);
  expect(parsed.observations[5]).toEqual({ key: 'G00001', period: '2001', value: 1001.5 });
});

interface FaultCase {
  name: string;
  replies: () => Reply | Reply[];
  kind: IngestErrorKind;
  message: RegExp;
  /** How many requests the client makes (retries are bounded: 1 + LMI_HTTP_RETRIES = 3). */
  requests?: number;
  url?: () => Promise<string>;
}

const cut = (text: string, at: number) => text.slice(0, at);
/** The good payload, announced in full but cut off half-way by the replay server. */
const truncatedGood = (extra: Partial<Reply> = {}): Reply => ({ body: goodText, fault: 'truncate', headers: { 'Content-Type': 'application/json' }, ...extra });

const faults: FaultCase[] = [
  { name: 'connection refused', replies: () => reply.json(good), url: closedPortUrl, kind: 'connection', message: /cannot connect \(ECONNREFUSED\)/ },
  { name: 'connection reset before any answer, every time', replies: () => reply.reset(), kind: 'truncated', message: /the connection was reset before the whole answer arrived \(socket hang up\)/, requests: 3 },
  { name: 'no answer at all (hang) -> timeout', replies: () => reply.hang(), kind: 'timeout', message: /no answer in time/, requests: 3 },
  { name: 'answer slower than the timeout', replies: () => reply.slow(2000, reply.json(good)), kind: 'timeout', message: /no answer in time/, requests: 3 },
  { name: 'HTTP 500 every time', replies: () => reply.status(500), kind: 'http_5xx', message: /HTTP 500 from the upstream server after retries/, requests: 3 },
  { name: 'HTTP 503 every time', replies: () => reply.status(503, 'Service Unavailable'), kind: 'http_5xx', message: /HTTP 503 .*Service Unavailable/, requests: 3 },
  { name: 'HTTP 502 with an HTML error page', replies: () => reply.html(502), kind: 'http_5xx', message: /HTTP 502 .*\(an HTML error page\)/, requests: 3 },
  { name: 'HTTP 429 with Retry-After, every time', replies: () => reply.rateLimited(1), kind: 'rate_limited', message: /HTTP 429 Too Many Requests \(Retry-After: 1\), still refused after retries/, requests: 3 },
  { name: 'HTTP 429 asking for a longer wait than allowed: no retry', replies: () => reply.rateLimited(3600), kind: 'rate_limited', message: /HTTP 429 Too Many Requests \(Retry-After: 3600\)/, requests: 1 },
  { name: 'HTTP 413: too large for a synchronous answer', replies: () => reply.status(413, 'Request Entity Too Large'), kind: 'too_large', message: /HTTP 413/, requests: 1 },
  { name: 'HTTP 404: dataset gone', replies: () => reply.status(404, 'Not Found'), kind: 'http_status', message: /HTTP 404: Not Found/, requests: 1 },
  { name: 'HTTP 400: query refused', replies: () => reply.status(400, 'Bad Request'), kind: 'http_status', message: /HTTP 400/, requests: 1 },
  { name: 'HTML maintenance page with 200', replies: () => reply.html(200), kind: 'html', message: /answered with an HTML page \(HTTP 200\) where json was expected/, requests: 1 },
  { name: 'HTML page without an HTML content type', replies: () => reply.text('<!DOCTYPE html><html><body>Login</body></html>', 'application/json'), kind: 'html', message: /HTML page/ },
  { name: 'body cut off before Content-Length, every time', replies: () => truncatedGood(), kind: 'truncated', message: /closed before the whole body arrived \((stream has been aborted|body has \d+ bytes, \d+ announced)\)/, requests: 3 },
  { name: 'body stalls mid-way', replies: () => truncatedGood({ fault: 'stall' }), kind: 'timeout', message: /no answer in time \(no data for 400 ms while receiving the body\)/, requests: 3 },
  { name: 'gzip body cut off', replies: () => truncatedGood({ gzip: true }), kind: 'truncated', message: /closed before the whole body arrived \(aborted\)/, requests: 3 },
  { name: 'JSON cut off mid-document (complete HTTP answer)', replies: () => reply.text(cut(goodText, 60), 'application/json'), kind: 'truncated', message: /the JSON ends before it is complete/ },
  { name: 'malformed JSON', replies: () => reply.text('{"code": "demo", "geo": [1,,2]}', 'application/json'), kind: 'invalid', message: /not valid JSON/ },
  { name: 'a CSV where JSON was expected', replies: () => reply.text('geo,time,value\nAT,2023,1.5\n', 'text/csv'), kind: 'invalid', message: /not valid JSON/ },
  { name: 'empty body', replies: () => reply.text('', 'application/json'), kind: 'empty', message: /empty body where JSON was expected/ },
  { name: 'valid answer with no observations', replies: () => reply.json({ ...good, geo: [], values: [] }), kind: 'empty', message: /no observation|no data/i },
  { name: 'schema change: a field renamed', replies: () => reply.json({ code: 'demo', updated: good.updated, geography: good.geo, time: good.time, values: good.values }), kind: 'schema', message: /the "geo" field is missing/ },
  { name: 'schema change: values no longer match the dimensions', replies: () => reply.json({ ...good, values: good.values.slice(1) }), kind: 'schema', message: /2 rows of values for 3 geo codes/ },
  { name: 'JSON null', replies: () => reply.json(null), kind: 'schema', message: /expected a JSON object/ },
];

describe('fault catalogue: each fault fails the run, is recorded, and the data served before stays', () => {
  test.each(faults)('$name -> $kind', async (c) => {
    const url = c.url ? await c.url() : undefined;
    const summary = await runWith(c.replies(), url);
    expect(summary.exitCode).toBe(exitCodes[c.kind]);
    expect(summary.exitCode).toBeGreaterThan(0);
    expect(summary.units[0]?.error?.kind).toBe(c.kind);
    const run = lastRun();
    expect(run.outcome).toBe('failed');
    expect(run.error_kind).toBe(c.kind);
    expect(run.error_message).toMatch(c.message);
    if (c.requests !== undefined) expect(replay.requests).toHaveLength(c.requests);
    expect(await served()).toBe(baseline);
    // the failed attempt shows in the public freshness view
    const sources = await getJson(api.url, '/api/sources');
    expect(sources.body.sources[0].lastAttempt).toMatchObject({ outcome: 'failed', errorKind: c.kind });
    expect(sources.body.sources[0].lastSuccess.outcome).toMatch(/success|unchanged/);
  });

  test('a locked source is refused with exit code 3 and the data stays', async () => {
    db.db.prepare(`INSERT INTO ingest_locks (source, run_id, pid, host, acquired_at) VALUES ('opsdemo:demo', NULL, ?, ?, ?)`).run(
      process.pid,
      (await import('node:os')).hostname(),
      new Date().toISOString(),
    );
    try {
      const summary = await runWith(reply.json(demoPayload('demo', 5, 5)));
      expect(summary.exitCode).toBe(exitCodes.locked);
      expect(lastRun()).toMatchObject({ outcome: 'failed', error_kind: 'locked' });
      expect(lastRun().error_message).toMatch(new RegExp(`another ingest of opsdemo:demo is running \\(process ${process.pid} on `));
      expect(replay.requests).toHaveLength(0);
      expect(await served()).toBe(baseline);
    } finally {
      db.db.prepare(`DELETE FROM ingest_locks`).run();
    }
  });
});

test('once the upstream is unreachable, the remaining units of the source are recorded as failed without trying', async () => {
  const own = tempDb(); // its own database: the catalogue's must only ever hold the demo source
  try {
    const url = await closedPortUrl();
    const entry = { type: 'opsdemo', enabled: true, url };
    const units = [...opsDemoType.plan('one', entry), ...opsDemoType.plan('two', entry)];
    const summary = await inProcessRunner({ dbPath: own.path, log: silentLogger })({ id: 'pair', entry, type: opsDemoType, cron: opsDemoType.defaultSchedule, units }, 'cli');
    expect(summary.exitCode).toBe(exitCodes.connection);
    expect(summary.units.map((u) => [u.source, u.error?.kind])).toEqual([
      ['opsdemo:one', 'connection'],
      ['opsdemo:two', 'connection'],
    ]);
    expect(own.db.prepare(`SELECT source, error_message FROM ingest_runs ORDER BY id`).all()).toEqual([
      { source: 'opsdemo:one', error_message: `${url}: cannot connect (ECONNREFUSED)` },
      { source: 'opsdemo:two', error_message: `not tried: opsdemo:one could not reach ${new URL(url).origin} (cannot connect (ECONNREFUSED))` },
    ]);
  } finally {
    own.cleanup();
  }
});

describe('transient faults are retried and the run succeeds', () => {
  test.each([
    { name: '503 then 200', replies: [reply.status(503), reply.json(good)], statuses: [503, 200] },
    { name: '429 Retry-After then 200', replies: [reply.rateLimited(1), reply.json(good)], statuses: [429, 200] },
    { name: 'reset then 200', replies: [reply.reset(), reply.json(good)], statuses: [0, 200] },
    { name: 'truncated then 200', replies: [truncatedGood(), reply.json(good)], statuses: [200, 200] },
  ])('$name', async ({ replies, statuses }) => {
    const summary = await runWith(replies);
    expect(summary.exitCode).toBe(0);
    expect(lastRun()).toMatchObject({ outcome: 'success', error_kind: null });
    expect(replay.requests.map((r) => r.status)).toEqual(statuses);
    const now = JSON.parse(await served()) as { observations: unknown[] };
    expect(now.observations).toEqual((JSON.parse(baseline) as { observations: unknown[] }).observations);
  });

  test('a gzip-encoded answer is decoded and loaded', async () => {
    const summary = await runWith(reply.json(good, { gzip: true }));
    expect(summary.exitCode).toBe(0);
    expect(replay.requests[0]?.status).toBe(200);
  });
});
