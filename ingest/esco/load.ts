/**
 * Writes ParsedEsco into the ESCO tables in ONE transaction: every ESCO row is replaced, so readers see
 * either the previous release or the new one, never a mix, and a failure leaves the previous data.
 * Any ESCO reader (CSV download, web-service API, SPARQL, RDF) calls this.
 */
import type { Db } from '../../data/db.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import { recordSource, type LoadSummary } from '../../data/sources.js';
import { escoId } from '../../data/ids.js';
import type { EscoTextsByLang, ParsedEsco } from './model.js';

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

export function loadEsco(db: Db, parsed: ParsedEsco, opts: EscoLoadOptions = {}): LoadSummary {
  if (parsed.occupations.length === 0) throw new IngestError('empty', 'the ESCO data has no occupations; nothing was changed');
  // A larger page cache for the load only: the relation and label indexes stay in memory while they grow.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -65536');
  try {
    return writeEsco(db, parsed, opts);
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

function writeEsco(db: Db, parsed: ParsedEsco, opts: EscoLoadOptions): LoadSummary {
  const log = opts.log;
  const insert = {
    occupation: db.prepare('INSERT INTO esco_occupations (uri, id, code, isco_group, status, modified_date, regulated_note) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    isco: db.prepare('INSERT INTO esco_isco_groups (uri, code, status) VALUES (?, ?, ?)'),
    skill: db.prepare('INSERT INTO esco_skills (uri, id, skill_type, reuse_level, status, modified_date) VALUES (?, ?, ?, ?, ?, ?)'),
    skillGroup: db.prepare('INSERT INTO esco_skill_groups (uri, id, code, status) VALUES (?, ?, ?, ?)'),
    hierarchy: db.prepare('INSERT INTO esco_skill_hierarchy (uri, level, code, parent_uri) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    text: db.prepare('INSERT INTO esco_texts (concept_uri, lang, preferred_label, description, definition, scope_note) VALUES (?, ?, ?, ?, ?, ?)'),
    label: db.prepare('INSERT INTO esco_labels (concept_uri, lang, kind, label) VALUES (?, ?, ?, ?)'),
    occupationSkill: db.prepare('INSERT INTO esco_occupation_skills (occupation_uri, skill_uri, relation_type, skill_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    broader: db.prepare('INSERT INTO esco_broader (concept_uri, concept_type, broader_uri, broader_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    skillRelation: db.prepare('INSERT INTO esco_skill_relations (original_skill_uri, relation_type, related_skill_uri) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    language: db.prepare('INSERT INTO esco_languages (lang) VALUES (?) ON CONFLICT DO NOTHING'),
  };
  // ON CONFLICT DO NOTHING skips repeated rows only; a row breaking a CHECK still fails the load.
  let labels = 0;

  /** Texts and labels of one concept (the server's search index is built from esco_labels). */
  const writeTexts = (uri: string, byLang: EscoTextsByLang) => {
    for (const [lang, t] of Object.entries(byLang)) {
      insert.text.run(uri, lang, t.preferredLabel, t.description ?? null, t.definition ?? null, t.scopeNote ?? null);
      const all: [LabelKind, string][] = [['preferred', t.preferredLabel], ...t.altLabels.map((l): [LabelKind, string] => ['alt', l]), ...t.hiddenLabels.map((l): [LabelKind, string] => ['hidden', l])];
      const seen = new Set<string>();
      for (const [kind, label] of all) {
        if (seen.has(`${kind}\u0000${label}`)) continue;
        seen.add(`${kind}\u0000${label}`);
        insert.label.run(uri, lang, kind, label);
        labels++;
      }
    }
  };

  const counts = db.transaction(() => {
    for (const table of ESCO_TABLES) db.prepare(`DELETE FROM ${table}`).run();
    // Secondary indexes are dropped and rebuilt around the inserts (inside the transaction, so readers
    // never see them missing): building an index by sorting is faster than growing it row by row, and
    // packs its pages. Their definitions come from the schema itself, so the migration stays the one source.
    const indexes = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${ESCO_TABLES.map(() => '?').join(', ')})`)
      .all(...ESCO_TABLES) as { name: string; sql: string }[];
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

    parsed.occupations.forEach((o, i) => {
      insert.occupation.run(o.uri, escoId(o.uri), o.code, o.iscoGroup, o.status, o.modifiedDate, o.regulatedProfessionNote);
      writeTexts(o.uri, o.texts);
      if (i % 500 === 0) log?.progress('writing occupations', i, parsed.occupations.length);
    });
    log?.progress('writing occupations', parsed.occupations.length, parsed.occupations.length);
    for (const g of parsed.iscoGroups) {
      insert.isco.run(g.uri, g.code, g.status);
      writeTexts(g.uri, g.texts);
    }
    parsed.skills.forEach((s, i) => {
      insert.skill.run(s.uri, escoId(s.uri), s.skillType, s.reuseLevel, s.status, s.modifiedDate);
      writeTexts(s.uri, s.texts);
      if (i % 2000 === 0) log?.progress('writing skills', i, parsed.skills.length);
    });
    log?.progress('writing skills', parsed.skills.length, parsed.skills.length);
    for (const g of parsed.skillGroups) {
      insert.skillGroup.run(g.uri, escoId(g.uri), g.code, g.status);
      writeTexts(g.uri, g.texts);
    }
    for (const h of parsed.skillsHierarchy ?? []) insert.hierarchy.run(h.uri, h.level, h.code, h.parentUri);
    let occupationSkills = 0;
    parsed.occupationSkills.forEach((r, i) => {
      occupationSkills += insert.occupationSkill.run(r.occupationUri, r.skillUri, r.relationType, r.skillType).changes;
      if (i % 20_000 === 0) log?.progress('writing occupation-skill relations', i, parsed.occupationSkills.length);
    });
    log?.progress('writing occupation-skill relations', parsed.occupationSkills.length, parsed.occupationSkills.length);
    let broader = 0;
    for (const b of parsed.broader) broader += insert.broader.run(b.conceptUri, b.conceptType, b.broaderUri, b.broaderType).changes;
    let skillRelations = 0;
    for (const r of parsed.skillSkillRelations) skillRelations += insert.skillRelation.run(r.originalSkillUri, r.relationType, r.relatedSkillUri).changes;
    for (const lang of parsed.languages) insert.language.run(lang);
    log?.progress('indexing', 0, indexes.length);
    indexes.forEach((index, i) => {
      db.exec(index.sql);
      log?.progress('indexing', i + 1, indexes.length);
    });

    const c: Record<string, number> = {
      occupations: parsed.occupations.length,
      iscoGroups: parsed.iscoGroups.length,
      skills: parsed.skills.length,
      skillGroups: parsed.skillGroups.length,
      occupationSkillRelations: occupationSkills,
      broaderRelations: broader,
      skillSkillRelations: skillRelations,
      labels,
      languages: parsed.languages.length,
    };
    recordSource(db, { name: 'esco', kind: 'esco', upstreamVersion: parsed.version, upstreamUrl: opts.upstreamUrl ?? null, counts: c, attribution: ESCO_ATTRIBUTION });
    return c;
  }).immediate();
  return { counts, upstreamVersion: parsed.version };
}
