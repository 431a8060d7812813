import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { IngestError } from '../../data/errors.js';
import { readRdfDump, rdfFormatFor, streamRdf, versionFromFileName } from '../../ingest/esco-rdf/dump.js';
import { EscoGraphCollector } from '../../ingest/esco-rdf/graph.js';
import { constructQuery, fetchEscoSparql } from '../../ingest/esco-rdf/sparql.js';
import { sampleAsNTriples, sampleAsRdfXml, sampleTtl } from '../fixtures/esco-sources/sample.js';
import { reply, startReplay } from '../replay/server.js';
import { silentLogger } from '../../ingest/core/log.js';
import { escoRdfSourceType } from '../../ingest/esco-rdf/source-type.js';
import { tempDb, tempDir } from '../helpers.js';

const E = 'http://data.europa.eu/esco/';
const O1 = `${E}occupation/18e14e61-495b-44cc-a7c6-df4c625934ba`;
const O3 = `${E}occupation/5c4b4c0e-7d1f-4a4b-9a63-2f0e2b8c3d11`;
const S1 = `${E}skill/99a09006-31f4-41d3-b3aa-feb2aeff730b`;
const S4 = `${E}skill/b729d6bc-326b-46cd-aa63-ea280024b116`;

async function fromTurtle(text: string, languages?: string[]) {
  const c = new EscoGraphCollector({ languages });
  await streamRdf(Readable.from(text), 'text/turtle', c, 'inline');
  return c.build(null);
}

describe('ESCO RDF dump (n3 streaming)', () => {
  test('the Turtle sample: counts, an occupation read from SKOS labels and description nodes', async () => {
    const collector = await readRdfDump(sampleTtl);
    expect(collector.counts()).toEqual({ occupation: 3, isco: 4, skill: 4, skillGroup: 3 });
    const parsed = collector.build(versionFromFileName(sampleTtl));
    expect(parsed.version).toBe('v1.1.1');
    expect(parsed.languages).toEqual(['en', 'fr']);
    const o1 = parsed.occupations.find((o) => o.uri === O1)!;
    expect([o1.code, o1.iscoGroup, o1.modifiedDate, o1.regulatedProfessionNote]).toEqual(['2221.3', '2221', '2016-10-25T14:33:49Z', `${E}regulated-professions/regulated`]);
    expect(o1.texts.en).toEqual({
      preferredLabel: 'specialist nurse',
      altLabels: ['nurse specialist', 'specialised nurse'],
      hiddenLabels: [],
      description: 'Specialist nurses promote and restore patients\' health, "specialised" in a field of nursing,\nsuch as cardiology or paediatrics.',
      definition: null,
      scopeNote: 'Excludes general care nurses.',
    });
    // The narrower occupation's ISCO group is found through its parent occupation.
    expect(parsed.occupations.find((o) => o.uri === O3)!.iscoGroup).toBe('2221');
    expect(parsed.iscoGroups.map((g) => g.code)).toEqual(['2', '22', '222', '2221']);
    expect(parsed.occupationSkills.filter((r) => r.occupationUri === O1).map((r) => `${r.relationType} ${r.skillType}`)).toEqual([
      'essential knowledge',
      'essential skill/competence',
      'optional skill/competence',
    ]);
    expect(parsed.skillSkillRelations).toEqual([
      { originalSkillUri: S1, relationType: 'essential', relatedSkillUri: S4 },
      { originalSkillUri: `${E}skill/1023ac61-250f-4eef-b7a9-238cf071685f`, relationType: 'optional', relatedSkillUri: S4 },
    ]);
  });

  test('--lang keeps only the languages asked for', async () => {
    const parsed = (await readRdfDump(sampleTtl, { languages: ['fr'] })).build(null);
    expect(parsed.languages).toEqual(['fr']);
    // Every concept of every pillar, not only the first occupation, has texts in that language alone.
    const concepts = [...parsed.occupations, ...parsed.iscoGroups, ...parsed.skills, ...parsed.skillGroups];
    expect([...new Set(concepts.flatMap((c) => Object.keys(c.texts)))]).toEqual(['fr']);
  });

  test('N-Triples, RDF/XML (.rdf, .rdf.gz) and gzipped Turtle give the same ParsedEsco as the Turtle file', async () => {
    const t = tempDir();
    try {
      const nt = join(t.dir, 'esco.nt');
      const gz = join(t.dir, 'esco.ttl.gz');
      const rdf = join(t.dir, 'esco.rdf');
      const rdfGz = join(t.dir, 'esco.rdf.gz');
      writeFileSync(nt, sampleAsNTriples());
      writeFileSync(gz, gzipSync(readFileSync(sampleTtl)));
      writeFileSync(rdf, sampleAsRdfXml());
      writeFileSync(rdfGz, gzipSync(sampleAsRdfXml()));
      const fromTtl = (await readRdfDump(sampleTtl)).build(null);
      expect(fromTtl.occupations).toHaveLength(3);
      expect((await readRdfDump(nt)).build(null)).toEqual(fromTtl);
      expect((await readRdfDump(gz)).build(null)).toEqual(fromTtl);
      expect((await readRdfDump(rdf)).build(null)).toEqual(fromTtl);
      expect((await readRdfDump(rdfGz)).build(null)).toEqual(fromTtl);
    } finally {
      t.cleanup();
    }
  });

  test('unknown types, missing files, broken Turtle and broken RDF/XML fail with clear errors', async () => {
    expect(rdfFormatFor('esco_v1.1.1.rdf')).toBe('application/rdf+xml');
    expect(rdfFormatFor('esco_v1.1.1.ttl.gz')).toBe('text/turtle');
    expect(() => rdfFormatFor('esco.json')).toThrow('esco.json: unknown RDF file type; expected .ttl, .nt, .nq, .trig or .rdf (RDF/XML), optionally .gz');
    const xmlErr = await streamRdf(Readable.from('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://a">'), 'application/rdf+xml', new EscoGraphCollector({}), 'inline.rdf').catch((e: unknown) => e);
    expect((xmlErr as IngestError).kind).toBe('invalid');
    expect((xmlErr as IngestError).message).toBe('inline.rdf: not valid application/rdf+xml (the document ends before its closing </rdf:RDF>: a file cut off?)');
    const tagErr = await streamRdf(Readable.from('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://a"></foo></rdf:RDF>'), 'application/rdf+xml', new EscoGraphCollector({}), 'inline.rdf').catch((e: unknown) => e);
    expect((tagErr as IngestError).kind).toBe('invalid');
    expect((tagErr as IngestError).message).toMatch(/^inline\.rdf: not valid application\/rdf\+xml \(1:\d+: unexpected close tag/);
    await expect(readRdfDump('/nonexistent/esco.ttl')).rejects.toMatchObject({ kind: 'input', message: 'ESCO RDF dump not found: /nonexistent/esco.ttl' });
    const err = await fromTurtle('<http://a> <http://b> "unterminated .').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).kind).toBe('invalid');
    expect((err as IngestError).message).toMatch(/^inline: not valid text\/turtle \(.*line 1/);
  });

  test('build() leaves the collector as it was: a second build gives the same relations, once each', async () => {
    const c = new EscoGraphCollector({ languages: ['en'] });
    await streamRdf(
      Readable.from(`
      @prefix esco: <http://data.europa.eu/esco/model#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
      <${E}occupation/o> a esco:Occupation ; skos:prefLabel "legislator"@en .
      <${E}skill/b> a esco:Skill ; skos:prefLabel "law"@en .
      [] a esco:Relationship ; esco:isRelationshipFor <${E}occupation/o> ; esco:refersConcept <${E}skill/b> ;
        esco:hasRelationshipType <${E}relationship-type/essential> .
    `),
      'text/turtle',
      c,
      'inline',
    );
    const first = c.build(null);
    expect(first.occupationSkills).toEqual([{ occupationUri: `${E}occupation/o`, skillUri: `${E}skill/b`, relationType: 'essential', skillType: null }]);
    expect(c.build(null)).toEqual(first);
  });

  test('association objects, inverse properties and SKOS-XL labels are read too', async () => {
    const parsed = await fromTurtle(`
      @prefix esco: <http://data.europa.eu/esco/model#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
      @prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
      <${E}occupation/o> a esco:Occupation ; skos:notation "1111.1" ; skosxl:prefLabel [ skosxl:literalForm "legislator"@en ] ;
        skosxl:altLabel [ skosxl:literalForm "lawmaker"@en ], [ skosxl:literalForm "Gesetzgeber"@de ] .
      <${E}skill/a> a esco:Skill ; skos:prefLabel "draft legislation"@en ; esco:skillType <${E}skill-type/skill> ;
        esco:isOptionalSkillFor <${E}occupation/o> .
      <${E}skill/b> a esco:Skill ; skos:prefLabel "law"@en ; esco:skillType <${E}skill-type/knowledge> .
      [] a esco:Relationship ; esco:isRelationshipFor <${E}occupation/o> ; esco:refersConcept <${E}skill/b> ;
        esco:hasRelationshipType <${E}relationship-type/essential> .
    `, ['en']);
    expect(parsed.occupations).toEqual([
      {
        uri: `${E}occupation/o`,
        code: '1111.1',
        iscoGroup: '1111',
        status: null,
        modifiedDate: null,
        regulatedProfessionNote: null,
        texts: { en: { preferredLabel: 'legislator', altLabels: ['lawmaker'], hiddenLabels: [], description: null, definition: null, scopeNote: null } },
      },
    ]);
    expect(parsed.occupationSkills).toEqual([
      { occupationUri: `${E}occupation/o`, skillUri: `${E}skill/a`, relationType: 'optional', skillType: 'skill/competence' },
      { occupationUri: `${E}occupation/o`, skillUri: `${E}skill/b`, relationType: 'essential', skillType: 'knowledge' },
    ]);
  });
});

describe('ESCO over SPARQL (sparql-http-client)', () => {
  test('one paged CONSTRUCT per class, flattening description nodes and association objects', () => {
    const q = constructQuery('http://data.europa.eu/esco/model#Occupation', ['en', 'fr'], 500, 1000);
    expect(q).toContain('{ SELECT ?s WHERE { ?s a <http://data.europa.eu/esco/model#Occupation> } ORDER BY ?s LIMIT 500 OFFSET 1000 }');
    expect(q).toContain('lang(?o) IN ("en", "fr")');
    expect(q).toContain('BIND (STRLANG(STR(?lit), STR(?l)) AS ?o)');
    expect(q).toContain('<http://data.europa.eu/esco/model#refersConcept> ?o');
  });

  test('reads the CONSTRUCT answers into the same ParsedEsco as the dump; stops paging when a page brings nothing new', async () => {
    const nt = sampleAsNTriples();
    const replay = await startReplay([{ method: 'GET', path: '/esco/sparql', replies: reply.text(nt, 'application/n-triples') }]);
    try {
      const collector = await fetchEscoSparql({ endpointUrl: `${replay.url}/esco/sparql`, pageSize: 2, languages: ['en', 'fr'] });
      expect(collector.build('v1.1.1')).toEqual((await readRdfDump(sampleTtl, { languages: ['en', 'fr'] })).build('v1.1.1'));
      // This stand-in endpoint answers the whole sample whatever the OFFSET: each class's second page
      // brings nothing new, and the reader stops there instead of paging for ever.
      expect(replay.requests.map((r) => r.query.query!.match(/#(\w+)> } ORDER BY \?s LIMIT 2 OFFSET (\d+)/)!.slice(1).join(' '))).toEqual([
        'Occupation 0',
        'Occupation 2',
        'ISCOGroup 0',
        'ISCOGroup 2',
        'Skill 0',
        'Skill 2',
        'SkillGroup 0',
        'SkillGroup 2',
      ]);
      expect(replay.requests[0]!.headers.accept).toBe('application/n-triples, text/turtle');
    } finally {
      await replay.close();
    }
  });

  test('no endpoint, or an endpoint failing after retries, is a clear error', async () => {
    const saved = process.env.LMI_ESCO_SPARQL_URL;
    delete process.env.LMI_ESCO_SPARQL_URL;
    try {
      await expect(fetchEscoSparql({})).rejects.toMatchObject({ kind: 'input', message: expect.stringContaining('no SPARQL endpoint given') });
    } finally {
      if (saved !== undefined) process.env.LMI_ESCO_SPARQL_URL = saved;
    }
    const replay = await startReplay([{ path: '/sparql', replies: reply.status(400, 'Parse error: bad query') }]);
    try {
      await expect(fetchEscoSparql({ endpointUrl: `${replay.url}/sparql` })).rejects.toMatchObject({ kind: 'http_status', message: expect.stringContaining('HTTP 400: Parse error: bad query') });
    } finally {
      await replay.close();
    }
  });
});

describe('esco-rdf as a configured source', () => {
  test('needs exactly one of file or sparql; a file entry is one "esco" unit that loads the dump', async () => {
    expect(() => escoRdfSourceType.plan('esco', { type: 'esco-rdf', enabled: true })).toThrow(/^config source 'esco' \(esco-rdf\):.*give exactly one of "file" \(an RDF dump\) or "sparql"/s);
    expect(() => escoRdfSourceType.plan('esco', { type: 'esco-rdf', enabled: true, sparql: 'ftp://x' })).toThrow(/sparql: an http\(s\) URL/);
    const units = escoRdfSourceType.plan('esco', { type: 'esco-rdf', enabled: true, file: sampleTtl, languages: ['en'] });
    expect(units.map((u) => u.source)).toEqual(['esco']);
    const t = tempDb();
    try {
      const summary = await units[0]!.work({ db: t.db, log: silentLogger, trigger: 'schedule' });
      expect([summary.counts.occupations, summary.counts.languages, summary.upstreamVersion]).toEqual([3, 1, 'v1.1.1']);
    } finally {
      t.cleanup();
    }
  });
});
