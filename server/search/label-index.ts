/**
 * An in-memory search index over the labels of one kind of ESCO concept (occupations or skills) in one
 * language, built from the database by ./esco-indexes.ts. It answers "which concepts have a label
 * matching these words", ranked, in well under a millisecond for the queries an adviser types
 * (measured in `npm run bench -- esco`; the design comparison is in docs/esco.md, "Search"). Its
 * tables (vocabulary, postings, entries) are built by ./label-tables.ts; this module searches them.
 *
 * Matching, per query word (folded with data/fold.ts, as the labels are):
 * - the word exactly, and the last word (the one being typed) also as the start of a label word;
 * - an inflection: label words with the same Snowball stem ("nurses" finds "nurse", "nurse" finds "nurses");
 * - only when that finds nothing: typos, 1 edit in words of 5+ letters and 2 in words of 9+
 *   (./edit-distance.ts), the last word also as a prefix with the same tolerance;
 * - still nothing: the closest labels, allowing one more typo in shorter words, any word as the start
 *   of a label word ("nur spec"), and labels missing some of the words (at most half).
 * The last two are answered as `fuzzy`, with the query as corrected (the page says "Showing results
 * for …"). Stop words ("at", "of", "de") are optional unless the query has nothing else.
 *
 * Ranking, most important first: fewer missing words; fewer typos; fewer loose inflections (same stem,
 * other ending: "operations" for "operators"); the label tier (preferred label equal to the query,
 * preferred label starting with it, alternative label equal to it, other preferred label, alternative
 * label starting with it, other alternative label, hidden label); fewer close inflections ("nurse" for "nurses"); fewer prefix-only words;
 * fewer optional words missing; the shorter label; then label and URI, as the SQL search ordered.
 * A concept is ranked by its best label, which the answer shows as `matchedLabel`.
 */
import { foldedWords } from '../../data/fold.js';
import { OneEditIndex, lowerBound, typoBudget } from './edit-distance.js';
import { LetterScan } from './letter-scan.js';
import { walkTypos } from './typo-walk.js';
import { buildLabelTables, MAX_ENTRIES, type IndexLabel, type LabelKind } from './label-tables.js';
import type { LanguageRules } from './language.js';

export type { IndexLabel, LabelKind } from './label-tables.js';

export interface SearchHit {
  concept: number;
  /** The label that matched; null for a hidden label (a misspelling ESCO keeps for search only). */
  matchedLabel: string | null;
}

export interface SearchAnswer {
  hits: SearchHit[];
  total: number;
  /** True when nothing matched the words as typed and these are the closest labels (typos corrected, words dropped). */
  fuzzy: boolean;
  /** With `fuzzy`: the query as the best result reads it ("dividend analyst" for "dividend ajalyst"). */
  correctedQuery: string | null;
}

/** Words beyond this many are ignored: no label has more, and each word costs a pass over its matches. */
export const MAX_QUERY_WORDS = 16;

/** Tier by kind and by how the label compares with the query (equal, starts with it, other). */
const TIER: Record<LabelKind, readonly [number, number, number]> = { preferred: [0, 1, 3], alt: [2, 4, 5], hidden: [6, 6, 6] };
// How a label word matched a query word; candidates are visited in this order, so the first match of
// a word in a label is its best one.
const EXACT = 0;
const PREFIX = 1;
const NEAR_STEM = 2;
const FAR_STEM = 3;
const TYPO = 4; // TYPO + distance - 1

// The rank key is one float: each criterion a decimal digit (two for none, three for length), the
// entry's rank in label order last (MAX_ENTRIES, ./label-tables.ts).
const digit = (n: number) => Math.min(n, 9);

interface Pass {
  /** Typo budget of a query word, 0 for none. */
  budget: (word: string) => number;
  requireAll: boolean;
}
const EXACT_PASS: Pass = { budget: () => 0, requireAll: true };
/** Typos one at a time: a second typo is tried only when one finds nothing (results with fewer typos rank first anyway). */
const ONE_TYPO_PASS: Pass = { budget: (w) => Math.min(typoBudget(w), 1), requireAll: true };
const TYPO_PASS: Pass = { budget: typoBudget, requireAll: true };
/** The last resort: one more typo in short words, and labels that match only some of the words. */
const CLOSEST_PASS: Pass = { budget: (w) => (w.length >= 6 ? 2 : w.length >= 3 ? 1 : 0), requireAll: false };

interface QueryWord {
  text: string;
  optional: boolean;
  /** Candidate vocabulary terms with how they match, best first. */
  terms: number[];
  codes: number[];
}

export class LabelIndex {
  private readonly terms: string[];
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly termsByStem: Map<string, number[]>;
  /** Built on the first whole-word typo lookup: an index that never meets a typo does not pay for it. */
  private oneEditIndex: OneEditIndex | undefined;
  /** Built on the first two-typo lookup, likewise. */
  private letterScan: LetterScan | undefined;
  private readonly entryConcept: Int32Array;
  private readonly entryKind: LabelKind[];
  private readonly entryLabel: string[];
  private readonly entryNorm: string[];
  private readonly entryTermStart: Int32Array;
  private readonly entryTerms: Int32Array;
  private readonly entryStemNorm: (string | undefined)[];
  // Scratch arrays of one search (the server is single-threaded), reset by epoch stamps, not by clearing.
  private epoch = 0;
  private readonly stamp: Int32Array;
  private readonly wordMark: Int32Array;
  private readonly matched: Uint8Array;
  private readonly typos: Uint8Array;
  private readonly farStems: Uint8Array;
  private readonly nearStems: Uint8Array;
  private readonly prefixes: Uint8Array;
  private readonly optionalHits: Uint8Array;
  private readonly conceptStamp: Int32Array;
  private readonly conceptBest: Float64Array;

  /**
   * @param conceptKeys one string per concept that breaks ties between equal labels (the URI)
   * @param labels every label; repeats of a folded label within a concept keep the strongest kind
   */
  constructor(conceptKeys: readonly string[], labels: readonly IndexLabel[], private readonly rules: LanguageRules) {
    const t = buildLabelTables(conceptKeys, labels, rules);
    this.terms = t.terms;
    this.postingStart = t.postingStart;
    this.postings = t.postings;
    this.termsByStem = t.termsByStem;
    this.entryConcept = t.entryConcept;
    this.entryKind = t.entryKind;
    this.entryLabel = t.entryLabel;
    this.entryNorm = t.entryNorm;
    this.entryTermStart = t.entryTermStart;
    this.entryTerms = t.entryTerms;
    const n = t.entryLabel.length;
    this.entryStemNorm = new Array<string | undefined>(n);

    this.stamp = new Int32Array(n);
    this.wordMark = new Int32Array(n);
    this.matched = new Uint8Array(n);
    this.typos = new Uint8Array(n);
    this.farStems = new Uint8Array(n);
    this.nearStems = new Uint8Array(n);
    this.prefixes = new Uint8Array(n);
    this.optionalHits = new Uint8Array(n);
    this.conceptStamp = new Int32Array(conceptKeys.length);
    this.conceptBest = new Float64Array(conceptKeys.length);
  }

  /** Distinct label words (for the bench's memory line and tests). */
  get vocabularySize(): number {
    return this.terms.length;
  }

  get labelCount(): number {
    return this.entryLabel.length;
  }

  search(query: string, limit: number, offset: number): SearchAnswer {
    const words = foldedWords(query).slice(0, MAX_QUERY_WORDS);
    const none: SearchAnswer = { hits: [], total: 0, fuzzy: false, correctedQuery: null };
    if (words.length === 0) return none;
    const allStopWords = words.every((w) => this.rules.isStopWord(w));
    const optional = words.map((w) => !allStopWords && this.rules.isStopWord(w));
    const last = words.length - 1;
    const asTyped = words.map((text, i) => this.candidates(text, i === last, optional[i]!, 0));
    for (const pass of [EXACT_PASS, ONE_TYPO_PASS, TYPO_PASS, CLOSEST_PASS]) {
      // Only words that match nothing as typed are corrected (Typesense's rule, per word): a word
      // found as typed stays as typed. When every word was found but no label has them all, the
      // typo pass has nothing to add and only the closest pass, which drops words, can help.
      // The closest pass also lets any word be the start of a label word ("nur spec").
      const queryWords = asTyped.map((w, i) =>
        pass !== EXACT_PASS && !w.optional && w.terms.length === 0 && pass.budget(w.text) > 0
          ? this.candidates(w.text, i === last || pass === CLOSEST_PASS, false, pass.budget(w.text))
          : w,
      );
      const changed = queryWords.some((w, i) => w !== asTyped[i]);
      if (pass === ONE_TYPO_PASS && !changed) continue;
      if (pass === TYPO_PASS && !asTyped.some((w) => !w.optional && w.terms.length === 0 && typoBudget(w.text) > 1)) continue;
      if (pass === CLOSEST_PASS && !changed && asTyped.filter((w) => !w.optional).length < 2) continue;
      const ranked = this.rank(queryWords, pass);
      if (ranked.length === 0) continue;
      const fuzzy = pass !== EXACT_PASS;
      const page = Array.from(ranked.subarray(offset, offset + limit), (key) => {
        const entry = key % MAX_ENTRIES;
        return { concept: this.entryConcept[entry]!, matchedLabel: this.entryKind[entry] === 'hidden' ? null : this.entryLabel[entry]! };
      });
      return { hits: page, total: ranked.length, fuzzy, correctedQuery: fuzzy ? this.corrected(queryWords, ranked[0]! % MAX_ENTRIES) : null };
    }
    return none;
  }

  /** The vocabulary terms a query word matches, best first: as typed, inflected, and within `budget` typos. */
  private candidates(text: string, prefix: boolean, optional: boolean, budget: number): QueryWord {
    const found = new Map<number, number>();
    const terms = this.terms;
    let i = lowerBound(terms, text);
    if (terms[i] === text) found.set(i, EXACT);
    if (prefix) for (; i < terms.length && terms[i]!.startsWith(text); i++) if (!found.has(i)) found.set(i, PREFIX);
    if (!optional && this.rules.hasStemmer) {
      for (const t of this.termsByStem.get(this.rules.stem(text)) ?? []) {
        if (!found.has(t)) found.set(t, text.startsWith(terms[t]!) ? NEAR_STEM : FAR_STEM);
      }
    }
    if (budget === 1 && !prefix) {
      // A query word of 5+ letters is one edit from words of 4+ letters only.
      this.oneEditIndex ??= new OneEditIndex(terms, 4);
      this.oneEditIndex.within1(text, (t) => {
        if (!found.has(t)) found.set(t, TYPO);
      });
    } else if (budget > 0) {
      const typo = (t: number, distance: number) => {
        if (!found.has(t)) found.set(t, distance === 0 ? PREFIX : TYPO + distance - 1);
      };
      // Two typos: a pass with a letter filter; one typo in the word being typed: the walk of the
      // query's edits down the vocabulary (each measured fastest for its case on ESCO's words,
      // docs/esco.md "Search").
      if (budget >= 2) (this.letterScan ??= new LetterScan(terms)).scan(text, budget, prefix, typo);
      else walkTypos(terms, text, budget, prefix, typo);
    }
    const sorted = [...found].sort((a, b) => a[1] - b[1]);
    return { text, optional, terms: sorted.map((s) => s[0]), codes: sorted.map((s) => s[1]) };
  }

  /** Rank keys of the matching concepts, best first (each concept by its best label). */
  private rank(words: QueryWord[], pass: Pass): Float64Array {
    if (++this.epoch > 60_000_000) {
      // Stamps are epoch * 32 + word: start again before they overflow.
      this.epoch = 1;
      this.stamp.fill(0);
      this.wordMark.fill(0);
      this.conceptStamp.fill(0);
    }
    const epoch = this.epoch;
    const required = words.filter((w) => !w.optional);
    // Start from the word with the fewest matching labels: with every word required, later words
    // only narrow that set.
    const volume = (w: QueryWord) => w.terms.reduce((n, t) => n + this.postingStart[t + 1]! - this.postingStart[t]!, 0);
    if (pass.requireAll) required.sort((a, b) => volume(a) - volume(b));
    const touched: number[] = [];
    required.forEach((word, position) => {
      const mark = epoch * 32 + position;
      const seed = position === 0 || !pass.requireAll;
      word.terms.forEach((t, c) => {
        const code = word.codes[c]!;
        for (let p = this.postingStart[t]!, end = this.postingStart[t + 1]!; p < end; p++) {
          const e = this.postings[p]!;
          if (this.stamp[e] !== epoch) {
            if (!seed) continue;
            this.stamp[e] = epoch;
            this.matched[e] = 0;
            this.typos[e] = 0;
            this.farStems[e] = 0;
            this.nearStems[e] = 0;
            this.prefixes[e] = 0;
            this.optionalHits[e] = 0;
            touched.push(e);
          } else if (this.wordMark[e] === mark || (pass.requireAll && this.matched[e] !== position)) continue;
          this.wordMark[e] = mark;
          this.matched[e]++;
          if (code === PREFIX) this.prefixes[e]++;
          else if (code === NEAR_STEM) this.nearStems[e]++;
          else if (code === FAR_STEM) this.farStems[e]++;
          else if (code >= TYPO) this.typos[e] += code - TYPO + 1;
        }
      });
    });
    const optionalWords = words.filter((w) => w.optional);
    optionalWords.forEach((word, i) => {
      const mark = epoch * 32 + 16 + i;
      for (const t of word.terms) {
        for (let p = this.postingStart[t]!, end = this.postingStart[t + 1]!; p < end; p++) {
          const e = this.postings[p]!;
          if (this.stamp[e] !== epoch || this.wordMark[e] === mark) continue;
          this.wordMark[e] = mark;
          this.optionalHits[e]++;
        }
      }
    });

    const queryNorm = words.map((w) => w.text).join(' ');
    let queryStem: string | undefined;
    const concepts: number[] = [];
    for (const e of touched) {
      const missing = required.length - this.matched[e]!;
      // The closest labels still need half of the words (rounded up): a label sharing one word of a
      // long query is not close to it.
      if (pass.requireAll ? missing > 0 : this.matched[e]! * 2 < required.length) continue;
      const kind = this.entryKind[e]!;
      let tier = 2;
      const norm = this.entryNorm[e]!;
      if (norm === queryNorm) tier = 0;
      else if (norm.startsWith(queryNorm)) tier = 1;
      else if (this.nearStems[e]! + this.farStems[e]! > 0) {
        // "boiler operators" is the label "boiler operator" as typed in the plural: the same tier.
        queryStem ??= words.map((w) => this.rules.stem(w.text)).join(' ');
        const stemNorm = this.stemNorm(e);
        tier = stemNorm === queryStem ? 0 : stemNorm.startsWith(queryStem) ? 1 : 2;
      }
      const key =
        digit(missing) * 1e15 +
        digit(this.typos[e]!) * 1e14 +
        digit(this.farStems[e]!) * 1e13 +
        TIER[kind][tier]! * 1e12 +
        digit(this.nearStems[e]!) * 1e11 +
        digit(this.prefixes[e]!) * 1e10 +
        digit(optionalWords.length - this.optionalHits[e]!) * 1e9 +
        Math.min(this.entryLabel[e]!.length, 999) * 1e6 +
        e;
      const concept = this.entryConcept[e]!;
      if (this.conceptStamp[concept] !== epoch) {
        this.conceptStamp[concept] = epoch;
        this.conceptBest[concept] = key;
        concepts.push(concept);
      } else if (key < this.conceptBest[concept]!) this.conceptBest[concept] = key;
    }
    const keys = Float64Array.from(concepts, (c) => this.conceptBest[c]!);
    return keys.sort();
  }

  private stemNorm(entry: number): string {
    let s = this.entryStemNorm[entry];
    if (s === undefined) {
      const words: string[] = [];
      for (let p = this.entryTermStart[entry]!; p < this.entryTermStart[entry + 1]!; p++) words.push(this.rules.stem(this.terms[this.entryTerms[p]!]!));
      s = words.join(' ');
      this.entryStemNorm[entry] = s;
    }
    return s;
  }

  /** The query with each word replaced by the label word of the best result it matched ("ajalyst" -> "analyst"). */
  private corrected(words: QueryWord[], entry: number): string {
    const labelTerms = new Set(this.entryTerms.subarray(this.entryTermStart[entry]!, this.entryTermStart[entry + 1]!));
    // The label's own spelling of its words (accents kept) where it splits into the same words as its folded form.
    const surface = this.entryLabel[entry]!.toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
    const sameSplit = surface.length === this.entryTermStart[entry + 1]! - this.entryTermStart[entry]!;
    const read = words.map((w) => {
      const c = w.terms.findIndex((t) => labelTerms.has(t));
      if (c < 0) return null; // a word the closest labels do without is left out
      const t = w.terms[c]!;
      if (!sameSplit) return this.terms[t]!;
      const at = Array.from(this.entryTerms.subarray(this.entryTermStart[entry]!, this.entryTermStart[entry + 1]!)).indexOf(t);
      return surface[at] ?? this.terms[t]!;
    });
    return read.filter((w): w is string => w !== null).join(' ');
  }
}
