/** What a chart shows (a ChartSpec), and the texts every rendering of it shares: period, source line, flags. */
import type { DatasetRef } from './api.js';
import { decimalsOf, formatDate } from './dom.js';
import { t } from './i18n.js';

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
  /** What the categories are: the table's first heading (in the UI language) and the CSV column (in English). */
  category: 'year' | 'quarter' | 'sector';
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
  return spec.period || periodSpan(spec.categories);
}

/** '2011–2023' from periods in order; one period alone; 'no period' for none. */
export function periodSpan(periods: readonly string[]): string {
  const first = periods[0];
  const last = periods[periods.length - 1];
  return first === undefined ? t('chart.noPeriod') : first === last ? first : `${first}–${last}`;
}

export function sourceLine(spec: ChartSpec): string {
  return sourceText(spec.source, periodOf(spec));
}

/** 'Source: Eurostat, dataset lfsa_egised · period 2018–2023 · updated by Eurostat 29 Apr 2026', for figures drawn or not. */
export function sourceText({ publisher, dataset, updated, loadedAt }: ChartSpec['source'], period: string): string {
  // A TSV download carries no update date: then say when this tool loaded it.
  const freshness = updated ? t('chart.updatedBy', { publisher, date: formatDate(updated) }) : t('chart.notUpdated', { date: formatDate(loadedAt) });
  return t('chart.source', { publisher, dataset, period, freshness });
}

/** The table heading of the categories, in the UI language. */
export function categoryLabel(spec: ChartSpec): string {
  return t(spec.category === 'year' ? 'chart.year' : spec.category === 'quarter' ? 'chart.quarter' : 'chart.sector');
}

/** "b: break in time series; p: provisional" for the caption and the PNG. */
export function flagList(spec: ChartSpec, flags: readonly string[]): string {
  return flags.map((f) => t('chart.flag', { flag: f, label: spec.flagLabels[f] ?? t('chart.seeSource') })).join(t('chart.flagSeparator'));
}

export function usedFlags(spec: ChartSpec): string[] {
  const seen = new Set<string>();
  for (const line of spec.lines) for (const flag of line.flags) if (flag) seen.add(flag);
  return [...seen].sort();
}
