/**
 * The search indexes of the ESCO API, one per concept kind (occupations, skills) and language, built
 * from the database on the first search that needs them and rebuilt when ESCO is loaded again: each
 * lookup compares the `sources` load stamp of ESCO (data/esco-state.ts), as the answer cache does, so
 * the server follows the ingester (another process) without a restart.
 *
 * With each index go the concepts' answer items as JSON text, cut where the matched label goes: an
 * answer is then the concatenation of a page of fragments (the route's budget does not allow
 * building and serialising objects per hit).
 */
import type { Db } from '../../data/db.js';
import { EscoStateWatch, type EscoState } from '../../data/esco-state.js';
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

/** A concept's answer item as JSON text, without the value of `matchedLabel`: `head + JSON.stringify(matchedLabel) + tail`. */
export interface ItemFragment {
  head: string;
  tail: string;
}

export interface ConceptIndex<Doc> {
  index: LabelIndex;
  docs: Doc[];
  /** One per doc, in the same order. */
  fragments: ItemFragment[];
}

/**
 * The answer item of a concept kind: the document with the label that matched, completed (by the
 * caller's rule) with a fallback label when it has none in the language asked.
 */
export interface ItemRules {
  occupation(doc: OccupationDoc & { matchedLabel: null }): object;
  skill(doc: SkillDoc & { matchedLabel: null }): object;
}
const DOC_AS_ITEM: ItemRules = { occupation: (doc) => doc, skill: (doc) => doc };

const MATCHED = ',"matchedLabel":null';

/** The fragment of one item: its JSON text cut at the value of `matchedLabel` (the last key but an optional `labelLang`). */
export function itemFragment(item: object): ItemFragment {
  const json = JSON.stringify(item);
  // Keys and values are JSON-escaped: a quote inside a label is \", so this exact text is the key itself.
  const at = json.lastIndexOf(MATCHED);
  if (at < 0) throw new Error('search item without matchedLabel');
  return { head: json.slice(0, at + MATCHED.length - 4), tail: json.slice(at + MATCHED.length) };
}

export type ConceptKind = 'occupation' | 'skill';

export class EscoSearchIndexes {
  private stamp: string | undefined;
  private readonly built = new Map<string, ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc>>();
  private readonly stmt;
  private readonly state: () => EscoState;

  /**
   * @param items the answer item of a concept (default: the document with `matchedLabel`)
   * @param state the ESCO state the indexes follow (default: a watch of their own on `db`)
   */
  constructor(
    private readonly db: Db,
    private readonly items: ItemRules = DOC_AS_ITEM,
    state?: () => EscoState,
  ) {
    if (state) this.state = state;
    else {
      const watch = new EscoStateWatch(db);
      this.state = () => watch.current();
    }
    this.stmt = {
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
    return this.state().stamp;
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
      let docs: (OccupationDoc | SkillDoc)[];
      let fragments: ItemFragment[];
      if (kind === 'occupation') {
        const occupations = this.stmt.occupations.all(lang) as OccupationDoc[];
        fragments = occupations.map((d) => itemFragment(this.items.occupation({ ...d, matchedLabel: null })));
        docs = occupations;
      } else {
        const skills = this.stmt.skills.all(lang) as SkillDoc[];
        fragments = skills.map((d) => itemFragment(this.items.skill({ ...d, matchedLabel: null })));
        docs = skills;
      }
      const position = new Map(docs.map((d, i) => [d.uri, i]));
      const rows = (kind === 'occupation' ? this.stmt.occupationLabels : this.stmt.skillLabels).all(lang) as { uri: string; kind: LabelKind; label: string }[];
      const labels: IndexLabel[] = rows.map((r) => ({ concept: position.get(r.uri)!, kind: r.kind, label: r.label }));
      return { index: new LabelIndex(docs.map((d) => d.uri), labels, languageRules(lang)), docs, fragments };
    })() as ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc>;
  }
}
