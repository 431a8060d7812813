/**
 * The writes of the ESCO tables (data/migrations: esco_*), as typed functions over statements
 * prepared once per load. ingest/esco/load.ts drives them inside ONE transaction (every ESCO row is
 * replaced, so readers see either the previous release or the new one, never a mix); this file holds
 * the SQL and nothing of the orchestration.
 */
import type { Db } from './db.js';
import { escoId } from './ids.js';
import type {
  EscoBroader,
  EscoIscoGroupRecord,
  EscoLabelKind,
  EscoOccupationRecord,
  EscoOccupationSkill,
  EscoSkillGroupRecord,
  EscoSkillHierarchyEntry,
  EscoSkillRecord,
  EscoSkillSkillRelation,
  EscoTexts,
} from './esco-model.js';

const ESCO_TABLES = [
  'esco_occupations',
  'esco_isco_groups',
  'esco_skills',
  'esco_skill_groups',
  'esco_skill_hierarchy',
  'esco_texts',
  'esco_labels',
  'esco_occupation_skills',
  'esco_broader',
  'esco_skill_relations',
  'esco_languages',
];

/** The row writes of one load, one small typed function per table (prepared once per load). */
export interface EscoWriter {
  occupation(o: EscoOccupationRecord): void;
  iscoGroup(g: EscoIscoGroupRecord): void;
  skill(s: EscoSkillRecord): void;
  skillGroup(g: EscoSkillGroupRecord): void;
  /** A concept's texts and labels in one language (the server's search index is built from esco_labels). */
  texts(uri: string, lang: string, t: EscoTexts): void;
  hierarchy(h: EscoSkillHierarchyEntry): void;
  occupationSkill(r: EscoOccupationSkill): void;
  broader(b: EscoBroader): void;
  skillRelation(r: EscoSkillSkillRelation): void;
  language(lang: string): void;
}

/**
 * A concept seen again (another language's file) keeps its first row: `ON CONFLICT (uri) DO NOTHING`
 * names the key, so any other conflict (two groups with one ISCO code) still fails the load, as does
 * a row breaking a CHECK. Repeated relation rows are skipped the same way.
 */
export function escoWriter(db: Db): EscoWriter {
  const insert = {
    occupation: db.prepare('INSERT INTO esco_occupations (uri, id, code, isco_group, status, modified_date, regulated_note) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uri) DO NOTHING'),
    isco: db.prepare('INSERT INTO esco_isco_groups (uri, code, status) VALUES (?, ?, ?) ON CONFLICT (uri) DO NOTHING'),
    skill: db.prepare('INSERT INTO esco_skills (uri, id, skill_type, reuse_level, status, modified_date) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uri) DO NOTHING'),
    skillGroup: db.prepare('INSERT INTO esco_skill_groups (uri, id, code, status) VALUES (?, ?, ?, ?) ON CONFLICT (uri) DO NOTHING'),
    hierarchy: db.prepare('INSERT INTO esco_skill_hierarchy (uri, level, code, parent_uri) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    text: db.prepare('INSERT INTO esco_texts (concept_uri, lang, preferred_label, description, definition, scope_note) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    replaceText: db.prepare('UPDATE esco_texts SET preferred_label = ?, description = ?, definition = ?, scope_note = ? WHERE concept_uri = ? AND lang = ?'),
    dropLabels: db.prepare('DELETE FROM esco_labels WHERE concept_uri = ? AND lang = ?'),
    label: db.prepare('INSERT INTO esco_labels (concept_uri, lang, kind, label) VALUES (?, ?, ?, ?)'),
    occupationSkill: db.prepare('INSERT INTO esco_occupation_skills (occupation_uri, skill_uri, relation_type, skill_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    broader: db.prepare('INSERT INTO esco_broader (concept_uri, concept_type, broader_uri, broader_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    skillRelation: db.prepare('INSERT INTO esco_skill_relations (original_skill_uri, relation_type, related_skill_uri) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    language: db.prepare('INSERT INTO esco_languages (lang) VALUES (?) ON CONFLICT DO NOTHING'),
  };
  return {
    occupation: (o) => void insert.occupation.run(o.uri, escoId(o.uri), o.code, o.iscoGroup, o.status, o.modifiedDate, o.regulatedProfessionNote),
    iscoGroup: (g) => void insert.isco.run(g.uri, g.code, g.status),
    skill: (s) => void insert.skill.run(s.uri, escoId(s.uri), s.skillType, s.reuseLevel, s.status, s.modifiedDate),
    skillGroup: (g) => void insert.skillGroup.run(g.uri, escoId(g.uri), g.code, g.status),
    texts: (uri, lang, t) => {
      const fields = [t.preferredLabel, t.description ?? null, t.definition ?? null, t.scopeNote ?? null] as const;
      if (insert.text.run(uri, lang, ...fields).changes === 0) {
        // The concept's texts in this language came already (a repeated CSV row): the last ones
        // count. Rare, so the label delete may scan (the label index is rebuilt at the end).
        insert.replaceText.run(...fields, uri, lang);
        insert.dropLabels.run(uri, lang);
      }
      const seen = new Set<string>();
      const add = (kind: EscoLabelKind, label: string) => {
        if (seen.has(`${kind}\u0000${label}`)) return;
        seen.add(`${kind}\u0000${label}`);
        insert.label.run(uri, lang, kind, label);
      };
      add('preferred', t.preferredLabel);
      for (const l of t.altLabels) add('alt', l);
      for (const l of t.hiddenLabels) add('hidden', l);
    },
    hierarchy: (h) => void insert.hierarchy.run(h.uri, h.level, h.code, h.parentUri),
    occupationSkill: (r) => void insert.occupationSkill.run(r.occupationUri, r.skillUri, r.relationType, r.skillType),
    broader: (b) => void insert.broader.run(b.conceptUri, b.conceptType, b.broaderUri, b.broaderType),
    skillRelation: (r) => void insert.skillRelation.run(r.originalSkillUri, r.relationType, r.relatedSkillUri),
    language: (lang) => void insert.language.run(lang),
  };
}

/**
 * Empties the ESCO tables and drops their secondary indexes (call inside the load's transaction, so
 * readers never see them missing): building an index by sorting at the end is faster than growing it
 * row by row, and packs its pages. Returns the statements that rebuild them (createEscoIndexes); the
 * definitions come from the schema itself, so the migration stays the one source.
 */
export function clearEscoTables(db: Db): string[] {
  for (const table of ESCO_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${ESCO_TABLES.map(() => '?').join(', ')})`)
    .all(...ESCO_TABLES) as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  return indexes.map((i) => i.sql);
}

/** Rebuilds the indexes clearEscoTables dropped, reporting each one done. */
export function createEscoIndexes(db: Db, indexes: string[], onProgress?: (done: number, total: number) => void): void {
  onProgress?.(0, indexes.length);
  indexes.forEach((sql, i) => {
    db.exec(sql);
    onProgress?.(i + 1, indexes.length);
  });
}

/** Rows written per table, under the names a load reports them (the `sources` row's counts). */
export function escoRowCounts(db: Db): Record<string, number> {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    occupations: count('esco_occupations'),
    iscoGroups: count('esco_isco_groups'),
    skills: count('esco_skills'),
    skillGroups: count('esco_skill_groups'),
    occupationSkillRelations: count('esco_occupation_skills'),
    broaderRelations: count('esco_broader'),
    skillSkillRelations: count('esco_skill_relations'),
    labels: count('esco_labels'),
  };
}

/** Whether the (uncommitted) load wrote any occupation: a load without one is refused. */
export function hasEscoOccupations(db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM esco_occupations)').pluck().get() === 1;
}

/**
 * A larger page cache for the load only, so the tables' pages being filled stay in memory; returns
 * the undo. 16 MB: measured on v1.1.1 English, 64 MB cost 65 MB more peak RSS for no CPU time saved
 * (the secondary indexes are built by sorting at the end, not grown through the cache).
 */
export function enlargeLoadCache(db: Db): () => void {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -16384');
  return () => db.pragma(`cache_size = ${cacheSize}`);
}
