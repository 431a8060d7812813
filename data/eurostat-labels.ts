/**
 * Eurostat's own English labels for the dimensions and codes the adviser views use most (countries and
 * aggregates, sex, frequency, age bands, ISCO-08 major groups, NACE Rev. 2 sections and A*10 groups,
 * common units); any other code keeps its code as label. The one table for codes without labels:
 * TSV files (bulk downloads) carry codes only, so the TSV parser labels them here at parse time, and the
 * linked views use it for datasets stored without labels (server/linked/labels.ts). JSON-stat and
 * SDMX-CSV answers bring their own labels, which always win.
 */
/**
 * Eurostat's titles of the datasets the adviser views use: bulk TSV files carry none, and a code as
 * the title of every linked view ('lfsa_egised') tells an adviser nothing.
 */
export const DATASET_TITLES: Record<string, string> = {
  lfsa_egised: 'Employment by sex, age, occupation and educational attainment level (1 000)',
  lfsa_egai2d: 'Employment by sex, age and detailed occupation (ISCO-08) (1 000)',
  lfsa_egan2: 'Employment by sex, age and economic activity (from 2008 onwards, NACE Rev. 2) - 1 000',
  nama_10_a10_e: 'Employment by A*10 industry breakdowns',
  une_rt_a: 'Unemployment by sex and age - annual data',
  une_rt_m: 'Unemployment by sex and age - monthly data',
  jvs_q_nace2: 'Job vacancy statistics by NACE Rev. 2 activity - quarterly data (from 2001 onwards)',
  lfst_r_lfe2en2: 'Employment by age, economic activity and NUTS 2 regions (NACE Rev. 2) - 1 000',
};

export const DIMENSION_LABELS: Record<string, string> = {
  freq: 'Time frequency',
  geo: 'Geopolitical entity (reporting)',
  sex: 'Sex',
  age: 'Age class',
  unit: 'Unit of measure',
  isco08: 'International Standard Classification of Occupations 2008 (ISCO-08)',
  isced11: 'International Standard Classification of Education (ISCED 2011)',
  nace_r2: 'Statistical classification of economic activities in the European Community (NACE Rev. 2)',
  na_item: 'National accounts indicator (ESA 2010)',
  s_adj: 'Seasonal adjustment',
  citizen: 'Country of citizenship',
  indic_em: 'Employment indicator',
};

const GEO: Record<string, string> = {
  EU27_2020: 'European Union - 27 countries (from 2020)',
  EU28: 'European Union - 28 countries (2013-2020)',
  EU15: 'European Union - 15 countries (1995-2004)',
  EA21: 'Euro area – 21 countries (from 2026)',
  EA20: 'Euro area – 20 countries (2023-2025)',
  EA19: 'Euro area - 19 countries (2015-2022)',
  EA12: 'Euro area - 12 countries (2001-2006)',
  EA: 'Euro area',
  BE: 'Belgium',
  BG: 'Bulgaria',
  CZ: 'Czechia',
  DK: 'Denmark',
  DE: 'Germany',
  EE: 'Estonia',
  IE: 'Ireland',
  EL: 'Greece',
  ES: 'Spain',
  FR: 'France',
  HR: 'Croatia',
  IT: 'Italy',
  CY: 'Cyprus',
  LV: 'Latvia',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  HU: 'Hungary',
  MT: 'Malta',
  NL: 'Netherlands',
  AT: 'Austria',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  SI: 'Slovenia',
  SK: 'Slovakia',
  FI: 'Finland',
  SE: 'Sweden',
  IS: 'Iceland',
  LI: 'Liechtenstein',
  NO: 'Norway',
  CH: 'Switzerland',
  UK: 'United Kingdom',
  BA: 'Bosnia and Herzegovina',
  ME: 'Montenegro',
  MK: 'North Macedonia',
  AL: 'Albania',
  RS: 'Serbia',
  TR: 'Türkiye',
  XK: 'Kosovo*',
  MD: 'Moldova',
  UA: 'Ukraine',
  GE: 'Georgia',
};

const ISCO08: Record<string, string> = {
  TOTAL: 'Total',
  OC0: 'Armed forces occupations',
  OC1: 'Managers',
  OC2: 'Professionals',
  OC3: 'Technicians and associate professionals',
  OC4: 'Clerical support workers',
  OC5: 'Service and sales workers',
  OC6: 'Skilled agricultural, forestry and fishery workers',
  OC7: 'Craft and related trades workers',
  OC8: 'Plant and machine operators and assemblers',
  OC9: 'Elementary occupations',
  NRP: 'No response',
};

/** NACE Rev. 2 sections and the A*10 groups of national accounts. */
const NACE_R2: Record<string, string> = {
  TOTAL: 'Total - all NACE activities',
  A: 'Agriculture, forestry and fishing',
  B: 'Mining and quarrying',
  C: 'Manufacturing',
  D: 'Electricity, gas, steam and air conditioning supply',
  E: 'Water supply; sewerage, waste management and remediation activities',
  F: 'Construction',
  G: 'Wholesale and retail trade; repair of motor vehicles and motorcycles',
  H: 'Transportation and storage',
  I: 'Accommodation and food service activities',
  J: 'Information and communication',
  K: 'Financial and insurance activities',
  L: 'Real estate activities',
  M: 'Professional, scientific and technical activities',
  N: 'Administrative and support service activities',
  O: 'Public administration and defence; compulsory social security',
  P: 'Education',
  Q: 'Human health and social work activities',
  R: 'Arts, entertainment and recreation',
  S: 'Other service activities',
  T: 'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use',
  U: 'Activities of extraterritorial organisations and bodies',
  'B-E': 'Industry (except construction)',
  'G-I': 'Wholesale and retail trade, transport, accommodation and food service activities',
  M_N: 'Professional, scientific and technical activities; administrative and support service activities',
  'O-Q': 'Public administration, defence, education, human health and social work activities',
  'R-U': 'Arts, entertainment and recreation; other service activities; activities of household and extra-territorial organizations and bodies',
  NRP: 'No response',
};

/** Dimension id (lower case) -> code -> label. Age codes are worded by ageLabel instead. */
const CODE_LABELS: Record<string, Record<string, string>> = {
  geo: GEO,
  isco08: ISCO08,
  nace_r2: NACE_R2,
  sex: { T: 'Total', M: 'Males', F: 'Females' },
  // S as in Eurostat's FREQ code list
  freq: { A: 'Annual', S: 'Half-yearly, semesterly', Q: 'Quarterly', M: 'Monthly', W: 'Weekly', D: 'Daily' },
  unit: {
    THS_PER: 'Thousand persons',
    PC: 'Percentage',
    PC_ACT: 'Percentage of population in the labour force',
    PC_POP: 'Percentage of total population',
    THS_JOB: 'Thousand jobs',
    THS_HW: 'Thousand hours worked',
  },
  isced11: { TOTAL: 'All ISCED 2011 levels', NRP: 'No response' },
  na_item: { EMP_DC: 'Total employment domestic concept', SAL_DC: 'Employees domestic concept', SELF_DC: 'Self-employed domestic concept' },
  indic_em: { JVR: 'Job vacancy rate', JOBRATE: 'Job vacancy rate' },
  s_adj: { NSA: 'Unadjusted data (i.e. neither seasonally adjusted nor calendar adjusted data)', SA: 'Seasonally adjusted data, not calendar adjusted data' },
  sizeclas: { TOTAL: 'Total', GE10: '10 employees or more' },
};

/** Eurostat's wording of an age code: Y_GE15 '15 years or over', Y20-64 'From 20 to 64 years'. */
function ageLabel(code: string): string | undefined {
  let m: RegExpMatchArray | null;
  if (code === 'TOTAL') return 'Total';
  if ((m = code.match(/^Y_GE(\d+)$/))) return `${m[1]} years or over`;
  if ((m = code.match(/^Y(\d+)-(\d+)$/))) return `From ${m[1]} to ${m[2]} years`;
  if ((m = code.match(/^Y_LT(\d+)$/))) return `Less than ${m[1]} years`;
  return undefined;
}

export function dimensionLabel(dim: string): string {
  return DIMENSION_LABELS[dim] ?? dim;
}

/** Eurostat's label for a code of a dimension, or the code itself when not listed here. */
export function codeLabel(dim: string, code: string): string {
  const id = dim.toLowerCase();
  return (id === 'age' ? ageLabel(code) : CODE_LABELS[id]?.[code]) ?? code;
}
