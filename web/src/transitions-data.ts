/**
 * The texts of one item of GET /api/occupations/:id/transitions (its type: wire/transitions.d.ts)
 * that the section (transitions.ts) and its printed page (transitions-handout.ts) both show,
 * so the screen and the paper say the same thing in the same words.
 */
import type { Transition, Transitions } from './api.js';
import { formatFixed, t } from './i18n.js';

/** '51 of 68 essential skills held'. */
export const heldText = (i: Transition): string => t('tr.held', { held: i.held, total: i.total });

/** The 5-year change of the item's ISCO group with its sign ('+3.5'); '' when there is none. */
export function growthText(i: Transition): string {
  const pct = i.employment?.change5y?.percent;
  return pct === null || pct === undefined ? '' : `${pct > 0 ? '+' : ''}${formatFixed(pct, 1)}`;
}

/** The growth as a table cell: '+3.5%' (in French and German '+3,5 %'), or a dash for a group without a 5-year change. */
export const growthCell = (i: Transition): string => (growthText(i) ? t('percent', { value: growthText(i) }) : '–');

/** Whether the answer carries employment figures for the country (the growth column is shown). */
export const hasGrowth = (data: Transitions): boolean => data.employment?.available === true;
