/**
 * Text folding: the one rule by which labels and queries are compared, at index time (the ingester's
 * stored `norm`, the server's in-memory search index) and at query time. Two spellings an adviser
 * would call the same word fold to the same string:
 * - case and accents: "Infirmière", "INFIRMIERE" -> "infirmiere";
 * - compatibility forms (NFKD): the "ﬁ" ligature, superscripts, full-width letters, non-breaking and
 *   other Unicode spaces;
 * - letters that are not a base letter plus a mark, so NFKD leaves them: œ -> oe, æ -> ae, ß -> ss,
 *   ø -> o, ł -> l, đ -> d, þ -> th, final sigma -> sigma;
 * - anything that is not a letter or a digit separates words, so ’ ' - / ( ) all split alike:
 *   "d’entretien" and "d'entretien" both give "d entretien".
 */
const LETTERS: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ς: 'σ',
};
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(LETTER_PATTERN, (c) => LETTERS[c]!)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a text after folding; FTS or regex syntax in it is just more separators. */
export function foldedWords(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}
