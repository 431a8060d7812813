/**
 * TEMPORARY: a small lookup of ESCO skills by preferred label, for the "skills the client has" box
 * of the transitions section, until the skill search of issue 10 (GET /api/skills?q=) is on main.
 * Not a search engine: preferred labels only, each query word must begin a word of the label;
 * labels starting with the query first, then shorter labels. The labels of one language are read
 * once per ESCO load (≈14,000 skills) and scanned in memory.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../data/db.js';

export interface SkillHit {
  id: string;
  uri: string;
  label: string;
  type: string | null;
  /** The label that matched: always the preferred label here (issue 10's search also matches others). */
  matchedLabel: string;
}

interface Entry extends SkillHit {
  folded: string;
  words: string[];
}

/** Lower case without accents, so 'Gerer' finds 'gérer'. */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const words = (folded: string) => folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export class SkillLabels {
  private readonly byLang = new Map<string, Entry[]>();
  private stamp = '';
  private readonly stmt: Statement;

  constructor(db: Db) {
    this.stmt = db.prepare(`
      SELECT s.id, s.uri, t.preferred_label AS label, s.skill_type AS type
      FROM esco_skills s JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?`);
  }

  private entries(stamp: string, lang: string): Entry[] {
    if (stamp !== this.stamp) {
      this.byLang.clear();
      this.stamp = stamp;
    }
    let list = this.byLang.get(lang);
    if (!list) {
      list = (this.stmt.all(lang) as Omit<SkillHit, 'matchedLabel'>[]).map((r) => {
        const folded = fold(r.label);
        return { ...r, matchedLabel: r.label, folded, words: words(folded) };
      });
      this.byLang.set(lang, list);
    }
    return list;
  }

  lookup(stamp: string, lang: string, q: string, limit: number): { items: SkillHit[]; total: number } {
    const query = fold(q.trim());
    const tokens = words(query);
    if (!tokens.length) return { items: [], total: 0 };
    const hits = this.entries(stamp, lang).filter((e) => tokens.every((t) => e.words.some((w) => w.startsWith(t))));
    const rank = (e: Entry) => (e.folded.startsWith(query) ? 0 : 1);
    hits.sort((a, b) => rank(a) - rank(b) || a.label.length - b.label.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return { items: hits.slice(0, limit).map(({ id, uri, label, type, matchedLabel }) => ({ id, uri, label, type, matchedLabel })), total: hits.length };
  }
}
