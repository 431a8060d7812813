/** What a chart shows (a ChartSpec), and the texts every rendering of it shares: period, source line, flags. */
import type { DatasetRef } from './api.js';
import { decimalsOf, formatDate } from './dom.js';

export interface ChartLine {
  name: string;
  values: (number | null)[];
  flags: (string | null)[];
}

export interface ChartSpec {
  /** Stable id used in the URL (`client=<id>`) and as the figure's id. */
  id: string;
  title: string;
  type: 'line' | 'bar';
  /** x categories: periods for lines, sector labels for bars. */
  categories: string[];
  categoryLabel: string;
  /** y axis title with its unit, e.g. 'Thousands of persons'. */
  unit: string;
  lines: ChartLine[];
  /** Publisher, dataset code and the upstream's last update. */
  source: { publisher: string; dataset: string; updated: string | null; loadedAt?: string | null };
  /** Period covered, e.g. '2011–2023'; for line charts computed from the categories when omitted. */
  period?: string;
  flagLabels: Record<string, string>;
  reading: string;
  decimals?: number;
  /** Bars drawn horizontally (long category labels such as sector names read better). */
  horizontal?: boolean;
  /** Base file name for downloads, without extension. */
  filename: string;
}

/** A chart's source from the dataset block of the linked response it draws. */
export function sourceOf(publisher: string, dataset: DatasetRef): ChartSpec['source'] {
  return { publisher, dataset: dataset.code, updated: dataset.updated, loadedAt: dataset.loadedAt };
}

/** As given, else the decimals the figures are published with (at least one, so 5.0 reads as a rate). */
export function decimalsFor(spec: ChartSpec): number {
  return spec.decimals ?? Math.max(1, decimalsOf(spec.lines.flatMap((l) => l.values)));
}

function periodOf(spec: ChartSpec): string {
  if (spec.period) return spec.period;
  const first = spec.categories[0];
  const last = spec.categories[spec.categories.length - 1];
  return first === undefined ? 'no period' : first === last ? first : `${first}–${last}`;
}

export function sourceLine(spec: ChartSpec): string {
  const { publisher, dataset, updated, loadedAt } = spec.source;
  // A TSV download carries no update date: then say when this tool loaded it.
  const freshness = updated ? `updated by ${publisher} ${formatDate(updated)}` : `update date not given by the file; loaded ${formatDate(loadedAt)}`;
  return `Source: ${publisher}, dataset ${dataset} · period ${periodOf(spec)} · ${freshness}`;
}

export function usedFlags(spec: ChartSpec): string[] {
  const seen = new Set<string>();
  for (const line of spec.lines) for (const flag of line.flags) if (flag) seen.add(flag);
  return [...seen].sort();
}
