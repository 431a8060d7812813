/**
 * One-sentence readings of a chart for the client, computed from the figures shown (pure functions,
 * no DOM: unit-tested in tests/browser/reading.test.ts).
 */
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

function fixed(value: number, decimals: number): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

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
  if (!ends) return `No figures are available for ${subject.toLowerCase()} in ${place}.`;
  const { first, last } = ends;
  if (first.period === last.period) {
    return `${subject} in ${place} was ${fixed(last.value, decimals)} ${unitWords} in ${last.period}; no earlier figure is available.`;
  }
  const change = percentChange(first.value, last.value);
  const range = `(from ${fixed(first.value, decimals)} to ${fixed(last.value, decimals)} ${unitWords})`;
  if (change === null) return `${subject} in ${place} went from ${fixed(first.value, decimals)} in ${first.period} to ${fixed(last.value, decimals)} ${unitWords} in ${last.period}.`;
  const rounded = Math.round(Math.abs(change));
  if (Math.abs(change) < 0.5) return `${subject} in ${place} stayed about the same between ${first.period} and ${last.period} ${range}.`;
  const verb = change > 0 ? 'rose' : 'fell';
  return `${subject} in ${place} ${verb} ${rounded === 0 ? 'by less than 1' : rounded}% between ${first.period} and ${last.period} ${range}.`;
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
  if (!ends) return `No figures are available for ${subject.toLowerCase()} in ${place}.`;
  const { first, last } = ends;
  let sentence: string;
  if (first.period === last.period) {
    sentence = `${subject} in ${place} was ${fixed(last.value, 1)}% in ${last.period}`;
  } else {
    const diff = last.value - first.value;
    const verb = Math.abs(diff) < 0.05 ? 'was unchanged' : diff > 0 ? 'rose' : 'fell';
    sentence =
      verb === 'was unchanged'
        ? `${subject} in ${place} was ${fixed(last.value, 1)}% in both ${first.period} and ${last.period}`
        : `${subject} in ${place} ${verb} from ${fixed(first.value, 1)}% in ${first.period} to ${fixed(last.value, 1)}% in ${last.period}`;
  }
  const ref = reference ? reference.points.find((p) => p.period === last.period && p.value !== null) : undefined;
  if (reference && ref && ref.value !== null) sentence += `; ${reference.phrase} it was ${fixed(ref.value, 1)}% in ${last.period}`;
  return `${sentence}.`;
}

export interface SectorFigure {
  label: string;
  value: number | null;
  change5y: number | null;
}

/** Sector labels start with a capital ("Industry (except construction)"); inside a sentence they should not. */
function inSentence(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * "In Slovenia, the largest sector is industry (except construction), with 217.8 thousand people in
 * 2016; over five years, information and communication grew most (+13.9%)."
 */
export function sectorsSentence(place: string, period: string | null, sectors: readonly SectorFigure[]): string {
  const withValues = sectors.filter((s): s is SectorFigure & { value: number } => s.value !== null);
  if (withValues.length === 0) return `No sector figures are available for ${place}.`;
  const largest = withValues.reduce((a, b) => (b.value > a.value ? b : a));
  let sentence = `In ${place}, the largest sector is ${inSentence(largest.label)}, with ${fixed(largest.value, 1)} thousand people${period ? ` in ${period}` : ''}`;
  const changes = sectors.filter((s): s is SectorFigure & { change5y: number } => s.change5y !== null);
  if (changes.length > 0) {
    const best = changes.reduce((a, b) => (b.change5y > a.change5y ? b : a));
    const amount = `${best.change5y >= 0 ? '+' : '−'}${fixed(Math.abs(best.change5y), 1)}%`;
    sentence += best.change5y >= 0 ? `; over five years, ${inSentence(best.label)} grew most (${amount})` : `; over five years every sector shrank, ${inSentence(best.label)} least (${amount})`;
  }
  return `${sentence}.`;
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
  if (Math.abs(change) < 0.5) return ` In ${place} it stayed about the same over the same years.`;
  const rounded = Math.round(Math.abs(change));
  return ` In ${place} it ${change > 0 ? 'rose' : 'fell'} ${rounded === 0 ? 'by less than 1' : rounded}% over the same years.`;
}
