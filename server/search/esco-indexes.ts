/**
 * The search indexes of the ESCO API, one per concept kind (occupations, skills) and language, built
 * from the database on the first search that needs them and rebuilt when ESCO is loaded again: each
 * lookup compares the `sources` load stamp of ESCO (one primary-key read), as the answer cache does,
 * so the server follows the ingester (another process) without a restart.
 */
import type { Db } from '../../data/db.js';
import { languageRules } from './language.js';
import { LabelIndex, type IndexLabel, type LabelKind } from './label-index.js';

export interface OccupationDoc {
  id: string;
  uri: string;
  label: string | null;
  code: string | null;
  iscoGroup: string | null;
}
export interface SkillDoc {
  id: string;
  uri: string;
  label: string | null;
  type: string | null;
}

export interface ConceptIndex<Doc> {
  index: LabelIndex;
  docs: Doc[];
}

export type ConceptKind = 'occupation' | 'skill';

export class EscoSearchIndexes {
  private stamp: string | undefined;
  private readonly built = new Map<string, ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc>>();
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      loadedAt: db.prepare(`SELECT loaded_at FROM sources WHERE name = 'esco'`).pluck(),
      occupations: db.prepare(`
        SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup
        FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
        ORDER BY o.uri`),
      skills: db.prepare(`
        SELECT s.id, s.uri, t.preferred_label AS label, s.skill_type AS type
        FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?
        ORDER BY s.uri`),
      occupationLabels: db.prepare(`SELECT l.concept_uri AS uri, l.kind, l.label FROM esco_labels l JOIN esco_occupations o ON o.uri = l.concept_uri WHERE l.lang = ?`),
      skillLabels: db.prepare(`SELECT l.concept_uri AS uri, l.kind, l.label FROM esco_labels l JOIN esco_skills s ON s.uri = l.concept_uri WHERE l.lang = ?`),
    };
  }

  /** The load stamp the indexes follow ('' before any ESCO load). */
  currentStamp(): string {
    return (this.stmt.loadedAt.get() as string | null | undefined) ?? '';
  }

  /** @param stamp the load stamp when the caller has just read it (the search route reads it once per request) */
  occupations(lang: string, stamp = this.currentStamp()): ConceptIndex<OccupationDoc> {
    return this.get('occupation', lang, stamp) as ConceptIndex<OccupationDoc>;
  }

  skills(lang: string, stamp = this.currentStamp()): ConceptIndex<SkillDoc> {
    return this.get('skill', lang, stamp) as ConceptIndex<SkillDoc>;
  }

  private get(kind: ConceptKind, lang: string, stamp: string): ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc> {
    if (stamp !== this.stamp) {
      this.built.clear();
      this.stamp = stamp;
    }
    const key = `${kind}:${lang}`;
    let entry = this.built.get(key);
    if (!entry) {
      entry = this.build(kind, lang);
      this.built.set(key, entry);
    }
    return entry;
  }

  /** Reads the concepts and their labels in one read transaction, so an index never mixes two loads. */
  private build(kind: ConceptKind, lang: string): ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc> {
    return this.db.transaction(() => {
      const docs = (kind === 'occupation' ? this.stmt.occupations : this.stmt.skills).all(lang) as (OccupationDoc | SkillDoc)[];
      const position = new Map(docs.map((d, i) => [d.uri, i]));
      const rows = (kind === 'occupation' ? this.stmt.occupationLabels : this.stmt.skillLabels).all(lang) as { uri: string; kind: LabelKind; label: string }[];
      const labels: IndexLabel[] = rows.map((r) => ({ concept: position.get(r.uri)!, kind: r.kind, label: r.label }));
      return { index: new LabelIndex(docs.map((d) => d.uri), labels, languageRules(lang)), docs };
    })() as ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc>;
  }
}
