/**
 * Label folding shared by the loader (which stores it beside each searchable label) and the search
 * route (which folds the query the same way), so "Krankenpfleger", "krankenpfleger" and "Kránkenpfleger"
 * compare equal when ranking exact and prefix matches. It mirrors FTS5's `unicode61 remove_diacritics 2`.
 */
export function foldLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a query as FTS5 sees them: letters and digits only, so FTS syntax in `q` is inert. */
export function queryTokens(text: string): string[] {
  return foldLabel(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** An FTS5 MATCH expression where every word is a quoted prefix term, all required: `"nur"* AND "spe"*`. */
export function ftsPrefixQuery(tokens: string[]): string {
  return tokens.map((t) => `"${t}"*`).join(' AND ');
}
