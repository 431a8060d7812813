/**
 * The live Eurostat code path (fetch -> parse -> load under runIngest) against the replay server
 * serving real recorded answers under the real URL paths, with the upstream's faults.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../ingest/core/config.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest, type IngestContext } from '../../ingest/core/source.js';
import { ingestEurostatDataset, type EurostatOptions } from '../../ingest/eurostat/run.js';
import { eurostatDatasetOptions, eurostatSourceType } from '../../ingest/eurostat/source-type.js';
import { getDataset } from '../../data/series.js';
import { querySeries } from '../../data/series-query.js';
import { reply, startReplay, type ReplayServer, type Route } from '../replay/server.js';
import { describeWithFixtures, fixture, tempDb, tempDir } from '../helpers.js';

const DATA = '/eurostat/api/dissemination/statistics/1.0/data/une_rt_a';
const STATUS = '/eurostat/api/dissemination/1.0/async/status/8e2a4c1f-0d3b-4f4e-9a55-2b7c1d3e9f00';
const ASYNC_DATA = '/eurostat/api/dissemination/1.0/async/data/8e2a4c1f-0d3b-4f4e-9a55-2b7c1d3e9f00';
const uneRtA = () => fixture('eurostat', 'json-stat', 'unemployment_une_rt_a.json');
const KEY = '8e2a4c1f-0d3b-4f4e-9a55-2b7c1d3e9f00';
const envelope = (status: string) => reply.eurostatAsync(KEY, status);

const savedEnv = { ...process.env };

describeWithFixtures('Eurostat live ingest against the replay server', () => {
  let replay: ReplayServer;
  let t: ReturnType<typeof tempDb>;
  let raw: ReturnType<typeof tempDir>;
  let ctx: IngestContext;
  const options: EurostatOptions = { code: 'une_rt_a', geo: ['DE', 'FR'], since: '2020', filters: { sex: ['T'] } };
  const run = (opts: EurostatOptions = options) => runIngest(ctx, `eurostat:${opts.code}`, () => ingestEurostatDataset(ctx, opts));
  const lastRun = () => t.db.prepare(`SELECT outcome, error_kind, error_message FROM ingest_runs ORDER BY id DESC LIMIT 1`).get();
  const observationCount = () => (t.db.prepare(`SELECT count(*) AS n FROM observations`).get() as { n: number }).n;
  const serve = (...routes: Route[]) => replay.reset(routes);

  beforeAll(async () => {
    replay = await startReplay();
    raw = tempDir('lmi-raw-');
    Object.assign(process.env, {
      LMI_EUROSTAT_URL: `${replay.url}/eurostat`,
      LMI_RAW_DIR: raw.dir,
      LMI_HTTP_RETRIES: '2',
      LMI_HTTP_MAX_DELAY_MS: '20',
      LMI_HTTP_TIMEOUT_MS: '500',
      LMI_EUROSTAT_POLL_MS: '5',
      LMI_EUROSTAT_ASYNC_MAX_MS: '2000',
    });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await replay.close();
    raw.cleanup();
  });
  beforeEach(() => {
    t = tempDb();
    ctx = { db: t.db, log: silentLogger, trigger: 'cli' };
  });
  afterEach(() => t.cleanup());

  test('a normal answer: URL, filters as query parameters, User-Agent, values loaded', async () => {
    serve({ path: DATA, query: { format: 'JSON', lang: 'EN' }, replies: reply.file(uneRtA()) });
    const result = await run();
    expect(result.counts).toEqual({ datasets: 1, dimensions: 6, codes: 48, series: 38, observations: 221, flags: 2 });
    expect(result.upstreamVersion).toBe('2026-04-29T23:00:00+0200');
    const [req] = replay.requests;
    expect(req!.path).toBe(DATA);
    expect(req!.query).toEqual({ format: 'JSON', lang: 'EN', geo: 'FR', sinceTimePeriod: '2020', sex: 'T' });
    expect(String(req!.headers['user-agent'])).toMatch(/^lmi-tool\/\S+ \(/);
    const de = querySeries(t.db, { dataset: 'une_rt_a', filters: { geo: ['DE'] }, since: '2020', until: '2020' });
    expect(de[0]!.points).toEqual([{ period: '2020', value: 3.6, flag: 'b' }]);
    expect(t.db.prepare(`SELECT name, upstream_version, upstream_url FROM sources`).get()).toEqual({
      name: 'eurostat:une_rt_a',
      upstream_version: '2026-04-29T23:00:00+0200',
      upstream_url: `${replay.url}/eurostat/api/dissemination/statistics/1.0/data/une_rt_a?format=JSON&lang=EN&geo=DE&geo=FR&sinceTimePeriod=2020&sex=T`,
    });
  });

  test('503 and 429 with Retry-After are retried, then the answer loads', async () => {
    serve({ path: DATA, replies: [reply.status(503, 'Service Unavailable'), reply.rateLimited(1), reply.file(uneRtA())] });
    // Retry-After: 1 is honoured only when the longest wait allowed covers it.
    process.env.LMI_HTTP_MAX_DELAY_MS = '1500';
    const result = await run().finally(() => (process.env.LMI_HTTP_MAX_DELAY_MS = '20'));
    expect(result.counts.observations).toBe(221);
    expect(replay.requests.map((r) => r.status)).toEqual([503, 429, 200]);
  });

  test('a slow answer within the timeout loads', async () => {
    serve({ path: DATA, replies: reply.slow(200, reply.file(uneRtA())) });
    expect((await run()).counts.observations).toBe(221);
  });

  test('failures leave the loaded version untouched and are recorded with their kind', async () => {
    serve({ path: DATA, replies: reply.file(uneRtA()) });
    await run();
    const loadedAt = getDataset(t.db, 'une_rt_a')!.loadedAt;
    const failures: [string, Route['replies'], string][] = [
      ['http_5xx', reply.status(503), 'HTTP 503'],
      ['rate_limited', reply.rateLimited(1), 'HTTP 429'],
      ['truncated', reply.truncated(uneRtA(), 3000), 'closed before the whole body arrived'],
      ['html', reply.html(), 'HTML page'],
      ['timeout', reply.slow(1500, reply.file(uneRtA())), 'no answer in time'],
      ['empty', reply.file(fixture('eurostat', 'json-stat', 'une-rt-m-geo-xx-last1.json')), "dimension 'geo' has no category"],
      ['too_large', reply.eurostatTooLarge(), 'too big'],
      ['http_status', reply.status(404, '{"error":{"status":404,"label":"Dataset une_rt_a not found"}}'), 'HTTP 404'],
    ];
    for (const [kind, replies, message] of failures) {
      serve({ path: DATA, replies });
      await expect(run()).rejects.toMatchObject({ kind });
      expect([kind, lastRun()]).toEqual([kind, { outcome: 'failed', error_kind: kind, error_message: expect.stringContaining(message) }]);
      expect(observationCount()).toBe(221);
      expect(getDataset(t.db, 'une_rt_a')!.loadedAt).toBe(loadedAt);
    }
    // A reset connection is reported as ECONNRESET or "socket hang up" depending on timing.
    serve({ path: DATA, replies: reply.reset() });
    const reset = await run().catch((err: { kind: string }) => err);
    expect(['connection', 'truncated']).toContain((reset as { kind: string }).kind);
    expect(observationCount()).toBe(221);
  }, 30_000);

  test('asynchronous extraction: the queued key is polled until AVAILABLE, then the result is fetched', async () => {
    // The result is not kept in the raw cache: it streams through a temporary file, removed after the load.
    const scratch = tempDir('lmi-stage-');
    process.env.LMI_STAGE_DIR = scratch.dir;
    try {
      // gzip as Content-Encoding (decoded as it arrives), then a gzip file (inflated as it is read)
      for (const result of [reply.file(uneRtA(), { gzip: true }), reply.body(gzipSync(readFileSync(uneRtA())), 'application/gzip')]) {
        serve(
          { path: DATA, replies: envelope('SUBMITTED') },
          { path: STATUS, replies: [envelope('SUBMITTED'), envelope('PROCESSING'), envelope('AVAILABLE')] },
          { path: ASYNC_DATA, replies: result },
        );
        expect((await run()).counts.observations).toBe(221);
        expect(replay.requests.map((r) => r.path)).toEqual([DATA, STATUS, STATUS, STATUS, ASYNC_DATA]);
        expect(readdirSync(scratch.dir)).toEqual([]);
      }
    } finally {
      delete process.env.LMI_STAGE_DIR;
      scratch.cleanup();
    }
  });

  test('asynchronous extraction that expires or never finishes fails as too_large', async () => {
    serve({ path: DATA, replies: envelope('SUBMITTED') }, { path: STATUS, replies: [envelope('PROCESSING'), envelope('EXPIRED')] });
    await expect(run()).rejects.toMatchObject({ kind: 'too_large', message: expect.stringContaining('ended with status EXPIRED') });
    process.env.LMI_EUROSTAT_ASYNC_MAX_MS = '50';
    serve({ path: DATA, replies: envelope('SUBMITTED') }, { path: STATUS, replies: envelope('PROCESSING') });
    await expect(run()).rejects.toMatchObject({ kind: 'too_large', message: expect.stringContaining('still PROCESSING') });
    process.env.LMI_EUROSTAT_ASYNC_MAX_MS = '2000';
    expect(observationCount()).toBe(0);
  });

  test('an unchanged upstream (304 on the conditional request) is an "unchanged" run', async () => {
    serve({ path: DATA, replies: [reply.file(uneRtA(), { headers: { ETag: '"v1"' } }), reply.status(304, '')] });
    await run();
    const second = await run();
    expect(second.outcome).toBe('unchanged');
    expect(replay.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(observationCount()).toBe(221);
  });

  test('the config source type plans one unit per dataset with the defaults applied', async () => {
    const entry = { type: 'eurostat', enabled: true, geo: ['DE', 'SI'], since: '2010', datasets: { une_rt_a: {}, jvs_q_nace2: { since: '2015', filters: { s_adj: ['NSA'] } } } };
    expect(eurostatDatasetOptions('eurostat', entry)).toEqual([
      { code: 'une_rt_a', geo: ['DE', 'SI'], since: '2010', filters: undefined },
      { code: 'jvs_q_nace2', geo: ['DE', 'SI'], since: '2015', filters: { s_adj: ['NSA'] } },
    ]);
    const units = eurostatSourceType.plan('eurostat', entry);
    expect(units.map((u) => u.source)).toEqual(['eurostat:une_rt_a', 'eurostat:jvs_q_nace2']);
    serve({ path: DATA, replies: reply.file(uneRtA()) });
    const summary = await units[0]!.work(ctx);
    expect(summary.counts.observations).toBe(221);
    expect(replay.requests[0]!.query).toMatchObject({ geo: 'SI', sinceTimePeriod: '2010' });
    expect(() => eurostatSourceType.plan('eurostat', { type: 'eurostat', enabled: true, datasets: { une_rt_a: { since: 'soon' } } })).toThrow('since is a period');
    // Any spelling the period parser reads is sent in Eurostat's own.
    const spelled = { type: 'eurostat', enabled: true, since: '2015Q1', datasets: { une_rt_m: { since: '2015M03' }, jvs_q_nace2: {} } };
    expect(eurostatDatasetOptions('eurostat', spelled).map((o) => o.since)).toEqual(['2015-03', '2015-Q1']);
  });

  test('the real config file is valid and lists the default dataset set', () => {
    const config = loadConfig(join(process.cwd(), 'lmi.config.json'));
    const entry = Object.entries(config.sources).find(([, e]) => e.type === 'eurostat')!;
    expect(entry[1]).toMatchObject({ schedule: '30 11,23 * * *', timezone: 'Europe/Brussels', since: '2010' });
    const codes = eurostatDatasetOptions(entry[0], entry[1]).map((o) => o.code);
    expect(codes).toEqual(['lfsa_egan2', 'lfsa_egai2d', 'une_rt_a', 'une_rt_m', 'jvs_q_nace2', 'earn_ses22_28', 'earn_ses18_28', 'lfst_r_lfe2en2']);
  });
});
