/**
 * Labels of the NACE Rev. 2 codes the sector view lists, as Eurostat words them. Used only when a
 * dataset was loaded without labels (a TSV download carries codes only), so an adviser never sees
 * a bare 'M_N'.
 */
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

/** The dataset's label for a NACE code, or Eurostat's wording when the dataset only has the code. */
export function naceLabel(code: string, datasetLabel: string | undefined): string {
  if (datasetLabel !== undefined && datasetLabel !== code) return datasetLabel;
  return NACE_R2[code] ?? code;
}
