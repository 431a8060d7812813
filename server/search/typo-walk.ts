/**
 * Words of a sorted vocabulary within k typos (OSA edits: substitution, insertion, deletion, swap of
 * two adjacent letters) of a query word, whole or as a prefix, by walking the query's edits down the
 * vocabulary's implicit trie instead of computing distance rows for the vocabulary.
 *
 * The sorted array is the trie: the words sharing a prefix P are one range, and the range of P + c is
 * found by binary search on the letter after P. A walk follows the query letter by letter (a match
 * narrows the range) and, while edits are left, branches: the query letter dropped (deletion), each
 * letter the vocabulary has after P in its place (substitution) or before it (insertion), or the next
 * two letters swapped. With the budget spent only exact matches go on, and most branches die within a
 * letter or two. Each path is an OSA alignment of the query with a prefix of the range's words, so the
 * smallest cost over the paths that end the query is the distance `scanVocabulary` and `LetterScan`
 * compute (./edit-distance.ts, ./letter-scan.ts; tested against both and against the full distance).
 *
 * Why: the distance-row walk visits every trie node whose row is still within k, which near the root
 * is nearly every node (any first letter is one substitution away): 160 µs a query word for k = 1 in
 * prefix mode on ESCO's 6,000 English occupation words, where this walk takes a few µs (docs/esco.md).
 */

const letterAt = (w: string, d: number): number => (d < w.length ? w.charCodeAt(d) : -1);

/**
 * In [lo, hi) (words sharing their first d letters, so sorted by their letter at d; -1 for none), the
 * first word whose letter at d is at least c, or with `after` above c.
 */
function seek(words: readonly string[], lo: number, hi: number, d: number, c: number, after: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const l = letterAt(words[mid]!, d);
    if (after ? l <= c : l < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The end of the run of words in [lo, hi) whose letter at `d` is `c`, starting at lo. */
const runEnd = (words: readonly string[], lo: number, hi: number, d: number, c: number): number => seek(words, lo, hi, d, c, true);

/** The range of words in [lo, hi) (all sharing their first d letters) whose letter at d is c: [start, end) into `out`. */
function childRange(words: readonly string[], lo: number, hi: number, d: number, c: number, out: Int32Array): boolean {
  const a = seek(words, lo, hi, d, c, false);
  if (a >= hi || letterAt(words[a]!, d) !== c) return false;
  out[0] = a;
  out[1] = runEnd(words, a, hi, d, c);
  return true;
}

/**
 * Calls `found(index, distance)`, in vocabulary order, for every word of `words` (sorted in code-unit
 * order, distinct) within `k` OSA edits of `query`: the whole word, or with `prefix` its closest prefix.
 * The same words at the same distances in the same order as `scanVocabulary`.
 */
export function walkTypos(words: readonly string[], query: string, k: number, prefix: boolean, found: (index: number, distance: number) => void): void {
  const m = query.length;
  const q = new Int32Array(m);
  for (let j = 0; j < m; j++) q[j] = query.charCodeAt(j);
  // Smallest distance + 1 per word (0: not found), and the words found, to report in order.
  const best = new Uint8Array(words.length);
  const touched: number[] = [];
  const note = (x: number, e: number) => {
    const v = best[x]!;
    if (v === 0) touched.push(x);
    if (v === 0 || e + 1 < v) best[x] = e + 1;
  };
  const range = new Int32Array(2);

  const visit = (lo: number, hi: number, d: number, j: number, e: number): void => {
    // Every word in [lo, hi) starts with the same d letters P; the query's first j letters are aligned with P at cost e.
    if (j === m) {
      if (prefix) {
        for (let x = lo; x < hi; x++) note(x, e);
        return;
      }
      if (words[lo]!.length === d) note(lo, e); // P itself is a word (it sorts first)
      if (e === k) return;
    } else if (childRange(words, lo, hi, d, q[j]!, range)) visit(range[0]!, range[1]!, d + 1, j + 1, e); // a match
    if (e === k) return;
    if (j < m) visit(lo, hi, d, j + 1, e + 1); // the query letter deleted
    // Each letter the vocabulary has after P: in place of the query letter, or inserted before it.
    let x = lo;
    if (words[x]!.length === d) x++;
    while (x < hi) {
      const c = words[x]!.charCodeAt(d);
      const end = runEnd(words, x, hi, d, c);
      if (j < m && c !== q[j]) visit(x, end, d + 1, j + 1, e + 1);
      visit(x, end, d + 1, j, e + 1);
      x = end;
    }
    // The next two query letters swapped.
    if (j + 1 < m && q[j] !== q[j + 1] && childRange(words, lo, hi, d, q[j + 1]!, range)) {
      const a = range[0]!;
      const b = range[1]!;
      if (childRange(words, a, b, d + 1, q[j]!, range)) visit(range[0]!, range[1]!, d + 2, j + 2, e + 1);
    }
  };
  if (words.length > 0) visit(0, words.length, 0, 0, 0);

  if (touched.length * 16 > words.length) {
    for (let x = 0; x < words.length; x++) if (best[x]! > 0) found(x, best[x]! - 1);
  } else {
    touched.sort((a, b) => a - b);
    for (const x of touched) found(x, best[x]! - 1);
  }
}
