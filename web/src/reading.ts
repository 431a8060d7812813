/**
 * One-sentence readings of a chart for the client, computed from the figures shown (pure functions,
 * no DOM: unit-tested in tests/browser/web-logic.test.ts), in the UI language (messages/*.ts).
 */
import { formatFixed, t, type MessageKey } from './i18n.js';

export interface Point {
  period: string;
  value: number | null;
}

/** The first and last periods that carry a value; null when there are fewer than one. */
export function endpoints(points: readonly Point[]): { first: Point & { value: number }; last: Point & { value: number } } | null {
  const withValues = points.filter((p): p is Point & { value: number } => p.value !== null && Number.isFinite(p.value));
  if (withValues.length === 0) return null;
  return { first: withValues[0]!, last: withValues[withValues.length - 1]! };
}

const fixed = formatFixed;
/** Lower case for "no figures for …" in English and French; German nouns keep their capital. */
const lower = (text: string) => (t('reading.lowercaseLabels') === 'yes' ? text.toLowerCase() : text);

/** Percentage change from a to b, null when a is 0 (undefined growth). */
function percentChange(from: number, to: number): number | null {
  if (from === 0) return null;
  return ((to - from) / Math.abs(from)) * 100;
}

export interface LevelReading {
  /** What is counted, e.g. 'Employment of health professionals'. */
  subject: string;
  /** e.g. 'Slovenia', 'the EU'. */
  place: string;
  points: readonly Point[];
  /** Unit words after a number, e.g. 'thousand people'. */
  unitWords: string;
  decimals?: number;
}

/**
 * "Employment of health professionals in Slovenia rose 12% between 2015 and 2023 (from 45.1 to
 * 50.5 thousand people)." Changes under half a percent read as "stayed about the same".
 */
export function levelSentence({ subject, place, points, unitWords, decimals = 1 }: LevelReading): string {
  const ends = endpoints(points);
  if (!ends) return t('reading.none', { subject, subjectLower: lower(subject), place });
  const { first, last } = ends;
  const base = { subject, place, unit: unitWords, first: first.period, last: last.period, from: fixed(first.value, decimals), to: fixed(last.value, decimals) };
  if (first.period === last.period) return t('reading.levelOne', { ...base, value: fixed(last.value, decimals), period: last.period });
  const change = percentChange(first.value, last.value);
  if (change === null) return t('reading.levelFromZero', base);
  if (Math.abs(change) < 0.5) return t('reading.levelSame', base);
  const rounded = Math.round(Math.abs(change));
  const key: MessageKey = change > 0 ? (rounded === 0 ? 'reading.levelRoseLess' : 'reading.levelRose') : rounded === 0 ? 'reading.levelFellLess' : 'reading.levelFell';
  return t(key, { ...base, pct: rounded });
}

export interface RateReading {
  /** e.g. 'The unemployment rate'. */
  subject: string;
  place: string;
  points: readonly Point[];
  /** The comparison line, named as the sentence needs it: 'in the EU', 'for men'. */
  reference?: { phrase: string; points: readonly Point[] };
}

/**
 * "The unemployment rate in Slovenia fell from 5.0% in 2020 to 3.7% in 2024; in the EU it was 5.9%
 * in 2024." Rates change in percentage points, not percent.
 */
export function rateSentence({ subject, place, points, reference }: RateReading): string {
  const ends = endpoints(points);
  if (!ends) return t('reading.none', { subject, subjectLower: lower(subject), place });
  const { first, last } = ends;
  let sentence: string;
  if (first.period === last.period) {
    sentence = t('reading.rateOne', { subject, place, value: fixed(last.value, 1), period: last.period });
  } else {
    const diff = last.value - first.value;
    const params = { subject, place, first: first.period, last: last.period, from: fixed(first.value, 1), to: fixed(last.value, 1), value: fixed(last.value, 1) };
    sentence = t(Math.abs(diff) < 0.05 ? 'reading.rateBoth' : diff > 0 ? 'reading.rateRose' : 'reading.rateFell', params);
  }
  const ref = reference ? reference.points.find((p) => p.period === last.period && p.value !== null) : undefined;
  if (reference && ref && ref.value !== null) sentence += t('reading.rateReference', { reference: reference.phrase, value: fixed(ref.value, 1), period: last.period });
  return t('reading.end', { sentence });
}

export interface SectorFigure {
  label: string;
  value: number | null;
  change5y: number | null;
}

/** Sector labels start with a capital ("Industry (except construction)"); inside a sentence they should not. */
function inSentence(label: string): string {
  return t('reading.lowercaseLabels') === 'yes' ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/**
 * "In Slovenia, the largest sector is industry (except construction), with 217.8 thousand people in
 * 2016; over five years, information and communication grew most (+13.9%)."
 */
export function sectorsSentence(place: string, period: string | null, sectors: readonly SectorFigure[]): string {
  const withValues = sectors.filter((s): s is SectorFigure & { value: number } => s.value !== null);
  if (withValues.length === 0) return t('reading.sectorsNone', { place });
  const largest = withValues.reduce((a, b) => (b.value > a.value ? b : a));
  const params = { place, sector: inSentence(largest.label), value: fixed(largest.value, 1) };
  let sentence = period ? t('reading.sectorsLargest', { ...params, period }) : t('reading.sectorsLargestNoPeriod', params);
  const changes = sectors.filter((s): s is SectorFigure & { change5y: number } => s.change5y !== null);
  if (changes.length > 0) {
    const best = changes.reduce((a, b) => (b.change5y > a.change5y ? b : a));
    const amount = t('percentSigned', { sign: best.change5y >= 0 ? '+' : '−', value: fixed(Math.abs(best.change5y), 1) });
    sentence += t(best.change5y >= 0 ? 'reading.sectorsGrew' : 'reading.sectorsShrank', { sector: inSentence(best.label), amount });
  }
  return t('reading.end', { sentence });
}

/**
 * The points of the last `years` years up to the latest value: a reading over a decade is what a
 * client asks about, and a long series often crosses a break (flag b) that makes older changes moot.
 */
export function recentPoints<T extends Point>(points: readonly T[], years: number): T[] {
  const ends = endpoints(points);
  if (!ends) return [...points];
  const from = Number(ends.last.period.slice(0, 4)) - years;
  return points.filter((p) => Number(p.period.slice(0, 4)) >= from);
}

/**
 * For quarterly or monthly series: only the periods of the same quarter or month as the latest value
 * ('2023-Q4', '2024-Q4'), so a reading compares like with like rather than across seasons.
 * Annual series are returned as they are.
 */
export function sameSeason<T extends Point>(points: readonly T[]): T[] {
  const ends = endpoints(points);
  if (!ends || ends.last.period.length === 4) return [...points];
  const season = ends.last.period.slice(4);
  return points.filter((p) => p.period.slice(4) === season);
}

/**
 * A comparison country over the same years as the main reading: "In Austria it rose 48% over the
 * same years." Empty when that country lacks either year (a different span would mislead).
 */
export function sameYearsClause(place: string, points: readonly Point[], from: string, to: string): string {
  const a = points.find((p) => p.period === from)?.value;
  const b = points.find((p) => p.period === to)?.value;
  if (a === null || a === undefined || b === null || b === undefined) return '';
  const change = percentChange(a, b);
  if (change === null) return '';
  if (Math.abs(change) < 0.5) return t('reading.sameYearsSame', { place });
  const rounded = Math.round(Math.abs(change));
  const key: MessageKey = change > 0 ? (rounded === 0 ? 'reading.sameYearsRoseLess' : 'reading.sameYearsRose') : rounded === 0 ? 'reading.sameYearsFellLess' : 'reading.sameYearsFell';
  return t(key, { place, pct: rounded });
}
