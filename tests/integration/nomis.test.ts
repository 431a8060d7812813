/**
 * Nomis end to end against a small emulator of the data API on 127.0.0.1: it pages the fixture CSV
 * by RecordOffset / RecordLimit as the real service does, and can fail the first call with a 503.
 */
import { jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWritable } from '../../data/db.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { nomisIngestCommand } from '../../ingest/nomis/command.js';
import { ingestNomis } from '../../ingest/nomis/source.js';
import { nomisSourceType } from '../../ingest/nomis/source-type.js';
import { datasetSourceName } from '../../data/series.js';
import { tempDb, tempDir } from '../helpers.js';

const [header, ...rows] = readFileSync('tests/fixtures/nomis/NM_162_1-regions-2024.csv', 'utf8').trimEnd().split('\n');

describe('Nomis ingest (paged CSV API emulator)', () => {
  let server: Server;
  let url: string;
  const calls: { path: string; offset: string | null; limit: string | null; params: Record<string, string> }[] = [];
  let script: ('ok' | '503' | 'stop')[] = [];
  let raw: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    raw = tempDir();
    process.env.LMI_RAW_DIR = raw.dir;
    server = createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      const offset = u.searchParams.get('RecordOffset');
      const limit = u.searchParams.get('RecordLimit');
      calls.push({ path: u.pathname, offset, limit, params: Object.fromEntries(u.searchParams) });
      const step = script.shift() ?? 'ok';
      if (u.pathname !== '/api/v01/dataset/NM_162_1.data.csv') {
        res.writeHead(404).end();
        return;
      }
      if (step === '503') {
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('Service Unavailable');
        return;
      }
      const from = Number(offset ?? 0);
      const page = step === 'stop' ? [] : rows.slice(from, from + Number(limit ?? 25000));
      res.writeHead(200, { 'Content-Type': 'text/csv' }).end([header, ...page].join('\n') + '\n');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); });
    raw.cleanup();
    delete process.env.LMI_RAW_DIR;
  });

  const entry = (pageSize: number) => ({
    type: 'nomis',
    enabled: true,
    table: 'NM_162_1',
    title: 'Claimant count by sex and age',
    pageSize,
    params: { geography: 'TYPE480', date: 'latestMINUS1-latest', gender: '0,1', age: '0', measure: '1', measures: '20100' },
  });

  test('pages through 12 rows 5 at a time (a 503 retried), loads every row with its status', async () => {
    const t = tempDb();
    process.env.LMI_NOMIS_URL = url;
    try {
      calls.length = 0;
      script = ['503'];
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = nomisSourceType.optionsFor('uk-claimants', entry(5));
      const result = await runIngest(ctx, datasetSourceName('nomis', o.dataset), () => ingestNomis(o, ctx));
      expect(result.counts).toEqual({ datasets: 1, dimensions: 6, codes: 10, series: 6, observations: 12, flags: 1 });
      expect(calls.map((c) => [c.offset, c.limit])).toEqual([
        ['0', '5'],
        ['0', '5'],
        ['5', '5'],
        ['10', '5'],
      ]);
      expect(calls[0]!.params).toMatchObject({ geography: 'TYPE480', date: 'latestMINUS1-latest', measures: '20100' });
      const london = t.db
        .prepare(
          `SELECT o.period, o.value, o.flag FROM observations o JOIN series s ON s.id = o.series_id
           WHERE s.dataset = 'uk-claimants' AND s.key = 'E12000007.0.0.1.20100' ORDER BY o.period`,
        )
        .all();
      expect(london).toEqual([
        { period: '2024-01', value: 276040, flag: null },
        { period: '2024-02', value: 278125, flag: null },
      ]);
      expect(t.db.prepare(`SELECT flag, label FROM dataset_flags WHERE dataset = 'uk-claimants'`).all()).toEqual([{ flag: 'Q', label: 'These figures are missing.' }]);
      expect(t.db.prepare(`SELECT source_url FROM datasets`).get()).toEqual({
        source_url: `${url}/api/v01/dataset/NM_162_1.data.csv?geography=TYPE480&date=latestMINUS1-latest&gender=0%2C1&age=0&measure=1&measures=20100`,
      });

      // an answer that stops before RECORD_COUNT rows fails as truncated and keeps the loaded data
      calls.length = 0;
      script = ['ok', 'stop'];
      const err = await runIngest(ctx, datasetSourceName('nomis', o.dataset), () => ingestNomis(o, ctx)).catch((e: unknown) => e);
      expect((err as IngestError).kind).toBe('truncated');
      expect((err as IngestError).message).toMatch(/an empty page at row 5 of 12/);
      expect(t.db.prepare(`SELECT count(*) AS n FROM observations`).get()).toEqual({ n: 12 });
    } finally {
      delete process.env.LMI_NOMIS_URL;
      t.cleanup();
    }
  });

  test('one call when the query fits in a page; a paging parameter in the config is refused', async () => {
    const t = tempDb();
    try {
      calls.length = 0;
      script = [];
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      const o = { ...nomisSourceType.optionsFor('uk-claimants', entry(25000)), baseUrl: url };
      await runIngest(ctx, 'nomis:uk-claimants', () => ingestNomis(o, ctx));
      expect(calls.map((c) => [c.offset, c.limit])).toEqual([['0', '25000']]);
      const bad = { ...o, params: { ...o.params, RecordLimit: '10' } };
      await expect(runIngest(ctx, 'nomis:uk-claimants', () => ingestNomis(bad, ctx))).rejects.toThrow("do not set RecordLimit, paging is done by the tool");
      expect(() => nomisSourceType.optionsFor('x', { type: 'nomis', enabled: true, table: 'claimants' })).toThrow(/a Nomis dataset id such as NM_162_1/);
    } finally {
      t.cleanup();
    }
  });
});

describe('lmi ingest nomis --from (saved answers of the data API)', () => {
  const FIX = 'tests/fixtures/nomis/NM_162_1-regions-2024.csv';

  test('one saved file, or its pages in two files, loads every row; a file short of RECORD_COUNT fails as truncated', async () => {
    const { dir, cleanup } = tempDir();
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const dbPath = join(dir, 'lmi.sqlite');
      await nomisIngestCommand().parseAsync(['--from', FIX, '--dataset', 'uk-claimants', '--db', dbPath], { from: 'user' });
      expect(String(log.mock.calls[0]![0])).toMatch(/^nomis:uk-claimants: success in \d+\.\d s: 1 datasets, 6 dimensions, 10 codes, 6 series, 12 observations, 1 flags$/);

      // the same query saved as two pages (RecordOffset=0 and 5)
      const [first, second] = [join(dir, 'page1.csv'), join(dir, 'page2.csv')];
      writeFileSync(first, [header, ...rows.slice(0, 5)].join('\n') + '\n');
      writeFileSync(second, [header, ...rows.slice(5)].join('\n') + '\n');
      await nomisIngestCommand().parseAsync(['--from', first, second, '--dataset', 'uk-paged', '--title', 'Claimants', '--db', dbPath], { from: 'user' });
      const err = await nomisIngestCommand().parseAsync(['--from', first, '--dataset', 'uk-part', '--db', dbPath], { from: 'user' }).catch((e: unknown) => e);
      expect((err as IngestError).kind).toBe('truncated');
      expect((err as IngestError).message).toBe(`${first}: 5 of the query's 12 rows (RECORD_COUNT); save every page (RecordOffset=0, 25000, …) and give them all to --from`);
      const twice = await nomisIngestCommand().parseAsync(['--from', first, second, second, '--dataset', 'uk-part', '--db', dbPath], { from: 'user' }).catch((e: unknown) => e);
      expect((twice as IngestError).kind).toBe('input');
      expect((twice as IngestError).message).toBe(`${first}, ${second}, ${second}: 19 rows but the query has 12 (RECORD_COUNT): a page given twice, or pages of different queries?`);

      const db = openWritable(dbPath);
      expect(db.prepare(`SELECT code, title FROM datasets ORDER BY code`).all()).toEqual([
        { code: 'uk-claimants', title: 'Nomis NM_162_1' },
        { code: 'uk-paged', title: 'Claimants' },
      ]);
      const london = `SELECT o.period, o.value, o.flag FROM observations o JOIN series s ON s.id = o.series_id
        WHERE s.dataset = ? AND s.key = 'E12000007.0.0.1.20100' ORDER BY o.period`;
      const expected = [
        { period: '2024-01', value: 276040, flag: null },
        { period: '2024-02', value: 278125, flag: null },
      ];
      expect(db.prepare(london).all('uk-claimants')).toEqual(expected);
      expect(db.prepare(london).all('uk-paged')).toEqual(expected);
      expect(db.prepare(`SELECT count(*) AS n FROM observations o JOIN series s ON s.id = o.series_id WHERE s.dataset = 'uk-part'`).get()).toEqual({ n: 0 });
      db.close();
    } finally {
      log.mockRestore();
      stderr.mockRestore();
      cleanup();
    }
  });

  test('--from needs a config id or --dataset', async () => {
    const err = await nomisIngestCommand().parseAsync(['--from', FIX], { from: 'user' }).catch((e: unknown) => e);
    expect((err as IngestError).kind).toBe('input');
    expect((err as IngestError).message).toBe('--from needs a config id or --dataset <id> (the id the API will serve it under)');
    expect(nomisIngestCommand().helpInformation()).toContain('--from <files...>');
  });
});
