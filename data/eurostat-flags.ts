/**
 * Eurostat observation flags. JSON-stat answers label their flags (`extension.status.label`); TSV
 * and SDMX-CSV files without label columns do not, so their flags get the labels of Eurostat's
 * OBS_FLAG code list. Combined flags ('bu', 'bep') are labelled letter by letter, which is exactly
 * how that code list builds its combined labels ('bu' = 'break in time series, low reliability').
 */
export const EUROSTAT_FLAG_LABELS: Record<string, string> = {
  b: 'break in time series',
  c: 'confidential',
  d: 'definition differs (see metadata)',
  e: 'estimated',
  f: 'forecast',
  i: 'see metadata (phased out)',
  n: 'not significant',
  p: 'provisional',
  r: 'revised',
  s: 'Eurostat estimate',
  u: 'low reliability',
  z: 'not applicable',
};

/** The label of a flag as Eurostat writes it, or undefined when a letter is not a known flag. */
export function eurostatFlagLabel(flag: string): string | undefined {
  // SDMX-CSV 2.0 / JSON-stat write confidentiality after a bar: 'b|C' = flag b, CONF_STATUS C.
  const [obs = '', conf] = flag.split('|');
  const parts: string[] = [];
  for (const letter of obs) {
    const label = EUROSTAT_FLAG_LABELS[letter];
    if (!label) return undefined;
    parts.push(label);
  }
  if (conf !== undefined) parts.push(conf === 'C' ? 'confidential' : `confidentiality status ${conf}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** Labels for every flag in `flags` that Eurostat's code list knows. */
export function labelFlags(flags: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const label = eurostatFlagLabel(f);
    if (label) out[f] = label;
  }
  return out;
}
