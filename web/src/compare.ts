/** "Compare with" another country or the EU on a trend chart; the list lives in the URL (`compare=DE,EU27_2020`). */
import { getJson } from './api.js';
import type { ChartLine, ChartSpec } from './chart.js';
import { h } from './dom.js';
import { asIndex, commonBase } from './periods.js';
import { t } from './i18n.js';
import { PLACES, placeName } from './places.js';
import { param, setParams } from './state.js';

/** `alwaysShown`: places the chart has anyway (e.g. the EU on the unemployment page), not offered. */
export function compareControls(geo: string, compare: string[], alwaysShown: string[] = []): HTMLElement {
  const select = h(
    'select',
    { id: 'compare-geo' },
    ...PLACES.filter((p) => p.code !== geo && !compare.includes(p.code) && !alwaysShown.includes(p.code)).map((p) => h('option', { value: p.code }, placeName(p.code, 'picker'))),
  );
  const form = h('form', { class: 'compare-form' }, h('label', { for: 'compare-geo' }, t('compare.with')), select, h('button', { type: 'submit' }, t('compare.add')));
  // The page reloads with the new URL: every figure on it is fetched for the new set of countries.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setParams({ compare: [...compare, select.value].join(','), client: null });
    location.reload();
  });
  const chips = compare.map((g) => {
    const remove = h('button', { type: 'button', class: 'chip', 'aria-label': t('compare.remove', { place: placeName(g) }) }, t('compare.chip', { place: placeName(g) }));
    remove.addEventListener('click', () => {
      setParams({ compare: compare.filter((c) => c !== g).join(',') || null });
      location.reload();
    });
    return remove;
  });
  return h('div', { class: 'compare' }, form, chips.length ? h('p', { class: 'chips' }, t('compare.onChart'), ...chips) : null);
}

/**
 * Keeps only the countries `dataset` has in the "Compare with" picker (asked after the chart is
 * drawn, so it never delays it). On any failure the full list stays: choosing a country without
 * data then says so.
 */
export async function offerOnlyCountriesOf(dataset: string): Promise<void> {
  const select = document.getElementById('compare-geo');
  if (!(select instanceof HTMLSelectElement)) return;
  try {
    const info = await getJson<{ dimensions: { id: string; codes: { code: string }[] }[] }>(`/api/datasets/${encodeURIComponent(dataset)}`);
    const geo = info.dimensions.find((d) => d.id.toLowerCase() === 'geo');
    if (!geo) return;
    const has = new Set(geo.codes.map((c) => c.code));
    for (const option of [...select.options]) if (!has.has(option.value)) option.remove();
  } catch {
    /* keep the full list */
  }
}

/** Each compared country's answer, fetched in parallel; a country whose request fails is listed with its error. */
export async function fetchCompared<T>(compare: string[], fetchOne: (geo: string) => Promise<T>): Promise<{ found: T[]; failed: { geo: string; error: unknown }[] }> {
  const settled = await Promise.allSettled(compare.map(fetchOne));
  const found: T[] = [];
  const failed: { geo: string; error: unknown }[] = [];
  settled.forEach((r, i) => (r.status === 'fulfilled' ? found.push(r.value) : failed.push({ geo: compare[i]!, error: r.reason })));
  return { found, failed };
}

export interface ComparedLines {
  lines: ChartLine[];
  unit: string;
  /** The index base period when the lines are shown as an index, else null. */
  indexBase: string | null;
  /** The button switching between index and level, when there is a comparison. */
  toggle: HTMLElement | null;
}

/**
 * Several countries on one chart are shown as an index (base year = 100) by default: the trend is
 * what is compared, and Slovenia next to the EU in thousands would be a flat line. `view=level` in
 * the URL shows the published levels instead. The base is `preferredBase` (the start of the reading)
 * when every line has a value there, else the first year they all have.
 */
export function levelOrIndex(axis: string[], lines: ChartLine[], unit: string, preferredBase?: string, unitInPhrase = unit.toLowerCase()): ComparedLines {
  if (lines.length < 2) return { lines, unit, indexBase: null, toggle: null };
  const base = commonBase(axis, lines, preferredBase) ?? commonBase(axis, lines);
  if (!base) return { lines, unit, indexBase: null, toggle: null };
  const showLevel = param('view') === 'level';
  const toggle = h('button', { type: 'button', class: 'view-toggle' }, showLevel ? t('compare.showIndex', { base }) : t('compare.showLevel', { unit: unitInPhrase }));
  toggle.addEventListener('click', () => {
    setParams({ view: showLevel ? null : 'level', client: null });
    location.reload();
  });
  if (showLevel) return { lines, unit, indexBase: null, toggle };
  return { lines: asIndex(axis, lines, base), unit: t('compare.index', { base }), indexBase: base, toggle };
}

/** The chart title, saying so when the lines are shown as an index. */
const titleFor = (title: string, shown: ComparedLines) => (shown.indexBase ? t('compare.titleIndex', { title, base: shown.indexBase }) : title);

/**
 * What a comparison fixes of its chart (the occupation's trend, a sector's series): the countries'
 * lines over the years, as shown (level or index), with the title and unit saying which.
 */
export function comparedLineChart(title: string, axis: string[], shown: ComparedLines): Pick<ChartSpec, 'title' | 'type' | 'categories' | 'category' | 'unit' | 'lines'> {
  return { title: titleFor(title, shown), type: 'line', categories: axis, category: 'year', unit: shown.unit, lines: shown.lines };
}
