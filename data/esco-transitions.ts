/**
 * The ESCO reads of career transitions (server/transitions/, server/routes/transitions.ts): the whole
 * occupation–skill graph, read once per ESCO load into integer sets (skill-sets.ts), and the two
 * labels an answer looks up per item. Statements prepared once, on the server's connection.
 */
import type { Db } from './db.js';

export interface TransitionOccupationRow {
  uri: string;
  id: string;
  iscoGroup: string | null;
  code: string | null;
}

export type TransitionReads = ReturnType<typeof transitionReads>;

export function transitionReads(db: Db) {
  const stmt = {
    occupations: db.prepare('SELECT uri, id, isco_group AS iscoGroup, code FROM esco_occupations ORDER BY id'),
    skills: db.prepare('SELECT uri, id FROM esco_skills ORDER BY id'),
    // raw(): 124k rows as arrays, no object per row.
    relations: db.prepare('SELECT occupation_uri, skill_uri, relation_type FROM esco_occupation_skills').raw(),
    preferredLabel: db.prepare('SELECT preferred_label FROM esco_texts WHERE concept_uri = ? AND lang = ?').pluck(),
    skillRef: db.prepare(`SELECT s.id, t.preferred_label AS label, s.skill_type AS type FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ? WHERE s.id = ?`),
  };
  return {
    /** Every occupation, in id order (its number in the sets is its position here). */
    occupations: () => stmt.occupations.all() as TransitionOccupationRow[],
    /** Every skill, in id order. */
    skills: () => stmt.skills.all() as { uri: string; id: string }[],
    /** Every occupation–skill relation as [occupation uri, skill uri, 'essential' | 'optional']. */
    relations: () => stmt.relations.iterate() as IterableIterator<[string, string, string]>,
    /** A concept's preferred label in `lang`; null when it has none there. */
    preferredLabel: (uri: string, lang: string) => (stmt.preferredLabel.get(uri, lang) as string | undefined) ?? null,
    /** A loaded skill by id with its label in `lang` (null without one); the caller checked the id. */
    skillRef: (lang: string, id: string) => stmt.skillRef.get(lang, id) as { id: string; label: string | null; type: string | null },
  };
}
