/**
 * The statistical series API over the series store (any loaded dataset: Eurostat, PX-Web, ...):
 *   GET /api/datasets                 every loaded dataset with its source and `updated`
 *   GET /api/datasets/:code           one dataset: dimensions, codes with labels, flags, period range
 *   GET /api/series?dataset=CODE&<dim>=<code>[,<code>...]&since=&until=[&format=csv|jsonstat]
 * Unknown dataset -> 404; unknown dimension, code or bad period -> 400, each naming what is wrong.
 * Every answer carries the source ('Eurostat'), its attribution, the dataset code and `updated`.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { countSeries, querySeries } from '../../data/series-query.js';
import { dimensionCodes, findCodes, getDataset, getDatasetHead, listDatasets, sourceLabel, type DatasetHead, type DatasetInfo } from '../../data/series.js';
import type * as Wire from '../../wire/series.js';
import { badRequest, HttpError, parseInput } from '../errors.js';
import { checkPeriodOrder, periodParam, single } from './params.js';
import { seriesCsv, seriesJsonStat, type SeriesAnswer } from './series-formats.js';

/** Most series one request may return: beyond, the answer would be megabytes an adviser cannot read. */
export const MAX_SERIES = 2000;

const period = () => periodParam('give a period such as 2015, 2015-Q1 or 2015-03').optional();

/** Parameters of /api/series that are not dimension filters. */
const reserved = z.object({
  dataset: z.string({ error: 'give a dataset code, e.g. ?dataset=une_rt_a (see /api/datasets)' }).min(1, 'give a dataset code, e.g. ?dataset=une_rt_a'),
  since: period(),
  until: period(),
  format: z.enum(['json', 'csv', 'jsonstat'], { error: 'one of json, csv, jsonstat' }).default('json'),
});

function notFoundDataset(code: string): HttpError {
  return new HttpError(404, `dataset '${code}' not found: it is not loaded (see /api/datasets, or load it with \`lmi ingest eurostat ${code}\`)`);
}

/** Dimension filters from the query string: `geo=DE,FR` or `geo=DE&geo=FR`, checked against the dataset. */
function dimensionFilters(db: Db, req: Request, dataset: DatasetHead): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(req.query)) {
    if (name in reserved.shape) continue;
    const dim = dataset.dimensions.find((d) => d.id === name);
    if (!dim) {
      const dims = dataset.dimensions.filter((d) => d.id !== dataset.timeDim).map((d) => d.id);
      throw badRequest(`unknown dimension '${name}' for dataset ${dataset.code}: its dimensions are ${dims.join(', ')} (and since/until for time)`);
    }
    if (dim.id === dataset.timeDim) throw badRequest(`${name}: select periods with since= and until=`);
    const codes = [
      ...new Set(
        (Array.isArray(raw) ? raw : [raw])
          .flatMap((v) => String(v).split(','))
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ];
    if (codes.length === 0) throw badRequest(`${name}: give at least one code`);
    const known = findCodes(db, dataset.code, name, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) {
      const sample = dimensionCodes(db, dataset.code, name, 12).map((c) => c.code).join(', ');
      throw badRequest(`unknown code${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')} for dimension '${name}' of ${dataset.code} (codes: ${sample}${dim.size > 12 ? ', …' : ''})`);
    }
    filters[name] = codes;
  }
  return filters;
}

function datasetSummary(d: DatasetInfo): Wire.DatasetSummary {
  return {
    code: d.code,
    label: d.title,
    source: sourceLabel(d.source, d.attribution),
    attribution: d.attribution,
    updated: d.updated,
    loadedAt: d.loadedAt,
    sourceUrl: d.sourceUrl,
    series: d.series,
    observations: d.observations,
  };
}

export function seriesRoutes(db: Db): Router {
  const router = Router();

  router.get('/api/datasets', (_req, res) => {
    res.json({ datasets: listDatasets(db).map(datasetSummary) } satisfies Wire.DatasetsAnswer);
  });

  router.get('/api/datasets/:code', (req, res) => {
    const code = String(req.params.code);
    const d = getDataset(db, code);
    if (!d) throw notFoundDataset(code);
    res.json({
      ...datasetSummary(d),
      timeDimension: d.timeDim,
      periods: d.periods,
      dimensions: d.dimensions.map((dim) => ({ id: dim.id, label: dim.label, role: dim.role, codes: dim.codes })),
      flags: d.flags,
    } satisfies Wire.DatasetDescription);
  });

  router.get('/api/series', (req, res) => {
    const params = parseInput(reserved, {
      dataset: single(req.query.dataset, 'dataset'),
      since: single(req.query.since, 'since'),
      until: single(req.query.until, 'until'),
      format: single(req.query.format, 'format'),
    });
    const dataset = getDatasetHead(db, params.dataset);
    if (!dataset) throw notFoundDataset(params.dataset);
    checkPeriodOrder(params.since, params.until);
    const filters = dimensionFilters(db, req, dataset);
    const query = { dataset: dataset.code, filters, since: params.since, until: params.until };
    const series = querySeries(db, { ...query, limit: MAX_SERIES + 1 });
    if (series.length > MAX_SERIES) {
      throw badRequest(`the selection matches ${countSeries(db, query)} series of ${dataset.code}, more than ${MAX_SERIES}: narrow it with dimension filters, e.g. geo=DE`);
    }
    const flags: Record<string, string> = {};
    for (const s of series) for (const p of s.points) if (p.flag !== null && !(p.flag in flags)) flags[p.flag] = dataset.flags[p.flag] ?? p.flag;
    const answer: SeriesAnswer = { dataset, source: sourceLabel(dataset.source, dataset.attribution), series, flags };

    res.set('X-Data-Source', answer.source);
    res.set('X-Dataset', dataset.code);
    if (dataset.updated) res.set('X-Dataset-Updated', dataset.updated);
    if (params.format === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.set('Content-Disposition', `inline; filename="${dataset.code}.csv"`);
      res.send(seriesCsv(answer));
      return;
    }
    if (params.format === 'jsonstat') {
      const positions = (dim: string, codes: string[]) => new Map([...findCodes(db, dataset.code, dim, codes)].map(([c, v]) => [c, v.position]));
      res.type('application/json').send(JSON.stringify(seriesJsonStat(answer, positions)));
      return;
    }
    res.json({
      dataset: dataset.code,
      label: dataset.title,
      source: answer.source,
      attribution: dataset.attribution,
      updated: dataset.updated,
      series: series.map((s) => ({ key: s.key, dims: s.dims, points: s.points })),
      flags,
    } satisfies Wire.SeriesAnswer);
  });

  return router;
}
