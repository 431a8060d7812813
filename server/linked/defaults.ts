/**
 * The codes the linked views read from the datasets advisers keep (lmi.config.json's default set),
 * for the dimensions that have no total: employment counts in thousands of persons, the job
 * vacancy rate, the unemployment rate. Every response shows the codes used in `selection`, and
 * /api/compare lets the caller choose others.
 */
import type { Preferences } from './selection.js';

/** Employment counts, annual. */
const EMPLOYMENT: Preferences = { unit: ['THS_PER'], freq: ['A'] };

const BY_DATASET: Record<string, Preferences> = {
  lfsa_egised: EMPLOYMENT,
  lfsa_egai2d: EMPLOYMENT,
  lfsa_egan2: EMPLOYMENT,
  // Persons employed, domestic concept: the national-accounts count closest to the LFS one.
  nama_10_a10_e: { ...EMPLOYMENT, na_item: ['EMP_DC'] },
  // The job vacancy rate (JVR; JOBRATE in releases before the 2020s), not seasonally adjusted (every
  // country publishes it, not all publish SA), all enterprise sizes where the country covers them.
  jvs_q_nace2: { indic_em: ['JVR', 'JOBRATE'], s_adj: ['NSA', 'SA'], sizeclas: ['TOTAL', 'GE10'], freq: ['Q'] },
  // The unemployment rate (% of the labour force); monthly: seasonally adjusted, Eurostat's headline.
  une_rt_a: { unit: ['PC_ACT'] },
  une_rt_m: { unit: ['PC_ACT'], s_adj: ['SA', 'NSA'] },
};

export function preferencesFor(dataset: string): Preferences {
  return BY_DATASET[dataset] ?? {};
}
