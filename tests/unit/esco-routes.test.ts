/** Loading the small ESCO fixture, and the ESCO API over it. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { openEscoDownload } from '../../ingest/esco/fetch.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { loadEsco } from '../../ingest/esco/load.js';
import { parseEscoCsv } from '../../ingest/esco/parse.js';
import { AnswerCache } from '../../server/search/answer-cache.js';
import { getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

const FIX = join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1');
const NURSE = '18e14e61-495b-44cc-a7c6-df4c625934ba';
const GENERAL_CARE = '8d3e8aaa-791b-4c75-a465-f3f827028f50';
const GP = '71f09c8b-a172-408c-b9e7-32e580e39ff6';
const FLEET = '0b1d8dcb-d941-4d79-99bf-fc10c1806c43';
const provenance = { source: { name: 'ESCO', version: 'v1.1.1' }, attribution: 'This service uses the ESCO classification of the European Commission.' };
const occ = (id: string, label: string, code: string, matchedLabel: string | null) => ({
  id,
  uri: `http://data.europa.eu/esco/occupation/${id}`,
  label,
  code,
  iscoGroup: code.slice(0, 4),
  matchedLabel,
});

describe('ESCO load and API on the small fixture', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  const tableCounts = () =>
    Object.fromEntries(
      ['esco_occupations', 'esco_isco_groups', 'esco_skills', 'esco_skill_groups', 'esco_occupation_skills', 'esco_broader', 'esco_skill_relations', 'esco_labels'].map((table) => [
        table,
        (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
      ]),
    );
  const expectedTables = {
    esco_occupations: 4,
    esco_isco_groups: 10,
    esco_skills: 19,
    esco_skill_groups: 15,
    esco_occupation_skills: 16,
    esco_broader: 36,
    esco_skill_relations: 2,
    esco_labels: 214,
  };

  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: FIX }));
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server.close();
    t.cleanup();
  });

  test('loads every table and records the source with its version and counts', () => {
    expect(tableCounts()).toEqual(expectedTables);
    const source = t.db.prepare(`SELECT name, kind, upstream_version, upstream_url, row_counts, attribution FROM sources WHERE name = 'esco'`).get() as Record<string, string>;
    expect({ ...source, row_counts: JSON.parse(source.row_counts!) }).toEqual({
      name: 'esco',
      kind: 'esco',
      upstream_version: 'v1.1.1',
      upstream_url: FIX,
      row_counts: { occupations: 4, iscoGroups: 10, skills: 19, skillGroups: 15, occupationSkillRelations: 16, broaderRelations: 36, skillSkillRelations: 2, labels: 214, languages: 2 },
      attribution: provenance.attribution,
    });
    expect(t.db.prepare('SELECT lang FROM esco_languages ORDER BY lang').pluck().all()).toEqual(['en', 'fr']);
    expect(t.db.prepare(`SELECT level, code FROM esco_skill_hierarchy WHERE code = 'T3.1'`).get()).toEqual({ level: 2, code: 'T3.1' });
  });

  test('a second load replaces the data instead of adding to it', async () => {
    const parsed = await parseEscoCsv(await openEscoDownload(FIX));
    loadEsco(t.db, parsed);
    expect(tableCounts()).toEqual(expectedTables);
  });

  test('a load that fails half-way (a bad row) leaves the previous data untouched', async () => {
    const parsed = await parseEscoCsv(await openEscoDownload(FIX));
    parsed.occupations[0]!.texts.en!.preferredLabel = 'CHANGED';
    // The CHECK constraint rejects this row after the occupations were already rewritten.
    (parsed.occupationSkills[5] as { relationType: string }).relationType = 'mandatory';
    expect(() => loadEsco(t.db, parsed)).toThrow(/CHECK constraint failed/);
    expect(tableCounts()).toEqual(expectedTables);
    expect(t.db.prepare(`SELECT COUNT(*) AS n FROM esco_texts WHERE preferred_label = 'CHANGED'`).get()).toEqual({ n: 0 });
    expect(() => loadEsco(t.db, { ...parsed, occupations: [] })).toThrow(new IngestError('empty', 'the ESCO data has no occupations; nothing was changed'));
  });

  test('a failed run (a file missing) is recorded with its error and keeps the previous data', async () => {
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await expect(runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: join(FIX, 'en') }))).rejects.toThrow(
      /occupationSkillRelations\.csv or occupationSkillRelations_en\.csv is missing/,
    );
    const run = t.db.prepare(`SELECT outcome, error_kind, error_message FROM ingest_runs WHERE source = 'esco' ORDER BY id DESC LIMIT 1`).get();
    expect(run).toEqual({
      outcome: 'failed',
      error_kind: 'schema',
      error_message: `occupationSkillRelations.csv or occupationSkillRelations_en.csv is missing from ${join(FIX, 'en')}; it must have the columns occupationUri, relationType, skillUri`,
    });
    expect(tableCounts()).toEqual(expectedTables);
  });

  test('search: prefix matching, preferred-label prefix before other preferred matches', async () => {
    const { status, body } = await getJson(server.url, '/api/occupations?q=nur');
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [occ(GENERAL_CARE, 'nurse responsible for general care', '2221.2', 'nurse responsible for general care'), occ(NURSE, 'specialist nurse', '2221.3', 'specialist nurse')],
      total: 2,
      fuzzy: false,
      ...provenance,
    });
  });

  test('search: alternative labels match and are shown; hidden labels match but are not shown', async () => {
    expect((await getJson(server.url, '/api/occupations?q=naval%20comm')).body).toEqual({ items: [occ(FLEET, 'fleet commander', '0110.9', 'naval commander')], total: 1, fuzzy: false, ...provenance });
    expect((await getJson(server.url, '/api/occupations?q=physician')).body).toEqual({ items: [occ(GP, 'general practitioner', '2211.1', null)], total: 1, fuzzy: false, ...provenance });
  });

  test('search: case- and accent-insensitive, in the language asked for', async () => {
    const { body } = await getJson(server.url, '/api/occupations?q=INFIRMIERE%20SPE&lang=fr');
    expect(body).toEqual({
      items: [occ(NURSE, 'infirmier spécialisé/infirmière spécialisée', '2221.3', 'infirmier spécialisé/infirmière spécialisée')],
      total: 1,
      fuzzy: false,
      ...provenance,
    });
  });

  test('search: an ISCO code lists its occupations, leading zeros kept; an ESCO code finds the occupation', async () => {
    expect((await getJson(server.url, '/api/occupations?q=22')).body).toEqual({
      items: [occ(GP, 'general practitioner', '2211.1', null), occ(GENERAL_CARE, 'nurse responsible for general care', '2221.2', null), occ(NURSE, 'specialist nurse', '2221.3', null)],
      total: 3,
      fuzzy: false,
      ...provenance,
    });
    expect((await getJson(server.url, '/api/occupations?q=0110')).body.items).toEqual([occ(FLEET, 'fleet commander', '0110.9', null)]);
    expect((await getJson(server.url, '/api/occupations?q=2221.3')).body.items).toEqual([occ(NURSE, 'specialist nurse', '2221.3', null)]);
    // Typing on from '2221' to '2221.3' passes through '2221.': still the unit group, not nothing.
    expect((await getJson(server.url, '/api/occupations?q=2221.')).body).toEqual({
      items: [occ(GENERAL_CARE, 'nurse responsible for general care', '2221.2', null), occ(NURSE, 'specialist nurse', '2221.3', null)],
      total: 2,
      fuzzy: false,
      ...provenance,
    });
  });

  test('search: FTS syntax in q is inert, paging reports the total, an empty q lists all', async () => {
    // As text, 'nur* OR "x' is three words; no label has all three, so the closest labels are offered.
    expect((await getJson(server.url, `/api/occupations?q=${encodeURIComponent('nur* OR "x')}`)).body).toEqual({
      items: [occ(NURSE, 'specialist nurse', '2221.3', 'specialist nurse'), occ(GENERAL_CARE, 'nurse responsible for general care', '2221.2', 'nurse responsible for general care')],
      total: 2,
      fuzzy: true,
      correctedQuery: 'nurse',
      ...provenance,
    });
    expect((await getJson(server.url, `/api/occupations?q=${encodeURIComponent('"(*:^')}`)).body).toEqual({ items: [], total: 0, fuzzy: false, ...provenance });
    expect((await getJson(server.url, `/api/occupations?q=${encodeURIComponent('nurse-specialist')}`)).body.items.map((i: { id: string }) => i.id)).toEqual([NURSE]);
    expect((await getJson(server.url, '/api/occupations?q=nur&limit=1&offset=1')).body.items.map((i: { id: string }) => i.id)).toEqual([NURSE]);
    expect((await getJson(server.url, '/api/occupations?q=nur&offset=5')).body).toEqual({ items: [], total: 2, fuzzy: false, ...provenance });
    expect((await getJson(server.url, '/api/occupations?limit=2')).body).toEqual({
      items: [occ(FLEET, 'fleet commander', '0110.9', null), occ(GP, 'general practitioner', '2211.1', null)],
      total: 4,
      fuzzy: false,
      ...provenance,
    });
  });

  test('search: every French occupation and skill label typed without accents finds its concept first', async () => {
    const labels = t.db
      .prepare(`SELECT l.concept_uri AS uri, l.label, o.uri IS NOT NULL AS occupation FROM esco_labels l LEFT JOIN esco_occupations o ON o.uri = l.concept_uri
                LEFT JOIN esco_skills s ON s.uri = l.concept_uri WHERE l.lang = 'fr' AND (o.uri IS NOT NULL OR s.uri IS NOT NULL) AND l.kind <> 'hidden'`)
      .all() as { uri: string; label: string; occupation: number }[];
    const accented = labels.filter((l) => l.label.normalize('NFD') !== l.label);
    expect(accented.length).toBe(8);
    const misses: string[] = [];
    for (const l of accented) {
      const plain = l.label.normalize('NFD').replace(/\p{M}/gu, '');
      const { body } = await getJson(server.url, `/${l.occupation ? 'api/occupations' : 'api/skills'}?lang=fr&limit=1&q=${encodeURIComponent(plain)}`);
      if (body.items[0]?.uri !== l.uri || body.fuzzy) misses.push(plain);
    }
    expect(misses).toEqual([]);
  });

  test('skill search: labels, alternative labels, typos, paging and the empty query', async () => {
    const skill = (id: string, label: string, type: string, matchedLabel: string | null) => ({ id, uri: `http://data.europa.eu/esco/skill/${id}`, label, type, matchedLabel });
    const all = await getJson(server.url, '/api/skills?limit=100');
    expect([all.status, all.body.total, all.body.items.length, all.body.fuzzy]).toEqual([200, 19, 19, false]);
    const first = all.body.items[0] as { id: string; label: string; type: string };
    expect((await getJson(server.url, `/api/skills?q=${encodeURIComponent(first.label)}`)).body).toMatchObject({ items: [skill(first.id, first.label, first.type, first.label)], fuzzy: false, ...provenance });
    expect((await getJson(server.url, '/api/skills?q=nur&offset=100')).body).toMatchObject({ items: [], fuzzy: false });
    expect((await getJson(server.url, `/api/skills?q=${'a'.repeat(201)}`)).body).toEqual({ error: 'q: q is at most 200 characters' });
  });

  test('bad parameters are a 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/api/occupations?limit=0', 'limit: limit must be 1 to 100'],
      ['/api/occupations?limit=abc', 'limit: limit must be a number from 1 to 100'],
      ['/api/occupations?offset=-1', 'offset: offset must be 0 or more'],
      ['/api/occupations?q=a&q=b', 'q: Invalid input: expected string, received array'],
      ['/api/occupations?q=nurse&lang=de', 'lang de is not loaded; available: en, fr'],
      ['/api/occupations?lang=../x', 'lang: lang must be a language code such as en or fr'],
      ['/api/occupations/not-a-uuid', 'id: id must be an ESCO id (a UUID)'],
      [`/api/occupations/${NURSE}/gap`, 'to: to is required: the id of the occupation to move to'],
      [`/api/occupations/${NURSE}/gap?to=x`, 'to: to must be an ESCO occupation id (a UUID)'],
      ['/api/isco/22a', 'code: code must be an ISCO-08 code of 1 to 4 digits, e.g. 2221'],
    ];
    for (const [path, error] of cases) {
      const { status, body } = await getJson(server.url, path);
      expect([path, status, body]).toEqual([path, 400, { error }]);
    }
  });

  test('an id pasted in capitals is the same ESCO id', async () => {
    const profile = await getJson(server.url, `/api/occupations/${NURSE.toUpperCase()}`);
    expect([profile.status, profile.body.id, profile.body.label]).toEqual([200, NURSE, 'specialist nurse']);
    const gap = await getJson(server.url, `/api/occupations/${GENERAL_CARE}/gap?to=${NURSE.toUpperCase()}`);
    expect([gap.status, gap.body.to]).toEqual([200, { id: NURSE, label: 'specialist nurse', code: '2221.3' }]);
  });

  test('unknown ids are a 404', async () => {
    const unknown = '00000000-0000-0000-0000-000000000000';
    const cases: [string, string][] = [
      [`/api/occupations/${unknown}`, `occupation ${unknown} not found`],
      [`/api/occupations/${NURSE}/gap?to=${unknown}`, `occupation ${unknown} not found`],
      [`/api/skills/${unknown}`, `skill ${unknown} not found`],
      ['/api/isco/9999', 'ISCO group 9999 not found'],
    ];
    for (const [path, error] of cases) {
      const { status, body } = await getJson(server.url, path);
      expect([path, status, body]).toEqual([path, 404, { error }]);
    }
  });

  test('occupation profile: labels, ISCO groups from major to unit group, essential and optional skills', async () => {
    const { status, body } = await getJson(server.url, `/api/occupations/${FLEET}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: FLEET,
      uri: `http://data.europa.eu/esco/occupation/${FLEET}`,
      label: 'fleet commander',
      altLabels: ['deputy chief of naval staff', 'navy commander', 'commander of fleet', 'fleet commander', 'naval commander', 'royal navy commander'],
      description:
        'Fleet commanders ensure that naval vessels are ready for inclusion in operations, and are maintained in compliance with rules and regulations. They also supervise naval personnel and are responsible for the operations of the naval service.',
      code: '0110.9',
      iscoGroup: '0110',
      isco: [
        { code: '0', label: 'Armed forces occupations' },
        { code: '01', label: 'Commissioned armed forces officers' },
        { code: '011', label: 'Commissioned armed forces officers' },
        { code: '0110', label: 'Commissioned armed forces officers' },
      ],
      skills: {
        essential: [
          { id: '36dc2bd2-3d9a-4a84-ad70-918a539c4311', label: 'manage vessel fleet', type: 'skill/competence' },
          { id: '3a6b6485-8775-44b9-aba8-0ae06a53ce2f', label: 'military code', type: 'knowledge' },
          { id: '09b7de14-3aa8-493c-87f4-4eeb76daf800', label: 'navy operations', type: 'knowledge' },
        ],
        optional: [{ id: '0b4f100c-813d-4eec-8aa5-4227bb98c635', label: 'ship related legislative requirements', type: 'knowledge' }],
      },
      related: [],
      ...provenance,
    });
  });

  test('occupation profile: related occupations of the same unit group; French texts', async () => {
    const { body } = await getJson(server.url, `/api/occupations/${NURSE}?lang=fr`);
    expect(body).toEqual({
      id: NURSE,
      uri: `http://data.europa.eu/esco/occupation/${NURSE}`,
      label: 'infirmier spécialisé/infirmière spécialisée',
      altLabels: ['infirmière clinicienne', 'infirmier clinicien'],
      description: 'Les infirmiers spécialisés promeuvent et rétablissent la santé des personnes.',
      code: '2221.3',
      iscoGroup: '2221',
      isco: [
        { code: '2', label: 'Professions intellectuelles et scientifiques' },
        { code: '22', label: 'Spécialistes de la santé' },
        { code: '222', label: 'Cadres infirmiers et sages-femmes' },
        { code: '2221', label: 'Cadres infirmiers' },
      ],
      // The fixture's French files name only some skills: the others show their English label, marked
      // as English, and take their place in the order by label (never a null label).
      skills: {
        essential: [
          { id: '27a638bc-6362-45f8-afce-5596a606269b', label: 'impact of social contexts on health', labelLang: 'en', type: 'knowledge' },
          { id: '049c8caf-dd12-45fc-9bfa-b64051f32a19', label: 'respond to changing situations in health care', labelLang: 'en', type: 'skill/competence' },
          { id: '99a09006-31f4-41d3-b3aa-feb2aeff730b', label: 'soins infirmiers spécialisés', type: 'knowledge' },
        ],
        optional: [{ id: '436b8f31-1a12-408a-be5f-a951942fbf92', label: 'simulation-based clinical education', labelLang: 'en', type: 'knowledge' }],
      },
      related: [{ id: GENERAL_CARE, label: 'infirmier en soins généraux/infirmière en soins généraux', code: '2221.2', sameIscoGroup: true, sharedEssentialSkills: 0 }],
      ...provenance,
    });
  });

  test('skills gap: the target occupation essential skills, none held here', async () => {
    const { body } = await getJson(server.url, `/api/occupations/${NURSE}/gap?to=${GENERAL_CARE}`);
    expect(body).toEqual({
      from: { id: NURSE, label: 'specialist nurse', code: '2221.3' },
      to: { id: GENERAL_CARE, label: 'nurse responsible for general care', code: '2221.2' },
      targetEssentialSkills: 3,
      held: [],
      toCheck: [],
      toGain: [
        { id: '1d4b74b0-1a48-48ec-a3cd-26cca0c212a3', label: 'biological chemistry', type: 'knowledge' },
        { id: '1709f408-9965-489b-9805-8e1e5d9e483b', label: 'health care legislation', type: 'knowledge' },
        { id: '0450eaee-1a00-4622-8f4e-5356fce816d2', label: 'hygiene in a health care setting', type: 'knowledge' },
      ],
      ...provenance,
    });
  });

  test('a skill with its broader group and the occupations that need it', async () => {
    const { body } = await getJson(server.url, '/api/skills/99a09006-31f4-41d3-b3aa-feb2aeff730b?lang=fr');
    expect(body).toEqual({
      id: '99a09006-31f4-41d3-b3aa-feb2aeff730b',
      uri: 'http://data.europa.eu/esco/skill/99a09006-31f4-41d3-b3aa-feb2aeff730b',
      label: 'soins infirmiers spécialisés',
      altLabels: [],
      description: null,
      type: 'knowledge',
      reuseLevel: 'occupation-specific',
      broader: [{ id: '0913', uri: 'http://data.europa.eu/esco/isced-f/0913', label: 'soins infirmiers et obstétrique' }],
      occupations: { essential: [{ id: NURSE, label: 'infirmier spécialisé/infirmière spécialisée', code: '2221.3' }], optional: [] },
      ...provenance,
    });
  });

  test('an ISCO group with its parents, children and occupations', async () => {
    const { body } = await getJson(server.url, '/api/isco/221');
    expect(body).toEqual({
      code: '221',
      uri: 'http://data.europa.eu/esco/isco/C221',
      label: 'Medical doctors',
      description: expect.stringMatching(/^Medical doctors \(physicians\) study, diagnose, treat and prevent illness/),
      parents: [
        { code: '2', label: 'Professionals' },
        { code: '22', label: 'Health professionals' },
      ],
      children: [{ code: '2211', label: 'Generalist medical practitioners' }],
      occupations: [],
      ...provenance,
    });
    expect((await getJson(server.url, '/api/isco/2211')).body.occupations).toEqual([{ id: GP, label: 'general practitioner', code: '2211.1' }]);
  });

  test('a skill with no text in the language asked: its English label and description, marked labelLang en', async () => {
    const fr = await getJson(server.url, '/api/skills/27a638bc-6362-45f8-afce-5596a606269b?lang=fr');
    const en = await getJson(server.url, '/api/skills/27a638bc-6362-45f8-afce-5596a606269b?lang=en');
    expect(en.body.labelLang).toBeUndefined(); // in the language asked: no mark
    expect(fr.body.label).toBe('impact of social contexts on health');
    expect(fr.body.labelLang).toBe('en');
    expect(fr.body.description).toMatch(/^The social and cultural contexts of individuals/);
    expect(fr.body.description).toBe(en.body.description);
    expect(fr.body.altLabels).toEqual(en.body.altLabels); // the alternative labels of the language shown
    // Its ISCED-F group has no French text either; the occupation needing it has one.
    expect(fr.body.broader).toEqual([{ id: '0923', uri: 'http://data.europa.eu/esco/isced-f/0923', label: 'social work and counselling', labelLang: 'en' }]);
    expect(fr.body.occupations.essential).toEqual([{ id: NURSE, label: 'infirmier spécialisé/infirmière spécialisée', code: '2221.3' }]);
    expect(fr.headers.get('content-language')).toBe('fr'); // the answer's language; the mark says where it differs
    // Every occupation of the fixture has a French text: the list carries no mark.
    const list = (await getJson(server.url, '/api/occupations?lang=fr')).body.items as { label: string; labelLang?: string }[];
    expect(list.map((i) => [i.label, i.labelLang ?? 'fr']).sort()).toEqual([
      ['commandant de flotte/commandante de flotte', 'fr'],
      ['infirmier en soins généraux/infirmière en soins généraux', 'fr'],
      ['infirmier spécialisé/infirmière spécialisée', 'fr'],
      ['médecin généraliste', 'fr'],
    ]);
  });

  test('language: lang= wins over Accept-Language; the header picks the best loaded language; never a 400 for the header', async () => {
    const get = async (path: string, acceptLanguage: string) => {
      const res = await fetch(server.url + path, { headers: { 'Accept-Language': acceptLanguage } });
      return { status: res.status, body: (await res.json()) as { label: string; items?: { label: string }[] }, language: res.headers.get('content-language'), vary: res.headers.get('vary') };
    };
    const profile = `/api/occupations/${NURSE}`;
    const french = await get(profile, 'fr-CH, fr;q=0.9, en;q=0.8');
    expect([french.status, french.body.label, french.language]).toEqual([200, 'infirmier spécialisé/infirmière spécialisée', 'fr']);
    expect(french.vary).toMatch(/Accept-Language/i);
    // German is not loaded: the next language the header names that is.
    expect((await get(profile, 'de-AT, de;q=0.9, fr;q=0.5')).body.label).toBe('infirmier spécialisé/infirmière spécialisée');
    expect((await get(profile, 'en;q=0.4, fr;q=0.6')).body.label).toBe('infirmier spécialisé/infirmière spécialisée');
    // None loaded, q=0 or nonsense: the default language, not an error.
    for (const header of ['de, sl', 'fr;q=0', '*', ';;,,q=x']) expect(await get(profile, header)).toMatchObject({ status: 200, body: { label: 'specialist nurse' }, language: 'en' });
    expect((await get(`${profile}?lang=en`, 'fr')).body.label).toBe('specialist nurse');
    // The same rule on every route with labels.
    expect((await get('/api/occupations?q=infirmier', 'fr')).body.items?.map((i) => i.label)).toEqual(['infirmier spécialisé/infirmière spécialisée', 'infirmier en soins généraux/infirmière en soins généraux']);
    expect((await get('/api/skills/99a09006-31f4-41d3-b3aa-feb2aeff730b', 'fr')).body.label).toBe('soins infirmiers spécialisés');
    expect((await get('/api/isco/2221', 'fr')).body.label).toBe('Cadres infirmiers');
    expect((await get(`/api/occupations/${NURSE}/gap?to=${GENERAL_CARE}`, 'fr')).body.label).toBeUndefined();
    const gap = await get(`/api/occupations/${NURSE}/gap?to=${GENERAL_CARE}`, 'fr');
    expect((gap.body as unknown as { to: { label: string } }).to.label).toBe('infirmier en soins généraux/infirmière en soins généraux');
    expect(gap.language).toBe('fr');
  });

  test('the search cache is emptied when ESCO is loaded again', async () => {
    const before = await getJson(server.url, '/api/occupations?q=fleet');
    expect(before.body.items.map((i: { label: string }) => i.label)).toEqual(['fleet commander']);
    const parsed = await parseEscoCsv(await openEscoDownload(FIX));
    parsed.occupations.find((o) => o.uri.endsWith(FLEET))!.texts.en!.preferredLabel = 'fleet admiral';
    loadEsco(t.db, parsed);
    const after = await getJson(server.url, '/api/occupations?q=fleet');
    expect(after.body.items.map((i: { label: string; matchedLabel: string }) => [i.label, i.matchedLabel])).toEqual([['fleet admiral', 'fleet admiral']]);
  });

  test('the loaded languages and the ESCO version are followed without a restart: the server re-reads them when another connection commits', async () => {
    expect((await getJson(server.url, '/api/occupations?q=fleet&lang=de')).status).toBe(400);
    t.db.prepare(`INSERT INTO esco_languages (lang) VALUES ('de')`).run();
    t.db.prepare(`UPDATE sources SET upstream_version = 'v9.9' WHERE name = 'esco'`).run();
    try {
      const de = await getJson(server.url, '/api/occupations?q=fleet&lang=de');
      expect([de.status, de.body.source]).toEqual([200, { name: 'ESCO', version: 'v9.9' }]);
      // A query not answered before: cached answers follow the load stamp, which a real load changes.
      expect((await getJson(server.url, '/api/occupations?q=general')).body.source).toEqual({ name: 'ESCO', version: 'v9.9' });
    } finally {
      t.db.prepare(`DELETE FROM esco_languages WHERE lang = 'de'`).run();
      t.db.prepare(`UPDATE sources SET upstream_version = 'v1.1.1' WHERE name = 'esco'`).run();
    }
    expect((await getJson(server.url, '/api/occupations?q=fleet&lang=de')).status).toBe(400);
    expect((await getJson(server.url, '/api/occupations?q=commander')).body.source).toEqual(provenance.source);
  });

  test("search answers carry the headers Express's res.send gives the same JSON text: ETag, 304 on If-None-Match, no body for HEAD", async () => {
    const path = '/api/occupations?q=nurse';
    const res = await fetch(server.url + path);
    const text = await res.text();
    // The same text sent by a plain Express route, for its headers.
    const plain = express().get('/', (_req, r) => void r.type('application/json').send(text));
    const listening = await new Promise<Server>((ok) => {
      const s = plain.listen(0, '127.0.0.1', () => ok(s));
    });
    try {
      const reference = await fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/`);
      await reference.text();
      for (const h of ['content-type', 'content-length', 'etag']) expect([h, res.headers.get(h)]).toEqual([h, reference.headers.get(h)]);
    } finally {
      listening.close();
    }
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    // fetch adds Cache-Control: no-cache to a conditional request unless told otherwise, which forbids a 304.
    const again = await fetch(server.url + path, { headers: { 'If-None-Match': res.headers.get('etag')!, 'Cache-Control': 'max-age=0' } });
    expect([again.status, await again.text(), again.headers.get('content-type')]).toEqual([304, '', null]);
    const other = await fetch(server.url + path, { headers: { 'If-None-Match': 'W/"0-x"', 'Cache-Control': 'max-age=0' } });
    expect([other.status, await other.text()]).toEqual([200, text]);
    const head = await fetch(server.url + path, { method: 'HEAD' });
    expect([head.status, head.headers.get('etag'), head.headers.get('content-length'), await head.text()]).toEqual([200, res.headers.get('etag'), String(Buffer.byteLength(text)), '']);
  });
});

describe('AnswerCache', () => {
  test('keeps the most recently used entries and forgets everything when the data stamp changes', () => {
    const cache = new AnswerCache(2);
    expect(cache.get('a', 'load-1')).toBeUndefined();
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a', 'load-1')).toBe('A'); // a is now the most recent
    cache.set('c', 'C'); // evicts b
    expect([cache.get('a', 'load-1'), cache.get('b', 'load-1'), cache.get('c', 'load-1')]).toEqual(['A', undefined, 'C']);
    expect(cache.get('a', 'load-2')).toBeUndefined();
    expect(cache.get('c', 'load-2')).toBeUndefined();
    const off = new AnswerCache(0);
    off.set('a', 'A');
    expect(off.get('a', '')).toBeUndefined();
  });
});
