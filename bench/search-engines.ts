/**
 * The search design comparison of docs/esco.md ("Search"): the engine of server/search/ beside
 * MiniSearch (fuzzy + prefix, AND) and FlexSearch (forward tokenizer, LatinBalance encoder, suggest)
 * over the same ESCO occupation labels (preferred, alternative, hidden; English), measured on the
 * relevance set of bench/relevance-set.ts: build time, heap after build, time per query, and the
 * share of queries whose occupation is found. Also the heap of the server's indexes (occupations and
 * skills) for English and for a second language.
 *
 * Run as a child with --expose-gc by bench/esco.ts (`npm run bench -- esco`), or alone:
 * `node --expose-gc dist/bench/search-engines.js DB`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { foldedWords } from '../data/fold.js';
import { LabelIndex, type IndexLabel, type LabelKind } from '../server/search/label-index.js';
import { languageRules } from '../server/search/language.js';
import { relevanceSet, type CaseKind, type RelevanceCase } from './relevance-set.js';
import { quantile } from './util.js';

interface Engine {
  name: string;
  build(): (query: string, top: number) => number[];
}

const heapMb = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  // Typed arrays live outside the JS heap: count them too.
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
};

/** The concepts of the first `top` distinct hits, in order. */
function firstConcepts(labelConcepts: number[], ids: Iterable<number>, top: number): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const c = labelConcepts[id]!;
    if (!out.includes(c)) out.push(c);
    if (out.length === top) break;
  }
  return out;
}

function engines(uris: string[], labels: IndexLabel[]): Engine[] {
  const labelConcepts = labels.map((l) => l.concept);
  const kindBoost: Record<LabelKind, number> = { preferred: 3, alt: 2, hidden: 1 };
  return [
    {
      name: 'own (server/search)',
      build() {
        const index = new LabelIndex(uris, labels, languageRules('en'));
        return (q, top) => index.search(q, top, 0).hits.map((h) => h.concept);
      },
    },
    {
      name: 'MiniSearch 7 (fuzzy 0.2, prefix, AND)',
      build() {
        const mini = new MiniSearch<{ id: number; label: string }>({ fields: ['label'], tokenize: (text) => foldedWords(text), processTerm: (t) => t });
        mini.addAll(labels.map((l, id) => ({ id, label: l.label })));
        return (q, top) =>
          firstConcepts(
            labelConcepts,
            mini.search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND', boostDocument: (id) => kindBoost[labels[id as number]!.kind] }).map((r) => r.id as number),
            top,
          );
      },
    },
    {
      name: 'FlexSearch 0.8 (forward, LatinBalance, suggest)',
      build() {
        const flex = new FlexSearch.Index({ tokenize: 'forward', encoder: FlexSearch.Charset.LatinBalance });
        labels.forEach((l, id) => flex.add(id, l.label));
        return (q, top) => firstConcepts(labelConcepts, flex.search(q, { limit: 200, suggest: true }) as number[], top);
      },
    },
  ];
}

const TOPS: Record<CaseKind, number> = { exact: 1, typo: 5, twoTypos: 5, firstLetterTypo: 10, plural: 3, typing: 20 };

export function compareEngines(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  const docs = db.prepare(`SELECT o.uri, t.preferred_label AS label FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = 'en' ORDER BY o.uri`).all() as { uri: string; label: string | null }[];
  const position = new Map(docs.map((d, i) => [d.uri, i]));
  const rows = db.prepare(`SELECT l.concept_uri AS uri, l.kind, l.label FROM esco_labels l JOIN esco_occupations o ON o.uri = l.concept_uri WHERE l.lang = 'en'`).all() as { uri: string; kind: LabelKind; label: string }[];
  const labels = rows.map((r) => ({ concept: position.get(r.uri)!, kind: r.kind, label: r.label }));
  const set = relevanceSet(docs.map((d) => d.label), 7, 1);
  const all: [CaseKind, RelevanceCase][] = Object.entries(set).flatMap(([kind, cases]) => cases.map((c): [CaseKind, RelevanceCase] => [kind as CaseKind, c]));
  const out: string[] = [
    `search engines on ${labels.length.toLocaleString('en')} English occupation labels, ${all.length} relevance-set queries (found = target in the first ${Object.entries(TOPS).map(([k, n]) => `${n} for ${k}`).join(', ')})`,
  ];
  const kinds = Object.keys(set) as CaseKind[];
  out.push(['engine', 'build ms', 'heap MB', 'mean µs/query', 'p99 µs', ...kinds.map((k) => `${k} found`)].join(' | '));
  for (const engine of engines(docs.map((d) => d.uri), labels)) {
    const before = heapMb();
    const t0 = performance.now();
    const search = engine.build();
    const buildMs = performance.now() - t0;
    const heap = heapMb() - before;
    for (const [, c] of all.slice(0, 200)) search(c.query, 20); // warm-up
    const times: number[] = [];
    const found = new Map<CaseKind, number>();
    for (const [kind, c] of all) {
      const s = performance.now();
      const hits = search(c.query, TOPS[kind]);
      times.push((performance.now() - s) * 1000);
      if (hits.includes(c.target)) found.set(kind, (found.get(kind) ?? 0) + 1);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    out.push(
      [engine.name, buildMs.toFixed(0), heap.toFixed(1), mean.toFixed(0), quantile(times, 0.99).toFixed(0), ...kinds.map((k) => `${((100 * (found.get(k) ?? 0)) / set[k].length).toFixed(1)}%`)].join(' | '),
    );
  }
  db.close();
  return out;
}

/**
 * Heap of the server's indexes, occupations and skills: English, then English plus a second language.
 * The shared fixtures hold ESCO in English only, so the second language is the same labels indexed
 * again under French rules (ESCO's languages have about as many labels each).
 */
export function indexMemory(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  const read = (table: string) => {
    const docs = db.prepare(`SELECT uri FROM ${table} ORDER BY uri`).pluck().all() as string[];
    const position = new Map(docs.map((d, i) => [d, i]));
    const rows = db.prepare(`SELECT l.concept_uri AS uri, l.kind, l.label FROM esco_labels l JOIN ${table} c ON c.uri = l.concept_uri WHERE l.lang = 'en'`).all() as { uri: string; kind: LabelKind; label: string }[];
    return { docs, labels: rows.map((r) => ({ concept: position.get(r.uri)!, kind: r.kind, label: r.label })) };
  };
  const occupations = read('esco_occupations');
  const skills = read('esco_skills');
  db.close();
  const kept: LabelIndex[] = [];
  const base = heapMb();
  for (const c of [occupations, skills]) kept.push(new LabelIndex(c.docs, c.labels, languageRules('en')));
  const en = heapMb() - base;
  for (const c of [occupations, skills]) kept.push(new LabelIndex(c.docs, c.labels, languageRules('fr')));
  const two = heapMb() - base;
  return `${en.toFixed(1)} MB for en (occupations + skills), ${two.toFixed(1)} MB for en + a second language (${kept.length} indexes)`;
}

// `node --expose-gc dist/bench/search-engines.js DB` prints both.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const db = process.argv[2];
  if (!db) throw new Error('usage: search-engines.js DB');
  if (process.argv[3] === '--memory') console.log(indexMemory(db));
  else for (const line of compareEngines(db)) console.log(line);
}
