/**
 * Sectors page, for employer advisers: employment by sector in a country (bar chart and a sortable
 * table) with the change over five years and the job vacancy rate where loaded.
 */
import { ApiError, getJson, type SectorList, type SectorSummary } from '../api.js';
import { drawChart, loadChartJs, sourceOf } from '../chart.js';
import { decimalsOf, formatDate, formatNumber, h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels } from '../periods.js';
import { placeName } from '../places.js';
import { sectorsSentence } from '../reading.js';
import { currentGeo, pageUrl, param, setParams } from '../state.js';

type SortKey = 'label' | 'employment' | 'change' | 'vacancy';
const SORT_KEYS: SortKey[] = ['label', 'employment', 'change', 'vacancy'];

function sortValue(s: SectorSummary, key: SortKey): number | string | null {
  switch (key) {
    case 'label':
      return s.label;
    case 'employment':
      return s.latest?.value ?? null;
    case 'change':
      return s.change5y?.percent ?? null;
    case 'vacancy':
      return s.vacancyRate?.value ?? null;
  }
}

/** Sorted copy; missing values always last, whatever the direction. */
function sortSectors(sectors: SectorSummary[], key: SortKey, descending: boolean): SectorSummary[] {
  return [...sectors].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return descending ? -order : order;
  });
}

const hasCodes = (list: SectorList, ...codes: string[]) => codes.every((c) => list.sectors.some((s) => s.code === c));

function flagged(value: string, flag: string | null | undefined): string {
  return flag ? `${value} ${flag}` : value;
}

export async function render(main: HTMLElement): Promise<void> {
  const geo = currentGeo();
  setTitle(`Sectors in ${placeName(geo)}`);
  void loadChartJs().catch(() => undefined);
  replace(main, h('h1', {}, `Employment by sector: ${placeName(geo)}`), loadingNotice('employment by sector'));
  let list: SectorList;
  try {
    list = await getJson<SectorList>(`/api/sectors?geo=${encodeURIComponent(geo)}`);
  } catch (err) {
    replace(
      main,
      h('h1', {}, `Employment by sector: ${placeName(geo)}`),
      err instanceof ApiError && err.status === 404 ? noDataNotice(`employment by sector for ${placeName(geo)}`, INGEST.sectors, err.message) : errorNotice(err, 'employment by sector'),
    );
    return;
  }
  const periods = [...new Set(list.sectors.map((s) => s.latest?.period).filter((p): p is string => !!p))].sort();
  const period = periods[periods.length - 1] ?? null;
  const shown = sortSectors(list.sectors.filter((s) => s.latest), 'employment', true);
  const reading = sectorsSentence(placeName(geo), period, shown.map((s) => ({ label: s.label, value: s.latest?.value ?? null, change5y: s.change5y?.percent ?? null })));
  const tableHolder = h('div', { class: 'sector-table' });
  replace(
    main,
    h('h1', {}, `Employment by sector: ${placeName(geo)}`),
    h(
      'p',
      { class: 'lead' },
      `${list.classification}, thousands of persons employed`,
      list.total?.latest?.value != null ? `; all sectors together: ${formatNumber(list.total.latest.value)} thousand in ${list.total.latest.period}` : '',
      '. Open a sector for its trend.',
      // A*10 lists manufacturing (C) beside industry (B-E) that contains it: say so, or it reads as a separate sector.
      hasCodes(list, 'B-E', 'C') ? ' Manufacturing is part of industry (except construction), shown on its own as well.' : '',
    ),
  );
  await drawChart(main, {
    id: 'sectors',
    title: `People employed by sector in ${placeName(geo)}${period ? `, ${period}` : ''}`,
    type: 'bar',
    horizontal: true,
    categories: shown.map((s) => s.label),
    categoryLabel: 'Sector',
    unit: 'Thousands of persons',
    lines: [{ name: `Employment, ${placeName(geo)}`, values: shown.map((s) => s.latest?.value ?? null), flags: shown.map((s) => s.latest?.flag ?? null) }],
    source: sourceOf(list.source, list.dataset),
    period: periods.length > 1 ? `${periods[0]}–${period}` : (period ?? 'no period'),
    flagLabels: flagLabels(list.flags),
    reading,
    filename: `sectors-${geo}`,
  });
  main.append(h('h2', {}, 'All sectors'), tableHolder);
  if (list.vacancies) {
    main.append(h('p', { class: 'chart-source' }, `Job vacancy rate: Source: ${list.vacancies.dataset.source}, dataset ${list.vacancies.dataset.code}, updated ${formatDate(list.vacancies.dataset.updated)}.`));
  } else {
    main.append(h('p', { class: 'hint' }, 'Job vacancy rates are not loaded. To add them, run: ', h('code', {}, INGEST.vacancies[0])));
  }
  renderTable(tableHolder, list, geo);
}

function renderTable(holder: HTMLElement, list: SectorList, geo: string): void {
  const key = (SORT_KEYS as string[]).includes(param('sort') ?? '') ? (param('sort') as SortKey) : 'employment';
  const descending = param('dir') !== 'asc';
  const rows = sortSectors(list.sectors, key, descending);
  const decimals = Math.max(1, decimalsOf(list.sectors.map((s) => s.latest?.value)));
  const vacancyPeriods = new Set(list.sectors.flatMap((s) => (s.vacancyRate ? [s.vacancyRate.period] : [])));
  const vacancyPeriod = vacancyPeriods.size === 1 ? [...vacancyPeriods][0]! : null;
  const header = (k: SortKey, text: string, numeric: boolean) => {
    const active = k === key;
    const button = h('button', { type: 'button', class: 'sort' }, text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ''));
    button.addEventListener('click', () => {
      const nextDescending = active ? !descending : k !== 'label';
      setParams({ sort: k, dir: nextDescending ? 'desc' : 'asc' });
      renderTable(holder, list, geo);
      holder.querySelector<HTMLButtonElement>(`th[data-key="${k}"] button`)?.focus();
    });
    return h('th', { scope: 'col', class: numeric ? 'num' : null, 'data-key': k, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' }, button);
  };
  const body = rows.map((s) =>
    h(
      'tr',
      { 'data-code': s.code },
      h('th', { scope: 'row' }, h('a', { href: pageUrl('/sector', { nace: s.code }) }, s.label)),
      h('td', { class: 'num' }, s.latest ? flagged(s.latest.value === null ? 'no value' : formatNumber(s.latest.value, decimals), s.latest.flag) : 'no data'),
      h('td', { class: 'num' }, s.latest?.period ?? ''),
      h('td', { class: 'num' }, s.change5y?.percent != null ? `${s.change5y.percent > 0 ? '+' : ''}${formatNumber(s.change5y.percent)}%` : 'n/a'),
      h(
        'td',
        { class: 'num' },
        s.vacancyRate?.value != null ? flagged(`${formatNumber(s.vacancyRate.value)}%`, s.vacancyRate.flag) : 'n/a',
        // The quarter goes in the heading when all rates share it, else beside each rate.
        s.vacancyRate && !vacancyPeriod ? ` (${s.vacancyRate.period})` : '',
      ),
    ),
  );
  replace(
    holder,
    h(
      'table',
      { class: 'data sortable', id: 'sector-table' },
      h('caption', {}, `Employment by sector in ${placeName(geo)} (thousands of persons), change over five years and job vacancy rate. Select a column heading to sort.`),
      h('thead', {}, h('tr', {}, header('label', 'Sector', false), header('employment', 'Employed (thousands)', true), h('th', { scope: 'col', class: 'num' }, 'Year'), header('change', '5-year change', true), header('vacancy', vacancyPeriod ? `Vacancy rate ${vacancyPeriod}` : 'Vacancy rate', true))),
      h('tbody', {}, ...body),
    ),
  );
}
