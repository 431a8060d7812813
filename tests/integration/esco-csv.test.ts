/** The ESCO CSV ingest and the ESCO API on the real ESCO v1.1.1 download (shared fixtures). */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { RunResult } from '../../ingest/core/source.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { openEscoDownload } from '../../ingest/esco/fetch.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { loadEsco } from '../../ingest/esco/load.js';
import { parseEscoCsv } from '../../ingest/esco/parse.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

const NURSE = '18e14e61-495b-44cc-a7c6-df4c625934ba';
const CATCHER = 'a1acd539-c359-4af3-8a4a-07f1b611e368';
const TRANSPORTER = '952aa13c-731f-4add-98d1-66b59f70e607';
const provenance = { source: { name: 'ESCO', version: 'v1.1.1' }, attribution: 'This service uses the ESCO classification of the European Commission.' };
const uri = (id: string) => `http://data.europa.eu/esco/occupation/${id}`;

describeWithFixtures('ESCO v1.1.1 CSV download', () => {
  const from = fixture('esco', 'v1.1.1');
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  let run: RunResult;
  const count = (table: string) => (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    run = await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from }));
    server = await serveDb(t.path);
  }, 180_000); // a few seconds alone, much longer when the whole suite shares the CPUs
  afterAll(async () => {
    await server.close();
    t.cleanup();
  });

  test('loads the exact counts of the release', () => {
    expect(run.outcome).toBe('success');
    expect(run.upstreamVersion).toBe('v1.1.1');
    expect(run.counts).toEqual({
      occupations: 3007,
      iscoGroups: 619,
      skills: 13896,
      skillGroups: 640,
      occupationSkillRelations: 123855,
      broaderRelations: 3617 + 20656,
      skillSkillRelations: 5899,
      labels: 149718,
      languages: 1,
    });
    expect([count('esco_occupations'), count('esco_isco_groups'), count('esco_skills'), count('esco_occupation_skills')]).toEqual([3007, 619, 13896, 123855]);
    expect(count('esco_skill_hierarchy')).toBe(t.db.prepare('SELECT COUNT(DISTINCT uri) AS n FROM esco_skill_hierarchy').pluck().get());
    const source = t.db.prepare(`SELECT upstream_version, row_counts FROM sources WHERE name = 'esco'`).get() as { upstream_version: string; row_counts: string };
    expect(source.upstream_version).toBe('v1.1.1');
    expect(JSON.parse(source.row_counts)).toEqual(run.counts);
  });

  test('"specialist nurse" is in ISCO 2221 with 60 essential and 9 optional skills', async () => {
    expect(t.db.prepare(`SELECT isco_group, code FROM esco_occupations WHERE id = ?`).get(NURSE)).toEqual({ isco_group: '2221', code: '2221.3' });
    const { body } = await getJson(server.url, `/api/occupations/${NURSE}`);
    expect([body.label, body.iscoGroup, body.skills.essential.length, body.skills.optional.length]).toEqual(['specialist nurse', '2221', 60, 9]);
    expect(body.isco).toEqual([
      { code: '2', label: 'Professionals' },
      { code: '22', label: 'Health professionals' },
      { code: '222', label: 'Nursing and midwifery professionals' },
      { code: '2221', label: 'Nursing professionals' },
    ]);
    expect(body.related.slice(0, 2)).toEqual([
      { id: '36494988-69d2-4420-9db4-eb56605ac983', label: 'advanced nurse practitioner', code: '2221.1', sameIscoGroup: true, sharedEssentialSkills: 50 },
      { id: '8d3e8aaa-791b-4c75-a465-f3f827028f50', label: 'nurse responsible for general care', code: '2221.2', sameIscoGroup: true, sharedEssentialSkills: 50 },
    ]);
  });

  test('GET /api/occupations?q=nur: nurses first, preferred-label prefixes before other matches', async () => {
    const { status, body } = await getJson(server.url, '/api/occupations?q=nur&limit=5');
    expect(status).toBe(200);
    const hit = (id: string, label: string, code: string) => ({ id, uri: uri(id), label, code, iscoGroup: code.slice(0, 4), matchedLabel: label });
    expect(body).toEqual({
      items: [
        hit('87d0795a-d41f-47ee-979f-0ab7d73836e7', 'nurse assistant', '5321.1.1'),
        hit('1bbaf82c-67ae-4beb-9a55-7298acf5b2af', 'nursing lecturer', '2310.1.28'),
        hit('c269387f-a652-4880-860a-e91ef105bfb7', 'nursery school head teacher', '1341.3'),
        hit('8d3e8aaa-791b-4c75-a465-f3f827028f50', 'nurse responsible for general care', '2221.2'),
        hit(NURSE, 'specialist nurse', '2221.3'),
      ],
      total: 25,
      fuzzy: false,
      ...provenance,
    });
  });

  test('GET /api/occupations?q=2221 lists the ISCO unit group', async () => {
    const { body } = await getJson(server.url, '/api/occupations?q=2221');
    const hit = (id: string, label: string, code: string) => ({ id, uri: uri(id), label, code, iscoGroup: '2221', matchedLabel: null });
    expect(body).toEqual({
      items: [
        hit('36494988-69d2-4420-9db4-eb56605ac983', 'advanced nurse practitioner', '2221.1'),
        hit('8d3e8aaa-791b-4c75-a465-f3f827028f50', 'nurse responsible for general care', '2221.2'),
        hit(NURSE, 'specialist nurse', '2221.3'),
      ],
      total: 3,
      fuzzy: false,
      ...provenance,
    });
  });

  test('GET /api/occupations/:id — the whole profile of "catcher"', async () => {
    const rel = (id: string, label: string, code: string, sameIscoGroup: boolean, sharedEssentialSkills: number) => ({ id, label, code, sameIscoGroup, sharedEssentialSkills });
    const { status, body } = await getJson(server.url, `/api/occupations/${CATCHER}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: CATCHER,
      uri: uri(CATCHER),
      label: 'catcher',
      altLabels: ['poultry gatherer', 'poultry herder', 'chicken gatherer', 'chicken catcher', 'catcher', 'chicken herder'],
      description: 'Catchers are specialists working at poultry farms to catch the poultry.',
      code: '9212.1',
      iscoGroup: '9212',
      isco: [
        { code: '9', label: 'Elementary occupations' },
        { code: '92', label: 'Agricultural, forestry and fishery labourers' },
        { code: '921', label: 'Agricultural, forestry and fishery labourers' },
        { code: '9212', label: 'Livestock farm labourers' },
      ],
      skills: {
        essential: [
          { id: '912f7556-6b75-4d73-9658-4e710050199d', label: 'apply animal hygiene practices', type: 'skill/competence' },
          { id: '0e9fbf47-0cec-4d82-97f9-12a3334819fe', label: 'control animal movement', type: 'skill/competence' },
          { id: '064565c0-4a4c-4a1f-b014-09227ffd5a9f', label: 'load animals for transportation', type: 'skill/competence' },
        ],
        optional: [{ id: '3b246ee4-6382-41fd-9b16-89e558abee24', label: 'assist with vaccination procedures', type: 'skill/competence' }],
      },
      related: [
        rel(TRANSPORTER, 'live animal transporter', '8332.6', false, 3),
        rel('289c7385-2342-4a4e-b0b1-7b2e977aea79', 'alternative animal therapist', '3240.1', false, 2),
        rel('0b14d5d7-1bbe-4403-b9e6-7b0f37fc44fc', 'animal care attendant', '5164.1', false, 2),
        rel('5a940ae0-3fa4-40f9-8ca4-17bf792da243', 'animal groomer', '5164.1.1', false, 2),
        rel('1ee1b792-4d5f-4555-be4e-ce7e4c05d1a9', 'animal handler', '5164.2', false, 2),
        rel('026401a9-7d56-4d7b-8052-38985ddbeafa', 'bee breeder', '6123.1', false, 2),
        rel('2b292d4d-1905-45ec-a7c0-1ca7b45a4162', 'dog breeder', '5164.6', false, 2),
        rel('0ee5a71a-3c85-48af-bf81-824d3561737a', 'fur animals breeder', '6129.1', false, 2),
        rel('15151ba4-fbf2-4fd9-8dde-2abbc6ec362c', 'horse breeder', '6121.3', false, 2),
        rel('62204bd8-98b5-418f-b189-7333904cbde7', 'zoo section leader', '5164.10', false, 2),
        rel('6630d23f-4c8e-4855-abb0-8ca1e72c74ba', 'equine worker', '9212.2', true, 1),
        rel('beedd3c0-d3e2-4efe-8f39-381df669ee35', 'groom', '9212.3', true, 1),
        rel('65bd2342-f7de-4932-9164-eb480e35a791', 'livestock worker', '9212.4', true, 0),
      ],
      ...provenance,
    });
  });

  test('GET /api/occupations/:id/gap — the whole gap from catcher to live animal transporter', async () => {
    const { status, body } = await getJson(server.url, `/api/occupations/${CATCHER}/gap?to=${TRANSPORTER}`);
    const skill = (id: string, label: string, type: string) => ({ id, label, type });
    expect(status).toBe(200);
    expect(body).toEqual({
      from: { id: CATCHER, label: 'catcher', code: '9212.1' },
      to: { id: TRANSPORTER, label: 'live animal transporter', code: '8332.6' },
      targetEssentialSkills: 25,
      held: [
        skill('912f7556-6b75-4d73-9658-4e710050199d', "apply animal hygiene practices", 'skill/competence'),
        skill('0e9fbf47-0cec-4d82-97f9-12a3334819fe', "control animal movement", 'skill/competence'),
        skill('064565c0-4a4c-4a1f-b014-09227ffd5a9f', "load animals for transportation", 'skill/competence'),
      ],
      toCheck: [],
      toGain: [
        skill('e286eddc-75e5-4ae3-966b-ec89c1c046ba', "anatomy of animals", 'knowledge'),
        skill('f022949a-39bf-4f54-978e-3d5fa8dd19d9', "animal behaviour", 'knowledge'),
        skill('f1d84ceb-f9bc-4b69-866d-426ee337f9af', "animal transportation vehicles", 'knowledge'),
        skill('4e6cfb60-9579-4822-8a5e-424bc0c8835c', "animal welfare", 'knowledge'),
        skill('49212efd-acf0-4257-a011-e07c9e369ecf', "animal welfare legislation", 'knowledge'),
        skill('80cf2345-7fd8-4535-8e8d-0279771a03cf', "apply safe work practices in a veterinary setting", 'skill/competence'),
        skill('d33b9bd2-6dcb-4abc-b3c2-96b8983d5c97', "assess animal behaviour", 'skill/competence'),
        skill('0302f93a-0d38-4c00-bc37-eda17b6316ea', "biosecurity related to animals", 'knowledge'),
        skill('2a82241a-216e-44d8-bb50-6b9a0ef82084', "drive vehicles", 'skill/competence'),
        skill('cde1ed83-8527-4ad1-9d26-7d8ccb2e8b03', "handle veterinary emergencies", 'skill/competence'),
        skill('9b57ce6d-97ba-487b-9b66-41cfb15db739', "maintain vehicle service", 'skill/competence'),
        skill('5bb28770-52a9-4a1a-8299-30a969495c47', "maintain welfare of animals during transportation", 'skill/competence'),
        skill('1fc580ca-9adc-46af-8a88-61e871273b49', "manage animal biosecurity", 'skill/competence'),
        skill('66dbdb89-74ca-45b7-b8af-2479fc0e22c0', "manage animal welfare", 'skill/competence'),
        skill('a28b6c54-f452-41e6-b5b2-60fd6244310e', "manage the transportation of animals", 'skill/competence'),
        skill('d10030a4-f49c-4125-8646-6b091efe5089', "monitor the welfare of animals", 'skill/competence'),
        skill('c016e901-79b8-45b5-a51a-86735e684a91', "park vehicles", 'skill/competence'),
        skill('60e0ed61-6340-4372-984a-416d1fe0010c', "physiology of animals", 'knowledge'),
        skill('546aaf54-8f69-4573-837c-b60e00327edc', "provide first aid to animals", 'skill/competence'),
        skill('3ab0d7fc-a266-4609-bdab-85d09d5de10e', "provide nutrition to animals", 'skill/competence'),
        skill('b5a8e3fe-63b3-4a67-a4c4-dee8f4ff5d1a', "safe work practices in a veterinary setting", 'knowledge'),
        skill('32d011d6-7875-4cc3-9755-28b366ef927b', "signs of animal illness", 'knowledge'),
      ],
      ...provenance,
    });
  });

  test('GET /api/skills/:id — the whole skill "load animals for transportation", as in the CSV files', async () => {
    const id = '064565c0-4a4c-4a1f-b014-09227ffd5a9f';
    const occupation = (oid: string, label: string, code: string) => ({ id: oid, label, code });
    const { status, body } = await getJson(server.url, `/api/skills/${id}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id,
      uri: `http://data.europa.eu/esco/skill/${id}`,
      label: 'load animals for transportation',
      altLabels: [
        'load animals in transport vehicle',
        'load animals for transportation',
        'load and unload animals for transportation',
        'load animals safely',
        'load animal',
        'load animals for transportation in transport vehicle',
        'load and unload animal for transportation',
        'load animals',
      ],
      description: 'Load and unload animals safely into containers or cages for transportation. Make sure they are secure and safely established in the transport vehicle.',
      type: 'skill/competence',
      reuseLevel: 'cross-sector',
      broader: [{ id: 'f0f8ceea-304e-42e8-80cf-ff1535eb7068', uri: 'http://data.europa.eu/esco/skill/f0f8ceea-304e-42e8-80cf-ff1535eb7068', label: 'moving and herding animals' }],
      occupations: {
        essential: [occupation(CATCHER, 'catcher', '9212.1'), occupation(TRANSPORTER, 'live animal transporter', '8332.6')],
        optional: [
          occupation('1ee1b792-4d5f-4555-be4e-ce7e4c05d1a9', 'animal handler', '5164.2'),
          occupation('c84a055d-00fe-4789-a054-f4a62914ff6e', 'mover', '9333.4'),
          occupation('a504e79e-f146-4773-a1cf-2b15b9d614db', 'moving truck driver', '8332.7'),
          occupation('5a16dff6-ca31-4a39-85dd-4b5aa0f45419', 'shunter', '8312.3'),
        ],
      },
      ...provenance,
    });
  });

  test('GET /api/isco/2221 — the whole group', async () => {
    const { body } = await getJson(server.url, '/api/isco/2221');
    expect(body).toEqual({
      code: '2221',
      uri: 'http://data.europa.eu/esco/isco/C2221',
      label: 'Nursing professionals',
      description: expect.stringMatching(/^Nursing professionals provide treatment, support and care services for people who/),
      parents: [
        { code: '2', label: 'Professionals' },
        { code: '22', label: 'Health professionals' },
        { code: '222', label: 'Nursing and midwifery professionals' },
      ],
      children: [],
      occupations: [
        { id: '36494988-69d2-4420-9db4-eb56605ac983', label: 'advanced nurse practitioner', code: '2221.1' },
        { id: '8d3e8aaa-791b-4c75-a465-f3f827028f50', label: 'nurse responsible for general care', code: '2221.2' },
        { id: NURSE, label: 'specialist nurse', code: '2221.3' },
      ],
      ...provenance,
    });
  });

  test('a failed ingest (wrong columns in occupations_en.csv) leaves the previous data served', async () => {
    const before = (await getJson(server.url, `/api/occupations/${NURSE}`)).body;
    const loadedAt = t.db.prepare(`SELECT loaded_at FROM sources WHERE name = 'esco'`).pluck().get();
    const download = await openEscoDownload(from);
    const real = download.files.find((f) => f.name === 'occupations_en.csv')!;
    const badHeader = readFileSync(fixture('esco', 'v1.1.1', 'en', 'occupations_en.csv'), 'utf8').replace(/^conceptType,conceptUri,iscoGroup/, 'conceptType,uri,iscoGroup');
    const files = download.files.map((f) => (f === real ? { ...f, open: async () => Readable.from([badHeader]) } : f));
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await expect(runIngest(ctx, 'esco', async () => loadEsco(t.db, await parseEscoCsv({ ...download, files })))).rejects.toThrow(
      'en/occupations_en.csv: missing column conceptUri; expected columns conceptUri, iscoGroup, preferredLabel, altLabels, description',
    );
    expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs WHERE source = 'esco' ORDER BY id DESC LIMIT 1`).get()).toEqual({ outcome: 'failed', error_kind: 'schema' });
    expect([count('esco_occupations'), count('esco_skills'), count('esco_occupation_skills')]).toEqual([3007, 13896, 123855]);
    expect(t.db.prepare(`SELECT loaded_at FROM sources WHERE name = 'esco'`).pluck().get()).toBe(loadedAt);
    expect((await getJson(server.url, `/api/occupations/${NURSE}`)).body).toEqual(before);
  });
});
