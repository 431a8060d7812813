/**
 * Period arithmetic for the linked views, on the store's one period convention
 * ('2023', '2023-Q1', '2023-01', '2023-S1', '2023-W05', '2023-01-31'; see data/periods.ts).
 */
import { periodYear } from '../../data/periods.js';
import type { Change } from '../../wire/linked.js';
import type { Point } from './series-access.js';

/** The same period `years` earlier: '2016' -> '2011', '2023-Q2' -> '2018-Q2'. */
export function yearsBefore(period: string, years: number): string {
  return `${periodYear(period) - years}${period.slice(4)}`;
}

/** The last point that has a value (points are in period order). */
export function latestWithValue(points: Point[]): Point | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p && p.value !== null) return p;
  }
  return undefined;
}

/** Decimal places of a number as written (1234.5 -> 1), to round differences without float noise. */
function decimals(x: number): number {
  const s = String(x);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : s.length - dot - 1;
}

/**
 * Change from the same period `years` before `latest` to `latest`. Null when that earlier period has
 * no value: a change over another span would be misread as a 5-year change.
 */
export function changeOver(points: Point[], latest: Point, years: number): Change | null {
  const fromPeriod = yearsBefore(latest.period, years);
  const from = points.find((p) => p.period === fromPeriod);
  if (!from || from.value === null || latest.value === null) return null;
  const places = Math.max(decimals(from.value), decimals(latest.value));
  const absolute = Number((latest.value - from.value).toFixed(places));
  const percent = from.value === 0 ? null : Number((((latest.value - from.value) / from.value) * 100).toFixed(1));
  return { from, absolute, percent };
}
