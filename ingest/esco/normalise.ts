/**
 * Label folding shared by the loader (which stores it beside each searchable label) and the search
 * route (which folds the query the same way), so "Krankenpfleger", "krankenpfleger" and "Kránkenpfleger",
 * or "nurse-specialist" and "nurse specialist", compare equal when ranking exact and prefix matches.
 * Like FTS5's `unicode61 remove_diacritics 2`: marks dropped, case folded, anything but letters and
 * digits separates words.
 */
export function foldLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a query as FTS5 sees them: letters and digits only, so FTS syntax in `q` is inert. */
export function queryTokens(text: string): string[] {
  const folded = foldLabel(text);
  return folded ? folded.split(' ') : [];
}

/** An FTS5 MATCH expression where every word is a quoted prefix term, all required: `"nur"* AND "spe"*`. */
export function ftsPrefixQuery(tokens: string[]): string {
  return tokens.map((t) => `"${t}"*`).join(' AND ');
}
