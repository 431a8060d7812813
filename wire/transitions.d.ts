/**
 * What GET /api/occupations/:id/transitions answers (server/routes/transitions.ts): every other
 * occupation ranked by the share of its essential skills a client already holds, optionally with the
 * employment trend of each one's ISCO group in a country. Types only: the web pages import them too
 * (docs/architecture.md).
 */
import type { EscoProvenance, SkillRef } from './esco.js';
import type { Change, Coded, DatasetRef, SeriesPoint } from './linked.js';

/** Employment of a target's ISCO group in the country asked for, from the finest level published. */
export interface TransitionEmployment {
  /** The ISCO group the figures are for: the 2-digit ('22') or the major group ('2'). */
  iscoUsed: Coded;
  latest: SeriesPoint;
  /** From the same period five years before; null when that period has no figure. */
  change5y: Change | null;
}

/** One occupation the client could move to. */
export interface Transition {
  id: string;
  label: string | null;
  code: string | null;
  iscoGroup: string | null;
  /** Essential skills of this occupation the client holds, of `total`. */
  held: number;
  total: number;
  /** The Wilson score lower bound of held/total (server/transitions/rank.ts). */
  score: number;
  /** The skills gap for the pair: /api/occupations/{from}/gap?to={id}. */
  gap: string;
  /** Null without geo, or when the group has no figures for it. */
  employment: TransitionEmployment | null;
}

/** Which employment figures the answer carries for geo (null without geo). */
export type TransitionsEmployment =
  | { geo: string; available: true; reason: null; dataset: DatasetRef; level: string; unit: Coded | null }
  | { geo: string; available: false; reason: string; dataset: null; level: null; unit: null };

/** GET /api/occupations/:id/transitions */
export interface Transitions extends EscoProvenance {
  from: { id: string; label: string | null; code: string | null; iscoGroup: string | null };
  /** The skills given in have=, with their labels. */
  have: SkillRef[];
  /** Distinct skills the client holds: the source occupation's essential and optional ones plus have. */
  clientSkills: number;
  score: { method: 'wilson-lower-bound'; z: number };
  majorGroup: 'same' | 'other' | null;
  sort: 'score' | 'growth';
  employment: TransitionsEmployment | null;
  items: Transition[];
  /** Occupations in the list (every occupation but the source, after majorGroup). */
  total: number;
  limit: number;
  offset: number;
}
