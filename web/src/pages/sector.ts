/** Sector page: employment in one sector over time (other countries on request) and its job vacancy rate. */
import { ApiError, getJson, type SectorSeries } from '../api.js';
import { drawChart, loadChartJs, sourceOf } from '../chart.js';
import { comparedLineChart, compareControls, fetchCompared, levelOrIndex, offerOnlyCountriesOf } from '../compare.js';
import { h, replace } from '../dom.js';
import { t, uiLang } from '../i18n.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, onAxis, periodAxis } from '../periods.js';
import { listOfPlaces, placeLabel, placeName } from '../places.js';
import { endpoints, levelSentence, rateSentence, recentPoints, sameSeason, sameYearsClause } from '../reading.js';
import { currentGeo, listParam, pageUrl, param } from '../state.js';

const fetchSector = (nace: string, geo: string) => getJson<SectorSeries>(`/api/sectors/${encodeURIComponent(nace)}?geo=${encodeURIComponent(geo)}&lang=${encodeURIComponent(uiLang())}`);

/** The main country over the last ten years, then each compared country over the same years. */
function sectorReading(all: SectorSeries[], geo: string): string {
  const [main, ...others] = all;
  if (!main) return '';
  const recent = recentPoints(main.points, 10);
  const span = endpoints(recent);
  const label = t('reading.lowercaseLabels') === 'yes' ? main.sector.label.toLowerCase() : main.sector.label;
  const sentence = levelSentence({ subject: t('sector.subject', { sector: label }), place: placeName(geo), points: recent, unitWords: t('unit.thsPerWords') });
  return span ? sentence + others.map((o) => sameYearsClause(placeName(o.geo.code), o.points, span.first.period, span.last.period)).join('') : sentence;
}

export async function render(main: HTMLElement): Promise<void> {
  const nace = param('nace');
  const geo = currentGeo();
  if (!nace) {
    replace(main, h('h1', {}, t('sector.noneChosen')), h('p', {}, h('a', { href: pageUrl('/sectors') }, t('sectors.allSectors'))));
    return;
  }
  void loadChartJs().catch(() => undefined);
  replace(main, loadingNotice(t('sector.loading')));
  let sector: SectorSeries;
  try {
    sector = await fetchSector(nace, geo);
  } catch (err) {
    replace(
      main,
      h('h1', {}, t('sector.headingCode', { code: nace, place: placeName(geo) })),
      err instanceof ApiError && err.status === 404 ? noDataNotice(t('sector.noData', { code: nace, place: placeName(geo) }), INGEST.sectors, err.message) : errorNotice(err, t('sector.error')),
      h('p', {}, h('a', { href: pageUrl('/sectors') }, t('sectors.allSectors'))),
    );
    return;
  }
  setTitle(t('sector.title', { sector: sector.sector.label, place: placeName(geo) }));
  const compare = listParam('compare').filter((g) => g !== geo);
  const { found, failed } = await fetchCompared(compare, (g) => fetchSector(nace, g));
  const all = [sector, ...found];
  const missing = failed.map((f) => f.geo);

  const axis = periodAxis(all.map((s) => s.points));
  const shown = levelOrIndex(
    axis,
    all.map((s) => ({ name: placeLabel(s.geo), ...onAxis(axis, s.points) })),
    t('unit.thsPer'),
    endpoints(recentPoints(sector.points, 10))?.first.period,
    t('compare.unitThsPer'),
  );
  replace(
    main,
    h('p', { class: 'kicker' }, h('a', { href: pageUrl('/sectors') }, t('nav.sectors')), t('sector.kicker', { classification: sector.classification, code: sector.sector.code })),
    h('h1', {}, t('sector.heading', { sector: sector.sector.label, place: placeName(geo) })),
    compareControls(geo, compare),
    shown.toggle,
    missing.length ? h('p', { class: 'notice notice-empty' }, t('sector.noDataFor', { places: listOfPlaces(missing.map((g) => placeName(g))), dataset: sector.dataset.code })) : null,
  );
  const title = t('sector.chartTitle', { sector: sector.sector.label, places: listOfPlaces(all.map((s) => placeName(s.geo.code))) });
  await drawChart(main, {
    id: 'sector-trend',
    ...comparedLineChart(title, axis, shown),
    source: sourceOf(sector.source, sector.dataset),
    flagLabels: flagLabels(...all.map((s) => s.flags)),
    reading: sectorReading(all, geo),
    filename: `sector-${sector.sector.code}-${[geo, ...compare].join('-')}`,
  });
  void offerOnlyCountriesOf(sector.dataset.code);
  const vacancy = sector.vacancyRate;
  if (vacancy) {
    const vAxis = periodAxis([vacancy.points]);
    await drawChart(main, {
      id: 'sector-vacancies',
      title: t('sector.vacancyTitle', { sector: sector.sector.label, place: placeName(geo) }),
      type: 'line',
      categories: vAxis,
      category: 'quarter',
      unit: t('unit.vacancyRate'),
      lines: [{ name: placeLabel(sector.geo), ...onAxis(vAxis, vacancy.points) }],
      source: sourceOf(vacancy.dataset.source, vacancy.dataset),
      flagLabels: flagLabels(sector.flags),
      reading: rateSentence({ subject: t('sector.vacancySubject'), place: placeName(geo), points: sameSeason(vacancy.points) }),
      filename: `vacancies-${sector.sector.code}-${geo}`,
    });
  } else {
    main.append(h('p', { class: 'hint' }, t('sector.vacanciesMissing'), h('code', {}, INGEST.vacancies[0])));
  }
}
