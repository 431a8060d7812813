/**
 * The API and RDF readers at full ESCO scale, on the real v1.1.1 content: the shared CSV download is
 * parsed by the CSV reader, written out as ESCO-shaped N-Triples and as HAL+JSON answers, and read
 * back by the RDF and API readers. Every occupation, ISCO group, skill, skill group and relation
 * must come back as the CSV reader read it (3,007 occupations, 13,896 skills, 123,855 relations).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory, Writer, type Quad } from 'n3';
import { hierarchyFromGroups } from '../../ingest/esco-api/normalise.js';
import { parseEscoApi } from '../../ingest/esco-api/parse.js';
import { readRdfDump } from '../../ingest/esco-rdf/dump.js';
import { openEscoDownload } from '../../ingest/esco/fetch.js';
import type { ParsedEsco } from '../../data/esco-model.js';
import { parseEscoCsv } from '../../ingest/esco/parse.js';
import { describeWithFixtures, fixture, tempDir } from '../helpers.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const E = 'http://data.europa.eu/esco/';
const M = `${E}model#`;
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const DCT = 'http://purl.org/dc/terms/';
const typeIri = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** ParsedEsco as the ESCO RDF dump states it (labels, description nodes, notations, broader, relations). */
function toQuads(p: ParsedEsco): Quad[] {
  const out: Quad[] = [];
  const add = (s: string, pr: string, o: ReturnType<typeof namedNode> | ReturnType<typeof literal>) => out.push(quad(namedNode(s), namedNode(pr), o));
  const texts = (uri: string, byLang: ParsedEsco['occupations'][number]['texts']) => {
    for (const [lang, t] of Object.entries(byLang)) {
      add(uri, `${SKOS}prefLabel`, literal(t.preferredLabel, lang));
      for (const a of t.altLabels) add(uri, `${SKOS}altLabel`, literal(a, lang));
      for (const h of t.hiddenLabels) add(uri, `${SKOS}hiddenLabel`, literal(h, lang));
      for (const [field, pr] of [['description', `${DCT}description`], ['definition', `${SKOS}definition`], ['scopeNote', `${SKOS}scopeNote`]] as const) {
        const text = t[field];
        if (!text) continue;
        const node = blankNode();
        out.push(quad(namedNode(uri), namedNode(pr), node), quad(node, namedNode(`${M}nodeLiteral`), literal(text)), quad(node, namedNode(`${M}language`), literal(lang)));
      }
    }
  };
  const opt = (s: string, pr: string, v: string | null, asIri = false) => v && add(s, pr, asIri ? namedNode(v) : literal(v));
  for (const g of p.iscoGroups) {
    add(g.uri, typeIri, namedNode(`${M}ISCOGroup`));
    add(g.uri, `${SKOS}notation`, literal(g.code));
    opt(g.uri, 'http://purl.org/iso25964/skos-thes#status', g.status);
    texts(g.uri, g.texts);
  }
  for (const o of p.occupations) {
    add(o.uri, typeIri, namedNode(`${M}Occupation`));
    opt(o.uri, `${SKOS}notation`, o.code);
    opt(o.uri, 'http://purl.org/iso25964/skos-thes#status', o.status);
    opt(o.uri, `${DCT}modified`, o.modifiedDate);
    opt(o.uri, `${M}regulatedProfessionNote`, o.regulatedProfessionNote, true);
    texts(o.uri, o.texts);
  }
  for (const s of p.skills) {
    add(s.uri, typeIri, namedNode(`${M}Skill`));
    if (s.skillType) add(s.uri, `${M}skillType`, namedNode(`${E}skill-type/${s.skillType === 'knowledge' ? 'knowledge' : 'skill'}`));
    if (s.reuseLevel) add(s.uri, `${M}skillReuseLevel`, namedNode(`${E}skill-reuse-level/${s.reuseLevel}`));
    opt(s.uri, 'http://purl.org/iso25964/skos-thes#status', s.status);
    opt(s.uri, `${DCT}modified`, s.modifiedDate);
    texts(s.uri, s.texts);
  }
  for (const g of p.skillGroups) {
    add(g.uri, typeIri, namedNode(`${M}SkillGroup`));
    opt(g.uri, `${SKOS}notation`, g.code);
    opt(g.uri, 'http://purl.org/iso25964/skos-thes#status', g.status);
    texts(g.uri, g.texts);
  }
  for (const b of p.broader) add(b.conceptUri, `${SKOS}broader`, namedNode(b.broaderUri));
  for (const r of p.occupationSkills) add(r.occupationUri, `${M}related${r.relationType === 'essential' ? 'Essential' : 'Optional'}Skill`, namedNode(r.skillUri));
  for (const r of p.skillSkillRelations) add(r.originalSkillUri, `${M}related${r.relationType === 'essential' ? 'Essential' : 'Optional'}Skill`, namedNode(r.relatedSkillUri));
  return out;
}

/**
 * The parts both readers must agree on. Rows about concepts the download does not list (the CSV's
 * relation files name a few occupations absent from occupations_en.csv) are left out: an RDF or API
 * reader only sees relations of concepts it has (see the first test).
 */
function comparable(p: ParsedEsco) {
  const known = new Set([...p.occupations, ...p.iscoGroups, ...p.skills, ...p.skillGroups].map((c) => c.uri));
  const key = (o: object) => JSON.stringify(o);
  const sorted = <T extends object>(xs: T[]) => [...new Set(xs.map(key))].sort();
  return {
    occupations: sorted(p.occupations),
    iscoGroups: sorted(p.iscoGroups),
    skills: sorted(p.skills),
    skillGroups: sorted(p.skillGroups),
    occupationSkills: sorted(p.occupationSkills.filter((r) => known.has(r.occupationUri))),
    skillSkillRelations: sorted(p.skillSkillRelations.filter((r) => known.has(r.originalSkillUri))),
    broader: sorted(p.broader.filter((b) => known.has(b.conceptUri))),
  };
}

describeWithFixtures('ESCO v1.1.1 through the RDF and API readers (full scale)', () => {
  let csv: ParsedEsco;
  // Parsing the whole download takes some 30 s on a busy 2-core machine.
  beforeAll(async () => {
    const download = await openEscoDownload(fixture('esco', 'v1.1.1'));
    try {
      csv = await parseEscoCsv(download, { languages: ['en'] });
    } finally {
      await download.close();
    }
  }, 180_000);
  test('the skills hierarchy derived from the skill groups matches the CSV skillsHierarchy for all 640 groups', () => {
    const key = (h: { uri: string; level: number; code: string | null; parentUri: string | null }) => JSON.stringify([h.uri, h.level, h.code, h.parentUri]);
    const real = new Set(csv.skillsHierarchy!.map(key));
    const derived = hierarchyFromGroups(csv.skillGroups, csv.broader).map(key);
    expect(derived).toHaveLength(640);
    expect(derived.filter((d) => !real.has(d))).toEqual([]);
    // The CSV file has 7 more nodes that skillGroups_en.csv does not list as groups.
    const groups = new Set(csv.skillGroups.map((g) => g.uri));
    expect(csv.skillsHierarchy!.filter((h) => !groups.has(h.uri)).map((h) => h.code).sort()).toEqual(['S3.4.3', 'S4.4.1', 'S6.8', 'S6.8.0', 'S6.8.1', 'S6.8.2', 'S7.1.3']);
  });

  test('the CSV relation files name occupations the download does not list (left out of the comparison)', () => {
    const known = new Set(csv.occupations.map((o) => o.uri));
    const orphans = new Set([...csv.broader.filter((b) => b.conceptType === 'Occupation'), ...csv.occupationSkills.map((r) => ({ conceptUri: r.occupationUri }))].map((b) => b.conceptUri).filter((u) => !known.has(u)));
    // An RDF or API reader has no triples / no resource for these, so it cannot keep their rows.
    expect([...orphans]).toEqual(expect.arrayContaining(['http://data.europa.eu/esco/occupation/a9e54177-a185-404d-b6e6-15663d31137e']));
    expect([csv.occupations.length, csv.skills.length, csv.occupationSkills.length]).toEqual([3007, 13896, 123855]);
  });

  test('written as N-Triples and streamed back, every concept and relation is as the CSV reader read it', async () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 'esco-v1.1.1.nt');
      const writer = new Writer({ format: 'N-Triples' });
      writer.addQuads(toQuads(csv));
      const text = await new Promise<string>((ok, fail) => writer.end((err, result) => (err ? fail(err) : ok(result))));
      writeFileSync(file, text);
      const rdf = (await readRdfDump(file, { languages: ['en'] })).build('v1.1.1');
      const a = comparable(rdf);
      const b = comparable(csv);
      for (const k of Object.keys(b) as (keyof typeof b)[]) expect({ k, n: a[k].length, rows: a[k] }).toEqual({ k, n: b[k].length, rows: b[k] });
      expect(rdf.occupations.find((o) => o.texts.en?.preferredLabel === 'specialist nurse')).toMatchObject({ code: '2221.3', iscoGroup: '2221' });
    } finally {
      t.cleanup();
    }
  }, 120_000);

  test('served as HAL+JSON answers, the API parser reads every concept and relation as the CSV reader did', () => {
    const known = new Set(csv.occupations.map((o) => o.uri));
    const link = (uri: string, extra: object = {}) => ({ href: `https://ec.europa.eu/esco/api/resource/concept?uri=${encodeURIComponent(uri)}`, uri, ...extra });
    const lit = (v: string | null | undefined) => (v ? { en: { literal: v, mimetype: 'plain/text' } } : undefined);
    const base = (c: { uri: string; status: string | null; texts: ParsedEsco['occupations'][number]['texts'] }) => {
      const en = c.texts.en!;
      return { uri: c.uri, status: c.status, preferredLabel: { en: en.preferredLabel }, alternativeLabel: { en: en.altLabels }, hiddenLabel: { en: en.hiddenLabels }, description: lit(en.description), definition: lit(en.definition), scopeNote: lit(en.scopeNote) };
    };
    const byConcept = new Map<string, typeof csv.broader>();
    for (const b of csv.broader) byConcept.set(b.conceptUri, [...(byConcept.get(b.conceptUri) ?? []), b]);
    const relsByOcc = new Map<string, typeof csv.occupationSkills>();
    for (const r of csv.occupationSkills) relsByOcc.set(r.occupationUri, [...(relsByOcc.get(r.occupationUri) ?? []), r]);
    const ssBySkill = new Map<string, typeof csv.skillSkillRelations>();
    for (const r of csv.skillSkillRelations) ssBySkill.set(r.originalSkillUri, [...(ssBySkill.get(r.originalSkillUri) ?? []), r]);
    const walk = {
      version: 'v1.1.1',
      languages: ['en'],
      iscoGroups: csv.iscoGroups.map((g) => ({ ...base(g), className: 'Concept', code: g.code, _links: { broaderConcept: (byConcept.get(g.uri) ?? []).map((b) => link(b.broaderUri)) } })),
      occupations: csv.occupations.map((o) => {
        const up = byConcept.get(o.uri) ?? [];
        const rels = relsByOcc.get(o.uri) ?? [];
        const skillLinks = (type: string) => rels.filter((r) => r.relationType === type).map((r) => link(r.skillUri, { skillType: r.skillType ? `${E}skill-type/${r.skillType === 'knowledge' ? 'knowledge' : 'skill'}` : null }));
        return {
          ...base(o),
          className: 'Occupation',
          code: o.code,
          modifiedDate: o.modifiedDate,
          _links: {
            regulatedProfessionNote: o.regulatedProfessionNote ? [link(o.regulatedProfessionNote)] : [],
            broaderIscoGroup: o.iscoGroup ? [link(`${E}isco/C${o.iscoGroup}`, { code: o.iscoGroup })] : [],
            broaderOccupation: up.filter((b) => b.broaderType === 'Occupation').map((b) => link(b.broaderUri)),
            hasEssentialSkill: skillLinks('essential'),
            hasOptionalSkill: skillLinks('optional'),
          },
        };
      }),
      skillGroups: csv.skillGroups.map((g) => ({ ...base(g), className: 'Concept', code: g.code, _links: { broaderConcept: (byConcept.get(g.uri) ?? []).map((b) => link(b.broaderUri)) } })),
      skills: csv.skills.map((s) => {
        const up = byConcept.get(s.uri) ?? [];
        const ss = ssBySkill.get(s.uri) ?? [];
        return {
          ...base(s),
          className: 'Skill',
          modifiedDate: s.modifiedDate,
          _links: {
            hasSkillType: s.skillType ? [link(`${E}skill-type/${s.skillType === 'knowledge' ? 'knowledge' : 'skill'}`)] : [],
            hasReuseLevel: s.reuseLevel ? [link(`${E}skill-reuse-level/${s.reuseLevel}`)] : [],
            broaderHierarchyConcept: up.filter((b) => b.broaderType === 'SkillGroup').map((b) => link(b.broaderUri)),
            broaderSkill: up.filter((b) => b.broaderType !== 'SkillGroup').map((b) => link(b.broaderUri)),
            hasEssentialSkill: ss.filter((r) => r.relationType === 'essential').map((r) => link(r.relatedSkillUri)),
            hasOptionalSkill: ss.filter((r) => r.relationType === 'optional').map((r) => link(r.relatedSkillUri)),
          },
        };
      }),
    };
    const api = parseEscoApi(walk);
    const a = comparable(api);
    const b = comparable(csv);
    for (const k of Object.keys(b) as (keyof typeof b)[]) expect({ k, n: a[k].length, rows: a[k] }).toEqual({ k, n: b[k].length, rows: b[k] });
    expect(known.size).toBe(3007);
  }, 120_000);
});
