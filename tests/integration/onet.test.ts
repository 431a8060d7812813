import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ONET_ATTRIBUTION } from '../../data/attribution.js';
import { ingestOnet } from '../../ingest/onet/source.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';

describeWithFixtures('O*NET ingest and search API (real files)', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    const result = await runIngest(ctx, 'onet', () => ingestOnet({ from: fixture('national/us-onet') }, ctx));
    expect(result.counts).toEqual({ onet_occupations: 1016, onet_interests: 8307 });
    t.db.close();
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server?.close();
    t.cleanup();
  });

  test('the sources row records the load with its attribution', () => {
    expect(server.db.prepare(`SELECT kind, upstream_version, row_counts, attribution FROM sources WHERE name = 'onet'`).get()).toEqual({
      kind: 'onet',
      upstream_version: '11/2023',
      row_counts: '{"onet_occupations":1016,"onet_interests":8307}',
      attribution: ONET_ATTRIBUTION,
    });
  });

  test('search by words ranks title matches first', async () => {
    const { status, body } = await getJson(server.url, '/api/onet/occupations?q=software%20developers&limit=3');
    expect(status).toBe(200);
    expect(body.items[0]).toMatchObject({ code: '15-1252.00', title: 'Software Developers' });
    expect(body).toMatchObject({ limit: 3, offset: 0, attribution: ONET_ATTRIBUTION });
    expect(body.total).toBe(8);
  });

  test('search by code prefix, and the whole list by code', async () => {
    const byCode = await getJson(server.url, '/api/onet/occupations?q=15-1252');
    expect(byCode.body.items.map((o: { code: string }) => o.code)).toEqual(['15-1252.00']);
    const all = await getJson(server.url, '/api/onet/occupations?limit=2&offset=1');
    expect(all.body.total).toBe(1016);
    expect(all.body.items.map((o: { code: string; title: string }) => [o.code, o.title])).toEqual([
      ['11-1011.03', 'Chief Sustainability Officers'],
      ['11-1021.00', 'General and Operations Managers'],
    ]);
  });

  test('FTS syntax in the query is treated as words, never an error', async () => {
    const totals: Record<string, [number, number]> = {};
    for (const q of ['"unbalanced', 'title:nurse OR', 'NEAR(a b)', '*', '---']) {
      const { status, body } = await getJson(server.url, `/api/onet/occupations?q=${encodeURIComponent(q)}`);
      totals[q] = [status, body.total];
    }
    // Every word is a required prefix term ('title:nurse OR' needs 'title', 'nurse' and 'or');
    // no words at all ('*', '---') is the whole list.
    expect(totals).toEqual({
      '"unbalanced': [200, 0],
      'title:nurse OR': [200, 0],
      'NEAR(a b)': [200, 3],
      '*': [200, 1016],
      '---': [200, 1016],
    });
  });

  test('an occupation profile with its RIASEC interests', async () => {
    const { status, body } = await getJson(server.url, '/api/onet/occupations/15-1252.00');
    expect(status).toBe(200);
    expect(body.title).toBe('Software Developers');
    expect(body.interests).toEqual({
      riasec: [
        { id: '1.B.1.a', name: 'Realistic', score: 3.93 },
        { id: '1.B.1.b', name: 'Investigative', score: 5.86 },
        { id: '1.B.1.c', name: 'Artistic', score: 2.26 },
        { id: '1.B.1.d', name: 'Social', score: 1.88 },
        { id: '1.B.1.e', name: 'Enterprising', score: 1.87 },
        { id: '1.B.1.f', name: 'Conventional', score: 5.46 },
      ],
      highPoints: ['Investigative', 'Conventional', 'Realistic'],
      date: '11/2023',
    });
  });

  test('bad input is a 400, an unknown code a 404', async () => {
    expect(await getJson(server.url, '/api/onet/occupations/nurse')).toMatchObject({ status: 400, body: { error: 'code: expected an O*NET-SOC code such as 15-1252.00' } });
    expect(await getJson(server.url, '/api/onet/occupations/99-9999.99')).toMatchObject({ status: 404, body: { error: 'O*NET occupation 99-9999.99 not found' } });
    expect(await getJson(server.url, '/api/onet/occupations?limit=1000')).toMatchObject({ status: 400, body: { error: 'limit: a whole number from 1 to 100' } });
    expect(await getJson(server.url, '/api/onet/occupations?limit=abc')).toMatchObject({ status: 400, body: { error: 'limit: a whole number from 1 to 100' } });
    expect(await getJson(server.url, '/api/onet/occupations?offset=-1')).toMatchObject({ status: 400, body: { error: 'offset: a whole number, 0 or more' } });
    expect(await getJson(server.url, `/api/onet/occupations?q=${'a'.repeat(201)}`)).toMatchObject({ status: 400, body: { error: 'q: at most 200 characters' } });
  });
});

describe('O*NET ingest: a folder without the files', () => {
  test('fails as bad input and is recorded', async () => {
    const t = tempDb();
    const d = tempDir();
    try {
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      await expect(runIngest(ctx, 'onet', () => ingestOnet({ from: d.dir }, ctx))).rejects.toThrow("has no 'Occupation Data.txt'");
      expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs`).get()).toEqual({ outcome: 'failed', error_kind: 'input' });
    } finally {
      d.cleanup();
      t.cleanup();
    }
  });
});
