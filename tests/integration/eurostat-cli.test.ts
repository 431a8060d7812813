/** `lmi ingest eurostat` on real files: formats detected, codes named by the file, failures keep data. */
import { jest } from '@jest/globals';
import { Command } from 'commander';
import { openReadOnly } from '../../data/db.js';
import { eurostatIngestCommand } from '../../ingest/eurostat/cli.js';
import { describeWithFixtures, fixture, tempDir } from '../helpers.js';

const savedEnv = { ...process.env };

describeWithFixtures('lmi ingest eurostat --from', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  const lmi = (...args: string[]) => {
    const program = new Command().exitOverride();
    program.addCommand(eurostatIngestCommand().exitOverride());
    return program.parseAsync(['node', 'lmi', 'eurostat', ...args, '--db', db]);
  };
  const query = <T>(sql: string): T[] => {
    const ro = openReadOnly(db);
    try {
      return ro.prepare(sql).all() as T[];
    } finally {
      ro.close();
    }
  };

  beforeAll(() => {
    process.env.LMI_LOG_LEVEL = 'error';
    process.env.LMI_CONFIG = '/nonexistent/lmi.config.json';
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    process.env = savedEnv;
    jest.restoreAllMocks();
  });
  beforeEach(() => {
    dir = tempDir();
    db = `${dir.dir}/lmi.sqlite`;
  });
  afterEach(() => dir.cleanup());

  test('loads JSON-stat, SDMX-CSV and TSV files, each under the code it names', async () => {
    await lmi('--from', fixture('eurostat', 'json-stat', 'unemployment_une_rt_a.json'));
    await lmi('--from', fixture('eurostat', 'sdmx-csv', 'une_rt_m_page_linear_2_0.csv'));
    await lmi('--from', fixture('eurostat', 'tsv', 'estat_lfsa_ergan_filtered.tsv'));
    await lmi('tps00203', '--from', fixture('eurostat', 'tsv-bulk-legacy', 'tps00203.tsv'), '--geo', 'DE,SI', '--since', '2015');
    expect(query(`SELECT name, kind, upstream_version FROM sources ORDER BY name`)).toEqual([
      { name: 'eurostat:lfsa_ergan_filtered', kind: 'eurostat', upstream_version: null },
      { name: 'eurostat:tps00203', kind: 'eurostat', upstream_version: null },
      { name: 'eurostat:une_rt_a', kind: 'eurostat', upstream_version: '2026-04-29T23:00:00+0200' },
      { name: 'eurostat:une_rt_m', kind: 'eurostat', upstream_version: null },
    ]);
    const geos = query<{ code: string }>(`SELECT DISTINCT sc.code FROM series_codes sc JOIN series s ON s.id = sc.series_id WHERE s.dataset = 'tps00203' AND sc.dim = 'geo' ORDER BY 1`);
    expect(geos.map((g) => g.code)).toEqual(['DE', 'SI']);
    expect(query(`SELECT min(o.period) AS first FROM observations o JOIN series s ON s.id = o.series_id WHERE s.dataset = 'tps00203'`)).toEqual([{ first: '2015' }]);
  });

  test('the invalid-geo answer loads nothing, says why, and keeps the data loaded before', async () => {
    await lmi('une_rt_m', '--from', fixture('eurostat', 'json-stat', 'une-rt-m-geo-de-xx-since-2024-01.json'));
    await expect(lmi('une_rt_m', '--from', fixture('eurostat', 'json-stat', 'une-rt-m-geo-xx-last1.json'))).rejects.toMatchObject({
      kind: 'empty',
      message: expect.stringContaining("dimension 'geo' has no category"),
    });
    expect(query(`SELECT count(*) AS n FROM observations`)).toEqual([{ n: 31 }]);
    expect(query(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id`)).toEqual([
      { outcome: 'success', error_kind: null },
      { outcome: 'failed', error_kind: 'empty' },
    ]);
  });

  test('bad command lines are input errors', async () => {
    await expect(lmi()).rejects.toMatchObject({ kind: 'input', message: expect.stringContaining('give at least one dataset code') });
    await expect(lmi('a', 'b', '--from', 'x.tsv')).rejects.toMatchObject({ kind: 'input', message: expect.stringContaining('--from loads one file') });
    await expect(lmi('une_rt_a', '--since', 'soon')).rejects.toMatchObject({ kind: 'input' });
    await expect(lmi('une_rt_a', '--from', `${dir.dir}/missing.json`)).rejects.toMatchObject({ kind: 'input', message: expect.stringContaining('cannot read') });
  });
});
