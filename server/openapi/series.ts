/** OpenAPI description of the series API (server/routes/series.ts). */
import type { OpenApiPart } from './index.js';
import { errorResponse, json, nullableString, object, ref, type OpenApiObject } from './schema.js';


const provenance = {
  source: { type: 'string', description: "'Eurostat', or the dataset's own source", example: 'Eurostat' },
  attribution: { type: 'string', description: 'Attribution the licence asks for', example: 'Source: Eurostat' },
  updated: { ...nullableString, description: "The upstream's own last update of the dataset (ISO 8601)", example: '2026-04-29T23:00:00+0200' },
};

const schemas: Record<string, OpenApiObject> = {
  SeriesCode: object({ code: { type: 'string' }, label: { type: 'string' } }),
  SeriesDatasetSummary: object({
    code: { type: 'string', example: 'une_rt_a' },
    label: { type: 'string', example: 'Unemployment by sex and age - annual data' },
    ...provenance,
    loadedAt: { type: 'string', format: 'date-time', description: 'When this tool loaded it' },
    sourceUrl: { ...nullableString, description: 'The upstream URL or file it was loaded from' },
    series: { type: 'integer', minimum: 0 },
    observations: { type: 'integer', minimum: 0 },
  }),
  SeriesDimension: object({
    id: { type: 'string', example: 'geo' },
    label: { type: 'string', example: 'Geopolitical entity (reporting)' },
    role: { ...nullableString, enum: ['time', 'geo', 'metric', null] },
    codes: { type: 'array', items: ref('SeriesCode'), description: 'In upstream order' },
  }),
  SeriesPoint: object({
    period: { type: 'string', description: "'2023', '2023-Q1', '2023-01', '2023-S1' or '2023-W05'", example: '2020' },
    value: { type: ['number', 'null'], description: 'null when the upstream gives a flag and no value (confidential, not available)' },
    flag: { ...nullableString, description: "Upstream flag verbatim ('b', 'p', '|C'); labels in `flags`", example: 'b' },
  }),
  SeriesItem: object({
    key: { type: 'string', description: 'The series codes joined by dots, in dimension order', example: 'A.Y15-74.PC_ACT.T.DE' },
    dims: { type: 'object', additionalProperties: ref('SeriesCode'), description: 'dimension id -> the code of this series with its label' },
    points: { type: 'array', items: ref('SeriesPoint') },
  }),
  SeriesAnswer: object({
    dataset: { type: 'string', example: 'une_rt_a' },
    label: { type: 'string' },
    ...provenance,
    series: { type: 'array', items: ref('SeriesItem') },
    flags: { type: 'object', additionalProperties: { type: 'string' }, description: 'flag -> label, for the flags in this answer', example: { b: 'break in time series' } },
  }),
};

const codeParam = { name: 'code', in: 'path', required: true, description: 'Dataset code, e.g. une_rt_a', schema: { type: 'string' } };

export const seriesPart: OpenApiPart = {
  schemas,
  paths: {
    '/api/datasets': {
      get: {
        summary: 'Loaded statistical datasets',
        description: 'Every dataset in the series store (Eurostat, national offices), with its source and freshness.',
        operationId: 'listDatasets',
        tags: ['series'],
        responses: {
          '200': json(object({ datasets: { type: 'array', items: ref('SeriesDatasetSummary') } }), 'The loaded datasets, by code'),
        },
      },
    },
    '/api/datasets/{code}': {
      get: {
        summary: 'One dataset: dimensions, codes with labels, flags',
        operationId: 'getDataset',
        tags: ['series'],
        parameters: [codeParam],
        responses: {
          '200': json(
            {
              allOf: [
                ref('SeriesDatasetSummary'),
                object({
                  timeDimension: { type: 'string', example: 'time' },
                  periods: object({ first: nullableString, last: nullableString }),
                  dimensions: { type: 'array', items: ref('SeriesDimension') },
                  flags: { type: 'object', additionalProperties: { type: 'string' } },
                }),
              ],
            },
            'The dataset',
          ),
          '404': errorResponse('The dataset is not loaded'),
        },
      },
    },
    '/api/series': {
      get: {
        summary: 'Series of a dataset, filtered by dimension codes and periods',
        description:
          'Any other query parameter is a dimension filter: `geo=DE,FR` (or `geo=DE&geo=FR`) keeps those codes. ' +
          'Unknown dimensions or codes are a 400 naming them. At most 2000 series per answer. ' +
          '`format=csv` gives one row per observation (`dataset,<dims>,period,value,flag`); `format=jsonstat` a JSON-stat 2.0 dataset ' +
          '(sparse value/status, flag labels in extension.status.label). Headers X-Data-Source, X-Dataset and X-Dataset-Updated carry the provenance.',
        operationId: 'getSeries',
        tags: ['series'],
        parameters: [
          { name: 'dataset', in: 'query', required: true, description: 'Dataset code', schema: { type: 'string', example: 'une_rt_a' } },
          { name: 'since', in: 'query', required: false, description: 'First period kept', schema: { type: 'string', example: '2015' } },
          { name: 'until', in: 'query', required: false, description: "Last period kept ('2020' keeps 2020-12)", schema: { type: 'string', example: '2024' } },
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv', 'jsonstat'], default: 'json' } },
          {
            name: 'filters',
            in: 'query',
            required: false,
            description: 'Dimension filters: dimension id = comma-separated codes, e.g. geo=DE,SI&sex=T',
            style: 'form',
            explode: true,
            schema: { type: 'object', additionalProperties: { type: 'string' }, example: { geo: 'DE,SI' } },
          },
        ],
        responses: {
          '200': {
            description: 'The series',
            content: {
              'application/json': { schema: ref('SeriesAnswer') },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          '400': errorResponse('A bad parameter, or an unknown dimension or code (the message names it)'),
          '404': errorResponse('The dataset is not loaded'),
        },
      },
    },
  },
};
