/**
 * The same series for several countries: every dimension but geo and time is fixed to one code --
 * the one asked for, else the view's default for the dataset (defaults.ts), else the dataset's
 * total (selection.ts) -- and the series of each country
 * is read. Any loaded dataset with a geo dimension works, Eurostat or national. As in /api/series,
 * an unknown dataset is a 404 and an unknown dimension or code a 400.
 */
import { badRequest, HttpError } from '../errors.js';
import { preferencesFor } from './defaults.js';
import { resolveSelection } from './selection.js';
import type { Coded, Comparison } from '../../wire/linked.js';
import { coded, filtersOf, findDim, flagsUsed, geoDim, type Point, type SeriesAccess } from './series-access.js';

export interface CompareRequest {
  dataset: string;
  geos: string[];
  /** Dimension id as written in the query -> the one code asked for. */
  filters: Record<string, string>;
  since?: string;
  until?: string;
}

/** How many codes a 400 lists before saying "...". */
const LIST_MAX = 30;

function listCodes(codes: string[]): string {
  return codes.length > LIST_MAX ? `${codes.slice(0, LIST_MAX).join(', ')}, ...` : codes.join(', ');
}

export function compareSeries(series: SeriesAccess, req: CompareRequest): Comparison {
  const meta = series.dataset(req.dataset);
  if (!meta) throw new HttpError(404, `dataset ${req.dataset} not found: load it with \`lmi ingest eurostat ${req.dataset}\``);
  const dims = series.dimensions(meta.code);
  const geoD = geoDim(dims);
  if (!geoD) throw badRequest(`dataset ${meta.code} has no geo dimension to compare countries on`);

  const fixed: Record<string, string> = {};
  const asked: Record<string, Coded> = {};
  for (const [param, code] of Object.entries(req.filters)) {
    const dim = findDim(dims, param);
    if (!dim || dim.id === geoD.id) {
      throw badRequest(`unknown dimension ${param} for dataset ${meta.code} (dimensions: ${dims.filter((d) => d.id !== meta.timeDim && d.id !== geoD.id).map((d) => d.id).join(', ')})`);
    }
    if (dim.id === meta.timeDim) throw badRequest(`${param} is the time dimension: use since= and until=`);
    if (code.includes(',')) throw badRequest(`${param}: give one code, the series compared must be the same for every country`);
    if (!dim.labels.has(code)) throw badRequest(`unknown code ${code} for dimension ${dim.id} of dataset ${meta.code} (codes: ${listCodes(dim.codes)})`);
    fixed[dim.id] = code;
    asked[dim.id] = coded(dim, code);
  }
  for (const geo of req.geos) {
    if (!geoD.labels.has(geo)) throw badRequest(`unknown geo ${geo} for dataset ${meta.code} (codes: ${listCodes(geoD.codes)})`);
  }

  const sel = resolveSelection(dims, meta.timeDim, { ...fixed, [geoD.id]: '' }, preferencesFor(meta.code));
  const first = sel.undecided[0];
  if (first) {
    throw badRequest(`choose a code for ${sel.undecided.map((d) => d.id).join(', ')} (e.g. ${first.id}=${first.codes[0] ?? ''}; codes: ${listCodes(first.codes)})`);
  }
  const selection: Record<string, Coded> = {};
  for (const dim of dims) {
    const c = asked[dim.id] ?? sel.shown[dim.id];
    if (c) selection[dim.id] = c;
  }

  const found = series.series(meta, dims, filtersOf(sel.codes, { [geoD.id]: req.geos }), req.since, req.until);
  const byGeo = new Map(found.map((s) => [s.codes[geoD.id], s]));
  // In the order asked; a country the dataset has but not for this selection gets no points.
  const result = req.geos.map((geo) => {
    const s = byGeo.get(geo);
    return { geo: coded(geoD, geo), key: s?.key ?? null, points: s?.points ?? [] };
  });
  const dataset = series.datasetRef(meta);
  return {
    dataset,
    selection,
    series: result,
    flags: flagsUsed(
      result.flatMap((s) => s.points),
      series.flagLabels(meta),
    ),
    source: dataset.source,
    attribution: dataset.attribution,
  };
}
