/**
 * Eurostat code lists (shared fixtures: ESTAT_GEO, SEX, UNIT, FREQ, OBS_FLAG with English, French and
 * German labels) loaded by `lmi ingest eurostat-codelists`, and the linked views answering in the
 * language asked: countries, units and flags in French or German, English marked where the list has
 * no label, the datasets' own English without a language.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { CODELISTS_SOURCE, codelistFiles, ingestEurostatCodelists, parseCodelist } from '../../ingest/eurostat/codelists.js';
import { parseJsonStat } from '../../ingest/eurostat/parse-jsonstat.js';
import { loadDataset } from '../../data/series-write.js';
import { describeWithFixtures, fixture, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';

const CODELISTS = fixture('eurostat', 'codelists');

/** Non-empty label cells of a code list file, counted straight from its columns 2-4 (English, French, German). */
function labelCells(file: string): number {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.split('\t')[0]?.trim())
    .reduce((n, l) => n + l.split('\t').slice(1, 4).filter((c) => c.trim()).length, 0);
}

describeWithFixtures('Eurostat code lists in three languages', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  const ctx = () => ({ db: t.db, log: silentLogger, trigger: 'cli' as const });

  beforeAll(async () => {
    t = tempDb();
    loadDataset(t.db, parseJsonStat(readFileSync(fixture('eurostat', 'json-stat', 'unemployment_une_rt_a.json')), { code: 'une_rt_a' }));
    await runIngest(ctx(), CODELISTS_SOURCE, () => ingestEurostatCodelists(ctx(), { from: [CODELISTS] }));
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server?.close();
    t?.cleanup();
  });

  test('every label of every list is loaded, per language, and the source recorded', () => {
    const files = readdirSync(CODELISTS).filter((f) => f.endsWith('.tsv'));
    const expected = files.reduce((n, f) => n + labelCells(join(CODELISTS, f)), 0);
    expect(t.db.prepare('SELECT COUNT(*) FROM code_labels').pluck().get()).toBe(expected);
    expect(t.db.prepare('SELECT DISTINCT codelist FROM code_labels ORDER BY 1').pluck().all()).toEqual(['FREQ', 'GEO', 'OBS_FLAG', 'SEX', 'UNIT']);
    const label = t.db.prepare('SELECT label FROM code_labels WHERE codelist = ? AND code = ? AND lang = ?').pluck();
    expect([label.get('SEX', 'M', 'en'), label.get('SEX', 'M', 'fr'), label.get('SEX', 'M', 'de')]).toEqual(['Males', 'Hommes', 'Männer']);
    expect(label.get('OBS_FLAG', 'b', 'de')).toBe('Zeitreihenbruch');
    const source = t.db.prepare(`SELECT kind, row_counts FROM sources WHERE name = ?`).get(CODELISTS_SOURCE) as { kind: string; row_counts: string };
    expect({ kind: source.kind, counts: JSON.parse(source.row_counts) }).toEqual({ kind: 'eurostat', counts: { codelists: 5, labels: expected } });
  });

  test('a list loaded again replaces only that list; bad files are refused with the reason', async () => {
    const dir = tempDir('lmi-codelists-');
    try {
      const sex = join(dir.dir, 'ESTAT_SEX.tsv');
      writeFileSync(sex, 'CODE\tLabel - English\tLabel - French\tLabel - German\r\nF\tFemales\tFemmes\t\r\n');
      await runIngest(ctx(), CODELISTS_SOURCE, () => ingestEurostatCodelists(ctx(), { from: [sex] }));
      expect(t.db.prepare(`SELECT code || ' ' || lang || ' ' || label FROM code_labels WHERE codelist = 'SEX' ORDER BY 1`).pluck().all()).toEqual(['F en Females', 'F fr Femmes']);
      expect(t.db.prepare(`SELECT COUNT(*) FROM code_labels WHERE codelist = 'GEO'`).pluck().get()).toBe(labelCells(join(CODELISTS, 'ESTAT_GEO.tsv')));
      expect(() => parseCodelist('code\tname\nM\tMales\n', 'SEX')).toThrow(new IngestError('schema', 'ESTAT_SEX.tsv: expected a CODE column and label columns (Label - English, Label - French, Label - German); found code, name'));
      expect(() => codelistFiles([join(dir.dir, 'nope.tsv')])).toThrow(/^cannot read .*nope\.tsv/);
      writeFileSync(join(dir.dir, 'notes.txt'), 'x');
      expect(() => codelistFiles([join(dir.dir, 'notes.txt')])).toThrow(/notes\.txt: not a Eurostat code list file/);
    } finally {
      dir.cleanup();
      // Back to the full lists for the API tests below.
      await runIngest(ctx(), CODELISTS_SOURCE, () => ingestEurostatCodelists(ctx(), { from: [CODELISTS] }));
    }
  });

  type Answer = { series: { geo: { code: string; label: string; labelLang?: string } }[]; flags: Record<string, string | null>; selection: Record<string, { label: string; labelLang?: string }> };
  const compare = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/compare?dataset=une_rt_a&geo=SI,EU27_2020${query}`, { headers });
    return { status: res.status, language: res.headers.get('content-language'), body: (await res.json()) as Answer };
  };

  test('/api/compare in French and German: countries, sex, unit and flags from the code lists', async () => {
    const fr = await compare('&lang=fr');
    expect(fr.status).toBe(200);
    expect(fr.language).toBe('fr');
    expect(fr.body.series.map((s) => s.geo)).toEqual([
      { code: 'SI', label: 'Slovénie' },
      { code: 'EU27_2020', label: 'Union européenne - 27 pays (à partir de 2020)' },
    ]);
    expect(fr.body.selection.unit!.label).toBe('Pourcentage de la population active');
    expect(fr.body.selection.sex!.label).toBe('Total');
    const de = await compare('', { 'Accept-Language': 'de-AT, de;q=0.9' });
    expect([de.language, de.body.series[0]!.geo.label, de.body.selection.unit!.label]).toEqual(['de', 'Slowenien', 'Anteil der Erwerbspersonen']);
    // Flags (Germany has a break, France a definition that differs): in the language, from the flag list.
    const flags = async (lang: string) => (await fetch(`${server.url}/api/compare?dataset=une_rt_a&geo=DE,FR&lang=${lang}`).then((r) => r.json()) as Answer).flags;
    expect(await flags('de')).toEqual({ b: 'Zeitreihenbruch', d: 'abweichende Definition (siehe Metadaten)' });
    expect(await flags('fr')).toEqual({ b: 'rupture de série', d: 'définition différente (voir métadonnées)' });
    expect(await flags('en')).toEqual({ b: 'break in time series', d: 'definition differs (see metadata)' });
  });

  test('a language without code lists: the English labels, marked; no language: as before, unmarked', async () => {
    const sl = await compare('&lang=sl');
    expect(sl.status).toBe(200);
    expect(sl.language).toBe('en');
    expect(sl.body.series[0]!.geo).toEqual({ code: 'SI', label: 'Slovenia', labelLang: 'en' });
    const plain = await compare('');
    expect(plain.language).toBe('en');
    expect(plain.body.series[0]!.geo).toEqual({ code: 'SI', label: 'Slovenia' });
    expect(plain.body.selection.unit).toEqual({ code: 'PC_ACT', label: 'Percentage of population in the labour force' });
    expect((await compare('&lang=x1')).status).toBe(400); // a malformed language is a bad parameter, not a dimension
  });
});
