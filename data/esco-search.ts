/**
 * The ESCO reads of the search (server/search/, routes/esco-search.ts): the concepts and labels an
 * index is built from, the SQL-answered lists (empty query, ISCO or ESCO code query), and a
 * concept's texts in another language when it has none in the one asked. Statements are prepared
 * once per connection (prepared()), not per request.
 */
import { prepared, type Db } from './db.js';
import type { EscoLabelKind } from './esco-model.js';

export interface EscoOccupationDoc {
  id: string;
  uri: string;
  label: string | null;
  code: string | null;
  iscoGroup: string | null;
}
export interface EscoSkillDoc {
  id: string;
  uri: string;
  label: string | null;
  type: string | null;
}
export interface EscoConceptLabel {
  uri: string;
  kind: EscoLabelKind;
  label: string;
}
/** A row of a list: the item as answered (no label matched), with the COUNT(*) OVER () of its query. */
export type EscoListRow<Doc> = Doc & { matchedLabel: null; total: number };
export interface EscoPage {
  lang: string;
  limit: number;
  offset: number;
}

/** Every occupation with its preferred label in `lang` (null when it has none), in URI order. */
export function occupationDocs(db: Db, lang: string): EscoOccupationDoc[] {
  return prepared(db, `
    SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup
    FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
    ORDER BY o.uri`).all(lang) as EscoOccupationDoc[];
}

/** Every skill with its preferred label in `lang` (null when it has none), in URI order. */
export function skillDocs(db: Db, lang: string): EscoSkillDoc[] {
  return prepared(db, `
    SELECT s.id, s.uri, t.preferred_label AS label, s.skill_type AS type
    FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?
    ORDER BY s.uri`).all(lang) as EscoSkillDoc[];
}

/** The preferred, alternative and hidden labels in `lang` of every occupation, or of every skill. */
export function conceptLabels(db: Db, kind: 'occupation' | 'skill', lang: string): EscoConceptLabel[] {
  const sql =
    kind === 'occupation'
      ? 'SELECT l.concept_uri AS uri, l.kind, l.label FROM esco_labels l JOIN esco_occupations o ON o.uri = l.concept_uri WHERE l.lang = ?'
      : 'SELECT l.concept_uri AS uri, l.kind, l.label FROM esco_labels l JOIN esco_skills s ON s.uri = l.concept_uri WHERE l.lang = ?';
  return prepared(db, sql).all(lang) as EscoConceptLabel[];
}

// ISCO prefix '22' -> every occupation in groups 22xx; ESCO code '2221.3' -> it and its narrower '2221.3.x'.
const CODE_MATCH = `(@isco AND o.isco_group >= @q AND o.isco_group < @q || ':') OR o.code = @q OR (o.code >= @q || '.' AND o.code < @q || '/')`;

/** A page of the occupations whose ISCO group starts with `code` (digits only) or whose ESCO code is or is under it. */
export function occupationsByCode(db: Db, code: string, page: EscoPage): EscoListRow<EscoOccupationDoc>[] {
  return prepared(db, `
    SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup, NULL AS matchedLabel, COUNT(*) OVER () AS total
    FROM esco_occupations o
    LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = @lang
    WHERE ${CODE_MATCH}
    ORDER BY o.isco_group, t.preferred_label, o.id
    LIMIT @limit OFFSET @offset`).all({ ...page, ...codeParams(code) }) as EscoListRow<EscoOccupationDoc>[];
}

/** How many occupations occupationsByCode() pages through (for a page past the end). */
export function occupationsByCodeCount(db: Db, code: string): number {
  return (prepared(db, `SELECT COUNT(*) AS n FROM esco_occupations o WHERE ${CODE_MATCH}`).get(codeParams(code)) as { n: number }).n;
}

function codeParams(code: string): { q: string; isco: 0 | 1 } {
  return { q: code, isco: /^\d+$/.test(code) ? 1 : 0 };
}

/** A page of all occupations in label order (the empty query). */
export function occupationList(db: Db, page: EscoPage): EscoListRow<EscoOccupationDoc>[] {
  return prepared(db, `
    SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup, NULL AS matchedLabel, COUNT(*) OVER () AS total
    FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = @lang
    ORDER BY t.preferred_label, o.id LIMIT @limit OFFSET @offset`).all(page) as EscoListRow<EscoOccupationDoc>[];
}

/** A page of all skills in label order (the empty query). */
export function skillList(db: Db, page: EscoPage): EscoListRow<EscoSkillDoc>[] {
  return prepared(db, `
    SELECT s.id, s.uri, t.preferred_label AS label, s.skill_type AS type, NULL AS matchedLabel, COUNT(*) OVER () AS total
    FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = @lang
    ORDER BY t.preferred_label, s.id LIMIT @limit OFFSET @offset`).all(page) as EscoListRow<EscoSkillDoc>[];
}

export function occupationCount(db: Db): number {
  return (prepared(db, 'SELECT COUNT(*) AS n FROM esco_occupations').get() as { n: number }).n;
}

export function skillCount(db: Db): number {
  return (prepared(db, 'SELECT COUNT(*) AS n FROM esco_skills').get() as { n: number }).n;
}

/** A concept's identity, as far as the caller knows it: an occupation or skill id, an ISCO code, a URI. */
export interface EscoConceptKey {
  id?: string;
  uri?: string;
  code?: string;
}

/** The concept's texts in English, else in the first loaded language with texts; undefined when it has none. */
export function fallbackText(db: Db, key: EscoConceptKey): { label: string; description: string | null; lang: string } | undefined {
  return prepared(db, `
    SELECT t.preferred_label AS label, t.description, t.lang FROM esco_texts t
    WHERE t.concept_uri IN (
      SELECT uri FROM esco_occupations WHERE id = @id UNION ALL SELECT uri FROM esco_skills WHERE id = @id
      UNION ALL SELECT uri FROM esco_isco_groups WHERE code = @code UNION ALL SELECT @uri)
    ORDER BY t.lang <> 'en', t.lang LIMIT 1`).get({ id: key.id ?? null, uri: key.uri ?? null, code: key.code ?? null }) as
    | { label: string; description: string | null; lang: string }
    | undefined;
}
