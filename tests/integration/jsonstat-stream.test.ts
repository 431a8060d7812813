/**
 * The streaming JSON-stat reader on the real recorded files: bytes in any split and members in any
 * order decode to the same cells; a streamed load (the cells or the header first) stores exactly the rows and flags a whole-file load
 * (the former JSON.parse + jsonstat-toolkit reader, tests/support/jsonstat-whole.ts) stores; a cut-off
 * file fails as 'truncated' with the loaded data still served and no scratch stage left behind.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest, type IngestContext } from '../../ingest/core/source.js';
import { ingestEurostatDataset } from '../../ingest/eurostat/run.js';
import { decodeJsonStat, JsonStatDecoder, MemoryCells } from '../../ingest/jsonstat/decoder.js';
import { loadDataset } from '../../data/series-write.js';
import { querySeries } from '../../data/series-query.js';
import { describeWithFixtures, fixture, tempDb } from '../helpers.js';
import { jsonStatVariants, storedRows, useStageFolders } from '../support/staged-load.js';
import { parseJsonStatWhole } from '../support/jsonstat-whole.js';

const FILES = ['unemployment_une_rt_a.json', 'sts-inpr-m-ie-confidential.json', 'une-rt-m-geo-de-xx-since-2024-01.json'];
const read = (name: string) => readFileSync(fixture('eurostat', 'json-stat', name));


describeWithFixtures('streaming JSON-stat reader', () => {
  const { stageDir, filesDir } = useStageFolders('lmi-stream-files-');

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

  test.each(FILES)('%s: a streamed load (plain, gzip, header first, cells first) stores the rows and flags a whole-file load stores', async (name) => {
    const bytes = read(name);
    const whole = tempDb();
    try {
      const reference = parseJsonStatWhole(bytes, { code: 'x', sourceUrl: 'same' });
      loadDataset(whole.db, reference);
      const expected = storedRows(whole.db, 'x');
      expect((expected as { observations: unknown[] }).observations.length).toBeGreaterThan(0);

      for (const { variant, file: fileName, body } of jsonStatVariants(bytes, name)) {
        const file = join(filesDir(), fileName);
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
    expect(readdirSync(stageDir())).toEqual([]);
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
        const file = join(filesDir(), `cut-${what.replace(/ /g, '-')}.json`);
        writeFileSync(file, body);
        await expect(run(file)).rejects.toMatchObject({ kind: 'truncated' });
        expect([what, t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id DESC LIMIT 1`).get()]).toEqual([what, { outcome: 'failed', error_kind: 'truncated' }]);
        expect(storedRows(t.db, 'une_rt_a')).toEqual(before);
        expect(de()).toEqual([{ period: '2020', value: 3.6, flag: 'b' }]);
        expect(readdirSync(stageDir())).toEqual([]);
      }
    } finally {
      t.cleanup();
    }
  });
});
