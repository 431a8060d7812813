/**
 * Writes ESCO into the ESCO tables in ONE transaction: every ESCO row is replaced, so readers see
 * either the previous release or the new one, never a mix, and a failure leaves the previous data.
 * Two ways in, one set of writes: loadEsco takes a whole ParsedEsco (the web-service API, SPARQL and
 * RDF readers), loadEscoStreamed takes a streaming reader (the CSV download) and writes each record
 * as it is read, so memory does not grow with the download. All ESCO table SQL is in this file.
 */
import type { Db } from '../../data/db.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import { recordSource, type LoadSummary } from '../../data/sources.js';
import { escoId } from '../../data/ids.js';
import {
  type EscoBroader,
  type EscoIscoGroupRecord,
  type EscoOccupationRecord,
  type EscoOccupationSkill,
  type EscoRecordSink,
  type EscoSkillGroupRecord,
  type EscoSkillHierarchyEntry,
  type EscoSkillRecord,
  type EscoSkillSkillRelation,
  type EscoTexts,
  type ParsedEsco,
} from './model.js';

export interface EscoLoadOptions {
  log?: Logger;
  /** Where the data came from (folder, zip or URL), recorded in `sources`. */
  upstreamUrl?: string | null;
}

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

type LabelKind = 'preferred' | 'alt' | 'hidden';

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
function escoWriter(db: Db): EscoWriter {
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
      const add = (kind: LabelKind, label: string) => {
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

/** The writer as a sink for a streaming reader: each concept row with its texts. */
function recordSink(w: EscoWriter): EscoRecordSink {
  return {
    occupation: (o, lang, t) => (w.occupation(o), w.texts(o.uri, lang, t)),
    iscoGroup: (g, lang, t) => (w.iscoGroup(g), w.texts(g.uri, lang, t)),
    skill: (s, lang, t) => (w.skill(s), w.texts(s.uri, lang, t)),
    skillGroup: (g, lang, t) => (w.skillGroup(g), w.texts(g.uri, lang, t)),
    hierarchy: w.hierarchy,
    occupationSkill: w.occupationSkill,
    broader: w.broader,
    skillRelation: w.skillRelation,
  };
}

/**
 * Empties the ESCO tables and drops their secondary indexes (inside the transaction, so readers never
 * see them missing): building an index by sorting at the end is faster than growing it row by row,
 * and packs its pages. Returns the statements that rebuild them; the definitions come from the schema
 * itself, so the migration stays the one source.
 */
function clearTables(db: Db): string[] {
  for (const table of ESCO_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${ESCO_TABLES.map(() => '?').join(', ')})`)
    .all(...ESCO_TABLES) as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  return indexes.map((i) => i.sql);
}

/** Rebuilds the indexes, counts what was written and records the source; the last step before commit. */
function finish(db: Db, w: EscoWriter, indexes: string[], read: { version: string | null; languages: string[] }, opts: EscoLoadOptions): Record<string, number> {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  if (count('esco_occupations') === 0) throw new IngestError('empty', 'the ESCO data has no occupations; nothing was changed');
  for (const lang of read.languages) w.language(lang);
  opts.log?.progress('indexing', 0, indexes.length);
  indexes.forEach((sql, i) => {
    db.exec(sql);
    opts.log?.progress('indexing', i + 1, indexes.length);
  });
  const counts: Record<string, number> = {
    occupations: count('esco_occupations'),
    iscoGroups: count('esco_isco_groups'),
    skills: count('esco_skills'),
    skillGroups: count('esco_skill_groups'),
    occupationSkillRelations: count('esco_occupation_skills'),
    broaderRelations: count('esco_broader'),
    skillSkillRelations: count('esco_skill_relations'),
    labels: count('esco_labels'),
    languages: read.languages.length,
  };
  recordSource(db, { name: 'esco', kind: 'esco', upstreamVersion: read.version, upstreamUrl: opts.upstreamUrl ?? null, counts, attribution: ESCO_ATTRIBUTION });
  return counts;
}

/**
 * A larger page cache for the load only, so the tables' pages being filled stay in memory; returns
 * the undo. 16 MB: measured on v1.1.1 English, 64 MB cost 65 MB more peak RSS for no CPU time saved
 * (the secondary indexes are built by sorting at the end, not grown through the cache).
 */
function enlargeCache(db: Db): () => void {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -16384');
  return () => db.pragma(`cache_size = ${cacheSize}`);
}

/** Loads a whole ParsedEsco (the readers that build one: web-service API, SPARQL, RDF). */
export function loadEsco(db: Db, parsed: ParsedEsco, opts: EscoLoadOptions = {}): LoadSummary {
  if (parsed.occupations.length === 0) throw new IngestError('empty', 'the ESCO data has no occupations; nothing was changed');
  const log = opts.log;
  const restore = enlargeCache(db);
  try {
    const counts = db
      .transaction(() => {
        const indexes = clearTables(db);
        const w = escoWriter(db);
        const concepts = <C extends { uri: string; texts: Record<string, EscoTexts> }>(step: string, list: C[], write: (c: C) => void) => {
          list.forEach((c, i) => {
            write(c);
            for (const [lang, t] of Object.entries(c.texts)) w.texts(c.uri, lang, t);
            if (i % 1000 === 0) log?.progress(step, i, list.length);
          });
          log?.progress(step, list.length, list.length);
        };
        concepts('writing occupations', parsed.occupations, w.occupation);
        concepts('writing ISCO groups', parsed.iscoGroups, w.iscoGroup);
        concepts('writing skills', parsed.skills, w.skill);
        concepts('writing skill groups', parsed.skillGroups, w.skillGroup);
        for (const h of parsed.skillsHierarchy ?? []) w.hierarchy(h);
        parsed.occupationSkills.forEach((r, i) => {
          w.occupationSkill(r);
          if (i % 20_000 === 0) log?.progress('writing occupation-skill relations', i, parsed.occupationSkills.length);
        });
        log?.progress('writing occupation-skill relations', parsed.occupationSkills.length, parsed.occupationSkills.length);
        for (const b of parsed.broader) w.broader(b);
        for (const r of parsed.skillSkillRelations) w.skillRelation(r);
        return finish(db, w, indexes, parsed, opts);
      })
      .immediate();
    return { counts, upstreamVersion: parsed.version };
  } finally {
    restore();
  }
}

/**
 * Loads what a streaming reader hands to the sink, each record written as it is read, all inside one
 * IMMEDIATE transaction that stays open while `read` awaits its files (better-sqlite3's transaction()
 * cannot wrap an await, hence BEGIN/COMMIT by hand). The connection must not be used by anything
 * else meanwhile (an ingest has its own). Any failure, of the reader or of a write, rolls it all back.
 */
export async function loadEscoStreamed(
  db: Db,
  read: (sink: EscoRecordSink) => Promise<{ version: string | null; languages: string[] }>,
  opts: EscoLoadOptions = {},
): Promise<LoadSummary> {
  const restore = enlargeCache(db);
  db.exec('BEGIN IMMEDIATE');
  try {
    const indexes = clearTables(db);
    const w = escoWriter(db);
    const summary = await read(recordSink(w));
    const counts = finish(db, w, indexes, summary, opts);
    db.exec('COMMIT');
    return { counts, upstreamVersion: summary.version };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    restore();
  }
}
