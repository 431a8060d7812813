/** Helpers every bench script shares: where the shared fixtures are, and latency statistics. */
import { join, resolve } from 'node:path';

/** The shared real-data fixtures: $LMI_FIXTURES, else ../shared/fixtures beside the project. */
export function fixturesDir(): string {
  return resolve(process.env.LMI_FIXTURES ?? join(process.cwd(), '..', 'shared', 'fixtures'));
}

/** The q-quantile (0..1) of ascending `sorted` values, nearest rank below; NaN for no values. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** The median of values in any order. */
export function median(xs: number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}
