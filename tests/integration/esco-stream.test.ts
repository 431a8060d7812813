/**
 * The streamed ESCO CSV load (each record written as it is read, issue 13) stores exactly what the
 * whole-download load stores, on the real ESCO v1.1.1 download; a cut-off CSV fails cleanly.
 */
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { openEscoDownload } from '../../ingest/esco/fetch.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { loadEsco } from '../../ingest/esco/load.js';
import { parseEscoCsv } from '../../ingest/esco/parse.js';
import { describeWithFixtures, fixture, tempDb, tempDir } from '../helpers.js';

const TABLES: [string, string][] = [
  ['esco_occupations', 'uri'],
  ['esco_isco_groups', 'uri'],
  ['esco_skills', 'uri'],
  ['esco_skill_groups', 'uri'],
  ['esco_skill_hierarchy', 'uri'],
  ['esco_texts', 'concept_uri, lang'],
  ['esco_labels', 'concept_uri, lang, kind, rowid'],
  ['esco_occupation_skills', 'occupation_uri, skill_uri'],
  ['esco_broader', 'concept_uri, broader_uri'],
  ['esco_skill_relations', 'original_skill_uri, related_skill_uri'],
  ['esco_languages', 'lang'],
];
const NURSE = 'http://data.europa.eu/esco/occupation/18e14e61-495b-44cc-a7c6-df4c625934ba';

describeWithFixtures('ESCO v1.1.1: streamed load vs whole-download load', () => {
  const from = fixture('esco', 'v1.1.1');
  const streamed = tempDb();
  const whole = tempDb();
  afterAll(() => {
    streamed.cleanup();
    whole.cleanup();
  });

  beforeAll(async () => {
    const ctx = { db: streamed.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from }));
    loadEsco(whole.db, await parseEscoCsv(await openEscoDownload(from)));
  }, 180_000);

  test('every ESCO table holds the same rows, labels in the same order', () => {
    for (const [table, order] of TABLES) {
      // Labels keep their order within a concept (the profile lists alt labels by rowid), not their rowids.
      const cols = table === 'esco_labels' ? 'concept_uri, lang, kind, label' : '*';
      const rows = (db: typeof streamed.db) => db.prepare(`SELECT ${cols} FROM ${table} ORDER BY ${order}`).raw().all();
      const a = rows(streamed.db);
      expect({ table, n: a.length }).toEqual({ table, n: rows(whole.db).length });
      expect(a).toEqual(rows(whole.db));
    }
    const counts = (db: typeof streamed.db) => JSON.parse(db.prepare(`SELECT row_counts FROM sources WHERE name = 'esco'`).pluck().get() as string);
    expect(counts(streamed.db)).toEqual({
      occupations: 3007,
      iscoGroups: 619,
      skills: 13896,
      skillGroups: 640,
      occupationSkillRelations: 123855,
      broaderRelations: 24273,
      skillSkillRelations: 5899,
      labels: 149718,
      languages: 1,
    });
    expect(counts(whole.db)).toEqual(counts(streamed.db));
  });

  test('exact rows of specialist nurse, as in the CSV files', () => {
    const db = streamed.db;
    expect(db.prepare('SELECT id, code, isco_group, status FROM esco_occupations WHERE uri = ?').get(NURSE)).toEqual({
      id: '18e14e61-495b-44cc-a7c6-df4c625934ba',
      code: '2221.3',
      isco_group: '2221',
      status: 'released',
    });
    expect(db.prepare(`SELECT preferred_label FROM esco_texts WHERE concept_uri = ? AND lang = 'en'`).pluck().get(NURSE)).toBe('specialist nurse');
    expect(db.prepare(`SELECT relation_type, count(*) AS n FROM esco_occupation_skills WHERE occupation_uri = ? GROUP BY relation_type ORDER BY 1`).all(NURSE)).toEqual([
      { relation_type: 'essential', n: 60 },
      { relation_type: 'optional', n: 9 },
    ]);
  });

  test('a cut-off skills_en.csv fails the run cleanly: recorded with its error, the previous data served', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // The real download with skills_en.csv cut inside a quoted multi-line description.
      for (const sub of ['en', 'relations']) {
        mkdirSync(join(dir, sub));
        for (const name of readdirSync(join(from, sub))) if (name !== 'skills_en.csv') symlinkSync(join(from, sub, name), join(dir, sub, name));
      }
      const skills = readFileSync(join(from, 'en', 'skills_en.csv'), 'utf8');
      writeFileSync(join(dir, 'en', 'skills_en.csv'), skills.slice(0, skills.indexOf('"', Math.floor(skills.length / 2)) + 5));
      const db = streamed.db;
      const before = db.prepare(`SELECT loaded_at FROM sources WHERE name = 'esco'`).pluck().get();
      const ctx = { db, log: silentLogger, trigger: 'cli' as const };
      await expect(runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: dir }))).rejects.toThrow(/^en\/skills_en\.csv: not valid CSV: Quote Not Closed/);
      expect(db.prepare(`SELECT outcome, error_kind FROM ingest_runs WHERE source = 'esco' ORDER BY id DESC LIMIT 1`).get()).toEqual({ outcome: 'failed', error_kind: 'invalid' });
      expect(db.inTransaction).toBe(false);
      expect(db.prepare(`SELECT loaded_at FROM sources WHERE name = 'esco'`).pluck().get()).toBe(before);
      expect([13896, 123855, 149718]).toEqual(['esco_skills', 'esco_occupation_skills', 'esco_labels'].map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()));
      // The indexes dropped for the load are back with the rolled-back transaction.
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'esco_labels_by_concept'`).pluck().get()).toBe(1);
    } finally {
      cleanup();
    }
  });
});
