/**
 * Career transitions on the real ESCO v1.1.1 download (shared fixtures): held/total of every target
 * computed here from occupationSkillRelations.csv, independently of the server's skill sets, and
 * the order, `have`, the filters, the employment trend and the errors checked against it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { ingestEurostatDataset } from '../../ingest/eurostat/run.js';
import { check, responseSchema } from '../support/openapi-check.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

const SHOP_ASSISTANT = '0b15375e-dfdd-4047-9efb-096e0aaee7d2';
const NURSE = '18e14e61-495b-44cc-a7c6-df4c625934ba';
const CATCHER = 'a1acd539-c359-4af3-8a4a-07f1b611e368';
const SOFTWARE_DEVELOPER = 'f2b15a0e-e65a-438a-affb-29b9d50b77d1';
const idOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

/** The Wilson lower bound written out again here (z = 1.96), so the test does not borrow the server's. */
function expectedScore(held: number, total: number): number {
  if (total === 0) return 0;
  const z = 1.96;
  const p = held / total;
  return (p + (z * z) / (2 * total) - z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / (1 + (z * z) / total);
}

interface Expected {
  id: string;
  held: number;
  total: number;
  score: number;
}

describeWithFixtures('career transitions on ESCO v1.1.1', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  /** occupation id -> essential / optional skill ids, from the CSV. */
  const essential = new Map<string, Set<string>>();
  const optional = new Map<string, Set<string>>();
  const iscoGroup = new Map<string, string>();
  const labelOf = new Map<string, string>();

  /** Every occupation but `from`, with held/total for a client holding `from`'s skills and `have`, best first. */
  function expected(from: string, have: string[] = [], keep: (id: string) => boolean = () => true): Expected[] {
    const holds = new Set([...(essential.get(from) ?? []), ...(optional.get(from) ?? []), ...have]);
    return [...iscoGroup.keys()]
      .filter((id) => id !== from && keep(id))
      .map((id) => {
        const ess = [...(essential.get(id) ?? [])];
        const held = ess.filter((s) => holds.has(s)).length;
        return { id, held, total: ess.length, score: expectedScore(held, ess.length) };
      })
      .sort((a, b) => b.score - a.score || b.held - a.held || (a.id < b.id ? -1 : 1));
  }
  const view = (items: { id: string; held: number; total: number; score: number }[]) => items.map(({ id, held, total, score }) => ({ id, held, total, score: Number(score.toFixed(12)) }));

  beforeAll(async () => {
    const relations = parse(readFileSync(fixture('esco', 'v1.1.1', 'relations', 'occupationSkillRelations.csv')), { columns: true }) as Record<string, string>[];
    for (const r of relations) {
      const map = r.relationType === 'essential' ? essential : optional;
      const o = idOf(r.occupationUri!);
      if (!map.has(o)) map.set(o, new Set());
      map.get(o)!.add(idOf(r.skillUri!));
    }
    const occupations = parse(readFileSync(fixture('esco', 'v1.1.1', 'en', 'occupations_en.csv')), { columns: true }) as Record<string, string>[];
    for (const o of occupations) {
      iscoGroup.set(idOf(o.conceptUri!), o.iscoGroup!);
      labelOf.set(idOf(o.conceptUri!), o.preferredLabel!.trim()); // the ingest trims labels ("covid tester ")
    }
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: fixture('esco', 'v1.1.1'), languages: ['en'] }));
    await runIngest(ctx, 'eurostat:lfsa_egised', () => ingestEurostatDataset(ctx, { code: 'lfsa_egised', from: fixture('eurostat', 'tsv', 'estat_lfsa_egised.tsv') }));
    server = await serveDb(t.path);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    t?.cleanup();
  });

  test.each([
    ['shop assistant', SHOP_ASSISTANT],
    ['specialist nurse', NURSE],
    ['catcher', CATCHER],
    ['software developer', SOFTWARE_DEVELOPER],
  ])('%s: the first 100 targets with held/total as counted from the CSV, in that order', async (name, from) => {
    const want = expected(from);
    const { status, body } = await getJson(server.url, `/api/occupations/${from}/transitions?limit=100`);
    expect(status).toBe(200);
    expect(body.from).toEqual({ id: from, label: name, code: expect.any(String), iscoGroup: iscoGroup.get(from) });
    expect(body.total).toBe(3006); // every occupation but the source
    expect(body.clientSkills).toBe(new Set([...essential.get(from)!, ...(optional.get(from) ?? [])]).size);
    expect(view(body.items)).toEqual(view(want.slice(0, 100)));
    expect(body.items.map((i: { label: string }) => i.label)).toEqual(want.slice(0, 100).map((w) => labelOf.get(w.id)));
    expect(body.items.some((i: { id: string }) => i.id === from)).toBe(false);
    expect(body.items[0].gap).toBe(`/api/occupations/${from}/gap?to=${want[0]!.id}`);
  });

  test('shop assistant: the top of the list, by name, and a later page', async () => {
    const { body } = await getJson(server.url, `/api/occupations/${SHOP_ASSISTANT}/transitions?limit=3`);
    expect(body.items.map((i: { label: string; held: number; total: number }) => [i.label, i.held, i.total])).toEqual([
      ['sales assistant', 17, 27],
      ['specialised seller', 14, 26],
      ['press and stationery specialised seller', 15, 29],
    ]);
    const page = await getJson(server.url, `/api/occupations/${SHOP_ASSISTANT}/transitions?limit=50&offset=2950`);
    expect(view(page.body.items)).toEqual(view(expected(SHOP_ASSISTANT).slice(2950, 3000)));
    const last = await getJson(server.url, `/api/occupations/${SHOP_ASSISTANT}/transitions?limit=10&offset=3000`);
    expect(last.body.items).toHaveLength(6);
    expect(last.body.total).toBe(3006);
  });

  test('every score is non-increasing down the whole list, and 2 of 2 never outranks 40 of 45', async () => {
    const scores: number[] = [];
    for (let offset = 0; offset < 3006; offset += 100) {
      const { body } = await getJson(server.url, `/api/occupations/${NURSE}/transitions?limit=100&offset=${offset}`);
      scores.push(...body.items.map((i: { score: number }) => i.score));
    }
    expect(scores).toHaveLength(3006);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]!);
    expect(expectedScore(2, 2)).toBeLessThan(expectedScore(40, 45));
  });

  test('have: the added skills count as held for every target that needs them, and are echoed with labels', async () => {
    // Three essential skills of "sales assistant"-like work the catcher does not have.
    const catcherHolds = new Set([...essential.get(CATCHER)!, ...(optional.get(CATCHER) ?? [])]);
    const target = '9ba74e8a-c40c-4228-9998-eb3c7a5c11df'; // sales assistant
    const have = [...essential.get(target)!].filter((s) => !catcherHolds.has(s)).sort().slice(0, 3);
    expect(have).toHaveLength(3);
    const want = expected(CATCHER, have);
    const { status, body } = await getJson(server.url, `/api/occupations/${CATCHER}/transitions?limit=100&have=${have.join(',')}`);
    expect(status).toBe(200);
    expect(view(body.items)).toEqual(view(want.slice(0, 100)));
    expect(body.have.map((s: { id: string }) => s.id)).toEqual(have);
    expect(body.have.every((s: { label: string | null }) => typeof s.label === 'string' && s.label.length > 0)).toBe(true);
    expect(body.clientSkills).toBe(catcherHolds.size + 3);
    // The sales assistant's count went up by exactly the three skills.
    const without = expected(CATCHER).find((e) => e.id === target)!;
    expect(want.find((e) => e.id === target)!.held).toBe(without.held + 3);
    // Upper-case ids and repeats are the same skills.
    const again = await getJson(server.url, `/api/occupations/${CATCHER}/transitions?limit=100&have=${have.map((s) => s.toUpperCase()).join(',')},${have[0]}`);
    expect(view(again.body.items)).toEqual(view(body.items));
  });

  test('majorGroup=same and other split the list by the ISCO major group', async () => {
    const major = iscoGroup.get(NURSE)!.charAt(0);
    const same = await getJson(server.url, `/api/occupations/${NURSE}/transitions?limit=100&majorGroup=same`);
    const sameWant = expected(NURSE, [], (id) => iscoGroup.get(id)!.charAt(0) === major);
    expect(same.body.total).toBe(sameWant.length);
    expect(view(same.body.items)).toEqual(view(sameWant.slice(0, 100)));
    const other = await getJson(server.url, `/api/occupations/${NURSE}/transitions?limit=100&majorGroup=other`);
    expect(other.body.total).toBe(3006 - sameWant.length);
    expect(other.body.items.every((i: { iscoGroup: string }) => i.iscoGroup.charAt(0) !== major)).toBe(true);
  });

  test('geo: each item carries its ISCO major group employment in DE, equal to the occupation trend; sort=growth orders by the 5-year change', async () => {
    const { status, body } = await getJson(server.url, `/api/occupations/${SHOP_ASSISTANT}/transitions?limit=100&geo=DE`);
    expect(status).toBe(200);
    expect(check(body, responseSchema('/api/occupations/{id}/transitions', '200'))).toEqual([]);
    expect(body.employment).toMatchObject({ geo: 'DE', available: true, level: 'ISCO-08 major group (1 digit)', dataset: { code: 'lfsa_egised' } });
    const first = body.items[0];
    const trend = (await getJson(server.url, `/api/occupations/${first.id}/trend?geo=DE`)).body as { points: { period: string; value: number | null; flag: string | null }[]; mapping: { iscoUsed: { code: string } } };
    const points = trend.points.filter((p) => p.value !== null);
    const latest = points.at(-1)!;
    const before = points.find((p) => p.period === String(Number(latest.period) - 5))!;
    expect(first.employment).toEqual({
      iscoUsed: { code: trend.mapping.iscoUsed.code, label: expect.any(String) },
      latest,
      change5y: { from: before, absolute: Number((latest.value! - before.value!).toFixed(1)), percent: Number(((100 * (latest.value! - before.value!)) / before.value!).toFixed(1)) },
    });
    // The same order as without geo: geo adds figures, it does not re-rank unless asked.
    expect(body.items.map((i: { id: string }) => i.id)).toEqual(expected(SHOP_ASSISTANT).slice(0, 100).map((e) => e.id));

    const growth = await getJson(server.url, `/api/occupations/${SHOP_ASSISTANT}/transitions?limit=100&geo=DE&sort=growth`);
    expect(growth.status).toBe(200);
    const percents = growth.body.items.map((i: { employment: { change5y: { percent: number } | null } | null }) => i.employment?.change5y?.percent ?? -Infinity);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeLessThanOrEqual(percents[i - 1]);
    // Within one group (same growth), the score order is kept.
    const top = growth.body.items.filter((i: { employment: { iscoUsed: { code: string } } }) => i.employment.iscoUsed.code === growth.body.items[0].employment.iscoUsed.code);
    const inGroup = expected(SHOP_ASSISTANT).filter((e) => iscoGroup.get(e.id)!.charAt(0) === top[0].iscoGroup.charAt(0));
    expect(top.map((i: { id: string }) => i.id)).toEqual(inGroup.slice(0, top.length).map((e) => e.id));
  });

  test('bad input is a 400 naming it; an unknown occupation a 404', async () => {
    const base = `/api/occupations/${NURSE}/transitions`;
    const cases: [string, number, string][] = [
      [`${base}?have=00000000-0000-0000-0000-000000000000,11111111-2222-3333-4444-555555555555`, 400, 'have: unknown ESCO skill ids: 00000000-0000-0000-0000-000000000000, 11111111-2222-3333-4444-555555555555'],
      [`${base}?have=fed5b267-73fa-461d-9f69-827c78beb39d,00000000-0000-0000-0000-000000000000`, 400, 'have: unknown ESCO skill id: 00000000-0000-0000-0000-000000000000'],
      [`${base}?have=nursing`, 400, 'have: not ESCO skill ids (UUIDs): nursing'],
      // An occupation id is not a skill id.
      [`${base}?have=${CATCHER}`, 400, `have: unknown ESCO skill id: ${CATCHER}`],
      [`${base}?limit=0`, 400, 'limit: limit must be 1 to 100'],
      [`${base}?limit=101`, 400, 'limit: limit must be 1 to 100'],
      [`${base}?limit=ten`, 400, 'limit: limit must be a number from 1 to 100'],
      [`${base}?limit=2.5`, 400, 'limit: limit must be a whole number'],
      [`${base}?offset=-1`, 400, 'offset: offset must be 0 or more'],
      [`${base}?sort=growth`, 400, 'sort=growth needs geo: the country whose employment trend to sort by'],
      [`${base}?sort=salary`, 400, 'sort: sort must be score or growth'],
      [`${base}?majorGroup=yes`, 400, 'majorGroup: majorGroup must be same or other'],
      [`${base}?lang=fr`, 400, 'lang fr is not loaded; available: en'],
      [`${base}?geo=D`, 400, 'geo: geo must be a Eurostat geo code such as DE, EL or EU27_2020'],
      [`${base}?geo=XX&sort=growth`, 404, 'no employment data by ISCO group for XX to sort by: lfsa_egised has no data for geo XX (load it with `lmi ingest eurostat lfsa_egised --geo XX`)'],
      ['/api/occupations/not-an-id/transitions', 400, 'id: id must be an ESCO occupation id (a UUID)'],
      ['/api/occupations/00000000-0000-0000-0000-000000000000/transitions', 404, 'occupation 00000000-0000-0000-0000-000000000000 not found'],
    ];
    for (const [path, status, error] of cases) {
      const res = await getJson(server.url, path);
      expect([path, res.status, res.body]).toEqual([path, status, { error }]);
    }
    // geo with no data but no growth sort: the list, with the reason the figures are missing.
    const xx = await getJson(server.url, `${base}?geo=XX&limit=1`);
    expect(xx.status).toBe(200);
    expect(xx.body.employment).toMatchObject({ geo: 'XX', available: false, dataset: null });
    expect(xx.body.items[0].employment).toBeNull();
  });
});
