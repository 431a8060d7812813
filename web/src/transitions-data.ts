/**
 * The answer of GET /api/occupations/:id/transitions as the pages read it, and the texts of one
 * item that the section (transitions.ts) and its printed page (transitions-handout.ts) both show,
 * so the screen and the paper say the same thing in the same words.
 */
import type { DatasetRef } from './api.js';
import { formatFixed, t } from './i18n.js';

interface Figure {
  period: string;
  value: number | null;
}
export interface Transition {
  id: string;
  label: string | null;
  iscoGroup: string | null;
  held: number;
  total: number;
  score: number;
  employment: { iscoUsed: { code: string; label: string }; latest: Figure; change5y: { from: Figure; percent: number | null } | null } | null;
}
export interface Transitions {
  have: { id: string; label: string | null }[];
  clientSkills: number;
  items: Transition[];
  total: number;
  employment: { available: boolean; dataset: DatasetRef | null } | null;
  source: { name: string; version: string | null };
}

/** '51 of 68 essential skills held'. */
export const heldText = (i: Transition): string => t('tr.held', { held: i.held, total: i.total });

/** The 5-year change of the item's ISCO group with its sign ('+3.5'); '' when there is none. */
export function growthText(i: Transition): string {
  const pct = i.employment?.change5y?.percent;
  return pct === null || pct === undefined ? '' : `${pct > 0 ? '+' : ''}${formatFixed(pct, 1)}`;
}

/** The growth as a table cell: '+3.5 %', or a dash for a group without a 5-year change. */
export const growthCell = (i: Transition): string => (growthText(i) ? `${growthText(i)} %` : '–');

/** Whether the answer carries employment figures for the country (the growth column is shown). */
export const hasGrowth = (data: Transitions): boolean => data.employment?.available === true;
