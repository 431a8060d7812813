/**
 * One period convention across every source, so series from Eurostat, PX-Web and Nomis line up:
 *   annual '2023', semester '2023-S1', quarter '2023-Q1', month '2023-01', week '2023-W05', day '2023-01-31'.
 * Upstream spellings handled: Eurostat JSON-stat ('2023-Q1', '2023-01'), Eurostat TSV ('2019M09',
 * '2019Q1', '2019S1', '2019W05', with trailing spaces), PX-Web ('2022K1', '2025M01', '2020'),
 * Nomis ('2023-01', '2023-03' quarters ending in a month are left as months).
 */
export function normalisePeriod(raw: string): string {
  const p = raw.trim();
  let m: RegExpMatchArray | null;
  if (/^\d{4}$/.test(p)) return p;
  if ((m = p.match(/^(\d{4})-?[QK]([1-4])$/))) return `${m[1]}-Q${m[2]}`;
  if ((m = p.match(/^(\d{4})-?M?(\d{2})$/))) return `${m[1]}-${m[2]}`;
  if ((m = p.match(/^(\d{4})-?[SH]([12])$/))) return `${m[1]}-S${m[2]}`;
  if ((m = p.match(/^(\d{4})-?W(\d{2})$/))) return `${m[1]}-W${m[2]}`;
  if ((m = p.match(/^(\d{4})-?(\d{2})-?(\d{2})$/))) return `${m[1]}-${m[2]}-${m[3]}`;
  return p;
}

/** True when the string looks like a period in any supported spelling (used to find TSV period columns). */
export function isPeriod(raw: string): boolean {
  return /^\d{4}(-?([QKSHW]?\d{1,2}|M\d{2}|\d{2}-?\d{2}))?$/.test(raw.trim());
}

/** The year a normalised period falls in. */
export function periodYear(period: string): number {
  return Number(period.slice(0, 4));
}
