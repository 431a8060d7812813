/**
 * Edit distance for typo tolerance: optimal string alignment (OSA), i.e. Levenshtein's substitution,
 * insertion and deletion plus the swap of two adjacent letters ("conslutant" -> "consultant" is one
 * edit), each costing 1 (Damerau's restricted form, as Meilisearch and Typesense count typos).
 *
 * `scanVocabulary` finds every word of a sorted vocabulary within k edits of a query word without
 * computing a full distance per word: sorted words share prefixes, so the dynamic-programming rows of
 * a shared prefix are computed once (a trie walk over a sorted array), and a prefix whose row has no
 * cell <= k is abandoned together with every word that starts with it (binary search to the next
 * prefix), and only the cells within k of the diagonal are computed (Ukkonen's band). The engine now
 * calls the faster walks for its two cases (typo-walk.ts, letter-scan.ts); this scan is the reference
 * they are tested against (tests/unit/search-engine.test.ts).
 */

/** How many typos a query word may carry: none below 5 letters, 1 from 5, 2 from 9 (issue 10's rule). */
export function typoBudget(word: string): number {
  return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
}

/** The OSA distance between two words (for tests and for choosing a correction; the scan below is the fast path). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(d);
    }
  }
  return rows[a.length]![b.length]!;
}

/** The smallest OSA distance between `query` and any prefix of `word` ("nurse" is 0 from "nursery", "nrse" 1). */
export function prefixEditDistance(query: string, word: string): number {
  let best = Infinity;
  for (let len = 0; len <= word.length; len++) best = Math.min(best, editDistance(word.slice(0, len), query));
  return best;
}

/** The first index in sorted `words` at or after `from` whose first `length` characters differ from `prefix`. */
function endOfPrefix(words: readonly string[], from: number, prefix: string): number {
  let lo = from;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]!.startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Calls `found(index, distance)` for every word of `words` (sorted in code-unit order, distinct) within
 * `k` edits of `query`: the whole word, or with `prefix`, some prefix of it (the word still being
 * typed: "enginee" finds "engineer" and "engineering" at 0, "enginer" at 1). Distances are OSA.
 */
export function scanVocabulary(
  words: readonly string[],
  query: string,
  k: number,
  prefix: boolean,
  found: (index: number, distance: number) => void,
): void {
  const m = query.length;
  // A word prefix longer than m + k is more than k edits from the query, whatever follows.
  const maxDepth = m + k;
  const rows: Int32Array[] = [];
  for (let d = 0; d <= maxDepth; d++) rows.push(new Int32Array(m + 1));
  const over = k + 1;
  for (let j = 0; j <= m; j++) rows[0]![j] = j < over ? j : over;
  // bestPrefix[d]: the smallest distance of the query to a word prefix of length <= d (prefix mode).
  const bestPrefix = new Int32Array(maxDepth + 1);
  bestPrefix[0] = m < over ? m : over;
  const q = new Int32Array(m);
  for (let j = 0; j < m; j++) q[j] = query.charCodeAt(j);

  let previous = '';
  let validDepth = 0; // rows[0..validDepth] hold the rows of previous's prefixes
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    let lcp = 0;
    const limit = Math.min(validDepth, w.length);
    while (lcp < limit && w.charCodeAt(lcp) === previous.charCodeAt(lcp)) lcp++;
    const depth = Math.min(w.length, maxDepth);
    let abandonedAt = -1;
    let settledAt = -1;
    for (let d = lcp + 1; d <= depth; d++) {
      const row = rows[d]!;
      const up = rows[d - 1]!;
      const c = w.charCodeAt(d - 1);
      const cPrev = d > 1 ? w.charCodeAt(d - 2) : -1;
      // Only cells within k of the diagonal can be <= k (Ukkonen's band); the cells just outside it
      // are set to k + 1, which is all the next row reads of them. Values are capped at k + 1.
      const lo = d - k > 1 ? d - k : 1;
      const hi = d + k < m ? d + k : m;
      row[lo - 1] = lo - 1 === 0 ? (d < over ? d : over) : over;
      let rowMin = row[lo - 1]!;
      for (let j = lo; j <= hi; j++) {
        let v = up[j - 1]! + (c === q[j - 1] ? 0 : 1);
        const del = up[j]! + 1;
        if (del < v) v = del;
        const ins = row[j - 1]! + 1;
        if (ins < v) v = ins;
        if (d > 1 && j > 1 && c === q[j - 2] && cPrev === q[j - 1]) {
          const swap = rows[d - 2]![j - 2]! + 1;
          if (swap < v) v = swap;
        }
        if (v > over) v = over;
        row[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (hi < m) row[hi + 1] = over;
      bestPrefix[d] = Math.min(bestPrefix[d - 1]!, hi === m ? row[m]! : over);
      if (rowMin > k) {
        abandonedAt = d;
        break;
      }
      // In prefix mode a word prefix at distance 0 settles every word under it at once.
      if (prefix && bestPrefix[d]! === 0) {
        settledAt = d;
        break;
      }
    }
    if (settledAt > 0) {
      // Every word under this prefix is 0 edits from the query: all found at once.
      const end = endOfPrefix(words, i, w.slice(0, settledAt));
      const distance = bestPrefix[settledAt]!;
      for (let x = i; x < end; x++) found(x, distance);
      previous = w;
      validDepth = settledAt;
      i = end;
      continue;
    }
    if (abandonedAt > 0) {
      // No word starting with w[0..abandonedAt) can come within k; in prefix mode those whose shorter
      // prefix already matched are found at that distance.
      const end = endOfPrefix(words, i, w.slice(0, abandonedAt));
      const earlier = bestPrefix[abandonedAt - 1]!;
      if (prefix && earlier <= k) for (let x = i; x < end; x++) found(x, earlier);
      previous = w;
      validDepth = abandonedAt - 1;
      i = end;
      continue;
    }
    const distance = prefix ? bestPrefix[depth]! : w.length <= maxDepth && w.length >= m - k ? rows[w.length]![m]! : over;
    if (distance <= k) found(i, distance);
    previous = w;
    validDepth = depth;
    i++;
  }
}

/** The distinct strings made by deleting one letter of `word`. */
function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Whole words one edit from a query, found by deletions instead of a walk (SymSpell's idea): every
 * word is filed under each string made by deleting one of its letters. A substitution or a swap of
 * adjacent letters leaves the query and the word with a deletion in common, a missing letter makes
 * the query one of the word's deletions, an extra letter makes one of the query's deletions the word;
 * candidates are then checked with the exact distance. A few map lookups instead of a pass over the
 * vocabulary: the common case of one typo in a whole word costs microseconds.
 */
export class OneEditIndex {
  private readonly byDeletion = new Map<string, number[]>();

  /** @param words sorted, distinct (the index's vocabulary); words shorter than `minLength` are not filed */
  constructor(private readonly words: readonly string[], minLength: number) {
    words.forEach((w, i) => {
      if (w.length < minLength) return;
      for (const d of deletions(w)) {
        const list = this.byDeletion.get(d);
        if (list) list.push(i);
        else this.byDeletion.set(d, [i]);
      }
    });
  }

  /** Calls `found(index)` once for every word exactly one OSA edit from `query` and at least `minLength` long. */
  within1(query: string, found: (index: number) => void): void {
    const seen = new Set<number>();
    const consider = (i: number) => {
      if (seen.has(i)) return;
      seen.add(i);
      if (editDistance(this.words[i]!, query) === 1) found(i);
    };
    for (const i of this.byDeletion.get(query) ?? []) consider(i);
    for (const d of deletions(query)) {
      for (const i of this.byDeletion.get(d) ?? []) consider(i);
      const at = lowerBound(this.words, d);
      if (this.words[at] === d) consider(at);
    }
  }
}

/** The first index in sorted `words` whose word is >= `word`. */
export function lowerBound(words: readonly string[], word: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
