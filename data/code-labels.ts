/**
 * Reads of `code_labels` (data/migrations/007_code_labels.ts): Eurostat's code lists in several
 * languages, which the linked views answer in when a language other than the datasets' English is
 * asked. Written by `lmi ingest eurostat-codelists` (ingest/eurostat/codelists.ts) through
 * replaceCodeList().
 */
import { prepared, type Db } from './db.js';

/** Replaces code list `codelist`'s labels; inside the caller's load transaction. */
export function replaceCodeList(db: Db, codelist: string, labels: readonly { code: string; lang: string; label: string }[]): void {
  prepared(db, 'DELETE FROM code_labels WHERE codelist = ?').run(codelist);
  const insert = prepared(db, 'INSERT OR REPLACE INTO code_labels (codelist, code, lang, label) VALUES (?, ?, ?, ?)');
  for (const l of labels) insert.run(codelist, l.code, l.lang, l.label);
}

/** Labels of `codes` in code list `codelist` ('GEO', 'OBS_FLAG') in `lang`; a code it lacks is absent. */
export function codeLabels(db: Db, codelist: string, lang: string, codes: readonly string[]): Map<string, string> {
  const rows = prepared(db, `SELECT code, label FROM code_labels WHERE codelist = ? AND lang = ? AND code IN (SELECT value FROM json_each(?))`)
    .all(codelist, lang, JSON.stringify(codes)) as { code: string; label: string }[];
  return new Map(rows.map((r) => [r.code, r.label]));
}

/** The languages some code list has labels in. */
export function codeLabelLanguages(db: Db): string[] {
  return (prepared(db, 'SELECT DISTINCT lang FROM code_labels').all() as { lang: string }[]).map((r) => r.lang);
}
