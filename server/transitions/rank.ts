/**
 * Ranking the occupations a client could move to by the essential skills they already hold.
 *
 * The score is the Wilson score lower bound (95%, z = 1.96) of the share held/total:
 *
 *   p = held / total,  n = total,  z = 1.96
 *   score = (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n),  and 0 when total = 0
 *
 * Why this and not the plain share: the share says 2 of 2 (100%) beats 40 of 45 (89%), but two
 * essential skills say little about an occupation, while 40 of 45 is strong evidence the client is
 * close. The lower bound shrinks a share towards 0 the fewer skills it rests on (2/2 → 0.34,
 * 10/10 → 0.72, 40/45 → 0.77, 45/45 → 0.92), so coverage still dominates — a higher share on
 * the same number of skills always ranks higher — but a handful of skills cannot outrank a broad
 * match. Ties (same score) go to more skills held, then to the occupation id, so the order is total
 * and the same in every language.
 */
import type { SkillSets } from './skill-sets.js';

export const WILSON_Z = 1.96;

/** The Wilson score lower bound of `held` successes out of `total` (0 for total 0). */
export function wilsonLowerBound(held: number, total: number, z = WILSON_Z): number {
  if (total <= 0) return 0;
  const p = held / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return (centre - margin) / (1 + z2 / total);
}

export interface RankOptions {
  /** The source occupation's number: its skills are held, and it is never listed. */
  source: number;
  /** Extra skill numbers the client holds. */
  have: readonly number[];
  /** Keep only occupations whose number passes (e.g. same ISCO major group). */
  keep?: (occupation: number) => boolean;
}

export interface Ranked {
  /** Occupation numbers, best first. */
  order: Int32Array;
  held: Int32Array;
  total: Int32Array;
  score: Float64Array;
  /** Distinct skills the client holds (source essential + optional + have). */
  clientSkills: number;
}

/** Every occupation but the source, with held/total/score, in non-increasing score. */
export function rankTransitions(sets: SkillSets, { source, have, keep }: RankOptions): Ranked {
  const n = sets.occupationIds.length;
  const holds = new Uint8Array(sets.skillIds.length);
  let clientSkills = 0;
  const mark = (s: number) => {
    if (holds[s] === 0) clientSkills++;
    holds[s] = 1;
  };
  for (let i = sets.essentialStart[source]!; i < sets.essentialStart[source + 1]!; i++) mark(sets.essential[i]!);
  for (let i = sets.optionalStart[source]!; i < sets.optionalStart[source + 1]!; i++) mark(sets.optional[i]!);
  for (const s of have) mark(s);

  const held = new Int32Array(n);
  const total = new Int32Array(n);
  const score = new Float64Array(n);
  const chosen: number[] = [];
  for (let o = 0; o < n; o++) {
    if (o === source || (keep && !keep(o))) continue;
    const from = sets.essentialStart[o]!;
    const to = sets.essentialStart[o + 1]!;
    let h = 0;
    for (let i = from; i < to; i++) h += holds[sets.essential[i]!]!;
    held[o] = h;
    total[o] = to - from;
    score[o] = wilsonLowerBound(h, to - from);
    chosen.push(o);
  }
  // Occupation numbers follow the id order, so the last tie-break (a - b) is by id.
  chosen.sort((a, b) => score[b]! - score[a]! || held[b]! - held[a]! || a - b);
  return { order: Int32Array.from(chosen), held, total, score, clientSkills };
}
