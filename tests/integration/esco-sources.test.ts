/**
 * The same small ESCO sample (tests/fixtures/esco-sources/generate.mjs) loaded five ways — the CSV
 * download, the web-service API (HAL+JSON served on 127.0.0.1), the RDF dump as Turtle and as RDF/XML,
 * and a SPARQL endpoint (CONSTRUCT answers served on 127.0.0.1) — gives identical ESCO tables.
 */
import type { Db } from '../../data/db.js';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest, type IngestContext } from '../../ingest/core/source.js';
import { ingestEscoApi } from '../../ingest/esco-api/ingest.js';
import { ingestEscoRdf } from '../../ingest/esco-rdf/ingest.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { escoApiRoutes, sampleAsNTriples, sampleAsRdfXml, sampleCsvDir as csvDir, sampleTtl as ttlFile } from '../fixtures/esco-sources/sample.js';
import { reply, startReplay, type ReplayServer } from '../replay/server.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb, tempDir } from '../helpers.js';

const languages = ['en', 'fr'];

/** Every row of every ESCO table (FTS shadow tables aside), sorted, keyed by table. */
function dumpEsco(db: Db): Record<string, string[]> {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'esco\\_%' ESCAPE '\\' ORDER BY name`).all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !/_fts_(data|idx|content|docsize|config)$/.test(n));
  const out: Record<string, string[]> = {};
  for (const t of tables) out[t] = (db.prepare(`SELECT * FROM ${t}`).all() as object[]).map((r) => JSON.stringify(r)).sort();
  return out;
}

const ctxFor = (db: Db): IngestContext => ({ db, log: silentLogger, trigger: 'cli' });

describe('ESCO from CSV, API, RDF dump and SPARQL: identical tables', () => {
  let replay: ReplayServer;
  const dbs: ReturnType<typeof tempDb>[] = [];
  const dumps: Record<string, Record<string, string[]>> = {};
  const versions: Record<string, unknown> = {};
  const rdfXmlDir = tempDir();

  beforeAll(async () => {
    const rdfXmlFile = join(rdfXmlDir.dir, 'esco-sample-v1.1.1.rdf');
    writeFileSync(rdfXmlFile, sampleAsRdfXml());
    replay = await startReplay([...escoApiRoutes(), { method: 'GET', path: '/sparql', replies: reply.text(sampleAsNTriples(), 'application/n-triples') }]);
    const load = async (name: string, run: (ctx: IngestContext) => Promise<unknown>) => {
      const t = tempDb();
      dbs.push(t);
      await run(ctxFor(t.db));
      dumps[name] = dumpEsco(t.db);
      versions[name] = t.db.prepare(`SELECT upstream_version AS v FROM sources WHERE name = 'esco'`).get();
    };
    await load('csv', (ctx) => ingestEscoCsv(ctx, { from: csvDir, languages }));
    await load('api', (ctx) => ingestEscoApi(ctx, { baseUrl: `${replay.url}/esco/api`, version: 'v1.1.1', languages, minIntervalMs: 0 }));
    await load('rdf', (ctx) => ingestEscoRdf(ctx, { file: ttlFile, languages }));
    await load('rdfxml', (ctx) => ingestEscoRdf(ctx, { file: rdfXmlFile, languages }));
    await load('sparql', (ctx) => ingestEscoRdf(ctx, { sparql: `${replay.url}/sparql`, languages }));
  });

  afterAll(async () => {
    await replay.close();
    for (const t of dbs) t.cleanup();
    rdfXmlDir.cleanup();
  });

  test('the CSV load holds the sample: 3 occupations, 4 ISCO groups, 4 skills, 3 skill groups, 6 occupation-skill relations', () => {
    const csv = dumps.csv!;
    expect(csv.esco_occupations).toHaveLength(3);
    expect(csv.esco_isco_groups).toHaveLength(4);
    expect(csv.esco_skills).toHaveLength(4);
    expect(csv.esco_skill_groups).toHaveLength(3);
    expect(csv.esco_occupation_skills).toHaveLength(6);
    expect(csv.esco_skill_relations).toHaveLength(2);
    expect(csv.esco_broader).toHaveLength(3 + 3 + 1 + 5);
    expect(csv.esco_languages).toEqual(['{"lang":"en"}', '{"lang":"fr"}']);
    expect(csv.esco_occupations).toContain(
      JSON.stringify({
        uri: 'http://data.europa.eu/esco/occupation/5c4b4c0e-7d1f-4a4b-9a63-2f0e2b8c3d11',
        id: '5c4b4c0e-7d1f-4a4b-9a63-2f0e2b8c3d11',
        code: '2221.1.1',
        isco_group: '2221',
        status: 'released',
        modified_date: '2022-05-13T10:38:08Z',
        regulated_note: 'http://data.europa.eu/esco/regulated-professions/unregulated',
      }),
    );
  });

  test.each(['api', 'rdf', 'rdfxml', 'sparql'])('%s gives the same rows as the CSV in every ESCO table', (source) => {
    const csv = dumps.csv!;
    const other = dumps[source]!;
    expect(Object.keys(other)).toEqual(Object.keys(csv));
    for (const table of Object.keys(csv)) {
      expect({ table, rows: other[table] }).toEqual({ table, rows: csv[table] });
    }
  });

  test('each load records the ESCO version it read in sources', () => {
    // The CSV folder name carries no version; the API pins one; the dump's file name says it.
    expect(versions).toEqual({ csv: { v: null }, api: { v: 'v1.1.1' }, rdf: { v: 'v1.1.1' }, rdfxml: { v: 'v1.1.1' }, sparql: { v: null } });
  });

  test('the API walk asked for each resource once, pinned to v1.1.1 in English', () => {
    const api = replay.requests.filter((r) => r.path.startsWith('/esco/api/'));
    expect(api).toHaveLength(16);
    expect(new Set(api.map((r) => r.query.uri)).size).toBe(16);
    expect(api.every((r) => r.status === 200 && r.query.selectedVersion === 'v1.1.1' && r.query.language === 'en')).toBe(true);
    const sparql = replay.requests.filter((r) => r.path === '/sparql');
    // One CONSTRUCT per class (ISCO groups, occupations, skills, skill groups); each page was short.
    expect(sparql).toHaveLength(4);
    expect(sparql[0]!.query.query).toContain('LIMIT 2000 OFFSET 0');
  });
});

describe('a failed API or RDF run leaves the ESCO data loaded before', () => {
  test('a 500 on one skill (after retries) and a dump cut off mid-file: run recorded as failed, tables unchanged', async () => {
    const t = tempDb();
    const savedRetries = process.env.LMI_HTTP_RETRIES;
    process.env.LMI_HTTP_RETRIES = '0';
    const broken = escoApiRoutes().map((r) => (r.query!.uri!.endsWith('b729d6bc-326b-46cd-aa63-ea280024b116') ? { ...r, replies: reply.status(500, 'Internal Server Error') } : r));
    const replay = await startReplay(broken);
    try {
      const ctx = ctxFor(t.db);
      await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: csvDir, languages }));
      const before = dumpEsco(t.db);
      const err = await runIngest(ctx, 'esco', () => ingestEscoApi(ctx, { baseUrl: `${replay.url}/esco/api`, version: 'v1.1.1', languages, minIntervalMs: 0 })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).kind).toBe('http_5xx');
      // The dump cut off mid-file, as an interrupted download leaves it.
      const cut = join(t.path, '..', 'esco-cut-v1.1.1.ttl');
      const ttl = readFileSync(ttlFile, 'utf8');
      writeFileSync(cut, ttl.slice(0, Math.floor(ttl.length * 0.6)));
      const rdfErr = await runIngest(ctx, 'esco', () => ingestEscoRdf(ctx, { file: cut })).catch((e: unknown) => e);
      expect((rdfErr as IngestError).kind).toBe('invalid');
      expect(dumpEsco(t.db)).toEqual(before);
      expect(t.db.prepare(`SELECT outcome, error_kind FROM ingest_runs ORDER BY id`).all()).toEqual([
        { outcome: 'success', error_kind: null },
        { outcome: 'failed', error_kind: 'http_5xx' },
        { outcome: 'failed', error_kind: 'invalid' },
      ]);
    } finally {
      if (savedRetries === undefined) delete process.env.LMI_HTTP_RETRIES;
      else process.env.LMI_HTTP_RETRIES = savedRetries;
      await replay.close();
      t.cleanup();
    }
  });
});
