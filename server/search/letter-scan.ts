/**
 * Words within k typos of a query by one pass over the vocabulary with a letter-set filter, the
 * fast path where the shared-prefix walk of ./edit-distance.ts is slow: with k = 2 (and with k = 1
 * for the word being typed) nearly every short prefix is within k of the query, so the walk visits
 * most of the vocabulary's rows (about 0.5 ms a query on ESCO's 6,000 English occupation words).
 *
 * The filter: one edit (substitution, insertion, deletion, adjacent swap) brings at most one letter
 * into the query that the word lacks, and takes at most one of the word's letters out of it. So a
 * word within k edits has at most k query letters missing from its letter set, and at most k of its
 * own letters missing from the query's; for a prefix match, at most k query letters missing from its
 * first m + k letters. Letter sets are 32-bit masks, letters hashed by their code (two letters
 * sharing a bit only weaken the filter, never drop a match). The few words through the filter get
 * the exact OSA distance, as `scanVocabulary` computes it: same words, same distances, same order.
 */

/** Prefix masks are kept for the first this many letters of each word; longer prefixes use the whole word's mask (a superset: still a valid filter). */
const PREFIX_MASKS = 24;

const bit = (code: number) => 1 << (code & 31);

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class LetterScan {
  private readonly masks: Int32Array;
  /** prefixMasks[w * PREFIX_MASKS + j - 1]: the mask of word w's first j letters (j <= its length). */
  private readonly prefixMasks: Int32Array;
  // Rows of the distance table, reused by every check (the server is single-threaded).
  private rows: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

  /** @param words sorted, distinct (the index's vocabulary) */
  constructor(private readonly words: readonly string[]) {
    this.masks = new Int32Array(words.length);
    this.prefixMasks = new Int32Array(words.length * PREFIX_MASKS);
    words.forEach((w, i) => {
      let mask = 0;
      for (let j = 0; j < w.length; j++) {
        mask |= bit(w.charCodeAt(j));
        if (j < PREFIX_MASKS) this.prefixMasks[i * PREFIX_MASKS + j] = mask;
      }
      this.masks[i] = mask;
    });
  }

  /**
   * Calls `found(index, distance)`, in vocabulary order, for every word within `k` OSA edits of
   * `query` (the whole word, or with `prefix` some prefix of it), as `scanVocabulary` does.
   */
  scan(query: string, k: number, prefix: boolean, found: (index: number, distance: number) => void): void {
    const m = query.length;
    let queryMask = 0;
    for (let j = 0; j < m; j++) queryMask |= bit(query.charCodeAt(j));
    const depth = m + k;
    for (let i = 0; i < this.words.length; i++) {
      const length = this.words[i]!.length;
      let distance: number;
      if (prefix) {
        if (length < m - k) continue;
        const upTo = Math.min(length, depth);
        const mask = upTo <= PREFIX_MASKS ? this.prefixMasks[i * PREFIX_MASKS + upTo - 1]! : this.masks[i]!;
        if (popcount(queryMask & ~mask) > k) continue;
        distance = this.distance(query, this.words[i]!, k, true);
      } else {
        if (length < m - k || length > depth) continue;
        const mask = this.masks[i]!;
        if (popcount(queryMask & ~mask) > k || popcount(mask & ~queryMask) > k) continue;
        distance = this.distance(query, this.words[i]!, k, false);
      }
      if (distance <= k) found(i, distance);
    }
  }

  /** The OSA distance of `word` (or, with `prefix`, of its closest prefix) to `query`, or k + 1 when above k. */
  private distance(query: string, word: string, k: number, prefix: boolean): number {
    const m = query.length;
    if (this.rows[0]!.length < m + 1) this.rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
    let [before, previous, row] = this.rows as [Int32Array, Int32Array, Int32Array];
    for (let j = 0; j <= m; j++) previous[j] = j;
    let best = m; // the empty prefix
    const last = prefix ? Math.min(word.length, m + k) : word.length;
    for (let i = 1; i <= last; i++) {
      const c = word.charCodeAt(i - 1);
      const cPrev = i > 1 ? word.charCodeAt(i - 2) : -1;
      row[0] = i;
      let rowMin = i;
      for (let j = 1; j <= m; j++) {
        const q = query.charCodeAt(j - 1);
        let v = previous[j - 1]! + (c === q ? 0 : 1);
        const del = previous[j]! + 1;
        if (del < v) v = del;
        const ins = row[j - 1]! + 1;
        if (ins < v) v = ins;
        if (i > 1 && j > 1 && c === query.charCodeAt(j - 2) && cPrev === q) {
          const swap = before[j - 2]! + 1;
          if (swap < v) v = swap;
        }
        row[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (prefix && row[m]! < best) best = row[m]!;
      // No later row can come below this row's smallest cell.
      if (rowMin > k) return prefix ? (best <= k ? best : k + 1) : k + 1;
      [before, previous, row] = [previous, row, before];
    }
    const distance = prefix ? best : previous[m]!;
    return distance <= k ? distance : k + 1;
  }
}
