/**
 * Sectors page, for employer advisers: employment by sector in a country (bar chart and a sortable
 * table) with the change over five years and the job vacancy rate where loaded.
 */
import { ApiError, getJson, type SectorList, type SectorSummary } from '../api.js';
import { drawChart, loadChartJs, sourceOf } from '../chart.js';
import { decimalsOf, formatDate, formatNumber, h, replace } from '../dom.js';
import { t, uiLang } from '../i18n.js';
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
  setTitle(t('sectors.title', { place: placeName(geo) }));
  const heading = t('sectors.heading', { place: placeName(geo) });
  void loadChartJs().catch(() => undefined);
  replace(main, h('h1', {}, heading), loadingNotice(t('sectors.loading')));
  let list: SectorList;
  try {
    list = await getJson<SectorList>(`/api/sectors?geo=${encodeURIComponent(geo)}&lang=${encodeURIComponent(uiLang())}`);
  } catch (err) {
    replace(
      main,
      h('h1', {}, heading),
      err instanceof ApiError && err.status === 404 ? noDataNotice(t('sectors.noData', { place: placeName(geo) }), INGEST.sectors, err.message) : errorNotice(err, t('sectors.error')),
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
    h('h1', {}, heading),
    h(
      'p',
      { class: 'lead' },
      t('sectors.lead', { classification: list.classification }),
      list.total?.latest?.value != null ? t('sectors.leadTotal', { value: formatNumber(list.total.latest.value), period: list.total.latest.period }) : '',
      t('sectors.leadOpen'),
      // A*10 lists manufacturing (C) beside industry (B-E) that contains it: say so, or it reads as a separate sector.
      hasCodes(list, 'B-E', 'C') ? t('sectors.leadManufacturing') : '',
    ),
  );
  await drawChart(main, {
    id: 'sectors',
    title: period ? t('sectors.chartTitlePeriod', { place: placeName(geo), period }) : t('sectors.chartTitle', { place: placeName(geo) }),
    type: 'bar',
    horizontal: true,
    categories: shown.map((s) => s.label),
    category: 'sector',
    unit: t('unit.thsPer'),
    lines: [{ name: t('sectors.line', { place: placeName(geo) }), values: shown.map((s) => s.latest?.value ?? null), flags: shown.map((s) => s.latest?.flag ?? null) }],
    source: sourceOf(list.source, list.dataset),
    period: periods.length > 1 ? `${periods[0]}–${period}` : (period ?? t('chart.noPeriod')),
    flagLabels: flagLabels(list.flags),
    reading,
    filename: `sectors-${geo}`,
  });
  main.append(h('h2', {}, t('sectors.allSectors')), tableHolder);
  if (list.vacancies) {
    main.append(h('p', { class: 'chart-source' }, t('sectors.vacancySource', { source: list.vacancies.dataset.source, dataset: list.vacancies.dataset.code, date: formatDate(list.vacancies.dataset.updated) })));
  } else {
    main.append(h('p', { class: 'hint' }, t('sectors.vacanciesMissing'), h('code', {}, INGEST.vacancies[0])));
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
      h('td', { class: 'num' }, s.latest ? flagged(s.latest.value === null ? t('value.none') : formatNumber(s.latest.value, decimals), s.latest.flag) : t('value.noData')),
      h('td', { class: 'num' }, s.latest?.period ?? ''),
      h('td', { class: 'num' }, s.change5y?.percent != null ? t('percentSigned', { sign: s.change5y.percent > 0 ? '+' : '', value: formatNumber(s.change5y.percent) }) : t('value.na')),
      h(
        'td',
        { class: 'num' },
        s.vacancyRate?.value != null ? flagged(t('percent', { value: formatNumber(s.vacancyRate.value) }), s.vacancyRate.flag) : t('value.na'),
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
      h('caption', {}, t('sectors.tableCaption', { place: placeName(geo) })),
      h('thead', {}, h('tr', {}, header('label', t('sectors.colSector'), false), header('employment', t('sectors.colEmployed'), true), h('th', { scope: 'col', class: 'num' }, t('sectors.colYear')), header('change', t('sectors.colChange'), true), header('vacancy', vacancyPeriod ? t('sectors.colVacancyPeriod', { period: vacancyPeriod }) : t('sectors.colVacancy'), true))),
      h('tbody', {}, ...body),
    ),
  );
}
