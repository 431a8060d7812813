/**
 * PX-Web end to end against a small PX-Web API v1 emulator on 127.0.0.1: it serves the real SSB
 * 07221 answer as table metadata and as JSON-stat 2.0 sub-cubes for whatever the POSTed query selects,
 * refuses queries over its cell limit (403, as PX-Web does) and answers the first POST with 429.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestPxweb, ingestPxwebFile } from '../../ingest/pxweb/source.js';
import { pxwebSourceType } from '../../ingest/pxweb/source-type.js';
import { datasetSourceName } from '../../data/series.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';
import { codesOf, selectCube, type Cube } from '../support/jsonstat-cube.js';

interface Emulator {
  url: string;
  posts: { cells: number; status: number }[];
  /** 'cut': every data answer after the first is sent cut off inside its `value` array (a complete HTTP answer). */
  mode: 'ok' | 'html' | 'cut';
  close(): Promise<void>;
}

/** `maxValues` is enforced; `advertised` is what `?config` says (a server may publish a wrong limit). */
async function startPxweb(cube: Cube, maxValues: number, advertised = maxValues): Promise<Emulator> {
  const tablePath = '/api/v0/no/table/07221';
  const em: Emulator = { url: '', posts: [], mode: 'ok', close: async () => {} };
  let first429 = true;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, payload: unknown, type = 'application/json; charset=utf-8', headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': type, ...headers });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (em.mode === 'html') return send(200, '<!DOCTYPE html><html><body>Maintenance</body></html>', 'text/html');
      if (req.method === 'GET' && req.url === '/api/v0/no/?config') return send(200, { maxValues: advertised, maxCalls: 30, timeWindow: 10, CORS: true });
      if (req.method === 'GET' && req.url === tablePath) {
        return send(200, {
          title: 'Prisindeks for brukte boliger, etter region, boligtype, statistikkvariabel og kvartal',
          variables: cube.id.map((dim) => ({
            code: dim,
            text: cube.dimension[dim]!.label,
            values: codesOf(cube, dim),
            valueTexts: codesOf(cube, dim).map((c) => cube.dimension[dim]!.category.label[c]!),
            elimination: cube.dimension[dim]!.extension?.elimination ?? false,
            ...(cube.role?.time?.includes(dim) ? { time: true } : {}),
          })),
        });
      }
      if (req.method === 'POST' && req.url === tablePath) {
        const q = JSON.parse(body) as { query: { code: string; selection: { values: string[] } }[]; response: { format: string } };
        const selection = Object.fromEntries(q.query.map((s) => [s.code, s.selection.values]));
        const cells = cube.id.reduce((n, dim) => n * (selection[dim]?.length ?? codesOf(cube, dim).length), 1);
        if (first429) {
          first429 = false;
          em.posts.push({ cells, status: 429 });
          return send(429, 'Too Many Requests', 'text/plain', { 'Retry-After': '0' });
        }
        if (cells > maxValues || q.response.format !== 'json-stat2') {
          em.posts.push({ cells, status: 403 });
          return send(403, 'Too many values selected', 'text/plain');
        }
        em.posts.push({ cells, status: 200 });
        const answer = JSON.stringify(selectCube(cube, selection));
        const ok = em.posts.filter((p) => p.status === 200).length;
        return send(200, em.mode === 'cut' && ok > 1 ? answer.slice(0, answer.indexOf('"value":[') + 40) : answer);
      }
      send(404, 'not found', 'text/plain');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  em.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  em.close = () => new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); });
  return em;
}

describeWithFixtures('PX-Web ingest (SSB 07221 through a PX-Web API emulator)', () => {
  const responseFile = fixture('national/pxweb/ssb-no/07221_response.json');
  // Read in beforeAll, not here: a skipped describe (no shared fixtures) still runs its body.
  let cube: Cube;
  let query: unknown[];
  let em: Emulator;
  let raw: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    cube = JSON.parse(readFileSync(responseFile, 'utf8')) as Cube;
    query = (JSON.parse(readFileSync(fixture('national/pxweb/ssb-no/07221_query.json'), 'utf8')) as { query: unknown[] }).query;
    em = await startPxweb(cube, 100);
    raw = tempDir();
    process.env.LMI_RAW_DIR = raw.dir;
  });
  afterAll(async () => {
    await em.close();
    raw.cleanup();
    delete process.env.LMI_RAW_DIR;
  });

  const entry = () => ({ type: 'pxweb', enabled: true, baseUrl: `${em.url}/api/v0`, language: 'no', table: 'table/07221', query, attribution: 'Statistics Norway (SSB), CC BY 4.0' });

  const cells = (db: ReturnType<typeof tempDb>['db'], dataset: string) =>
    db
      .prepare(`SELECT s.key, o.period, o.value, o.flag FROM observations o JOIN series s ON s.id = o.series_id WHERE s.dataset = ? ORDER BY s.key, o.period`)
      .all(dataset);

  test('splits the 288-cell query to the server limit of 100, retries the 429, loads every cell with its symbol', async () => {
    const t = tempDb();
    try {
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = pxwebSourceType.optionsFor('ssb-07221', entry());
      const result = await runIngest(ctx, datasetSourceName('pxweb', o.dataset), () => ingestPxweb(o, ctx));
      expect(result.counts).toEqual({ datasets: 1, dimensions: 4, codes: 24, series: 36, observations: 288, flags: 1 });
      expect(result.upstreamVersion).toBe('2024-01-12T07:00:00Z');
      // cut along Region (12 values): 4 regions x 3 types x 8 quarters = 96 cells per request
      expect(em.posts).toEqual([
        { cells: 96, status: 429 },
        { cells: 96, status: 200 },
        { cells: 96, status: 200 },
        { cells: 96, status: 200 },
      ]);
      expect(t.db.prepare(`SELECT code, source, title, time_dim, source_url FROM datasets`).get()).toEqual({
        code: 'ssb-07221',
        source: 'pxweb',
        title: 'Prisindeks for brukte boliger, etter region, boligtype, statistikkvariabel og kvartal',
        time_dim: 'Tid',
        source_url: `${em.url}/api/v0/no/table/07221`,
      });
      expect(t.db.prepare(`SELECT flag, label FROM dataset_flags`).all()).toEqual([
        { flag: '..', label: 'Tallgrunnlag mangler. Tall er ikke kommet inn i våre databaser eller er for usikre til å publiseres.' },
      ]);
      expect(t.db.prepare(`SELECT attribution FROM sources WHERE name = 'pxweb:ssb-07221'`).get()).toEqual({ attribution: 'Statistics Norway (SSB), CC BY 4.0' });
      const loaded = cells(t.db, 'ssb-07221') as { key: string; period: string; value: number | null; flag: string | null }[];
      expect(loaded.find((c) => c.key === 'TOTAL.01.Boligindeks' && c.period === '2022-Q1')).toEqual({ key: 'TOTAL.01.Boligindeks', period: '2022-Q1', value: 136.2, flag: null });
      expect(loaded.filter((c) => c.flag === '..' && c.value === null)).toHaveLength(24);

      // the saved answer (`lmi ingest pxweb --from`) loads to exactly the same cells
      const f = tempDb();
      try {
        const fctx = { db: f.db, log: silentLogger, trigger: 'cli' as const };
        await runIngest(fctx, 'pxweb:ssb-07221', async () => ingestPxwebFile(responseFile, 'ssb-07221', fctx));
        expect(cells(f.db, 'ssb-07221')).toEqual(loaded);
        expect(f.db.prepare(`SELECT title FROM datasets`).get()).toEqual({ title: '07221: Prisindeks for brukte boliger, etter region, boligtype, statistikkvariabel og kvartal' });
      } finally {
        f.cleanup();
      }

      // an HTML page instead of data fails the run and keeps the loaded table
      em.mode = 'html';
      await expect(runIngest(ctx, 'pxweb:ssb-07221', () => ingestPxweb(o, ctx))).rejects.toThrow(/HTML page/);
      expect(cells(t.db, 'ssb-07221')).toHaveLength(288);
      expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id`).all()).toEqual([
        { outcome: 'success', error_kind: null },
        { outcome: 'failed', error_kind: 'html' },
      ]);
    } finally {
      em.mode = 'ok';
      t.cleanup();
    }
  });

  test('an answer cut off mid-table fails the run as truncated: the table loaded before is untouched, no stage or temporary answer is left', async () => {
    const stageDir = tempDir('lmi-stage-test-');
    const saved = process.env.LMI_STAGE_DIR;
    process.env.LMI_STAGE_DIR = stageDir.dir;
    const t = tempDb();
    try {
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = pxwebSourceType.optionsFor('ssb-07221', entry());
      await runIngest(ctx, 'pxweb:ssb-07221', () => ingestPxweb(o, ctx));
      const before = cells(t.db, 'ssb-07221');
      expect(before).toHaveLength(288);
      em.mode = 'cut';
      em.posts.length = 0;
      // Raw cache off: the answers are temporary files (in LMI_STAGE_DIR), which the run must remove.
      process.env.LMI_RAW_CACHE = 'off';
      const err = await runIngest(ctx, 'pxweb:ssb-07221', () => ingestPxweb(o, ctx)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).kind).toBe('truncated');
      expect((err as IngestError).message).toBe(`${em.url}/api/v0/no/table/07221 (part 2 of 3): the JSON ends before it is complete (inside 'value')`);
      // all three answers were fetched before any was read: the failure comes from reading, not fetching
      expect(em.posts).toEqual([{ cells: 96, status: 200 }, { cells: 96, status: 200 }, { cells: 96, status: 200 }]);
      expect(cells(t.db, 'ssb-07221')).toEqual(before);
      expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id`).all()).toEqual([
        { outcome: 'success', error_kind: null },
        { outcome: 'failed', error_kind: 'truncated' },
      ]);
      expect(readdirSync(stageDir.dir)).toEqual([]);
    } finally {
      em.mode = 'ok';
      delete process.env.LMI_RAW_CACHE;
      if (saved === undefined) delete process.env.LMI_STAGE_DIR;
      else process.env.LMI_STAGE_DIR = saved;
      t.cleanup();
      stageDir.cleanup();
    }
  });

  test('a server that refuses more cells than it advertises (403) gets smaller requests', async () => {
    const strict = await startPxweb(cube, 100, 1000);
    const t = tempDb();
    try {
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = pxwebSourceType.optionsFor('ssb-07221', { ...entry(), baseUrl: `${strict.url}/api/v0` });
      const result = await runIngest(ctx, 'pxweb:ssb-07221', () => ingestPxweb(o, ctx));
      expect(result.counts.observations).toBe(288);
      expect(strict.posts).toEqual([
        { cells: 288, status: 429 },
        { cells: 288, status: 403 },
        { cells: 144, status: 403 },
        { cells: 72, status: 200 },
        { cells: 72, status: 200 },
        { cells: 144, status: 403 },
        { cells: 72, status: 200 },
        { cells: 72, status: 200 },
      ]);
    } finally {
      t.cleanup();
      await strict.close();
    }
  });

  test('a query naming a code the table does not have fails before any data request', async () => {
    const t = tempDb();
    try {
      em.posts.length = 0;
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = pxwebSourceType.optionsFor('ssb-07221', { ...entry(), query: [{ code: 'Region', selection: { filter: 'item', values: ['TOTAL', '099'] } }] });
      const err = await runIngest(ctx, 'pxweb:ssb-07221', () => ingestPxweb(o, ctx)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).kind).toBe('schema');
      expect((err as IngestError).message).toContain("variable 'Region' has no value '099'");
      expect(em.posts).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  test('a config entry without a base URL is refused with the field named', () => {
    expect(() => pxwebSourceType.optionsFor('ssb-07221', { type: 'pxweb', enabled: true, table: 'table/07221' })).toThrow(/config source 'ssb-07221' \(pxweb\):[\s\S]*baseUrl/);
  });
});

describeWithFixtures('PX-Web tables through the series API (saved answers loaded as `lmi ingest pxweb --from` does)', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'pxweb:ssb-07221', async () => ingestPxwebFile(fixture('national/pxweb/ssb-no/07221_response.json'), 'ssb-07221', ctx, { attribution: 'Source: Statistics Norway (SSB)' }));
    await runIngest(ctx, 'pxweb:gl-udxumg3', async () => ingestPxwebFile(fixture('national/pxweb/stat-gl/education_employment_16-25_response.json'), 'gl-udxumg3', ctx));
    t.db.close();
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server?.close();
    t.cleanup();
  });

  test('/api/series serves every cell of the table, with the ".." symbol and its label', async () => {
    const all = await getJson(server.url, '/api/series?dataset=ssb-07221');
    expect(all.status).toBe(200);
    const points = all.body.series.flatMap((s: { points: unknown[] }) => s.points);
    expect(points).toHaveLength(288);
    expect(points.filter((p: { flag: string | null }) => p.flag === '..')).toHaveLength(24);

    const { status, body } = await getJson(server.url, '/api/series?dataset=ssb-07221&Region=007&Boligtype=02&since=2023-Q3');
    expect(status).toBe(200);
    expect(body).toEqual({
      dataset: 'ssb-07221',
      label: '07221: Prisindeks for brukte boliger, etter region, boligtype, statistikkvariabel og kvartal',
      source: 'Statistics Norway (SSB)',
      attribution: 'Source: Statistics Norway (SSB)',
      updated: '2024-01-12T07:00:00Z',
      series: [
        {
          key: '007.02.Boligindeks',
          dims: {
            Region: { code: '007', label: 'Innlandet' },
            Boligtype: { code: '02', label: 'Småhus' },
            ContentsCode: { code: 'Boligindeks', label: 'Prisindeks for brukte boliger' },
          },
          points: [
            { period: '2023-Q3', value: null, flag: '..' },
            { period: '2023-Q4', value: null, flag: '..' },
          ],
        },
      ],
      flags: { '..': 'Tallgrunnlag mangler. Tall er ikke kommet inn i våre databaser eller er for usikre til å publiseres.' },
    });
  });

  test('the Greenland table keeps its "-" cells, and the office named in the answer is the attribution', async () => {
    const { status, body } = await getJson(server.url, '/api/series?dataset=gl-udxumg3&HFU=3&alder=20&registrering=3');
    expect(status).toBe(200);
    expect(body.source).toBe('Statistics Greenland');
    expect(body.series[0].points).toEqual([
      { period: '2020', value: 2, flag: null },
      { period: '2021', value: null, flag: '-' },
      { period: '2022', value: null, flag: '-' },
    ]);
    expect(body.flags).toEqual({ '-': 'nil (magnitude zero)' });
  });
});
