/**
 * Why the RDF dump is streamed: time and peak memory of reading a generated ESCO-sized Turtle dump
 * (a) through n3's StreamParser into the collector (what `lmi ingest esco-rdf --file` does), with
 * every language and with `--lang en`, (b) into an n3 in-memory Store first, as an rdflib-style "load the graph, then query it" reader
 * would, and (c) the same dump as RDF/XML (`.rdf`) through rdfxml-streaming-parser into the collector.
 * Each runs in its own process so peak RSS is its own.
 *
 *   npm run build && node dist/bench/esco-rdf-dump.js [--languages 8] [--keep]
 *
 * The dump is synthetic but shaped like ESCO's: 619 ISCO groups, 3,007 occupations, 13,896 skills,
 * 640 skill groups, 123,855 occupation-skill relations, labels, alternative labels and description
 * nodes in N languages (the real dump has 28 languages and about 6.5 million triples).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store, StreamParser } from 'n3';
import { readRdfDump } from '../ingest/esco-rdf/dump.js';

const E = 'http://data.europa.eu/esco/';
const LANGS = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pl', 'pt', 'sv', 'fi', 'da', 'cs', 'sk', 'sl', 'hr', 'hu', 'ro', 'bg', 'el', 'et', 'lv', 'lt', 'mt', 'ga', 'is', 'no', 'uk', 'ar'];

const uuid = (kind: string, i: number) => `${kind}/${i.toString(16).padStart(8, '0')}-0000-4000-8000-${(i * 7919).toString(16).padStart(12, '0').slice(-12)}`;

async function generate(path: string, nLangs: number): Promise<number> {
  const out = createWriteStream(path);
  let triples = 0;
  const write = (s: string, n: number) => {
    triples += n;
    return out.write(s) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', () => ok()));
  };
  const langs = LANGS.slice(0, nLangs);
  const texts = (label: string, alts: number) => {
    let s = '';
    let n = 0;
    for (const l of langs) {
      s += ` ;\n  skos:prefLabel "${label} ${l}"@${l}`;
      n++;
      for (let a = 0; a < alts; a++) {
        s += ` ;\n  skos:altLabel "${label} variant ${a} ${l}"@${l}`;
        n++;
      }
      s += ` ;\n  dcterms:description [ esco:language "${l}" ; esco:nodeLiteral "A description of ${label} in ${l}, long enough to be realistic: it says what the work involves and where it is done." ]`;
      n += 3;
    }
    return { s, n };
  };
  await write(
    '@prefix esco: <http://data.europa.eu/esco/model#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n@prefix iso-thes: <http://purl.org/iso25964/skos-thes#> .\n@base <http://data.europa.eu/esco/> .\n',
    0,
  );
  const isco: string[] = [];
  for (let i = 0; i < 619; i++) {
    const code = String(1000 + i);
    isco.push(code);
    const t = texts(`ISCO group ${code}`, 0);
    await write(`<isco/C${code}> a esco:ISCOGroup ; skos:notation "${code}" ; iso-thes:status "released"${t.s} .\n`, 3 + t.n);
  }
  for (let i = 0; i < 640; i++) {
    const t = texts(`skill group ${i}`, 0);
    await write(`<${uuid('skill', 900_000 + i)}> a esco:SkillGroup ; skos:notation "S${i}" ; iso-thes:status "released"${i ? ` ; skos:broader <${uuid('skill', 900_000 + Math.floor(i / 4))}>` : ''}${t.s} .\n`, 3 + (i ? 1 : 0) + t.n);
  }
  for (let i = 0; i < 13_896; i++) {
    const t = texts(`skill ${i}`, 3);
    await write(
      `<${uuid('skill', i)}> a esco:Skill ; esco:skillType <skill-type/${i % 3 ? 'skill' : 'knowledge'}> ; esco:skillReuseLevel <skill-reuse-level/sector-specific> ; iso-thes:status "released" ; skos:broader <${uuid('skill', 900_000 + (i % 640))}>${t.s} .\n`,
      5 + t.n,
    );
  }
  let relations = 0;
  for (let i = 0; i < 3_007; i++) {
    const t = texts(`occupation ${i}`, 5);
    let rel = '';
    // 123,855 relations over 3,007 occupations: 41 each, and a few 42.
    const n = 41 + (i < 123_855 - 41 * 3_007 ? 1 : 0);
    for (let k = 0; k < n; k++) rel += ` ;\n  esco:${k % 2 ? 'relatedOptionalSkill' : 'relatedEssentialSkill'} <${uuid('skill', (i * 97 + k * 131) % 13_896)}>`;
    relations += n;
    await write(
      `<${uuid('occupation', i)}> a esco:Occupation ; skos:notation "${isco[i % 619]}.${i}" ; iso-thes:status "released" ; skos:broader <isco/C${isco[i % 619]}>${t.s}${rel} .\n`,
      4 + t.n + n,
    );
  }
  await new Promise<void>((ok) => out.end(ok));
  void relations;
  return triples;
}

const xmlEscape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The Turtle dump re-written as RDF/XML, streamed: one rdf:Description per run of triples of a subject. */
async function toRdfXml(ttl: string, rdf: string): Promise<void> {
  const out = createWriteStream(rdf);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', () => ok())));
  const ns = new Map<string, string>([
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
    ['http://data.europa.eu/esco/model#', 'esco'],
    ['http://www.w3.org/2004/02/skos/core#', 'skos'],
    ['http://purl.org/dc/terms/', 'dcterms'],
    ['http://purl.org/iso25964/skos-thes#', 'isothes'],
  ]);
  const qname = (iri: string) => {
    const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1;
    const prefix = ns.get(iri.slice(0, cut));
    if (!prefix) throw new Error(`no prefix for ${iri}`);
    return `${prefix}:${iri.slice(cut)}`;
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF${[...ns].map(([iri, p]) => ` xmlns:${p}="${iri}"`).join('')}>\n`);
  const parser = new StreamParser({ format: 'text/turtle' });
  createReadStream(ttl).pipe(parser);
  let subject = '';
  for await (const q of parser as AsyncIterable<import('n3').Quad>) {
    const s = q.subject.termType === 'BlankNode' ? `rdf:nodeID="${q.subject.value}"` : `rdf:about="${xmlEscape(q.subject.value)}"`;
    if (s !== subject) await write(`${subject ? '</rdf:Description>\n' : ''}<rdf:Description ${(subject = s)}>`);
    const p = qname(q.predicate.value);
    const o = q.object;
    if (o.termType === 'NamedNode') await write(`<${p} rdf:resource="${xmlEscape(o.value)}"/>`);
    else if (o.termType === 'BlankNode') await write(`<${p} rdf:nodeID="${o.value}"/>`);
    else await write(`<${p}${o.termType === 'Literal' && o.language ? ` xml:lang="${o.language}"` : ''}>${xmlEscape(o.value)}</${p}>`);
  }
  await write(`${subject ? '</rdf:Description>\n' : ''}</rdf:RDF>\n`);
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
}

/** Child process: read the dump one way, print seconds and peak RSS (MB) as JSON. */
async function measure(mode: string, path: string): Promise<void> {
  const started = process.hrtime.bigint();
  let detail = '';
  if (mode === 'stream' || mode === 'stream-en' || mode === 'rdfxml-en') {
    const c = await readRdfDump(path, mode.endsWith('-en') ? { languages: ['en'] } : {});
    const parsed = c.build(null);
    detail = `${parsed.occupations.length} occupations, ${parsed.occupationSkills.length} relations, ${c.triples} triples`;
  } else {
    const store = new Store();
    const parser = new StreamParser({ format: 'text/turtle' });
    createReadStream(path).pipe(parser);
    for await (const q of parser as AsyncIterable<import('n3').Quad>) store.addQuad(q);
    detail = `${store.size} triples in the store`;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ mode, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, detail }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measure(args[1]!, args[2]!);
  const langIdx = args.indexOf('--languages');
  const nLangs = Math.min(LANGS.length, Math.max(1, langIdx >= 0 ? Number(args[langIdx + 1]) : 8));
  const dir = mkdtempSync(join(tmpdir(), 'lmi-esco-rdf-bench-'));
  const path = join(dir, 'esco-synthetic.ttl');
  try {
    const t0 = Date.now();
    const triples = await generate(path, nLangs);
    console.log(`generated ${path}: ${triples.toLocaleString('en')} triples, ${(statSync(path).size / 1e6).toFixed(0)} MB, ${nLangs} languages (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const rdf = join(dir, 'esco-synthetic.rdf');
    await toRdfXml(path, rdf);
    console.log(`the same as RDF/XML: ${rdf}, ${(statSync(rdf).size / 1e6).toFixed(0)} MB`);
    const self = fileURLToPath(import.meta.url);
    const names: Record<string, string> = {
      stream: 'n3 stream -> collector, all languages (lmi)',
      'stream-en': 'n3 stream -> collector, --lang en (lmi)',
      store: 'n3 in-memory Store, no processing (reference)',
      'rdfxml-en': 'RDF/XML: rdfxml-streaming-parser -> collector, --lang en (lmi)',
    };
    for (const mode of Object.keys(names)) {
      const file = mode.startsWith('rdfxml') ? rdf : path;
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--measure', mode, file], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.log(`${mode}: failed (${r.stderr.trim().split('\n').slice(-1)[0]})`);
        continue;
      }
      const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; peakRssMb: number; detail: string };
      console.log(`${names[mode]}: ${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB (${m.detail})`);
    }
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
