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
import { conceptLabels, occupationDocs, skillDocs, type EscoOccupationDoc as OccupationDoc, type EscoSkillDoc as SkillDoc } from '../../data/esco-search.js';
import { EscoStateWatch, type EscoState } from '../../data/esco-state.js';
import { languageRules } from './language.js';
import { LabelIndex, type IndexLabel } from './label-index.js';

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
        const occupations = occupationDocs(this.db, lang);
        fragments = occupations.map((d) => itemFragment(this.items.occupation({ ...d, matchedLabel: null })));
        docs = occupations;
      } else {
        const skills = skillDocs(this.db, lang);
        fragments = skills.map((d) => itemFragment(this.items.skill({ ...d, matchedLabel: null })));
        docs = skills;
      }
      const position = new Map(docs.map((d, i) => [d.uri, i]));
      const rows = conceptLabels(this.db, kind, lang);
      const labels: IndexLabel[] = rows.map((r) => ({ concept: position.get(r.uri)!, kind: r.kind, label: r.label }));
      return { index: new LabelIndex(docs.map((d) => d.uri), labels, languageRules(lang)), docs, fragments };
    })() as ConceptIndex<OccupationDoc> | ConceptIndex<SkillDoc>;
  }
}
