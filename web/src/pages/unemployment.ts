/** Unemployment page: the rate in the country against the EU, then by sex and by age where loaded. */
import { ApiError, getJson, type Comparison } from '../api.js';
import { drawChart, loadChartJs, sourceOf, type ChartLine } from '../chart.js';
import { compareControls, offerOnlyCountriesOf } from '../compare.js';
import { h, replace } from '../dom.js';
import { t, uiLang } from '../i18n.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, onAxis, periodAxis } from '../periods.js';
import { listOfPlaces, placeLabel, placeName } from '../places.js';
import { rateSentence } from '../reading.js';
import { currentGeo, DEFAULT_GEO, listParam } from '../state.js';

const DATASET = 'une_rt_a';

function compareUrl(geos: string[], filters: Record<string, string> = {}): string {
  // Countries, units and flags labelled in the UI language where Eurostat's code lists are loaded.
  const params = new URLSearchParams({ dataset: DATASET, geo: geos.join(','), lang: uiLang(), ...filters });
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

function ageGroup(code: string, from: number, to: number): Group {
  return { code, name: t('group.age', { from: String(from), to: String(to) }), phrase: t('group.agePhrase', { from: String(from), to: String(to) }) };
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
  const title = t('unemployment.heading', { place: placeName(geo) });
  setTitle(title);
  void loadChartJs().catch(() => undefined);
  replace(main, h('h1', {}, title), loadingNotice(t('unemployment.loading')));
  let info: DatasetCodes;
  let data: Comparison;
  let missing: string[];
  try {
    info = await getJson<DatasetCodes>(`/api/datasets/${DATASET}`);
    const geoCodes = codesOf(info, 'geo');
    const wanted = [...new Set([geo, DEFAULT_GEO, ...listParam('compare')])];
    missing = wanted.filter((g) => !geoCodes.has(g));
    if (!geoCodes.has(geo)) {
      replace(main, h('h1', {}, title), noDataNotice(t('unemployment.noDataFor', { place: placeName(geo) }), INGEST.unemployment, t('unemployment.noGeo', { dataset: DATASET, place: placeName(geo) })));
      return;
    }
    data = await getJson<Comparison>(compareUrl(wanted.filter((g) => geoCodes.has(g))));
  } catch (err) {
    replace(main, h('h1', {}, title), err instanceof ApiError && err.status === 404 ? noDataNotice(t('unemployment.noData', { dataset: DATASET }), INGEST.unemployment, err.message) : errorNotice(err, t('unemployment.error')));
    return;
  }
  // Which population the rate covers, in words: the age band and sex the API chose (its totals).
  const age = data.selection.age?.label.toLowerCase();
  const sex = data.selection.sex?.code === 'T' ? t('unemployment.womenAndMen') : data.selection.sex?.label.toLowerCase();
  const population = [age, sex].filter(Boolean).join(', ');
  replace(
    main,
    h('h1', {}, title),
    h('p', { class: 'lead' }, population ? t('unemployment.leadPopulation', { population }) : t('unemployment.lead')),
    compareControls(geo, listParam('compare').filter((g) => g !== geo && g !== DEFAULT_GEO), [DEFAULT_GEO]),
    missing.length ? h('p', { class: 'notice notice-empty' }, t('unemployment.missing', { dataset: DATASET, places: listOfPlaces(missing.map((g) => placeName(g))) })) : null,
  );

  const withPoints = data.series.filter((s) => s.points.length);
  if (!withPoints.length) {
    main.append(noDataNotice(t('unemployment.noDataFor', { place: placeName(geo) }), INGEST.unemployment));
    return;
  }
  const axis = periodAxis(withPoints.map((s) => s.points));
  const own = data.series.find((s) => s.geo.code === geo);
  const eu = data.series.find((s) => s.geo.code === DEFAULT_GEO);
  const source = sourceOf(data.source, data.dataset);
  await drawChart(main, {
    id: 'unemployment',
    title: t('unemployment.chartTitle', { places: listOfPlaces(withPoints.map((s) => placeName(s.geo.code))) }),
    type: 'line',
    categories: axis,
    category: 'year',
    unit: t('unit.labourForce'),
    lines: withPoints.map((s): ChartLine => ({ name: placeLabel(s.geo), ...onAxis(axis, s.points) })),
    source,
    flagLabels: flagLabels(data.flags),
    reading: rateSentence({
      subject: t('unemployment.subject'),
      place: placeName(geo),
      points: own?.points ?? [],
      reference: eu && geo !== DEFAULT_GEO ? { phrase: t('reading.inEu'), points: eu.points } : undefined,
    }),
    filename: `unemployment-${withPoints.map((p) => p.geo.code).join('-')}`,
  });
  void offerOnlyCountriesOf(DATASET);

  const [bySex, byAge] = await Promise.all([
    breakdown(geo, 'sex', codesOf(info, 'sex'), [
      { code: 'F', name: t('group.women'), phrase: t('group.womenPhrase') },
      { code: 'M', name: t('group.men'), phrase: t('group.menPhrase') },
    ]),
    breakdown(geo, 'age', codesOf(info, 'age'), [
      ageGroup('Y15-24', 15, 24),
      ageGroup('Y25-54', 25, 54),
      ageGroup('Y55-74', 55, 74),
    ]),
  ]);
  for (const [id, titleKey, missingKey, part] of [
    ['unemployment-sex', 'unemployment.bySex', 'unemployment.bySexMissing', bySex],
    ['unemployment-age', 'unemployment.byAge', 'unemployment.byAgeMissing', byAge],
  ] as const) {
    if (part.lines.length < 2) {
      main.append(h('p', { class: 'hint' }, t(missingKey, { place: placeName(geo) }), h('code', {}, INGEST.unemployment[0])));
      continue;
    }
    const pAxis = periodAxis(part.lines.map((l) => l.series[0]!.points));
    await drawChart(main, {
      id,
      title: t(titleKey, { place: placeName(geo) }),
      type: 'line',
      categories: pAxis,
      category: 'year',
      unit: t('unit.labourForce'),
      lines: part.lines.map((l, i) => ({ name: part.groups[i]!.name, ...onAxis(pAxis, l.series[0]!.points) })),
      source,
      flagLabels: flagLabels(...part.lines.map((l) => l.flags)),
      // The first group against the second: women against men, the young against 25-54.
      reading: rateSentence({
        subject: t('unemployment.subjectOf', { group: part.groups[0]!.phrase }),
        place: placeName(geo),
        points: part.lines[0]!.series[0]!.points,
        reference: { phrase: t('reading.forGroup', { group: part.groups[1]!.phrase }), points: part.lines[1]!.series[0]!.points },
      }),
      filename: `${id}-${geo}`,
    });
  }
}
