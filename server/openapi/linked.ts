/** OpenAPI paths of the linked views: occupation employment trend, sectors, cross-country compare. */
import { acceptLanguageParam, labelLangProp } from './esco.js';
import type { OpenApiPart } from './index.js';
import { errorResponse, json, nullable, object, ref, type OpenApiObject } from './schema.js';


/** lang= on the statistics views: code labels from Eurostat's code lists (`lmi ingest eurostat-codelists`). */
const statisticsLangParam = {
  name: 'lang',
  in: 'query',
  required: false,
  schema: { type: 'string', example: 'fr' },
  description:
    "language of country, sex, unit, sector and flag labels, from Eurostat's code lists where loaded (lmi ingest eurostat-codelists: en, fr, de); without it, the Accept-Language header, else English. " +
    'A code with no label in that language keeps the English one, marked labelLang; never a 400 for a language. The answer says which in Content-Language.',
};
const codeLabelLang = { labelLang: { type: 'string', description: "the label's language (en) when the answer was asked in another language and has no label in it; absent otherwise" } };
const geoParam = {
  name: 'geo',
  in: 'query',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z]{2}[A-Za-z0-9_]{0,14}$' },
  description: 'Eurostat geo code of the country (DE, EL, SI) or aggregate (EU27_2020)',
  example: 'SI',
};

const selection = {
  type: 'object',
  description: 'The code read for each other dimension: the one asked for, the total the dataset has (sex T, isced11 TOTAL), the broadest age band (Y_GE15), or the unit of the view (THS_PER)',
  additionalProperties: ref('LinkedCoded'),
};
const flags = {
  type: 'object',
  description: 'Flags used in the points shown, with their labels (null when neither the dataset nor Eurostat labels it)',
  additionalProperties: { type: ['string', 'null'] },
};
const common = {
  source: { type: 'string', description: "'Eurostat' (or the dataset's source)", example: 'Eurostat' },
  attribution: { type: 'string', description: 'Attribution text the licence asks for' },
};

const schemas: Record<string, OpenApiObject> = {
  LinkedCoded: object({ code: { type: 'string' }, label: { type: 'string' }, ...codeLabelLang }, ['code', 'label']),
  LinkedPoint: object({
    period: { type: 'string', description: "'2023', '2023-Q1', '2023-01'", example: '2023' },
    value: { type: ['number', 'null'], description: 'null when the upstream gives only a flag (confidential, not available)' },
    flag: { type: ['string', 'null'], description: "upstream flag verbatim ('b', 'p', 'bu')" },
  }),
  LinkedDataset: object({
    code: { type: 'string', example: 'lfsa_egised' },
    label: { type: 'string' },
    source: { type: 'string', example: 'Eurostat' },
    updated: { type: ['string', 'null'], description: "upstream's last update, ISO 8601" },
    loadedAt: { type: 'string', description: 'when this tool loaded it, ISO 8601 UTC' },
    attribution: { type: 'string', example: 'Source: Eurostat' },
  }),
  LinkedChange: object({
    from: ref('LinkedPoint'),
    absolute: { type: 'number', description: 'latest value minus the value five years before' },
    percent: { type: ['number', 'null'], description: 'percent of the earlier value, one decimal' },
  }),
  LinkedSector: object({
    code: { type: 'string', example: 'C' },
    label: { type: 'string', example: 'Manufacturing' },
    ...codeLabelLang,
    latest: nullable(ref('LinkedPoint')),
    change5y: { ...nullable(ref('LinkedChange')), description: 'change from the same period five years before; null when that period has no value' },
    vacancyRate: { ...nullable(ref('LinkedPoint')), description: 'latest job vacancy rate (%) of the same NACE code from jvs_q_nace2, when loaded' },
  }),
  OccupationTrend: object({
    occupation: object({ id: { type: 'string' }, uri: { type: 'string' }, code: { type: ['string', 'null'] }, label: { type: ['string', 'null'] }, ...labelLangProp }, ['id', 'uri', 'code', 'label']),
    mapping: {
      ...object({
        escoCode: { type: ['string', 'null'], example: '2221.3' },
        iscoGroup: { ...ref('LinkedCoded'), description: "the occupation's ISCO-08 unit group (ESCO)" },
        iscoLevel: { type: 'string', example: 'ISCO-08 major group (1 digit)' },
        iscoUsed: { ...ref('LinkedCoded'), description: 'the ISCO group the figures are for' },
        dimension: { type: 'string', example: 'isco08' },
        datasetCode: { type: 'string', description: "the group's code in the dataset", example: 'OC2' },
      }),
      description: 'ESCO code -> ISCO unit group -> the group at the finest level the loaded dataset publishes -> its code in the dataset',
    },
    geo: ref('LinkedCoded'),
    dataset: ref('LinkedDataset'),
    selection,
    unit: nullable(ref('LinkedCoded')),
    points: { type: 'array', items: ref('LinkedPoint') },
    flags,
    ...common,
  }),
  SectorList: object({
    geo: ref('LinkedCoded'),
    classification: { type: 'string', example: 'NACE Rev. 2 A*10 industry groups' },
    dataset: ref('LinkedDataset'),
    selection,
    unit: nullable(ref('LinkedCoded')),
    total: nullable(ref('LinkedSector')),
    sectors: { type: 'array', items: ref('LinkedSector') },
    vacancies: nullable(object({ dataset: ref('LinkedDataset'), selection })),
    flags,
    ...common,
  }),
  SectorSeries: object({
    geo: ref('LinkedCoded'),
    sector: ref('LinkedCoded'),
    classification: { type: 'string' },
    dataset: ref('LinkedDataset'),
    selection,
    unit: nullable(ref('LinkedCoded')),
    points: { type: 'array', items: ref('LinkedPoint') },
    vacancyRate: nullable(object({ dataset: ref('LinkedDataset'), selection, points: { type: 'array', items: ref('LinkedPoint') } })),
    flags,
    ...common,
  }),
  Comparison: object({
    dataset: ref('LinkedDataset'),
    selection,
    series: {
      type: 'array',
      items: object({
        geo: ref('LinkedCoded'),
        key: { type: ['string', 'null'], description: 'the series key; null when the dataset has no such series for this country' },
        points: { type: 'array', items: ref('LinkedPoint') },
      }),
    },
    flags,
    ...common,
  }),
};

export const linkedPart: OpenApiPart = {
  schemas,
  paths: {
    '/api/occupations/{id}/trend': {
      get: {
        summary: "Employment in an occupation's ISCO group in one country, over time",
        description:
          "Follows the ESCO occupation's ISCO-08 group to the finest level a loaded dataset publishes: the 2-digit group (OC22) from lfsa_egai2d, else the major group (OC2) from lfsa_egised. Thousands of persons, all ages/sexes/education levels the dataset totals (shown in `selection`).",
        operationId: 'getOccupationTrend',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: "ESCO occupation id (UUID), or its ESCO code such as '2221.3'" },
          geoParam,
          {
            name: 'lang',
            in: 'query',
            required: false,
            schema: { type: 'string', default: 'en' },
            description:
              "language of the ESCO labels and of Eurostat's code labels (as lang on /api/compare); without it, the Accept-Language header picks a loaded one, as on the ESCO routes. A language not loaded gives the English labels, marked labelLang (no 400: the figures do not depend on it).",
          },
          acceptLanguageParam,
        ],
        responses: {
          '200': json(ref('OccupationTrend'), 'The trend, with the mapping and the dataset used'),
          '400': errorResponse('A parameter is invalid'),
          '404': errorResponse('Unknown occupation, no dataset loaded (the message says what to ingest), or no data for the country'),
        },
      },
    },
    '/api/sectors': {
      get: {
        summary: 'Employment by sector in one country: latest figure, change over 5 years, vacancy rate',
        description:
          'NACE Rev. 2 sections from lfsa_egan2 or A*10 groups from nama_10_a10_e (unit THS_PER, na_item EMP_DC), whichever is loaded; the job vacancy rate from jvs_q_nace2 where loaded.',
        operationId: 'listSectors',
        parameters: [geoParam, statisticsLangParam, acceptLanguageParam],
        responses: {
          '200': json(ref('SectorList'), 'Sectors of the country'),
          '400': errorResponse('A parameter is invalid'),
          '404': errorResponse('No sector dataset loaded (the message says what to ingest), or no data for the country'),
        },
      },
    },
    '/api/sectors/{nace}': {
      get: {
        summary: 'Employment series of one sector in one country, with its vacancy rate series',
        operationId: 'getSectorSeries',
        parameters: [{ name: 'nace', in: 'path', required: true, schema: { type: 'string' }, example: 'C', description: 'NACE code as the dataset has it (C, B-E, M_N)' }, geoParam, statisticsLangParam, acceptLanguageParam],
        responses: {
          '200': json(ref('SectorSeries'), 'The series'),
          '400': errorResponse('A parameter is invalid'),
          '404': errorResponse('Unknown sector, no dataset loaded, or no data for the country'),
        },
      },
    },
    '/api/compare': {
      get: {
        summary: 'The same series of a dataset for several countries',
        description:
          'Every other dimension is fixed to one code: give it as a query parameter named after the dimension (`nace_r2=C`), or the dataset total is used; a dimension without a total must be given (the 400 lists its codes).',
        operationId: 'compareCountries',
        parameters: [
          { name: 'dataset', in: 'query', required: true, schema: { type: 'string' }, example: 'nama_10_a10_e' },
          { ...geoParam, description: 'comma-separated geo codes, at most 40', example: 'DE,FR,SI' },
          { name: 'since', in: 'query', required: false, schema: { type: 'string' }, example: '2010' },
          { name: 'until', in: 'query', required: false, schema: { type: 'string' }, example: '2016' },
          statisticsLangParam,
          acceptLanguageParam,
          {
            name: 'dimensions',
            in: 'query',
            required: false,
            style: 'form',
            explode: true,
            schema: { type: 'object', additionalProperties: { type: 'string' } },
            description: 'one code per other dimension, e.g. unit=THS_PER&na_item=EMP_DC&nace_r2=C',
          },
        ],
        responses: {
          '200': json(ref('Comparison'), 'One series per country, in the order asked'),
          '400': errorResponse('Missing or invalid parameter, unknown dimension, or a dimension that must be given'),
          '404': errorResponse('Unknown dataset, country or code'),
        },
      },
    },
  },
};
