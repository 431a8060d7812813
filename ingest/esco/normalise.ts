/**
 * ESCO text normalisation, one copy for every reader:
 * the text rules of the CSV reader (trimming, empty -> null, newline-separated label lists), which the
 * API and RDF readers follow so that all three produce the same ParsedEsco for the same content.
 * (Search folding is data/fold.ts.)
 */
import type { EscoTexts } from '../../data/esco-model.js';

/** A text cell as the CSV reader keeps it: trimmed, and null when empty. */
export function textOrNull(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** Splits a newline-separated label list cell (altLabels, hiddenLabels) into trimmed, non-empty labels. */
export function splitLabels(cell: string | undefined): string[] {
  if (!cell) return [];
  return cell
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A label list from separate values (API, RDF) as the CSV reader keeps it: trimmed, empty entries
 * dropped, order kept. The CSV holds a list as newline-separated lines, so one value with a newline
 * is two labels there, and here too.
 */
function labelList(values: Iterable<string> | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) out.push(...splitLabels(v));
  return out;
}

/** The readers' language order when none are asked for: English first (the API's default language), then the others as given. */
export function englishFirst(langs: string[]): string[] {
  return langs.includes('en') ? ['en', ...langs.filter((l) => l !== 'en')] : langs;
}

/** A concept's texts in one language, with the rules above. */
export function makeTexts(t: {
  preferredLabel: string;
  altLabels?: Iterable<string>;
  hiddenLabels?: Iterable<string>;
  description?: string | null;
  definition?: string | null;
  scopeNote?: string | null;
}): EscoTexts {
  return {
    preferredLabel: t.preferredLabel.trim(),
    altLabels: labelList(t.altLabels),
    hiddenLabels: labelList(t.hiddenLabels),
    description: textOrNull(t.description),
    definition: textOrNull(t.definition),
    scopeNote: textOrNull(t.scopeNote),
  };
}
