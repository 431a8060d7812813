/** HTML table source end to end: the fixture page served on 127.0.0.1, then a redesigned page. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestHtml } from '../../ingest/html/source.js';
import { htmlSourceType } from '../../ingest/html/source-type.js';
import { datasetSourceName } from '../../data/series.js';
import { tempDb, tempDir } from '../helpers.js';

const fixturePage = 'tests/fixtures/html/registered-unemployment.html';

describe('HTML table ingest', () => {
  let server: Server;
  let base: string;
  let page = { body: Buffer.from(''), type: 'text/html; charset=utf-8' };
  let raw: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    raw = tempDir();
    process.env.LMI_RAW_DIR = raw.dir;
    // ETag / If-None-Match as a real web server does, so a repeated run can be 'unchanged'
    server = createServer((req, res) => {
      const etag = `"${createHash('sha1').update(page.body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      res.writeHead(200, { 'Content-Type': page.type, ETag: etag }).end(page.body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); });
    raw.cleanup();
    delete process.env.LMI_RAW_DIR;
  });

  const entry = () => ({
    type: 'html',
    enabled: true,
    url: `${base}/labour-market/registered-unemployment`,
    title: 'Registered unemployed persons by region and quarter',
    attribution: 'Source: Statistics Office',
    table: 'table#unemployment-by-region',
    expectedHeaders: ['Region', 'Quarter', 'Registered unemployed', 'Rate (%)'],
    series: ['Region'],
    period: 'Quarter',
    value: 'Registered unemployed',
  });

  test('loads the page table; a redesigned page fails as schema and keeps the loaded data', async () => {
    const t = tempDb();
    try {
      page = { body: readFileSync(fixturePage), type: 'text/html; charset=utf-8' };
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = htmlSourceType.optionsFor('xx-unemployment', entry());
      const result = await runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx));
      expect(result.counts).toEqual({ datasets: 1, dimensions: 2, codes: 5, series: 3, observations: 6, flags: 1 });
      const rows = () =>
        t.db
          .prepare(`SELECT s.key, o.period, o.value, o.flag FROM observations o JOIN series s ON s.id = o.series_id WHERE s.dataset = 'xx-unemployment' ORDER BY s.key, o.period`)
          .all();
      expect(rows()).toEqual([
        { key: 'Capital region', period: '2023-Q4', value: 12480, flag: null },
        { key: 'Capital region', period: '2024-Q1', value: 11905, flag: null },
        { key: 'Islands', period: '2023-Q4', value: null, flag: '..' },
        { key: 'Islands', period: '2024-Q1', value: 412, flag: null },
        { key: 'North', period: '2023-Q4', value: 3215, flag: null },
        { key: 'North', period: '2024-Q1', value: 3340, flag: null },
      ]);
      expect(t.db.prepare(`SELECT name, kind, attribution FROM sources`).get()).toEqual({ name: 'html:xx-unemployment', kind: 'html', attribution: 'Source: Statistics Office' });

      page = { body: Buffer.from(readFileSync(fixturePage, 'utf8').replace('id="unemployment-by-region"', 'id="jobseekers"')), type: 'text/html' };
      const err = await runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx)).catch((e: unknown) => e);
      expect((err as IngestError).kind).toBe('schema');
      expect((err as IngestError).message).toMatch(/the table selector 'table#unemployment-by-region' matches 0 elements/);
      expect(rows()).toHaveLength(6);
      expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id`).all()).toEqual([
        { outcome: 'success', error_kind: null },
        { outcome: 'failed', error_kind: 'schema' },
      ]);
    } finally {
      t.cleanup();
    }
  });

  test('an unchanged page (304 Not Modified) is an unchanged run that writes nothing', async () => {
    const t = tempDb();
    try {
      page = { body: readFileSync(fixturePage), type: 'text/html; charset=utf-8' };
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = htmlSourceType.optionsFor('xx-unemployment', entry());
      await runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx));
      const loadedAt = t.db.prepare(`SELECT loaded_at FROM datasets`).get();
      const again = await runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx));
      expect(again.outcome).toBe('unchanged');
      expect(t.db.prepare(`SELECT loaded_at FROM datasets`).get()).toEqual(loadedAt);
      expect(t.db.prepare(`SELECT outcome FROM ingest_runs ORDER BY id`).all()).toEqual([{ outcome: 'success' }, { outcome: 'unchanged' }]);
    } finally {
      t.cleanup();
    }
  });

  test('a page served as ISO-8859-1 is decoded by its charset', async () => {
    const t = tempDb();
    try {
      const html = readFileSync(fixturePage, 'utf8').replace(/North/g, 'Norður');
      page = { body: Buffer.from(html, 'latin1'), type: 'text/html; charset=ISO-8859-1' };
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = htmlSourceType.optionsFor('xx-unemployment', entry());
      await runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx));
      expect(t.db.prepare(`SELECT code FROM dimension_codes WHERE dim = 'region' ORDER BY position`).all()).toEqual([{ code: 'Capital region' }, { code: 'Norður' }, { code: 'Islands' }]);
    } finally {
      t.cleanup();
    }
  });

  test('--from parses a saved copy of the page without fetching it', async () => {
    const t = tempDb();
    try {
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = htmlSourceType.optionsFor('xx-annual', {
        ...entry(),
        url: 'http://127.0.0.1:9/never-fetched',
        table: '#unemployment-annual',
        expectedHeaders: ['Region', '2021', '2022', '2023'],
        layout: 'wide',
        period: undefined,
        value: undefined,
      });
      const result = await runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx, fixturePage));
      expect(result.counts).toEqual({ datasets: 1, dimensions: 2, codes: 6, series: 3, observations: 9, flags: 1 });
      expect(t.db.prepare(`SELECT source_url FROM datasets`).get()).toEqual({ source_url: 'http://127.0.0.1:9/never-fetched' });
      await expect(runIngest(ctx, datasetSourceName('html', o.dataset), () => ingestHtml(o, ctx, 'no-such-page.html'))).rejects.toThrow(/cannot read no-such-page.html/);
    } finally {
      t.cleanup();
    }
  });

  test('a config entry with a long layout but no value column is refused', () => {
    const { value: _drop, ...noValue } = entry();
    expect(() => htmlSourceType.optionsFor('xx', noValue)).toThrow(/config source 'xx' \(html\):[\s\S]*the long layout needs 'period' and 'value' columns/);
  });
});
