/**
 * A search relevance set generated from ESCO labels: for every `step`-th concept with a preferred
 * label, queries an adviser might type for it, each with the concept it must find. The rules are
 * fixed and the generator seeded, so the set is the same on every run; tests assert success rates
 * on it (tests/integration/search-relevance.test.ts) and the bench compares search engines on it.
 */

export type CaseKind = 'exact' | 'typo' | 'twoTypos' | 'firstLetterTypo' | 'plural' | 'typing';

export interface RelevanceCase {
  query: string;
  /** Index of the concept in the list the set was made from. */
  target: number;
}

/** mulberry32: a small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Edit = 'substitute' | 'insert' | 'delete' | 'transpose';
const EDITS: Edit[] = ['substitute', 'insert', 'delete', 'transpose'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One edit of `word` at `at` (never producing the word itself). */
export function typo(word: string, edit: Edit, at: number, random: () => number): string {
  const letter = (not: string) => {
    let c = not;
    while (c === not) c = LETTERS[Math.floor(random() * LETTERS.length)]!;
    return c;
  };
  switch (edit) {
    case 'substitute':
      return word.slice(0, at) + letter(word[at]!) + word.slice(at + 1);
    case 'insert':
      return word.slice(0, at) + letter('') + word.slice(at);
    case 'delete':
      return word.slice(0, at) + word.slice(at + 1);
    case 'transpose': {
      const i = Math.min(at, word.length - 2);
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      return swapped === word ? word.slice(0, i) + letter(word[i]!) + word.slice(i + 1) : swapped;
    }
  }
}

/** An English plural by the usual spelling rules (enough for the nouns that end ESCO labels). */
export function plural(word: string): string {
  if (/(s|sh|ch|x|z)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/**
 * The cases of each kind for English labels:
 * - exact: the preferred label;
 * - typo: one edit (substitution, insertion, deletion, swap, in turn) in the label's longest plain word
 *   of 5+ letters, not on its first letter; twoTypos: two edits in a word of 9+; firstLetterTypo: one
 *   edit on the first letter;
 * - plural: the last word in the plural (labels whose last word does not end in s);
 * - typing: the label with its last word (4+ letters) cut to 3 letters, as while typing.
 */
export function relevanceSet(labels: readonly (string | null)[], step: number, seed: number): Record<CaseKind, RelevanceCase[]> {
  const sample = labels.flatMap((label, target) => (target % step === 0 && label ? [{ target, label, words: label.split(' ') }] : []));
  const mistyped = (edits: number, firstLetter: boolean, minLength: number, random: () => number) =>
    sample.flatMap(({ target, words }, n) => {
      const at = words.reduce((best, w, i) => (/^[a-z]+$/.test(w) && w.length > (words[best]?.length ?? 0) ? i : best), -1);
      if (at < 0 || words[at]!.length < minLength) return [];
      let word = words[at]!;
      for (let e = 0; e < edits; e++) {
        const position = firstLetter && e === 0 ? 0 : 1 + Math.floor(random() * (word.length - 1));
        word = typo(word, EDITS[(n + e) % EDITS.length]!, position, random);
      }
      return [{ query: words.map((w, i) => (i === at ? word : w)).join(' '), target }];
    });
  const lastWord = (words: string[]) => words[words.length - 1]!;
  return {
    exact: sample.map(({ target, label }) => ({ query: label, target })),
    typo: mistyped(1, false, 5, seeded(seed)),
    twoTypos: mistyped(2, false, 9, seeded(seed + 1)),
    firstLetterTypo: mistyped(1, true, 5, seeded(seed + 2)),
    plural: sample
      .filter(({ words }) => /^[a-z]{3,}$/.test(lastWord(words)) && !lastWord(words).endsWith('s'))
      .map(({ target, words }) => ({ query: [...words.slice(0, -1), plural(lastWord(words))].join(' '), target })),
    typing: sample
      .filter(({ words }) => words.length >= 2 && lastWord(words).length >= 4)
      .map(({ target, words }) => ({ query: [...words.slice(0, -1), lastWord(words).slice(0, 3)].join(' '), target })),
  };
}
