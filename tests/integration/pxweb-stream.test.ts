/**
 * The streamed PX-Web load (issue 13) on the real recorded answers: each answer streams from disk
 * into its own part of one stage and is never held whole. It must store exactly what the in-memory
 * reader (parsePxResponses over parsed JSON bodies, the former ingest path) stores, and its cells must
 * equal the whole-file oracle's (JSON.parse + jsonstat-toolkit, tests/support/jsonstat-whole.ts); split
 * answers streamed part by part equal the unsplit table; a cut-off answer fails as 'truncated' with
 * the loaded table untouched and no stage left behind.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../../data/series-write.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest, type IngestContext } from '../../ingest/core/source.js';
import type { Observation } from '../../data/series-model.js';
import { parsePxResponses, pxDataset } from '../../ingest/pxweb/jsonstat.js';
import { ingestPxwebFile, stagePxAnswers, stagedAnswers } from '../../ingest/pxweb/source.js';
import { describeWithFixtures, fixture, tempDb } from '../helpers.js';
import { jsonStatVariants, storedRows, useStageFolders } from '../support/staged-load.js';
import { codesOf, selectCube, type Cube } from '../support/jsonstat-cube.js';
import { parseJsonStatWhole } from '../support/jsonstat-whole.js';

const ANSWERS = [
  ['ssb-07221', 'national/pxweb/ssb-no/07221_response.json'],
  ['gl-udxumg3', 'national/pxweb/stat-gl/education_employment_16-25_response.json'],
] as const;


async function* chunksOf(bytes: Buffer, step: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += step) yield bytes.subarray(at, at + step);
}

describeWithFixtures('PX-Web: streamed load vs in-memory load of the real answers', () => {
  const { stageDir, filesDir } = useStageFolders('lmi-pxweb-files-');

  test.each(ANSWERS)('%s: the file streamed (plain, gzip, header first, cells first) stores the rows and flags of the in-memory load', async (code, path) => {
    const bytes = readFileSync(fixture(path));
    const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const memory = tempDb();
    let expected: ReturnType<typeof storedRows>;
    try {
      const ctx: IngestContext = { db: memory.db, log: silentLogger, trigger: 'cli' };
      await runIngest(ctx, `pxweb:${code}`, async () => loadDataset(memory.db, parsePxResponses([doc], { code, sourceUrl: 'file:same' })));
      expected = storedRows(memory.db, code);
    } finally {
      memory.cleanup();
    }
    // The in-memory reader is this project's own decoder too: the cells must also equal the independent oracle's.
    // (a copy: the oracle's toolkit edits the document it is given)
    const oracle = [...parseJsonStatWhole(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>, { code }).observations()].map((o) => ({ codes: o.codes.join('.'), period: o.period, value: o.value, flag: o.flag }));
    const key = (o: { codes: string; period: string }) => `${o.codes}@${o.period}`;
    const stored = (expected.observations as { key: string; period: string; value: number | null; flag: string | null }[]).map((o) => ({ codes: o.key, period: o.period, value: o.value, flag: o.flag }));
    const sorted = <T extends { codes: string; period: string }>(xs: T[]) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(stored)).toEqual(sorted(oracle));
    for (const { variant, file: fileName, body } of jsonStatVariants(bytes, `${code}.json`)) {
      const file = join(filesDir(), fileName);
      writeFileSync(file, body);
      const t = tempDb();
      try {
        const ctx: IngestContext = { db: t.db, log: silentLogger, trigger: 'cli' };
        await runIngest(ctx, `pxweb:${code}`, () => ingestPxwebFile(file, code, ctx));
        t.db.prepare(`UPDATE datasets SET source_url = 'file:same'`).run();
        expect([variant, storedRows(t.db, code)]).toEqual([variant, expected]);
      } finally {
        t.cleanup();
      }
    }
    expect(readdirSync(stageDir())).toEqual([]);
  });

  test('SSB 07221 split in three along time, each part streamed 7 bytes at a time into its own stage part, equals the unsplit table', async () => {
    const whole = JSON.parse(readFileSync(fixture('national/pxweb/ssb-no/07221_response.json'), 'utf8')) as Cube;
    const quarters = codesOf(whole, 'Tid');
    const parts = [quarters.slice(0, 3), quarters.slice(3, 5), quarters.slice(5)].map((q) => Buffer.from(JSON.stringify(selectCube(whole, { Tid: q }))));
    const staged = await stagePxAnswers(parts.map((bytes, i) => ({ chunks: () => chunksOf(bytes, 7), where: `part ${i}` })));
    try {
      expect(staged.headers.map((h) => h.value)).toEqual([
        { form: 'array', length: 108 },
        { form: 'array', length: 72 },
        { form: 'array', length: 108 },
      ]);
      // the 24 '..' cells are 3 a quarter
      expect([0, 1, 2].map((i) => [...staged.stage.flags(i)])).toEqual([['..'], ['..'], ['..']]);
      expect([0, 1, 2].map((i) => [...staged.stage.cells(i)].filter(([, , flag]) => flag === '..').length)).toEqual([9, 6, 9]);
      expect([0, 1, 2].map((i) => staged.stage.count(i))).toEqual([108, 72, 108]);
      const merged = pxDataset(stagedAnswers(staged), { code: 'ssb-07221' });
      const single = parsePxResponses([whole], { code: 'ssb-07221' });
      expect(merged.dimensions).toEqual(single.dimensions);
      expect(merged.flags).toEqual(single.flags);
      const key = (o: Observation) => `${o.codes.join('.')}@${o.period}`;
      const sorted = (obs: Observation[]) => [...obs].sort((a, b) => key(a).localeCompare(key(b)));
      const observations = sorted([...merged.observations()]);
      expect(observations).toHaveLength(288);
      expect(observations).toEqual(sorted([...single.observations()]));
    } finally {
      staged.stage.close();
    }
    expect(readdirSync(stageDir())).toEqual([]);
  });

  test('a cut-off or non-JSON file fails with its kind; the table loaded before is untouched, no stage is left', async () => {
    const t = tempDb();
    try {
      const ctx: IngestContext = { db: t.db, log: silentLogger, trigger: 'cli' };
      const run = (from: string) => runIngest(ctx, 'pxweb:ssb-07221', () => ingestPxwebFile(from, 'ssb-07221', ctx));
      await run(fixture('national/pxweb/ssb-no/07221_response.json'));
      const before = storedRows(t.db, 'ssb-07221');
      expect(before.observations).toHaveLength(288);
      const bytes = readFileSync(fixture('national/pxweb/ssb-no/07221_response.json'));
      const cuts: [string, Buffer, string][] = [
        ['inside value', bytes.subarray(0, bytes.indexOf('"value"') + 200), 'truncated'],
        ['inside dimension', bytes.subarray(0, bytes.indexOf('"dimension"') + 300), 'truncated'],
        ['gzip cut off', gzipSync(bytes).subarray(0, 1500), 'truncated'],
        ['a CSV file', Buffer.from('region,quarter,value\n0,2022K1,136.2\n'), 'invalid'],
        ['empty', Buffer.from(''), 'empty'],
      ];
      for (const [what, body, kind] of cuts) {
        const file = join(filesDir(), `cut-${what.replace(/ /g, '-')}.json`);
        writeFileSync(file, body);
        await expect(run(file)).rejects.toMatchObject({ kind });
        expect([what, t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id DESC LIMIT 1`).get()]).toEqual([what, { outcome: 'failed', error_kind: kind }]);
        expect(storedRows(t.db, 'ssb-07221')).toEqual(before);
        expect(readdirSync(stageDir())).toEqual([]);
      }
    } finally {
      t.cleanup();
    }
  });
});
