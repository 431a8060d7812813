/**
 * Labels for Eurostat TSV files, which carry codes only. JSON-stat and SDMX-CSV answers bring their
 * own labels; a TSV (bulk download) would otherwise show advisers 'DE' and 'OC2'. These are Eurostat's
 * own English labels for the dimensions and codes the adviser views use most (countries and
 * aggregates, sex, frequency, ISCO-08 major groups, NACE Rev. 2 A*10 groups, common units); any other
 * code keeps its code as label.
 */
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
};

const CODE_LABELS: Record<string, Record<string, string>> = {
  geo: GEO,
  sex: { T: 'Total', M: 'Males', F: 'Females' },
  freq: { A: 'Annual', S: 'Semi-annual', Q: 'Quarterly', M: 'Monthly', W: 'Weekly', D: 'Daily' },
  unit: {
    THS_PER: 'Thousand persons',
    PC: 'Percentage',
    PC_ACT: 'Percentage of population in the labour force',
    PC_POP: 'Percentage of total population',
    THS_JOB: 'Thousand jobs',
    THS_HW: 'Thousand hours worked',
  },
  isco08: {
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
  },
  nace_r2: {
    TOTAL: 'Total - all NACE activities',
    A: 'Agriculture, forestry and fishing',
    'B-E': 'Industry (except construction)',
    C: 'Manufacturing',
    F: 'Construction',
    'G-I': 'Wholesale and retail trade, transport, accommodation and food service activities',
    J: 'Information and communication',
    K: 'Financial and insurance activities',
    L: 'Real estate activities',
    M_N: 'Professional, scientific and technical activities; administrative and support service activities',
    'O-Q': 'Public administration, defence, education, human health and social work activities',
    'R-U': 'Arts, entertainment and recreation; other service activities; activities of household and extra-territorial organizations and bodies',
  },
};

export function dimensionLabel(dim: string): string {
  return DIMENSION_LABELS[dim] ?? dim;
}

/** Eurostat's label for a code of a dimension, or the code itself when not listed here. */
export function codeLabel(dim: string, code: string): string {
  return CODE_LABELS[dim]?.[code] ?? code;
}
