/**
 * Eurostat's labels for the codes the linked views choose and list (countries, sexes, age bands,
 * units, NACE sectors, ISCO major groups, ...). Used only when a dataset was loaded without labels
 * -- a TSV download carries codes only -- so an adviser reads "15 years or over", not "Y_GE15".
 * A label the dataset has always wins.
 */

const GEO: Record<string, string> = {
  EU27_2020: 'European Union - 27 countries (from 2020)',
  EU28: 'European Union - 28 countries (2013-2020)',
  EU15: 'European Union - 15 countries (1995-2004)',
  EA20: 'Euro area – 20 countries (from 2023)',
  EA19: 'Euro area - 19 countries  (2015-2022)',
  AT: 'Austria', BE: 'Belgium', BG: 'Bulgaria', CY: 'Cyprus', CZ: 'Czechia', DE: 'Germany', DK: 'Denmark',
  EE: 'Estonia', EL: 'Greece', ES: 'Spain', FI: 'Finland', FR: 'France', HR: 'Croatia', HU: 'Hungary',
  IE: 'Ireland', IT: 'Italy', LT: 'Lithuania', LU: 'Luxembourg', LV: 'Latvia', MT: 'Malta', NL: 'Netherlands',
  PL: 'Poland', PT: 'Portugal', RO: 'Romania', SE: 'Sweden', SI: 'Slovenia', SK: 'Slovakia',
  IS: 'Iceland', LI: 'Liechtenstein', NO: 'Norway', CH: 'Switzerland', UK: 'United Kingdom',
  AL: 'Albania', BA: 'Bosnia and Herzegovina', ME: 'Montenegro', MK: 'North Macedonia', RS: 'Serbia',
  TR: 'Türkiye', XK: 'Kosovo*', MD: 'Moldova', UA: 'Ukraine', GE: 'Georgia',
};

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

/** Dimension id (lower case) -> code -> label. */
const BY_DIMENSION: Record<string, Record<string, string>> = {
  geo: GEO,
  nace_r2: NACE_R2,
  isco08: ISCO08,
  freq: { A: 'Annual', Q: 'Quarterly', M: 'Monthly', S: 'Half-yearly, semesterly' },
  sex: { T: 'Total', F: 'Females', M: 'Males' },
  isced11: { TOTAL: 'All ISCED 2011 levels', NRP: 'No response' },
  unit: { THS_PER: 'Thousand persons', THS_JOB: 'Thousand jobs', PC: 'Percentage' },
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

/** The dataset's label for a code, or Eurostat's wording when the dataset only has the code. */
export function labelFor(dimension: string, code: string, datasetLabel: string | undefined): string {
  if (datasetLabel !== undefined && datasetLabel !== code) return datasetLabel;
  const dim = dimension.toLowerCase();
  return (dim === 'age' ? ageLabel(code) : BY_DIMENSION[dim]?.[code]) ?? code;
}
