/**
 * x axes: the API leaves out periods that have neither value nor flag, so the axis is rebuilt as the
 * full run of periods from first to last, and a missing period becomes a gap (null), never a zero.
 */
import type { SeriesPoint } from './api.js';
import { t } from './i18n.js';

function nextPeriod(period: string): string | null {
  let m: RegExpMatchArray | null;
  if (/^\d{4}$/.test(period)) return String(Number(period) + 1);
  if ((m = period.match(/^(\d{4})-Q([1-4])$/))) return m[2] === '4' ? `${Number(m[1]) + 1}-Q1` : `${m[1]}-Q${Number(m[2]) + 1}`;
  if ((m = period.match(/^(\d{4})-S([12])$/))) return m[2] === '2' ? `${Number(m[1]) + 1}-S1` : `${m[1]}-S2`;
  if ((m = period.match(/^(\d{4})-(\d{2})$/))) {
    const month = Number(m[2]);
    return month === 12 ? `${Number(m[1]) + 1}-01` : `${m[1]}-${String(month + 1).padStart(2, '0')}`;
  }
  return null;
}

/** Every period between the earliest and latest of all series; periods in an unknown form are just sorted. */
export function periodAxis(seriesPoints: ReadonlyArray<ReadonlyArray<SeriesPoint>>): string[] {
  const all = [...new Set(seriesPoints.flatMap((points) => points.map((p) => p.period)))].sort();
  const first = all[0];
  const last = all[all.length - 1];
  if (first === undefined || last === undefined) return [];
  const axis: string[] = [first];
  let current: string | null = first;
  while (current !== null && current < last && axis.length < 2000) {
    current = nextPeriod(current);
    if (current === null) return all;
    axis.push(current);
  }
  return axis;
}

/** Values and flags of `points` laid on `axis` (null where a period is missing). */
export function onAxis(axis: readonly string[], points: readonly SeriesPoint[]): { values: (number | null)[]; flags: (string | null)[] } {
  const byPeriod = new Map(points.map((p) => [p.period, p]));
  return {
    values: axis.map((period) => byPeriod.get(period)?.value ?? null),
    flags: axis.map((period) => byPeriod.get(period)?.flag ?? null),
  };
}

/**
 * Flag labels for the caption, from the `flags` of every response the chart draws; a flag the API
 * could not label is shown as 'see the source'.
 */
export function flagLabels(...sets: Record<string, string | null>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flags of sets) for (const [flag, label] of Object.entries(flags)) out[flag] = label ?? t('chart.seeSource');
  return out;
}

/** " The 2023 figure is flagged: break in time series." when the latest value carries a flag, else "". */
export function flaggedLatest(points: readonly SeriesPoint[], labels: Record<string, string>): string {
  const latest = [...points].reverse().find((p) => p.value !== null);
  if (!latest?.flag) return '';
  return t('reading.flaggedLatest', { period: latest.period, label: labels[latest.flag] ?? latest.flag });
}

/**
 * The first period on `axis` from `preferred` on where every line has a value: the base of an index.
 * Null when no period has them all.
 */
export function commonBase(axis: readonly string[], lines: ReadonlyArray<{ values: ReadonlyArray<number | null> }>, preferred?: string): string | null {
  const start = preferred ? Math.max(0, axis.indexOf(preferred)) : 0;
  for (let i = start; i < axis.length; i++) {
    if (lines.every((l) => l.values[i] !== null && l.values[i] !== undefined && l.values[i] !== 0)) return axis[i]!;
  }
  return null;
}

/**
 * Lines rebased to 100 in `base` (one decimal), so countries of very different size can be compared
 * on one axis. Flags and gaps are kept.
 */
export function asIndex<T extends { values: (number | null)[] }>(axis: readonly string[], lines: readonly T[], base: string): T[] {
  const at = axis.indexOf(base);
  return lines.map((line) => {
    const b = line.values[at];
    return { ...line, values: line.values.map((v) => (v === null || b === null || b === undefined || b === 0 ? null : Math.round((v / b) * 1000) / 10)) };
  });
}
