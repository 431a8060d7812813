/**
 * The ESCO answers match their OpenAPI schemas (server/openapi/esco.ts): every documented property is
 * there with its type, and nothing undocumented is sent. The checker is
 * tests/support/openapi-check.ts; the last test checks the checker.
 */
import { join } from 'node:path';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { check, responseSchema } from '../support/openapi-check.js';
import { getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

describe('ESCO answers match the OpenAPI description', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1') }));
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server.close();
    t.cleanup();
  });

  const nurse = '18e14e61-495b-44cc-a7c6-df4c625934ba';
  const cases: [string, string, string][] = [
    ['/api/occupations?q=nur', '/api/occupations', '200'],
    ['/api/occupations?q=physician', '/api/occupations', '200'],
    ['/api/occupations?q=22&lang=fr', '/api/occupations', '200'],
    ['/api/occupations?q=specialst%20nurse', '/api/occupations', '200'],
    ['/api/skills?q=nursing', '/api/skills', '200'],
    ['/api/skills?q=nursng', '/api/skills', '200'],
    ['/api/skills', '/api/skills', '200'],
    ['/api/skills?limit=500', '/api/skills', '400'],
    [`/api/occupations/${nurse}`, '/api/occupations/{id}', '200'],
    // In French, some skills fall back to English and carry labelLang: documented too.
    [`/api/occupations/${nurse}?lang=fr`, '/api/occupations/{id}', '200'],
    ['/api/skills/27a638bc-6362-45f8-afce-5596a606269b?lang=fr', '/api/skills/{id}', '200'],
    [`/api/occupations/${nurse}/gap?to=8d3e8aaa-791b-4c75-a465-f3f827028f50`, '/api/occupations/{id}/gap', '200'],
    ['/api/skills/99a09006-31f4-41d3-b3aa-feb2aeff730b', '/api/skills/{id}', '200'],
    ['/api/isco/2221', '/api/isco/{code}', '200'],
    ['/api/isco/0', '/api/isco/{code}', '200'],
    ['/api/occupations?limit=0', '/api/occupations', '400'],
    ['/api/skills/00000000-0000-0000-0000-000000000000', '/api/skills/{id}', '404'],
  ];
  test.each(cases)('%s', async (path, route, status) => {
    const res = await getJson(server.url, path);
    expect(String(res.status)).toBe(status);
    expect(check(res.body, responseSchema(route, status))).toEqual([]);
    if (/\/(occupations\/[^?]+|skills\/[^?]+)\?lang=fr$/.test(path)) expect(JSON.stringify(res.body)).toContain('"labelLang":"en"');
  });

  test('the checker itself reports missing, mistyped and undocumented properties', () => {
    const schema = responseSchema('/api/occupations', '200');
    const problems = check({ items: [{ id: 'x', uri: 'u', label: 3, code: null, iscoGroup: null }], total: -1, extra: true, source: { name: 'ESCO', version: null }, attribution: 'no' }, schema);
    expect(problems).toEqual([
      '$.fuzzy: missing',
      '$.items[0].matchedLabel: missing',
      '$.items[0].label: integer, expected string or null',
      '$.total: below 0',
      '$.extra: not documented',
      '$.attribution: "no", expected "This service uses the ESCO classification of the European Commission."',
    ]);
  });
});
