/**
 * Search relevance on the real ESCO v1.1.1 English labels: the relevance set of bench/relevance-set.ts
 * (every 7th occupation and every 40th skill; typos, plurals and partial words made by fixed rules
 * with a seeded generator), each query with the concept it must find. Success rates are asserted,
 * not single queries: the thresholds sit a little under the rates measured when the engine was built
 * (in the comments), so a change that makes search worse fails here.
 */
import { relevanceSet, type RelevanceCase } from '../../bench/relevance-set.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { EscoSearchIndexes, type ConceptIndex } from '../../server/search/esco-indexes.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openReadOnly } from '../../data/db.js';
import { createApp } from '../../server/app.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

describeWithFixtures('search relevance on ESCO v1.1.1 (English)', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;
  let occupations: ConceptIndex<{ label: string | null }>;
  let skills: ConceptIndex<{ label: string | null }>;

  beforeAll(async () => {
    t = tempDb();
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: fixture('esco', 'v1.1.1') }));
    const indexes = new EscoSearchIndexes(t.db);
    occupations = indexes.occupations('en');
    skills = indexes.skills('en');
    server = await serveDb(t.path);
  }, 180_000);
  afterAll(async () => {
    await server.close();
    t.cleanup();
  });

  /** Share of cases whose target is among the first `top` results. */
  const rate = (index: ConceptIndex<{ label: string | null }>, cases: RelevanceCase[], top: number) => {
    const misses = cases.filter((c) => !index.index.search(c.query, top, 0).hits.some((h) => h.concept === c.target)).map((c) => c.query);
    const r = { rate: 1 - misses.length / cases.length, n: cases.length };
    // LMI_RELEVANCE_REPORT=1 prints each rate and a few misses, to see what a change did.
    if (process.env.LMI_RELEVANCE_REPORT) console.log(`top ${top}: ${(100 * r.rate).toFixed(1)}% of ${r.n}; misses e.g. ${JSON.stringify(misses.slice(0, 10))}`);
    return r;
  };
  const occupationSet = () => relevanceSet(occupations.docs.map((d) => d.label), 7, 1);

  test('occupations: a preferred label finds its occupation first', () => {
    const { exact } = occupationSet();
    expect(exact.length).toBe(430);
    expect(rate(occupations, exact, 1).rate).toBe(1); // measured: 100%
  });

  test('occupations: one typo (substitution, insertion, deletion, swap) in a word of 5+ letters', () => {
    const { typo } = occupationSet();
    expect(typo.length).toBe(426);
    expect(rate(occupations, typo, 1).rate).toBeGreaterThanOrEqual(0.97); // measured: 99.3%
    expect(rate(occupations, typo, 5).rate).toBeGreaterThanOrEqual(0.99); // measured: 100%
  });

  test('occupations: two typos in a word of 9+ letters, and a typo on the first letter', () => {
    const { twoTypos, firstLetterTypo } = occupationSet();
    expect([twoTypos.length, firstLetterTypo.length]).toEqual([277, 426]);
    expect(rate(occupations, twoTypos, 5).rate).toBeGreaterThanOrEqual(0.97); // measured: 100%
    expect(rate(occupations, firstLetterTypo, 10).rate).toBeGreaterThanOrEqual(0.97); // measured: 99.8%
  });

  test('occupations: the last word in the plural finds the singular label', () => {
    const { plural } = occupationSet();
    expect(plural.length).toBe(418);
    expect(rate(occupations, plural, 1).rate).toBeGreaterThanOrEqual(0.98); // measured: 100%
    expect(rate(occupations, plural, 3).rate).toBeGreaterThanOrEqual(0.99); // measured: 100%
  });

  test('occupations: typing in progress (whole words, then the start of the last) finds the occupation in the first page', () => {
    const { typing } = occupationSet();
    expect(typing.length).toBe(394);
    expect(rate(occupations, typing, 20).rate).toBeGreaterThanOrEqual(0.99); // measured: 100%
  });

  test('skills: a preferred label first, one typo in the first five', () => {
    const { exact, typo } = relevanceSet(skills.docs.map((d) => d.label), 40, 4);
    expect([exact.length, typo.length]).toEqual([348, 342]);
    expect(rate(skills, exact, 1).rate).toBeGreaterThanOrEqual(0.99); // measured: 100%
    expect(rate(skills, typo, 5).rate).toBeGreaterThanOrEqual(0.98); // measured: 99.7%
  });

  test('the API answers typos as fuzzy, with the corrected query, and plurals as found', async () => {
    const typed = await getJson(server.url, '/api/occupations?q=insurance%20risk%20conslutant&limit=1');
    expect([typed.body.fuzzy, typed.body.correctedQuery, typed.body.items[0].label]).toEqual([true, 'insurance risk consultant', 'insurance risk consultant']);
    for (const [q, label] of [
      ['picfture editor', 'picture editor'],
      ['dividend ajalyst', 'dividend analyst'],
    ]) {
      const { body } = await getJson(server.url, `/api/occupations?q=${encodeURIComponent(q!)}&limit=1`);
      expect([q, body.fuzzy, body.items[0]?.label]).toEqual([q, true, label]);
    }
    for (const [q, label] of [
      ['boiler operators', 'boiler operator'],
      ['steam plant operators', 'steam plant operator'],
      ['canvas goods assemblers', 'canvas goods assembler'],
    ]) {
      const { body } = await getJson(server.url, `/api/occupations?q=${encodeURIComponent(q!)}&limit=1`);
      expect([q, body.fuzzy, body.items[0]?.label]).toEqual([q, false, label]);
    }
    const skill = await getJson(server.url, '/api/skills?q=manage%20musical%20staf&limit=1');
    expect(skill.body).toMatchObject({ fuzzy: false, items: [{ label: 'manage musical staff', type: 'skill/competence', matchedLabel: 'manage musical staff' }] });
  });

  test('every query of the relevance set gets the same answer from the fast path as through Express (headers and bytes)', async () => {
    const db = openReadOnly(t.path);
    const viaExpress = await new Promise<Server>((ok) => {
      const s = createApp({ db, fastSearch: false }).listen(0, '127.0.0.1', () => ok(s));
    });
    try {
      const base = `http://127.0.0.1:${(viaExpress.address() as AddressInfo).port}`;
      const queries = [...new Set(Object.values(occupationSet()).flatMap((cases) => cases.map((c) => c.query)))];
      expect(queries.length).toBeGreaterThan(2000);
      const answer = async (url: string) => {
        const res = await fetch(url);
        return { status: res.status, headers: [...res.headers].filter(([h]) => h !== 'date'), body: await res.text() };
      };
      let differ = 0;
      for (const q of queries) {
        const path = `/api/occupations?q=${encodeURIComponent(q)}&limit=20`;
        const [a, b] = [await answer(server.url + path), await answer(base + path)];
        if (JSON.stringify(a) !== JSON.stringify(b)) differ++;
        if (differ === 1 && JSON.stringify(a) !== JSON.stringify(b)) expect([q, a]).toEqual([q, b]);
      }
      expect(differ).toBe(0);
    } finally {
      await new Promise((ok) => viaExpress.close(ok));
      db.close();
    }
  }, 120_000);
});
