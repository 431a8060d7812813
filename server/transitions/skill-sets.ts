/**
 * The occupation–skill relations of the loaded ESCO release as integer sets in memory, for career
 * transitions: each occupation's essential and optional skills as sorted arrays of skill numbers
 * (CSR layout: one flat Int32Array plus offsets), so ranking every occupation against what a
 * client holds is one pass over ≈3,000 occupations and their ≈70,000 essential relations with no
 * SQL. Built on first use and rebuilt when the ESCO load stamp (`sources.loaded_at` for esco)
 * changes — the ingester writes from another process, so the stamp is compared on every request,
 * as the search answer cache in routes/esco.ts does.
 */
import type { Db } from '../../data/db.js';
import { escoRelease } from '../../data/esco-release.js';
import { transitionReads, type TransitionReads } from '../../data/esco-transitions.js';

export interface SkillSets {
  /** The `sources.loaded_at` of the ESCO load these sets were built from ('' when none). */
  stamp: string;
  /** Per occupation number: id, ISCO unit group (null for a few), ESCO code. */
  occupationIds: string[];
  occupationUris: string[];
  iscoGroups: (string | null)[];
  codes: (string | null)[];
  occupationById: Map<string, number>;
  /** Per skill number: its id; skills are numbered in esco_skills order. */
  skillIds: string[];
  skillById: Map<string, number>;
  /** essential skills of occupation o: essential[essentialStart[o] .. essentialStart[o + 1]). */
  essential: Int32Array;
  essentialStart: Int32Array;
  optional: Int32Array;
  optionalStart: Int32Array;
}

/** Flattens per-occupation lists into the CSR pair (values, start offsets with one extra end offset). */
function compress(lists: number[][]): { values: Int32Array; start: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  for (let o = 0; o < lists.length; o++) start[o + 1] = start[o]! + lists[o]!.length;
  const values = new Int32Array(start[lists.length]!);
  for (let o = 0; o < lists.length; o++) values.set(lists[o]!.sort((a, b) => a - b), start[o]!);
  return { values, start };
}

export class SkillSetCache {
  private current: SkillSets | undefined;
  private readonly reads: TransitionReads;
  /** How many times the sets were built (tests check that a new load, and only that, rebuilds them). */
  builds = 0;

  constructor(private readonly db: Db) {
    this.reads = transitionReads(db);
  }

  /** The sets for the data loaded now; call inside the request's read transaction. */
  get(): SkillSets {
    const stamp = escoRelease(this.db)?.loadedAt ?? '';
    if (this.current?.stamp !== stamp) this.current = this.build(stamp);
    return this.current;
  }

  private build(stamp: string): SkillSets {
    this.builds++;
    const occupations = this.reads.occupations();
    const skills = this.reads.skills();
    const occByUri = new Map(occupations.map((o, i) => [o.uri, i]));
    const skillByUri = new Map(skills.map((s, i) => [s.uri, i]));
    const essential: number[][] = occupations.map(() => []);
    const optional: number[][] = occupations.map(() => []);
    for (const [occUri, skillUri, relation] of this.reads.relations()) {
      const o = occByUri.get(occUri);
      const s = skillByUri.get(skillUri);
      // The ingest loads relations only between loaded concepts; a dangling one would name nothing a client could hold.
      if (o === undefined || s === undefined) continue;
      (relation === 'essential' ? essential : optional)[o]!.push(s);
    }
    const e = compress(essential);
    const p = compress(optional);
    return {
      stamp,
      occupationIds: occupations.map((o) => o.id),
      occupationUris: occupations.map((o) => o.uri),
      iscoGroups: occupations.map((o) => o.iscoGroup),
      codes: occupations.map((o) => o.code),
      occupationById: new Map(occupations.map((o, i) => [o.id, i])),
      skillIds: skills.map((s) => s.id),
      skillById: new Map(skills.map((s, i) => [s.id, i])),
      essential: e.values,
      essentialStart: e.start,
      optional: p.values,
      optionalStart: p.start,
    };
  }
}
