/**
 * The tables of a label index (./label-index.ts), built once from the labels: one entry per folded
 * label of a concept (its strongest kind), in label order then URI; a sorted vocabulary of folded
 * label words with posting lists (typed arrays, entry ids per word); each entry's words as term ids;
 * and a stem -> terms map for inflections. Searching reads them and never changes them.
 */
import { foldedWords } from '../../data/fold.js';
import type { LanguageRules } from './language.js';

import type { EscoLabelKind } from '../../data/esco-model.js';

export type LabelKind = EscoLabelKind;

export interface IndexLabel {
  /** Index of the concept in the caller's list. */
  concept: number;
  kind: LabelKind;
  label: string;
}

/** The rank key is one float (./label-index.ts): an entry's id is its last six digits. */
export const MAX_ENTRIES = 1_000_000;

export const KIND_ORDER: Record<LabelKind, number> = { preferred: 0, alt: 1, hidden: 2 };

interface Entry {
  concept: number;
  kind: LabelKind;
  label: string;
  norm: string;
  words: string[];
  order: string;
}

export interface LabelTables {
  /** Distinct folded label words, sorted. */
  terms: string[];
  /** Entries of term t: postings[postingStart[t] .. postingStart[t + 1]). */
  postingStart: Int32Array;
  postings: Int32Array;
  /** Terms by their stem (empty where the language has no stemmer). */
  termsByStem: Map<string, number[]>;
  entryConcept: Int32Array;
  entryKind: LabelKind[];
  entryLabel: string[];
  /** The folded label, words joined by one space. */
  entryNorm: string[];
  /** Terms of entry e: entryTerms[entryTermStart[e] .. entryTermStart[e + 1]), in label order. */
  entryTermStart: Int32Array;
  entryTerms: Int32Array;
}

/**
 * @param conceptKeys one string per concept that breaks ties between equal labels (the URI)
 * @param labels every label; repeats of a folded label within a concept keep the strongest kind
 */
export function buildLabelTables(conceptKeys: readonly string[], labels: readonly IndexLabel[], rules: LanguageRules): LabelTables {
  // One entry per folded label of a concept, with its strongest kind (ESCO repeats the preferred
  // label among the alternatives, and "nurse-specialist" folds like "nurse specialist").
  const strongest = new Map<string, Entry>();
  for (const l of labels) {
    const words = foldedWords(l.label);
    if (words.length === 0) continue;
    const norm = words.join(' ');
    const key = `${l.concept}\u0000${norm}`;
    const prev = strongest.get(key);
    if (!prev) strongest.set(key, { concept: l.concept, kind: l.kind, label: l.label, norm, words, order: '' });
    else if (KIND_ORDER[l.kind] < KIND_ORDER[prev.kind]) {
      prev.kind = l.kind;
      prev.label = l.label;
    }
  }
  // Label order, then URI (the SQL search's tie-break), by one string sort without a comparator.
  const entries = [...strongest.values()];
  for (const e of entries) e.order = `${e.label}\u0000${conceptKeys[e.concept]!}\u0000`;
  const byOrder = new Map(entries.map((e) => [e.order, e]));
  entries.length = 0;
  for (const order of [...byOrder.keys()].sort()) entries.push(byOrder.get(order)!);
  if (entries.length >= MAX_ENTRIES) throw new Error(`search index: ${entries.length} labels exceed the ${MAX_ENTRIES} the rank key holds`);

  // Words get ids in order of first sight, one pass; sorted afterwards, with the ids remapped.
  const n = entries.length;
  const firstSeen = new Map<string, number>();
  const postingLists: number[][] = [];
  const entryTermStart = new Int32Array(n + 1);
  const wordIds: number[] = [];
  entries.forEach((e, id) => {
    entryTermStart[id] = wordIds.length;
    for (const w of e.words) {
      let t = firstSeen.get(w);
      if (t === undefined) {
        t = postingLists.length;
        firstSeen.set(w, t);
        postingLists.push([]);
      }
      wordIds.push(t);
      const list = postingLists[t]!;
      if (list[list.length - 1] !== id) list.push(id); // a word twice in one label is one posting
    }
  });
  entryTermStart[n] = wordIds.length;
  const terms = [...firstSeen.keys()].sort();
  const finalId = new Int32Array(terms.length);
  terms.forEach((t, i) => (finalId[firstSeen.get(t)!] = i));
  const entryTerms = Int32Array.from(wordIds, (t) => finalId[t]!);
  const postingStart = new Int32Array(terms.length + 1);
  let total = 0;
  terms.forEach((t, i) => {
    postingStart[i] = total;
    total += postingLists[firstSeen.get(t)!]!.length;
  });
  postingStart[terms.length] = total;
  const postings = new Int32Array(total);
  terms.forEach((t, i) => postings.set(postingLists[firstSeen.get(t)!]!, postingStart[i]!));
  const termsByStem = new Map<string, number[]>();
  if (rules.hasStemmer) {
    terms.forEach((t, i) => {
      const s = rules.stem(t);
      const list = termsByStem.get(s);
      if (list) list.push(i);
      else termsByStem.set(s, [i]);
    });
  }

  const entryConcept = Int32Array.from(entries, (e) => e.concept);
  const entryKind = entries.map((e) => e.kind);
  const entryLabel = entries.map((e) => e.label);
  const entryNorm = entries.map((e) => e.norm);
  return { terms, postingStart, postings, termsByStem, entryConcept, entryKind, entryLabel, entryNorm, entryTermStart, entryTerms };
}
