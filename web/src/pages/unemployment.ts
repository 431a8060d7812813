/** Unemployment page: the rate in the country against the EU, then by sex and by age where loaded. */
import { ApiError, getJson, type Comparison } from '../api.js';
import { drawChart, loadChartJs, sourceOf, type ChartLine } from '../chart.js';
import { compareControls, offerOnlyCountriesOf } from '../compare.js';
import { h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, onAxis, periodAxis } from '../periods.js';
import { listOfPlaces, placeLabel, placeName } from '../places.js';
import { rateSentence } from '../reading.js';
import { currentGeo, DEFAULT_GEO, listParam } from '../state.js';

const DATASET = 'une_rt_a';

function compareUrl(geos: string[], filters: Record<string, string> = {}): string {
  const params = new URLSearchParams({ dataset: DATASET, geo: geos.join(','), ...filters });
  return `/api/compare?${params}`;
}

/** The dataset's codes per dimension, from GET /api/datasets/:code. */
interface DatasetCodes {
  dimensions: { id: string; codes: { code: string; label: string }[] }[];
}

function codesOf(info: DatasetCodes, dim: string): Set<string> {
  return new Set(info.dimensions.find((d) => d.id.toLowerCase() === dim)?.codes.map((c) => c.code) ?? []);
}

/** A breakdown (by sex, by age): one line per code the loaded data has; asks only for those. */
interface Group {
  code: string;
  /** Legend and table heading. */
  name: string;
  /** In a sentence: 'women', 'people aged 15–24'. */
  phrase: string;
}

async function breakdown(geo: string, dim: string, available: Set<string>, groups: Group[]): Promise<{ lines: Comparison[]; groups: Group[] }> {
  const present = groups.filter((c) => available.has(c.code));
  if (present.length < 2) return { lines: [], groups: [] };
  const answers = await Promise.all(present.map((c) => getJson<Comparison>(compareUrl([geo], { [dim]: c.code }))));
  const keep = answers.map((a, i) => ({ a, group: present[i]! })).filter(({ a }) => a.series[0]?.points.length);
  return { lines: keep.map((k) => k.a), groups: keep.map((k) => k.group) };
}

export async function render(main: HTMLElement): Promise<void> {
  const geo = currentGeo();
  const title = `Unemployment: ${placeName(geo)}`;
  setTitle(title);
  void loadChartJs().catch(() => undefined);
  replace(main, h('h1', {}, title), loadingNotice('unemployment rates'));
  let info: DatasetCodes;
  let data: Comparison;
  let missing: string[];
  try {
    info = await getJson<DatasetCodes>(`/api/datasets/${DATASET}`);
    const geoCodes = codesOf(info, 'geo');
    const wanted = [...new Set([geo, DEFAULT_GEO, ...listParam('compare')])];
    missing = wanted.filter((g) => !geoCodes.has(g));
    if (!geoCodes.has(geo)) {
      replace(main, h('h1', {}, title), noDataNotice(`unemployment rates for ${placeName(geo)}`, INGEST.unemployment, `The loaded ${DATASET} has no figures for ${placeName(geo)}.`));
      return;
    }
    data = await getJson<Comparison>(compareUrl(wanted.filter((g) => geoCodes.has(g))));
  } catch (err) {
    replace(main, h('h1', {}, title), err instanceof ApiError && err.status === 404 ? noDataNotice(`unemployment rates (${DATASET})`, INGEST.unemployment, err.message) : errorNotice(err, 'unemployment rates'));
    return;
  }
  // Which population the rate covers, in words: the age band and sex the API chose (its totals).
  const age = data.selection.age?.label.toLowerCase();
  const sex = data.selection.sex?.code === 'T' ? 'women and men' : data.selection.sex?.label.toLowerCase();
  const population = [age, sex].filter(Boolean).join(', ');
  replace(
    main,
    h('h1', {}, title),
    h('p', { class: 'lead' }, `Unemployed people as a share of the labour force${population ? ` (${population})` : ''}.`),
    compareControls(geo, listParam('compare').filter((g) => g !== geo && g !== DEFAULT_GEO), [DEFAULT_GEO]),
    missing.length ? h('p', { class: 'notice notice-empty' }, `Not in the loaded ${DATASET}: ${missing.map(placeName).join(', ')}.`) : null,
  );

  const withPoints = data.series.filter((s) => s.points.length);
  if (!withPoints.length) {
    main.append(noDataNotice(`unemployment rates for ${placeName(geo)}`, INGEST.unemployment));
    return;
  }
  const axis = periodAxis(withPoints.map((s) => s.points));
  const own = data.series.find((s) => s.geo.code === geo);
  const eu = data.series.find((s) => s.geo.code === DEFAULT_GEO);
  const source = sourceOf(data.source, data.dataset);
  await drawChart(main, {
    id: 'unemployment',
    title: `Unemployment rate in ${listOfPlaces(withPoints.map((s) => placeName(s.geo.code)))}`,
    type: 'line',
    categories: axis,
    categoryLabel: 'Year',
    unit: '% of the labour force',
    lines: withPoints.map((s): ChartLine => ({ name: placeLabel(s.geo), ...onAxis(axis, s.points) })),
    source,
    flagLabels: flagLabels(data.flags),
    reading: rateSentence({
      subject: 'The unemployment rate',
      place: placeName(geo),
      points: own?.points ?? [],
      reference: eu && geo !== DEFAULT_GEO ? { phrase: 'in the EU', points: eu.points } : undefined,
    }),
    filename: `unemployment-${withPoints.map((p) => p.geo.code).join('-')}`,
  });
  void offerOnlyCountriesOf(DATASET);

  const [bySex, byAge] = await Promise.all([
    breakdown(geo, 'sex', codesOf(info, 'sex'), [
      { code: 'F', name: 'Women', phrase: 'women' },
      { code: 'M', name: 'Men', phrase: 'men' },
    ]),
    breakdown(geo, 'age', codesOf(info, 'age'), [
      { code: 'Y15-24', name: 'Aged 15–24', phrase: 'people aged 15–24' },
      { code: 'Y25-54', name: 'Aged 25–54', phrase: 'people aged 25–54' },
      { code: 'Y55-74', name: 'Aged 55–74', phrase: 'people aged 55–74' },
    ]),
  ]);
  for (const [id, label, part] of [
    ['unemployment-sex', 'by sex', bySex],
    ['unemployment-age', 'by age', byAge],
  ] as const) {
    if (part.lines.length < 2) {
      main.append(h('p', { class: 'hint' }, `Unemployment ${label} is not in the loaded data for ${placeName(geo)}. To load all sexes and ages, run: `, h('code', {}, INGEST.unemployment[0])));
      continue;
    }
    const pAxis = periodAxis(part.lines.map((l) => l.series[0]!.points));
    await drawChart(main, {
      id,
      title: `Unemployment rate ${label}, ${placeName(geo)}`,
      type: 'line',
      categories: pAxis,
      categoryLabel: 'Year',
      unit: '% of the labour force',
      lines: part.lines.map((l, i) => ({ name: part.groups[i]!.name, ...onAxis(pAxis, l.series[0]!.points) })),
      source,
      flagLabels: flagLabels(...part.lines.map((l) => l.flags)),
      // The first group against the second: women against men, the young against 25-54.
      reading: rateSentence({
        subject: `The unemployment rate of ${part.groups[0]!.phrase}`,
        place: placeName(geo),
        points: part.lines[0]!.series[0]!.points,
        reference: { phrase: `for ${part.groups[1]!.phrase}`, points: part.lines[1]!.series[0]!.points },
      }),
      filename: `${id}-${geo}`,
    });
  }
}
