/** Career transitions: the score, and the route on the small ESCO fixture (have, order, cache, schema). */
import { join } from 'node:path';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { wilsonLowerBound } from '../../server/transitions/rank.js';
import { SkillSetCache } from '../../server/transitions/skill-sets.js';
import { getJson, serveDb, tempDb, type TestServer } from '../helpers.js';
import { check, responseSchema } from '../support/openapi-check.js';

const FIX = join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1');
const NURSE = '18e14e61-495b-44cc-a7c6-df4c625934ba';
const GENERAL_CARE = '8d3e8aaa-791b-4c75-a465-f3f827028f50';
const GP = '71f09c8b-a172-408c-b9e7-32e580e39ff6';
const FLEET = '0b1d8dcb-d941-4d79-99bf-fc10c1806c43';
const skill = (id: string) => `http://data.europa.eu/esco/skill/${id}`;
/** Essential skills of general care (0450…, 1709…) and of the GP (08b0…) in the fixture. */
const CARE_1 = '0450eaee-1a00-4622-8f4e-5356fce816d2';
const CARE_2 = '1709f408-9965-489b-9805-8e1e5d9e483b';
const GP_1 = '08b04e53-ed25-41a2-9f90-0b9cd939ba3d';

describe('the score: Wilson lower bound of held/total', () => {
  test('known values (z = 1.96)', () => {
    expect(wilsonLowerBound(2, 2)).toBeCloseTo(0.3424, 4);
    expect(wilsonLowerBound(10, 10)).toBeCloseTo(0.7225, 4);
    expect(wilsonLowerBound(40, 45)).toBeCloseTo(0.7651, 3);
    expect(wilsonLowerBound(45, 45)).toBeCloseTo(0.9213, 4);
    expect(wilsonLowerBound(0, 7)).toBe(0);
    expect(wilsonLowerBound(0, 0)).toBe(0);
  });

  test('a small target does not outrank a broad match; on the same total more held always ranks higher', () => {
    expect(wilsonLowerBound(40, 45)).toBeGreaterThan(wilsonLowerBound(2, 2));
    expect(wilsonLowerBound(40, 45)).toBeGreaterThan(wilsonLowerBound(3, 3));
    for (const total of [1, 2, 5, 20, 60]) for (let held = 1; held <= total; held++) expect(wilsonLowerBound(held, total)).toBeGreaterThan(wilsonLowerBound(held - 1, total));
    // The same share on more skills is surer.
    expect(wilsonLowerBound(20, 40)).toBeGreaterThan(wilsonLowerBound(2, 4));
  });
});

describe('GET /api/occupations/:id/transitions on the small fixture', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
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
  const rows = (body: { items: { id: string; held: number; total: number }[] }) => body.items.map((i) => [i.id, i.held, i.total]);

  test('nothing shared: all 0 of 3, in id order, the source left out', async () => {
    const { status, body } = await getJson(server.url, `/api/occupations/${NURSE}/transitions`);
    expect(status).toBe(200);
    expect(rows(body)).toEqual([
      [FLEET, 0, 3],
      [GP, 0, 3],
      [GENERAL_CARE, 0, 3],
    ]);
    expect(body.items.map((i: { score: number }) => i.score)).toEqual([0, 0, 0]);
    expect(body.clientSkills).toBe(4); // 3 essential + 1 optional of the specialist nurse
    expect(body.total).toBe(3);
  });

  test('have re-ranks: 2 of 3 before 1 of 3 before 0 of 3, with the scores of the formula', async () => {
    const { body } = await getJson(server.url, `/api/occupations/${NURSE}/transitions?have=${GP_1},${CARE_1},${CARE_2}`);
    expect(rows(body)).toEqual([
      [GENERAL_CARE, 2, 3],
      [GP, 1, 3],
      [FLEET, 0, 3],
    ]);
    expect(body.items[0].score).toBeCloseTo(wilsonLowerBound(2, 3), 12);
    expect(body.items[1].score).toBeCloseTo(wilsonLowerBound(1, 3), 12);
    expect(body.have).toEqual([
      { id: GP_1, label: expect.any(String), type: 'skill/competence' },
      { id: CARE_1, label: expect.any(String), type: 'knowledge' },
      { id: CARE_2, label: expect.any(String), type: 'knowledge' },
    ]);
    expect(body.clientSkills).toBe(7);
    expect(body.items[0].gap).toBe(`/api/occupations/${NURSE}/gap?to=${GENERAL_CARE}`);
  });

  test('limit and offset page through the list', async () => {
    const { body } = await getJson(server.url, `/api/occupations/${NURSE}/transitions?have=${CARE_1}&limit=1&offset=1`);
    expect(rows(body)).toEqual([[FLEET, 0, 3]]);
    expect([body.total, body.limit, body.offset]).toEqual([3, 1, 1]);
  });

  test('majorGroup: the nurses and the GP are ISCO 2, the fleet manager is not', async () => {
    expect(rows((await getJson(server.url, `/api/occupations/${NURSE}/transitions?majorGroup=same`)).body).map((r) => r[0])).toEqual([GP, GENERAL_CARE]);
    expect(rows((await getJson(server.url, `/api/occupations/${NURSE}/transitions?majorGroup=other`)).body).map((r) => r[0])).toEqual([FLEET]);
  });

  test('unknown and malformed skill ids are named in a 400', async () => {
    const res = await getJson(server.url, `/api/occupations/${NURSE}/transitions?have=${CARE_1},00000000-0000-0000-0000-000000000001,00000000-0000-0000-0000-000000000002`);
    expect([res.status, res.body]).toEqual([400, { error: 'have: unknown ESCO skill ids: 00000000-0000-0000-0000-000000000001, 00000000-0000-0000-0000-000000000002' }]);
    const bad = await getJson(server.url, `/api/occupations/${NURSE}/transitions?have=abc,,${CARE_1}`);
    expect([bad.status, bad.body]).toEqual([400, { error: 'have: not ESCO skill ids (UUIDs): abc' }]);
  });

  test('the answers match the OpenAPI description', async () => {
    const cases: [string, string, string][] = [
      [`/api/occupations/${NURSE}/transitions?have=${CARE_1}`, '/api/occupations/{id}/transitions', '200'],
      [`/api/occupations/${NURSE}/transitions?geo=DE`, '/api/occupations/{id}/transitions', '200'],
      [`/api/occupations/${NURSE}/transitions?limit=0`, '/api/occupations/{id}/transitions', '400'],
      [`/api/occupations/${NURSE}/transitions?geo=DE&sort=growth`, '/api/occupations/{id}/transitions', '404'],
      ['/api/occupations/00000000-0000-0000-0000-000000000000/transitions', '/api/occupations/{id}/transitions', '404'],
    ];
    for (const [path, route, status] of cases) {
      const res = await getJson(server.url, path);
      expect([path, String(res.status)]).toEqual([path, status]);
      expect([path, check(res.body, responseSchema(route, status))]).toEqual([path, []]);
    }
    // The checker does see a wrong answer.
    const schema = responseSchema('/api/occupations/{id}/transitions', '200');
    const ok = (await getJson(server.url, `/api/occupations/${NURSE}/transitions`)).body;
    expect(check({ ...ok, total: -1, extra: 1, items: [{ ...ok.items[0], held: 'x', employment: 3 }] }, schema)).toEqual([
      '$.items[0].held: string, expected integer',
      '$.items[0].employment: matches no oneOf branch ($.items[0].employment: integer, expected null / $.items[0].employment: integer, expected object)',
      '$.total: below 0',
      '$.extra: not documented',
    ]);
  });

  test('the skill sets follow a new ESCO load (its sources.loaded_at) without a restart, and are built once per load', async () => {
    const path = `/api/occupations/${NURSE}/transitions`;
    const cache = new SkillSetCache(t.db);
    const first = cache.get();
    expect(cache.get()).toBe(first);
    expect(cache.builds).toBe(1);
    // The ingester writes from another process; here, through the test's writable connection.
    t.db.prepare('INSERT INTO esco_occupation_skills (occupation_uri, skill_uri, relation_type) VALUES (?, ?, ?)').run(`http://data.europa.eu/esco/occupation/${NURSE}`, skill(CARE_1), 'essential');
    // Until the load stamp moves, the sets built for the load are served (this is what makes a query a pass over integers).
    expect(rows((await getJson(server.url, path)).body)[2]).toEqual([GENERAL_CARE, 0, 3]);
    t.db.prepare(`UPDATE sources SET loaded_at = ? WHERE name = 'esco'`).run(new Date(Date.now() + 1000).toISOString());
    const { body } = await getJson(server.url, path);
    expect(rows(body)[0]).toEqual([GENERAL_CARE, 1, 3]);
    expect(body.clientSkills).toBe(5);
    expect(cache.get()).not.toBe(first);
    expect(cache.builds).toBe(2);
  });
});
