/**
 * The streaming JSON-stat reader on the real recorded files: bytes in any split and members in any
 * order decode to the same cells; a streamed load stores exactly the rows and flags a whole-file load
 * (the former JSON.parse + jsonstat-toolkit reader, tests/support/jsonstat-whole.ts) stores; a cut-off
 * file fails as 'truncated' with the loaded data still served and no scratch stage left behind.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Db } from '../../data/db.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest, type IngestContext } from '../../ingest/core/source.js';
import { ingestEurostatDataset } from '../../ingest/eurostat/run.js';
import { decodeJsonStat, JsonStatDecoder, MemoryCells } from '../../ingest/jsonstat/decoder.js';
import { loadDataset } from '../../data/series-write.js';
import { querySeries } from '../../data/series-query.js';
import { describeWithFixtures, fixture, tempDb, tempDir } from '../helpers.js';
import { parseJsonStatWhole } from '../support/jsonstat-whole.js';

const FILES = ['unemployment_une_rt_a.json', 'sts-inpr-m-ie-confidential.json', 'une-rt-m-geo-de-xx-since-2024-01.json'];
const read = (name: string) => readFileSync(fixture('eurostat', 'json-stat', name));

/** Every stored row of a dataset, ids replaced by keys, in a fixed order. */
function storedRows(db: Db, code: string): unknown {
  return {
    dataset: db.prepare(`SELECT code, source, title, updated, time_dim, extension FROM datasets WHERE code = ?`).get(code),
    dimensions: db.prepare(`SELECT dim, position, label, role FROM dataset_dimensions WHERE dataset = ? ORDER BY position`).all(code),
    codes: db.prepare(`SELECT dim, code, position, label FROM dimension_codes WHERE dataset = ? ORDER BY dim, position`).all(code),
    flags: db.prepare(`SELECT flag, label FROM dataset_flags WHERE dataset = ? ORDER BY flag`).all(code),
    seriesCodes: db.prepare(`SELECT s.key, sc.dim, sc.code FROM series_codes sc JOIN series s ON s.id = sc.series_id WHERE s.dataset = ? ORDER BY 1, 2`).all(code),
    observations: db.prepare(`SELECT s.key, o.period, o.value, o.flag FROM observations o JOIN series s ON s.id = o.series_id WHERE s.dataset = ? ORDER BY 1, 2`).all(code),
  };
}

describeWithFixtures('streaming JSON-stat reader', () => {
  let stageDir: ReturnType<typeof tempDir>;
  let files: ReturnType<typeof tempDir>;
  const saved = process.env.LMI_STAGE_DIR;
  beforeAll(() => {
    stageDir = tempDir('lmi-stage-test-');
    files = tempDir('lmi-stream-files-');
    process.env.LMI_STAGE_DIR = stageDir.dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LMI_STAGE_DIR;
    else process.env.LMI_STAGE_DIR = saved;
    stageDir.cleanup();
    files.cleanup();
  });

  test.each(FILES)('%s: fed 1, 7 or 4096 bytes at a time, the decoder gives the cells and header of the whole', (name) => {
    const bytes = read(name);
    const whole = new MemoryCells();
    const header = decodeJsonStat(bytes, whole, name);
    expect(whole.cells.size).toBeGreaterThan(0);
    for (const step of [1, 7, 4096]) {
      const cells = new MemoryCells();
      const decoder = new JsonStatDecoder(cells, name);
      for (let at = 0; at < bytes.length; at += step) decoder.write(bytes.subarray(at, at + step));
      expect(decoder.end()).toEqual(header);
      expect([...cells.sorted()]).toEqual([...whole.sorted()]);
    }
  });

  test('une_rt_a: 221 values and the b/d flags decode as the file has them', () => {
    const cells = new MemoryCells();
    const header = decodeJsonStat(read('unemployment_une_rt_a.json'), cells, 'une_rt_a');
    expect(header.value).toEqual({ form: 'object', length: 221 });
    expect(header.fields.size).toEqual([1, 1, 1, 1, 38, 6]);
    expect(cells.cells.get(132)).toEqual({ value: 6, flag: null });
    const flagged = [...cells.cells.values()].filter((c) => c.flag !== null);
    expect(new Set(flagged.map((c) => c.flag))).toEqual(new Set(['b', 'd']));
  });

  test.each(FILES)('%s: a streamed load (plain, gzip, dimension first) stores the rows and flags a whole-file load stores', async (name) => {
    const bytes = read(name);
    const whole = tempDb();
    try {
      const reference = parseJsonStatWhole(bytes, { code: 'x', sourceUrl: 'same' });
      loadDataset(whole.db, reference);
      const expected = storedRows(whole.db, 'x');
      expect((expected as { observations: unknown[] }).observations.length).toBeGreaterThan(0);

      // The same document with `dimension` (and the rest of the header) before `value` and `status`.
      const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      const { value, status, ...rest } = doc;
      const variants: [string, Buffer][] = [
        ['plain', bytes],
        ['gzip', gzipSync(bytes)],
        ['dimension-first', Buffer.from(JSON.stringify({ ...rest, value, status }))],
      ];
      for (const [variant, body] of variants) {
        const file = join(files.dir, `${variant}-${name}${variant === 'gzip' ? '.gz' : ''}`);
        writeFileSync(file, body);
        const t = tempDb();
        try {
          const ctx: IngestContext = { db: t.db, log: silentLogger, trigger: 'cli' };
          await ingestEurostatDataset(ctx, { code: 'x', from: file });
          t.db.prepare(`UPDATE datasets SET source_url = 'same'`).run();
          expect([variant, storedRows(t.db, 'x')]).toEqual([variant, expected]);
        } finally {
          t.cleanup();
        }
      }
    } finally {
      whole.cleanup();
    }
    expect(readdirSync(stageDir.dir)).toEqual([]);
  });

  test('a cut-off file (plain or gzip) fails as truncated; the data loaded before is still served, no stage is left', async () => {
    const t = tempDb();
    try {
      const ctx: IngestContext = { db: t.db, log: silentLogger, trigger: 'cli' };
      const good = fixture('eurostat', 'json-stat', 'unemployment_une_rt_a.json');
      const run = (from: string) => runIngest(ctx, 'eurostat:une_rt_a', () => ingestEurostatDataset(ctx, { code: 'une_rt_a', from }));
      await run(good);
      const before = storedRows(t.db, 'une_rt_a');
      const de = () => querySeries(t.db, { dataset: 'une_rt_a', filters: { geo: ['DE'] }, since: '2020', until: '2020' })[0]!.points;
      expect(de()).toEqual([{ period: '2020', value: 3.6, flag: 'b' }]);

      const bytes = read('unemployment_une_rt_a.json');
      const inValue = bytes.indexOf('"value"') + 400;
      const cuts: [string, Buffer][] = [
        ['inside value', bytes.subarray(0, inValue)],
        ['inside dimension', bytes.subarray(0, bytes.length - 300)],
        ['gzip cut off', gzipSync(bytes).subarray(0, 1500)],
      ];
      for (const [what, body] of cuts) {
        const file = join(files.dir, `cut-${what.replace(/ /g, '-')}.json`);
        writeFileSync(file, body);
        await expect(run(file)).rejects.toMatchObject({ kind: 'truncated' });
        expect([what, t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id DESC LIMIT 1`).get()]).toEqual([what, { outcome: 'failed', error_kind: 'truncated' }]);
        expect(storedRows(t.db, 'une_rt_a')).toEqual(before);
        expect(de()).toEqual([{ period: '2020', value: 3.6, flag: 'b' }]);
        expect(readdirSync(stageDir.dir)).toEqual([]);
      }
    } finally {
      t.cleanup();
    }
  });
});
