/** Sector page: employment in one sector over time (other countries on request) and its job vacancy rate. */
import { ApiError, getJson, type SectorSeries } from '../api.js';
import { drawChart, loadChartJs, sourceOf } from '../chart.js';
import { compareControls, fetchCompared, levelOrIndex, offerOnlyCountriesOf, titleFor } from '../compare.js';
import { h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, onAxis, periodAxis } from '../periods.js';
import { listOfPlaces, placeLabel, placeName } from '../places.js';
import { endpoints, levelSentence, rateSentence, recentPoints, sameSeason, sameYearsClause } from '../reading.js';
import { currentGeo, listParam, pageUrl, param } from '../state.js';

const fetchSector = (nace: string, geo: string) => getJson<SectorSeries>(`/api/sectors/${encodeURIComponent(nace)}?geo=${encodeURIComponent(geo)}`);

/** The main country over the last ten years, then each compared country over the same years. */
function sectorReading(all: SectorSeries[], geo: string): string {
  const [main, ...others] = all;
  if (!main) return '';
  const recent = recentPoints(main.points, 10);
  const span = endpoints(recent);
  const sentence = levelSentence({ subject: `Employment in ${main.sector.label.toLowerCase()}`, place: placeName(geo), points: recent, unitWords: 'thousand people' });
  return span ? sentence + others.map((o) => sameYearsClause(placeName(o.geo.code), o.points, span.first.period, span.last.period)).join('') : sentence;
}

export async function render(main: HTMLElement): Promise<void> {
  const nace = param('nace');
  const geo = currentGeo();
  if (!nace) {
    replace(main, h('h1', {}, 'No sector chosen'), h('p', {}, h('a', { href: pageUrl('/sectors') }, 'All sectors')));
    return;
  }
  void loadChartJs().catch(() => undefined);
  replace(main, loadingNotice('the sector'));
  let sector: SectorSeries;
  try {
    sector = await fetchSector(nace, geo);
  } catch (err) {
    replace(
      main,
      h('h1', {}, `Sector ${nace}: ${placeName(geo)}`),
      err instanceof ApiError && err.status === 404 ? noDataNotice(`sector ${nace} for ${placeName(geo)}`, INGEST.sectors, err.message) : errorNotice(err, 'the sector'),
      h('p', {}, h('a', { href: pageUrl('/sectors') }, 'All sectors')),
    );
    return;
  }
  setTitle(`${sector.sector.label}, ${placeName(geo)}`);
  const compare = listParam('compare').filter((g) => g !== geo);
  const { found, failed } = await fetchCompared(compare, (g) => fetchSector(nace, g));
  const all = [sector, ...found];
  const missing = failed.map((f) => f.geo);

  const axis = periodAxis(all.map((s) => s.points));
  const shown = levelOrIndex(
    axis,
    all.map((s) => ({ name: placeLabel(s.geo), ...onAxis(axis, s.points) })),
    'Thousands of persons',
    endpoints(recentPoints(sector.points, 10))?.first.period,
  );
  replace(
    main,
    h('p', { class: 'kicker' }, h('a', { href: pageUrl('/sectors') }, 'Sectors'), ` · ${sector.classification}, code ${sector.sector.code}`),
    h('h1', {}, `${sector.sector.label}: ${placeName(geo)}`),
    compareControls(geo, compare),
    shown.toggle,
    missing.length ? h('p', { class: 'notice notice-empty' }, `No data for ${missing.map(placeName).join(', ')} in ${sector.dataset.code}.`) : null,
  );
  const title = `People employed in ${sector.sector.label}, ${listOfPlaces(all.map((s) => placeName(s.geo.code)))}`;
  await drawChart(main, {
    id: 'sector-trend',
    title: titleFor(title, shown),
    type: 'line',
    categories: axis,
    categoryLabel: 'Year',
    unit: shown.unit,
    lines: shown.lines,
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
      title: `Job vacancy rate in ${sector.sector.label}, ${placeName(geo)}`,
      type: 'line',
      categories: vAxis,
      categoryLabel: 'Quarter',
      unit: 'Vacancies, % of all posts',
      lines: [{ name: placeLabel(sector.geo), ...onAxis(vAxis, vacancy.points) }],
      source: sourceOf(vacancy.dataset.source, vacancy.dataset),
      flagLabels: flagLabels(sector.flags),
      reading: rateSentence({ subject: 'The job vacancy rate', place: placeName(geo), points: sameSeason(vacancy.points) }),
      filename: `vacancies-${sector.sector.code}-${geo}`,
    });
  } else {
    main.append(h('p', { class: 'hint' }, 'Job vacancy rates are not loaded for this country. To add them, run: ', h('code', {}, INGEST.vacancies[0])));
  }
}
