/**
 * The ESCO profile reads the API answers from (server/routes/esco.ts): an occupation with its skills,
 * ISCO path and related occupations, the skills gap between two occupations, a skill, an ISCO group.
 * Each statement is prepared once (the latency targets leave no room for re-preparing per request);
 * labels are in the language asked, null where ESCO has no text in it (the route fills those).
 * At the end, the two reads of the linked views (server/linked/occupation-trend.ts), which fall back
 * to English themselves.
 */
import { prepared, type Db } from './db.js';

export interface CodeLabel {
  code: string;
  label: string | null;
}
export interface OccupationRow {
  uri: string;
  id: string;
  code: string | null;
  iscoGroup: string | null;
  label: string | null;
  description: string | null;
}
/** A skill of an occupation; relationType 'essential' | 'optional' ('' in a gap: not held at all). */
export interface SkillItemRow {
  id: string;
  label: string | null;
  type: string | null;
  relationType: string;
}
export interface OccupationRefRow {
  id: string;
  label: string | null;
  code: string | null;
  iscoGroup: string | null;
}
export interface SkillRow {
  uri: string;
  id: string;
  label: string | null;
  description: string | null;
  type: string | null;
  reuseLevel: string | null;
}
export interface IscoGroupRow {
  uri: string;
  code: string;
  label: string | null;
  description: string | null;
}

export type EscoConceptReads = ReturnType<typeof escoConceptReads>;

/** The reads, prepared on `db` (the server's read-only connection). */
export function escoConceptReads(db: Db) {
  const stmt = {
    occupation: db.prepare(`
      SELECT o.uri, o.id, o.code, o.isco_group AS iscoGroup, t.preferred_label AS label, t.description
      FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
      WHERE o.id = ?`),
    labels: db.prepare(`SELECT label FROM esco_labels WHERE concept_uri = ? AND lang = ? AND kind = 'alt' ORDER BY rowid`).pluck(),
    iscoChain: db.prepare(`
      SELECT g.code, t.preferred_label AS label FROM esco_isco_groups g
      LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = @lang
      WHERE g.code IN (substr(@code, 1, 1), substr(@code, 1, 2), substr(@code, 1, 3), substr(@code, 1, 4))
      ORDER BY length(g.code)`),
    occupationSkills: db.prepare(`
      SELECT s.id, t.preferred_label AS label, s.skill_type AS type, r.relation_type AS relationType
      FROM esco_occupation_skills r
      JOIN esco_skills s ON s.uri = r.skill_uri
      LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?
      WHERE r.occupation_uri = ?
      ORDER BY t.preferred_label, s.id`),
    // For each occupation sharing an essential skill with @uri: how many it shares.
    sharedEssential: db.prepare(`
      WITH mine AS (SELECT skill_uri FROM esco_occupation_skills WHERE occupation_uri = @uri AND relation_type = 'essential')
      SELECT r.occupation_uri AS uri, COUNT(*) AS n FROM mine m
      JOIN esco_occupation_skills r ON r.skill_uri = m.skill_uri AND r.relation_type = 'essential'
      WHERE r.occupation_uri <> @uri GROUP BY r.occupation_uri`),
    sameGroup: db.prepare('SELECT uri FROM esco_occupations WHERE isco_group = ? AND uri <> ?').pluck(),
    occupationRef: db.prepare(`
      SELECT o.id, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup
      FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ? WHERE o.uri = ?`),
    gap: db.prepare(`
      SELECT s.id, t.preferred_label AS label, s.skill_type AS type, COALESCE(f.relation_type, '') AS relationType
      FROM esco_occupation_skills r
      JOIN esco_skills s ON s.uri = r.skill_uri
      LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = @lang
      LEFT JOIN esco_occupation_skills f ON f.occupation_uri = @from AND f.skill_uri = r.skill_uri
      WHERE r.occupation_uri = @to AND r.relation_type = 'essential'
      ORDER BY t.preferred_label, s.id`),
    skill: db.prepare(`
      SELECT s.uri, s.id, t.preferred_label AS label, t.description, s.skill_type AS type, s.reuse_level AS reuseLevel
      FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?
      WHERE s.id = ?`),
    skillBroader: db.prepare(`
      SELECT b.broader_uri AS uri, t.preferred_label AS label FROM esco_broader b
      LEFT JOIN esco_texts t ON t.concept_uri = b.broader_uri AND t.lang = ?
      WHERE b.concept_uri = ? ORDER BY t.preferred_label, b.broader_uri`),
    skillOccupations: db.prepare(`
      SELECT o.id, t.preferred_label AS label, o.code, r.relation_type AS relationType
      FROM esco_occupation_skills r
      JOIN esco_occupations o ON o.uri = r.occupation_uri
      LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
      WHERE r.skill_uri = ?
      ORDER BY t.preferred_label, o.id`),
    isco: db.prepare(`
      SELECT g.uri, g.code, t.preferred_label AS label, t.description FROM esco_isco_groups g
      LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = ? WHERE g.code = ?`),
    iscoChildren: db.prepare(`
      SELECT g.code, t.preferred_label AS label FROM esco_isco_groups g
      LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = @lang
      WHERE g.code > @code AND g.code < @code || ':' AND length(g.code) = length(@code) + 1
      ORDER BY g.code`),
    iscoOccupations: db.prepare(`
      SELECT o.id, t.preferred_label AS label, o.code FROM esco_occupations o
      LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
      WHERE o.isco_group = ? ORDER BY t.preferred_label, o.id`),
    };
  return {
    occupation: (lang: string, id: string) => stmt.occupation.get(lang, id) as OccupationRow | undefined,
    /** Alternative labels in upstream order. */
    altLabels: (uri: string, lang: string) => stmt.labels.all(uri, lang) as string[],
    /** The ISCO groups from the major group down to `code` (each of its prefixes). */
    iscoChain: (code: string, lang: string) => stmt.iscoChain.all({ code, lang }) as CodeLabel[],
    occupationSkills: (lang: string, uri: string) => stmt.occupationSkills.all(lang, uri) as SkillItemRow[],
    /** For each occupation sharing an essential skill with `uri`: how many it shares. */
    sharedEssential: (uri: string) => stmt.sharedEssential.all({ uri }) as { uri: string; n: number }[],
    /** The other occupations of an ISCO unit group. */
    sameGroup: (iscoGroup: string, uri: string) => stmt.sameGroup.all(iscoGroup, uri) as string[],
    occupationRef: (lang: string, uri: string) => stmt.occupationRef.get(lang, uri) as OccupationRefRow,
    /** The essential skills of `to`, each with how `from` needs it (relationType; '' when not at all). */
    gap: (from: string, to: string, lang: string) => stmt.gap.all({ from, to, lang }) as SkillItemRow[],
    skill: (lang: string, id: string) => stmt.skill.get(lang, id) as SkillRow | undefined,
    skillBroader: (lang: string, uri: string) => stmt.skillBroader.all(lang, uri) as { uri: string; label: string | null }[],
    skillOccupations: (lang: string, uri: string) => stmt.skillOccupations.all(lang, uri) as { id: string; label: string | null; code: string | null; relationType: string }[],
    isco: (lang: string, code: string) => stmt.isco.get(lang, code) as IscoGroupRow | undefined,
    iscoChildren: (code: string, lang: string) => stmt.iscoChildren.all({ code, lang }) as CodeLabel[],
    iscoOccupations: (lang: string, code: string) => stmt.iscoOccupations.all(lang, code) as { id: string; label: string | null; code: string | null }[],
  };
}

/** An occupation as the linked views name it: its label in `lang`, else in English (then labelLang 'en'). */
export interface LinkedOccupationRow {
  id: string;
  uri: string;
  code: string | null;
  iscoGroup: string | null;
  label: string | null;
  labelLang: string | null;
}

/**
 * An occupation by its id or its ESCO code ('2221.3', what a work coach reads on an occupation), for
 * the linked views: these answer in the language of the statistics, so the label falls back to
 * English here rather than through the ESCO routes' fallback.
 */
export function occupationByIdOrCode(db: Db, idOrCode: string, lang: string): LinkedOccupationRow | undefined {
  return prepared(
    db,
    `SELECT o.id, o.uri, o.code, o.isco_group AS iscoGroup,
            COALESCE(t.preferred_label, (SELECT preferred_label FROM esco_texts WHERE concept_uri = o.uri AND lang = 'en')) AS label,
            CASE WHEN t.preferred_label IS NULL THEN 'en' END AS labelLang
     FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
     WHERE o.id = ? OR o.code = ? LIMIT 1`,
  ).get(lang, idOrCode, idOrCode) as LinkedOccupationRow | undefined;
}

/** An ISCO group's label in `lang`, else in English; null when the group or its label is missing. */
export function iscoGroupLabel(db: Db, code: string, lang: string): string | null {
  const row = prepared(
    db,
    `SELECT COALESCE(t.preferred_label, (SELECT preferred_label FROM esco_texts WHERE concept_uri = g.uri AND lang = 'en')) AS label
     FROM esco_isco_groups g LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = ?
     WHERE g.code = ?`,
  ).get(lang, code) as { label: string | null } | undefined;
  return row?.label ?? null;
}
