/**
 * The linked views over small datasets written here in the store's parsed form (ParsedDataset and
 * ParsedEsco, loaded by the real loaders), with decoy series so a wrong choice of totals shows.
 */
import { loadEsco } from '../../ingest/esco/load.js';
import type { EscoIscoGroup, EscoOccupation, ParsedEsco } from '../../data/esco-model.js';
import type { Observation, ParsedDataset } from '../../data/series-model.js';
import { loadDataset } from '../../data/series-write.js';
import { getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

type Cell = [codes: string[], period: string, value: number | null, flag?: string];

function dataset(code: string, dims: [id: string, codes: string[]][], cells: Cell[], extra: Partial<ParsedDataset> = {}): ParsedDataset {
  const labelled = (id: string, c: string) => ({ code: c, label: id === 'geo' ? ({ DE: 'Germany', FR: 'France', SI: 'Slovenia' }[c] ?? c) : `${c} (${id})` });
  const observations: Observation[] = cells.map(([codes, period, value, flag]) => ({ codes, period, value, flag: flag ?? null }));
  return {
    code,
    source: 'eurostat',
    title: `${code} title`,
    sourceUrl: `https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/${code}`,
    updated: '2024-04-25T23:00:00+0200',
    timeDim: 'time',
    dimensions: [
      ...dims.map(([id, codes]) => ({ id, label: id, role: id === 'geo' ? ('geo' as const) : null, codes: codes.map((c) => labelled(id, c)) })),
      { id: 'time', label: 'Time', role: 'time' as const, codes: [...new Set(cells.map((c) => c[1]))].sort().map((p) => ({ code: p, label: p })) },
    ],
    flags: { b: 'break in time series', p: 'provisional' },
    observations: () => observations,
    ...extra,
  };
}

const texts = (label: string) => ({ en: { preferredLabel: label, altLabels: [], hiddenLabels: [] } });
const OCC = 'http://data.europa.eu/esco/occupation/';
const ISCO = 'http://data.europa.eu/esco/isco/C';
const occupation = (id: string, code: string, isco: string, label: string): EscoOccupation => ({
  uri: OCC + id,
  code,
  iscoGroup: isco,
  status: 'released',
  modifiedDate: null,
  regulatedProfessionNote: null,
  texts: texts(label),
});
const isco = (code: string, label: string): EscoIscoGroup => ({ uri: ISCO + code, code, status: 'released', texts: texts(label) });

const esco: ParsedEsco = {
  version: 'v1.1.1',
  languages: ['en'],
  occupations: [
    occupation('nurse-id', '2221.3', '2221', 'specialist nurse'),
    occupation('officer-id', '0110.1', '0110', 'armed forces officer'),
  ],
  iscoGroups: [
    isco('0', 'Armed forces occupations'),
    isco('2', 'Professionals'),
    isco('22', 'Health professionals'),
    isco('222', 'Nursing and midwifery professionals'),
    isco('2221', 'Nursing professionals'),
  ],
  skills: [],
  skillGroups: [],
  occupationSkills: [],
  broader: [],
  skillSkillRelations: [],
};

// lfsa_egised as published: age Y20-64 and Y_GE15, sex F/M/T, isced11 with TOTAL, unit THS_PER.
const egisedDims: [string, string[]][] = [
  ['freq', ['A']],
  ['age', ['Y20-64', 'Y_GE15']],
  ['sex', ['F', 'M', 'T']],
  ['isco08', ['TOTAL', 'OC0', 'OC2']],
  ['isced11', ['TOTAL', 'ED5-8']],
  ['unit', ['THS_PER']],
  ['geo', ['DE', 'SI']],
];
const egised = dataset('lfsa_egised', egisedDims, [
  [['A', 'Y_GE15', 'T', 'OC2', 'TOTAL', 'THS_PER', 'SI'], '2020', 190.1],
  [['A', 'Y_GE15', 'T', 'OC2', 'TOTAL', 'THS_PER', 'SI'], '2021', 195.4, 'b'],
  [['A', 'Y_GE15', 'T', 'OC2', 'TOTAL', 'THS_PER', 'SI'], '2022', null, 'bu'],
  [['A', 'Y_GE15', 'T', 'OC2', 'TOTAL', 'THS_PER', 'SI'], '2023', 210.3],
  [['A', 'Y_GE15', 'T', 'OC2', 'TOTAL', 'THS_PER', 'DE'], '2023', 9876.5],
  // decoys: a narrower age band, one sex, one education level
  [['A', 'Y20-64', 'T', 'OC2', 'TOTAL', 'THS_PER', 'SI'], '2023', 180],
  [['A', 'Y_GE15', 'F', 'OC2', 'TOTAL', 'THS_PER', 'SI'], '2023', 120],
  [['A', 'Y_GE15', 'T', 'OC2', 'ED5-8', 'THS_PER', 'SI'], '2023', 170],
  [['A', 'Y_GE15', 'T', 'TOTAL', 'TOTAL', 'THS_PER', 'SI'], '2023', 990],
]);
// lfsa_egai2d: ISCO 2-digit, for SI only.
const egai2d = dataset('lfsa_egai2d', [
  ['freq', ['A']],
  ['unit', ['THS_PER']],
  ['sex', ['T']],
  ['age', ['Y15-64', 'Y_GE15', 'Y15-74']],
  ['isco08', ['OC21', 'OC22']],
  ['geo', ['SI']],
], [
  [['A', 'THS_PER', 'T', 'Y_GE15', 'OC22', 'SI'], '2022', 30.2],
  [['A', 'THS_PER', 'T', 'Y_GE15', 'OC22', 'SI'], '2023', 31.7, 'p'],
  [['A', 'THS_PER', 'T', 'Y15-74', 'OC22', 'SI'], '2023', 31.5],
  [['A', 'THS_PER', 'T', 'Y_GE15', 'OC21', 'SI'], '2023', 50],
]);

// nama_10_a10_e: 12 units and 3 na_items in reality; two of each here.
const namaCells: Cell[] = [];
const years = ['2010', '2011', '2012', '2013', '2014', '2015', '2016'];
const nama = (nace: string, geo: string, values: (number | null)[], flags: Record<string, string> = {}) =>
  values.forEach((v, i) => namaCells.push([['THS_PER', nace, 'EMP_DC', geo], years[i]!, v, flags[years[i]!]]));
nama('TOTAL', 'DE', [41020, 41577, 42061, 42328, 42703, 43069, 43593]);
nama('A', 'DE', [660, 667, 666, 650, 647, 627, 616], { '2016': 'p' });
nama('C', 'DE', [7383, 7495, 7628, 7633, 7683, 7733, 7795.4]);
nama('M_N', 'DE', [5147, 5347, 5495, 5586, 5683, 5784, null], { '2016': 'c' });
nama('C', 'FR', [3085, 3075, 3062, 3033, 3006, 2987, 2971]);
for (const y of years) namaCells.push([['THS_PER', 'C', 'SAL_DC', 'DE'], y, 1], [['PC_TOT', 'C', 'EMP_DC', 'DE'], y, 2]);
const namaDs = dataset('nama_10_a10_e', [
  ['unit', ['THS_PER', 'PC_TOT']],
  ['nace_r2', ['TOTAL', 'A', 'C', 'M_N']],
  ['na_item', ['EMP_DC', 'SAL_DC']],
  ['geo', ['DE', 'FR']],
], namaCells, { flags: {} });

const jvs = dataset('jvs_q_nace2', [
  ['freq', ['Q']],
  ['indic_em', ['JOBVAC', 'JVR']],
  ['s_adj', ['NSA']],
  ['sizeclas', ['TOTAL']],
  ['nace_r2', ['A', 'C', 'M-N']],
  ['geo', ['DE']],
], [
  [['Q', 'JVR', 'NSA', 'TOTAL', 'C', 'DE'], '2016-Q3', 2.4],
  [['Q', 'JVR', 'NSA', 'TOTAL', 'C', 'DE'], '2016-Q4', 2.2, 'p'],
  [['Q', 'JVR', 'NSA', 'TOTAL', 'M-N', 'DE'], '2016-Q4', 3.1],
  [['Q', 'JOBVAC', 'NSA', 'TOTAL', 'C', 'DE'], '2016-Q4', 150000],
]);

const DATASET_REF = (code: string) => ({
  code,
  label: `${code} title`,
  source: 'Eurostat',
  updated: '2024-04-25T23:00:00+0200',
  loadedAt: expect.any(String),
  attribution: 'Source: Eurostat',
});
const ATTRIBUTION = 'Source: Eurostat. This service uses the ESCO classification of the European Commission.';

/** A database with ESCO and `datasets`, served read-only. */
async function serve(datasets: ParsedDataset[]): Promise<{ server: TestServer; cleanup: () => Promise<void> }> {
  const t = tempDb();
  loadEsco(t.db, esco);
  for (const d of datasets) loadDataset(t.db, d);
  t.db.close();
  const server = await serveDb(t.path);
  return { server, cleanup: async () => (await server.close(), t.cleanup()) };
}

describe('GET /api/occupations/:id/trend', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  afterEach(() => s.cleanup());

  test('uses the ISCO major group from lfsa_egised, all ages/sexes/education levels, and shows the mapping', async () => {
    s = await serve([egised]);
    const { status, body } = await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=si');
    expect(status).toBe(200);
    expect(body).toEqual({
      occupation: { id: 'nurse-id', uri: OCC + 'nurse-id', code: '2221.3', label: 'specialist nurse' },
      mapping: {
        escoCode: '2221.3',
        iscoGroup: { code: '2221', label: 'Nursing professionals' },
        iscoLevel: 'ISCO-08 major group (1 digit)',
        iscoUsed: { code: '2', label: 'Professionals' },
        dimension: 'isco08',
        datasetCode: 'OC2',
      },
      geo: { code: 'SI', label: 'Slovenia' },
      dataset: DATASET_REF('lfsa_egised'),
      selection: {
        freq: { code: 'A', label: 'A (freq)' },
        age: { code: 'Y_GE15', label: 'Y_GE15 (age)' },
        sex: { code: 'T', label: 'T (sex)' },
        isced11: { code: 'TOTAL', label: 'TOTAL (isced11)' },
        unit: { code: 'THS_PER', label: 'THS_PER (unit)' },
      },
      unit: { code: 'THS_PER', label: 'THS_PER (unit)' },
      points: [
        { period: '2020', value: 190.1, flag: null },
        { period: '2021', value: 195.4, flag: 'b' },
        { period: '2022', value: null, flag: 'bu' },
        { period: '2023', value: 210.3, flag: null },
      ],
      flags: { b: 'break in time series', bu: 'break in time series, low reliability' },
      source: 'Eurostat',
      attribution: ATTRIBUTION,
    });
  });

  test('prefers the 2-digit group from lfsa_egai2d, and falls back to the major group where it has no data', async () => {
    s = await serve([egised, egai2d]);
    const si = await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=SI');
    expect(si.status).toBe(200);
    expect(si.body.mapping).toEqual({
      escoCode: '2221.3',
      iscoGroup: { code: '2221', label: 'Nursing professionals' },
      iscoLevel: 'ISCO-08 sub-major group (2 digits)',
      iscoUsed: { code: '22', label: 'Health professionals' },
      dimension: 'isco08',
      datasetCode: 'OC22',
    });
    expect(si.body.dataset.code).toBe('lfsa_egai2d');
    expect(si.body.selection.age).toEqual({ code: 'Y_GE15', label: 'Y_GE15 (age)' });
    expect(si.body.points).toEqual([
      { period: '2022', value: 30.2, flag: null },
      { period: '2023', value: 31.7, flag: 'p' },
    ]);
    expect(si.body.flags).toEqual({ p: 'provisional' });

    const de = await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=DE');
    expect(de.status).toBe(200);
    expect(de.body.dataset.code).toBe('lfsa_egised');
    expect(de.body.mapping.datasetCode).toBe('OC2');
    expect(de.body.points).toEqual([{ period: '2023', value: 9876.5, flag: null }]);
  });

  test('404s say what to ingest, or which data is missing', async () => {
    s = await serve([]);
    expect(await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=SI')).toMatchObject({
      status: 404,
      body: {
        error:
          'no employment-by-occupation dataset is loaded: run `lmi ingest eurostat lfsa_egai2d` (ISCO 2-digit groups) or `lmi ingest eurostat lfsa_egised` (ISCO major groups)',
      },
    });
    await s.cleanup();
    s = await serve([egised]);
    expect(await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=FR')).toMatchObject({
      status: 404,
      body: { error: 'no employment data for ISCO group 2221 in FR: lfsa_egised has no data for geo FR (load it with `lmi ingest eurostat lfsa_egised --geo FR`)' },
    });
    expect(await getJson(s.server.url, '/api/occupations/officer-id/trend?geo=SI')).toMatchObject({
      status: 404,
      body: { error: 'no employment data for ISCO group 0110 in SI: lfsa_egised has no employment series for OC0 in SI' },
    });
    expect(await getJson(s.server.url, '/api/occupations/no-such-id/trend?geo=SI')).toMatchObject({
      status: 404,
      body: { error: 'occupation no-such-id (an ESCO occupation id or code such as 2221.3) not found' },
    });
    // The ESCO code finds the occupation as its id does.
    expect((await getJson(s.server.url, '/api/occupations/2221.3/trend?geo=FR')).body.error).toBe(
      'no employment data for ISCO group 2221 in FR: lfsa_egised has no data for geo FR (load it with `lmi ingest eurostat lfsa_egised --geo FR`)',
    );
  });

  test('bad input is a 400 naming the parameter', async () => {
    s = await serve([egised]);
    expect(await getJson(s.server.url, '/api/occupations/nurse-id/trend')).toMatchObject({
      status: 400,
      body: { error: 'geo: required: a Eurostat geo code such as DE, EL or EU27_2020' },
    });
    expect(await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=S%27I')).toMatchObject({
      status: 400,
      body: { error: 'geo: expected a Eurostat geo code such as DE, EL or EU27_2020' },
    });
    expect(await getJson(s.server.url, '/api/occupations/nurse-id/trend?geo=SI&geo=DE')).toMatchObject({ status: 400, body: { error: 'geo: give it once' } });
  });
});

describe('GET /api/sectors and /api/sectors/:nace', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  afterEach(() => s.cleanup());

  test('lists A*10 groups with latest employment, 5-year change and vacancy rate', async () => {
    s = await serve([namaDs, jvs]);
    const { status, body } = await getJson(s.server.url, '/api/sectors?geo=DE');
    expect(status).toBe(200);
    expect(body).toEqual({
      geo: { code: 'DE', label: 'Germany' },
      classification: 'NACE Rev. 2 A*10 industry groups',
      dataset: DATASET_REF('nama_10_a10_e'),
      selection: { unit: { code: 'THS_PER', label: 'THS_PER (unit)' }, na_item: { code: 'EMP_DC', label: 'EMP_DC (na_item)' } },
      unit: { code: 'THS_PER', label: 'THS_PER (unit)' },
      total: {
        code: 'TOTAL',
        label: 'TOTAL (nace_r2)',
        latest: { period: '2016', value: 43593, flag: null },
        change5y: { from: { period: '2011', value: 41577, flag: null }, absolute: 2016, percent: 4.8 },
        vacancyRate: null,
      },
      sectors: [
        {
          code: 'A',
          label: 'A (nace_r2)',
          latest: { period: '2016', value: 616, flag: 'p' },
          change5y: { from: { period: '2011', value: 667, flag: null }, absolute: -51, percent: -7.6 },
          vacancyRate: null,
        },
        {
          code: 'C',
          label: 'C (nace_r2)',
          latest: { period: '2016', value: 7795.4, flag: null },
          change5y: { from: { period: '2011', value: 7495, flag: null }, absolute: 300.4, percent: 4 },
          vacancyRate: { period: '2016-Q4', value: 2.2, flag: 'p' },
        },
        {
          code: 'M_N',
          label: 'M_N (nace_r2)',
          // 2016 is confidential: the latest value is 2015, compared with 2010
          latest: { period: '2015', value: 5784, flag: null },
          change5y: { from: { period: '2010', value: 5147, flag: null }, absolute: 637, percent: 12.4 },
          vacancyRate: { period: '2016-Q4', value: 3.1, flag: null },
        },
      ],
      vacancies: {
        dataset: DATASET_REF('jvs_q_nace2'),
        selection: {
          freq: { code: 'Q', label: 'Q (freq)' },
          indic_em: { code: 'JVR', label: 'JVR (indic_em)' },
          s_adj: { code: 'NSA', label: 'NSA (s_adj)' },
          sizeclas: { code: 'TOTAL', label: 'TOTAL (sizeclas)' },
        },
      },
      flags: { p: 'provisional' },
      source: 'Eurostat',
      attribution: 'Source: Eurostat',
    });
  });

  test('prefers NACE sections from lfsa_egan2 (all ages 15+, both sexes) over nama_10_a10_e', async () => {
    const egan2 = dataset('lfsa_egan2', [
      ['freq', ['A']],
      ['unit', ['THS_PER']],
      ['sex', ['F', 'M', 'T']],
      ['age', ['Y15-64', 'Y_GE15', 'Y15-74']],
      ['nace_r2', ['TOTAL', 'A', 'B', 'C', 'NRP']],
      ['geo', ['DE']],
    ], [
      [['A', 'THS_PER', 'T', 'Y_GE15', 'C', 'DE'], '2018', 8001.5],
      [['A', 'THS_PER', 'T', 'Y_GE15', 'C', 'DE'], '2023', 7900.2, 'b'],
      [['A', 'THS_PER', 'T', 'Y15-74', 'C', 'DE'], '2023', 7800],
      [['A', 'THS_PER', 'F', 'Y_GE15', 'C', 'DE'], '2023', 2300],
      [['A', 'THS_PER', 'T', 'Y_GE15', 'NRP', 'DE'], '2023', 12],
    ]);
    s = await serve([namaDs, egan2]);
    const { status, body } = await getJson(s.server.url, '/api/sectors?geo=DE');
    expect(status).toBe(200);
    expect(body.classification).toBe('NACE Rev. 2 sections');
    expect(body.dataset.code).toBe('lfsa_egan2');
    expect(body.selection).toEqual({
      freq: { code: 'A', label: 'A (freq)' },
      unit: { code: 'THS_PER', label: 'THS_PER (unit)' },
      sex: { code: 'T', label: 'T (sex)' },
      age: { code: 'Y_GE15', label: 'Y_GE15 (age)' },
    });
    // NRP ('no response') is not a sector; TOTAL is the total
    expect(body.sectors.map((x: { code: string }) => x.code)).toEqual(['A', 'B', 'C']);
    expect(body.sectors[2]).toEqual({
      code: 'C',
      label: 'C (nace_r2)',
      latest: { period: '2023', value: 7900.2, flag: 'b' },
      change5y: { from: { period: '2018', value: 8001.5, flag: null }, absolute: -101.3, percent: -1.3 },
      vacancyRate: null,
    });
    expect(body.total).toEqual({ code: 'TOTAL', label: 'TOTAL (nace_r2)', latest: null, change5y: null, vacancyRate: null });
    expect(body.flags).toEqual({ b: 'break in time series' });
  });

  test('the series of one sector, with its vacancy rate', async () => {
    s = await serve([namaDs, jvs]);
    const { status, body } = await getJson(s.server.url, '/api/sectors/m_n?geo=DE');
    expect(status).toBe(200);
    expect(body.sector).toEqual({ code: 'M_N', label: 'M_N (nace_r2)' });
    expect(body.points).toEqual([
      { period: '2010', value: 5147, flag: null },
      { period: '2011', value: 5347, flag: null },
      { period: '2012', value: 5495, flag: null },
      { period: '2013', value: 5586, flag: null },
      { period: '2014', value: 5683, flag: null },
      { period: '2015', value: 5784, flag: null },
      { period: '2016', value: null, flag: 'c' },
    ]);
    expect(body.vacancyRate).toEqual({
      dataset: DATASET_REF('jvs_q_nace2'),
      selection: body.vacancyRate.selection,
      points: [{ period: '2016-Q4', value: 3.1, flag: null }],
    });
    expect(body.flags).toEqual({ c: 'confidential' });
    expect(body.dataset.code).toBe('nama_10_a10_e');
  });

  test('labels codes with Eurostat NACE wording when the dataset has codes only', async () => {
    const unlabelled = { ...namaDs, dimensions: namaDs.dimensions.map((d) => ({ ...d, codes: d.codes.map((c) => ({ code: c.code, label: c.code })) })) };
    s = await serve([unlabelled]);
    const { body } = await getJson(s.server.url, '/api/sectors?geo=FR');
    expect(body.sectors.map((x: { code: string; label: string }) => [x.code, x.label])).toEqual([
      ['A', 'Agriculture, forestry and fishing'],
      ['C', 'Manufacturing'],
      ['M_N', 'Professional, scientific and technical activities; administrative and support service activities'],
    ]);
    expect(body.sectors[1].latest).toEqual({ period: '2016', value: 2971, flag: null });
    expect(body.sectors[0].latest).toBeNull();
    expect(body.vacancies).toBeNull();
  });

  test('404 when nothing is loaded, for an unknown country or sector; 400 for bad codes', async () => {
    s = await serve([]);
    expect(await getJson(s.server.url, '/api/sectors?geo=DE')).toMatchObject({
      status: 404,
      body: {
        error:
          'no employment-by-sector dataset is loaded: run `lmi ingest eurostat lfsa_egan2` (NACE sections) or `lmi ingest eurostat nama_10_a10_e` (A*10 groups)',
      },
    });
    await s.cleanup();
    s = await serve([namaDs]);
    expect(await getJson(s.server.url, '/api/sectors?geo=SI')).toMatchObject({
      status: 404,
      body: { error: 'no sector data for SI: nama_10_a10_e has no data for geo SI (load it with `lmi ingest eurostat nama_10_a10_e --geo SI`)' },
    });
    expect(await getJson(s.server.url, '/api/sectors/Q?geo=DE')).toMatchObject({
      status: 404,
      body: { error: 'sector Q not found in nama_10_a10_e (codes: TOTAL, A, C, M_N)' },
    });
    expect(await getJson(s.server.url, '/api/sectors/A?geo=FR')).toMatchObject({
      status: 404,
      body: { error: 'no employment data for sector A in FR in nama_10_a10_e' },
    });
    expect(await getJson(s.server.url, '/api/sectors/C%3B?geo=DE')).toMatchObject({
      status: 400,
      body: { error: 'nace: expected a NACE code such as C, B-E or M_N' },
    });
    expect(await getJson(s.server.url, '/api/sectors')).toMatchObject({
      status: 400,
      body: { error: 'geo: required: a Eurostat geo code such as DE, EL or EU27_2020' },
    });
  });
});

describe('GET /api/compare', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  // The same data under a code the views have no defaults for.
  // And under a national office's name, as a PX-Web load records it.
  const national = { ...namaDs, code: 'ssb_nama', title: 'ssb_nama title', source: 'pxweb', attribution: 'Source: Statistics Norway (SSB)' };
  beforeAll(async () => (s = await serve([namaDs, { ...namaDs, code: 'test_nama', title: 'test_nama title' }, national])));
  afterAll(() => s.cleanup());

  test('a national dataset is credited to its office, named as /api/series names it', async () => {
    const compare = await getJson(s.server.url, '/api/compare?dataset=ssb_nama&geo=DE&nace_r2=C&unit=THS_PER&na_item=EMP_DC&since=2016');
    expect(compare.status).toBe(200);
    expect(compare.body).toMatchObject({
      dataset: { ...DATASET_REF('ssb_nama'), source: 'Statistics Norway (SSB)', attribution: 'Source: Statistics Norway (SSB)' },
      series: [{ geo: { code: 'DE', label: 'Germany' }, key: 'THS_PER.C.EMP_DC.DE', points: [{ period: '2016', value: 7795.4, flag: null }] }],
      source: 'Statistics Norway (SSB)',
      attribution: 'Source: Statistics Norway (SSB)',
    });
    const series = await getJson(s.server.url, '/api/series?dataset=ssb_nama&geo=DE&nace_r2=C&unit=THS_PER&na_item=EMP_DC&since=2016');
    expect(series.body).toMatchObject({ source: 'Statistics Norway (SSB)', attribution: 'Source: Statistics Norway (SSB)' });
  });

  test('the same series for several countries, in the order asked', async () => {
    const { status, body } = await getJson(s.server.url, '/api/compare?dataset=nama_10_a10_e&geo=FR,DE&nace_r2=C&unit=THS_PER&na_item=EMP_DC&since=2015');
    expect(status).toBe(200);
    expect(body).toEqual({
      dataset: DATASET_REF('nama_10_a10_e'),
      selection: {
        unit: { code: 'THS_PER', label: 'THS_PER (unit)' },
        nace_r2: { code: 'C', label: 'C (nace_r2)' },
        na_item: { code: 'EMP_DC', label: 'EMP_DC (na_item)' },
      },
      series: [
        {
          geo: { code: 'FR', label: 'France' },
          key: 'THS_PER.C.EMP_DC.FR',
          points: [
            { period: '2015', value: 2987, flag: null },
            { period: '2016', value: 2971, flag: null },
          ],
        },
        {
          geo: { code: 'DE', label: 'Germany' },
          key: 'THS_PER.C.EMP_DC.DE',
          points: [
            { period: '2015', value: 7733, flag: null },
            { period: '2016', value: 7795.4, flag: null },
          ],
        },
      ],
      flags: {},
      source: 'Eurostat',
      attribution: 'Source: Eurostat',
    });
  });

  test('a country without that series gets no points; totals are chosen when not given', async () => {
    const { status, body } = await getJson(s.server.url, '/api/compare?dataset=nama_10_a10_e&geo=DE,FR&unit=THS_PER&na_item=EMP_DC&until=2010');
    expect(status).toBe(200);
    expect(body.selection.nace_r2).toEqual({ code: 'TOTAL', label: 'TOTAL (nace_r2)' });
    expect(body.series).toEqual([
      { geo: { code: 'DE', label: 'Germany' }, key: 'THS_PER.TOTAL.EMP_DC.DE', points: [{ period: '2010', value: 41020, flag: null }] },
      { geo: { code: 'FR', label: 'France' }, key: null, points: [] },
    ]);
  });

  test('for the datasets advisers keep, the views default the dimensions without a total (shown in selection)', async () => {
    const { status, body } = await getJson(s.server.url, '/api/compare?dataset=nama_10_a10_e&geo=DE&nace_r2=A&since=2016');
    expect(status).toBe(200);
    // A monthly since within the last year asked keeps that year.
    expect((await getJson(s.server.url, '/api/compare?dataset=nama_10_a10_e&geo=DE&nace_r2=A&since=2016-03&until=2016')).body).toEqual(body);
    expect(body.selection).toEqual({
      unit: { code: 'THS_PER', label: 'THS_PER (unit)' },
      nace_r2: { code: 'A', label: 'A (nace_r2)' },
      na_item: { code: 'EMP_DC', label: 'EMP_DC (na_item)' },
    });
    expect(body.series).toEqual([{ geo: { code: 'DE', label: 'Germany' }, key: 'THS_PER.A.EMP_DC.DE', points: [{ period: '2016', value: 616, flag: 'p' }] }]);
    expect(body.flags).toEqual({ p: 'provisional' });
  });

  test.each([
    ['', 400, 'dataset: required: a dataset code such as nama_10_a10_e'],
    ['?dataset=nama_10_a10_e', 400, 'geo: required: one or more comma-separated geo codes, each a Eurostat geo code such as DE, EL or EU27_2020'],
    ['?dataset=lfsa_nope&geo=DE', 404, 'dataset lfsa_nope not found: load it with `lmi ingest eurostat lfsa_nope`'],
    ['?dataset=nama_10_a10_e&geo=DE,XX', 400, 'unknown geo XX for dataset nama_10_a10_e (codes: DE, FR)'],
    ['?dataset=nama_10_a10_e&geo=DE&sex=T', 400, 'unknown dimension sex for dataset nama_10_a10_e (dimensions: unit, nace_r2, na_item)'],
    ['?dataset=nama_10_a10_e&geo=DE&unit=THS_PER&nace_r2=Z', 400, 'unknown code Z for dimension nace_r2 of dataset nama_10_a10_e (codes: TOTAL, A, C, M_N)'],
    ['?dataset=nama_10_a10_e&geo=DE&since=2016&until=2010', 400, 'since (2016) is after until (2010)'],
    ['?dataset=nama_10_a10_e&geo=DE&unit=THS_PER&unit=PC_TOT', 400, 'unit: give it once, with one code'],
    ['?dataset=nama_10_a10_e&geo=DE&unit=THS_PER&nace_r2=A,C', 400, 'nace_r2: give one code, the series compared must be the same for every country'],
    ['?dataset=test_nama&geo=DE&unit=THS_PER', 400, 'choose a code for na_item (e.g. na_item=EMP_DC; codes: EMP_DC, SAL_DC)'],
    ['?dataset=test_nama&geo=DE', 400, 'choose a code for unit, na_item (e.g. unit=THS_PER; codes: THS_PER, PC_TOT)'],
    ['?dataset=nama_10_a10_e&geo=DE&unit=THS_PER&na_item=EMP_DC&time=2016', 400, 'time is the time dimension: use since= and until='],
    ['?dataset=nama_10_a10_e&geo=DE&since=20x', 400, 'since: expected a period such as 2015, 2015-Q1 or 2015-01'],
    ['?dataset=nama_10_a10_e&geo=DE&geo=FR', 400, 'geo: give it once'],
    [`?dataset=nama_10_a10_e&geo=${Array.from({ length: 41 }, (_, i) => `C${i}`).join(',')}`, 400, 'geo: at most 40 countries'],
  ])('GET /api/compare%s -> %i', async (query, status, error) => {
    expect(await getJson(s.server.url, `/api/compare${query}`)).toMatchObject({ status, body: { error } });
  });
});

describe('OpenAPI description of the linked views', () => {
  test('lists the four linked routes with their response schemas', async () => {
    const s = await serve([]);
    try {
      const { body } = await getJson(s.server.url, '/api/openapi.json');
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/occupations/{id}/trend', '/api/sectors', '/api/sectors/{nace}', '/api/compare']));
      expect(body.paths['/api/sectors'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SectorList' });
      expect(Object.keys(body.components.schemas.SectorList.properties)).toEqual(
        ['geo', 'classification', 'dataset', 'selection', 'unit', 'total', 'sectors', 'vacancies', 'flags', 'source', 'attribution'],
      );
    } finally {
      await s.cleanup();
    }
  });
});
