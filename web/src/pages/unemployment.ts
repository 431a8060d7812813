/** Unemployment page: the rate in the country against the EU, then by sex and by age where loaded. */
import { ApiError, getJson, type Comparison } from '../api.js';
import { drawChart, loadChartJs, type ChartLine } from '../chart.js';
import { compareControls } from '../compare.js';
import { h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, onAxis, periodAxis } from '../periods.js';
import { DEFAULT_GEO } from '../state.js';
import { placeName } from '../places.js';
import { rateSentence } from '../reading.js';
import { currentGeo, listParam } from '../state.js';

const DATASET = 'une_rt_a';

function compareUrl(geos: string[], filters: Record<string, string> = {}): string {
  const params = new URLSearchParams({ dataset: DATASET, geo: geos.join(','), ...filters });
  return `/api/compare?${params}`;
}

/** A breakdown (by sex, by age): one line per code, skipped codes the loaded data does not have. */
async function breakdown(geo: string, dim: string, codes: { code: string; name: string }[]): Promise<{ lines: Comparison[]; names: string[] }> {
  const answers = await Promise.all(codes.map((c) => getJson<Comparison>(compareUrl([geo], { [dim]: c.code })).then((r) => r, () => null)));
  const lines: Comparison[] = [];
  const names: string[] = [];
  answers.forEach((a, i) => {
    if (a && a.series[0]?.points.length) {
      lines.push(a);
      names.push(codes[i]!.name);
    }
  });
  return { lines, names };
}

export async function render(main: HTMLElement): Promise<void> {
  const geo = currentGeo();
  const title = `Unemployment: ${placeName(geo)}`;
  setTitle(title);
  void loadChartJs().catch(() => undefined);
  replace(main, h('h1', {}, title), loadingNotice('unemployment rates'));
  const geos = [...new Set([geo, DEFAULT_GEO, ...listParam('compare')])];
  let data: Comparison;
  try {
    data = await getJson<Comparison>(compareUrl(geos));
  } catch (err) {
    // A compared country the dataset lacks makes the whole request fail: retry with the main pair.
    try {
      data = await getJson<Comparison>(compareUrl([...new Set([geo, DEFAULT_GEO])]));
    } catch {
      replace(main, h('h1', {}, title), err instanceof ApiError && err.status === 404 ? noDataNotice(`unemployment rates for ${placeName(geo)}`, INGEST.unemployment, err.message) : errorNotice(err, 'unemployment rates'));
      return;
    }
  }
  const population = Object.values(data.selection).map((c) => c.label).join(', ');
  replace(main, h('h1', {}, title), h('p', { class: 'lead' }, `Unemployed people as a share of the labour force (${population}).`), compareControls(geo, listParam('compare').filter((g) => g !== geo && g !== DEFAULT_GEO)));

  const withPoints = data.series.filter((s) => s.points.length);
  if (!withPoints.length) {
    main.append(noDataNotice(`unemployment rates for ${placeName(geo)}`, INGEST.unemployment));
    return;
  }
  const axis = periodAxis(withPoints.map((s) => s.points));
  const own = data.series.find((s) => s.geo.code === geo);
  const eu = data.series.find((s) => s.geo.code === DEFAULT_GEO);
  const source = { publisher: data.source, dataset: data.dataset.code, updated: data.dataset.updated };
  await drawChart(main, {
    id: 'unemployment',
    title: `Unemployment rate, ${withPoints.map((s) => placeName(s.geo.code)).join(', ')}`,
    type: 'line',
    categories: axis,
    categoryLabel: 'Year',
    unit: '% of the labour force',
    lines: withPoints.map((s): ChartLine => ({ name: s.geo.label, ...onAxis(axis, s.points) })),
    source,
    flagLabels: flagLabels(data.flags),
    reading: rateSentence({
      subject: 'The unemployment rate',
      place: placeName(geo),
      points: own?.points ?? [],
      reference: eu && geo !== DEFAULT_GEO ? { place: 'the EU', points: eu.points } : undefined,
    }),
    filename: `unemployment-${geos.join('-')}`,
  });

  const [bySex, byAge] = await Promise.all([
    breakdown(geo, 'sex', [
      { code: 'F', name: 'Women' },
      { code: 'M', name: 'Men' },
    ]),
    breakdown(geo, 'age', [
      { code: 'Y15-24', name: 'Aged 15–24' },
      { code: 'Y25-54', name: 'Aged 25–54' },
      { code: 'Y55-74', name: 'Aged 55–74' },
    ]),
  ]);
  for (const [id, label, part] of [
    ['unemployment-sex', 'by sex', bySex],
    ['unemployment-age', 'by age', byAge],
  ] as const) {
    if (part.lines.length < 2) {
      main.append(h('p', { class: 'hint' }, `Unemployment ${label} is not in the loaded data for ${placeName(geo)}. To load it, run: `, h('code', {}, INGEST.unemployment)));
      continue;
    }
    const pAxis = periodAxis(part.lines.map((l) => l.series[0]!.points));
    const flags: Record<string, string | null> = {};
    for (const l of part.lines) Object.assign(flags, l.flags);
    await drawChart(main, {
      id,
      title: `Unemployment rate ${label}, ${placeName(geo)}`,
      type: 'line',
      categories: pAxis,
      categoryLabel: 'Year',
      unit: '% of the labour force',
      lines: part.lines.map((l, i) => ({ name: part.names[i]!, ...onAxis(pAxis, l.series[0]!.points) })),
      source,
      flagLabels: flagLabels(flags),
      reading: rateSentence({ subject: `The unemployment rate of ${part.names[0]!.toLowerCase()}`, place: placeName(geo), points: part.lines[0]!.series[0]!.points }),
      filename: `${id}-${geo}`,
    });
  }
}
