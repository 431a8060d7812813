/** /api/datasets and /api/series over real Eurostat files loaded by the real parsers and store. */
import { readFileSync } from 'node:fs';
import JSONstat from 'jsonstat-toolkit';
import { parseJsonStat } from '../../ingest/eurostat/parse-jsonstat.js';
import { parseEurostatTsv } from '../../ingest/eurostat/parse-tsv.js';
import { loadDataset } from '../../data/series-write.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

const read = (path: string) => readFileSync(fixture('eurostat', path));
const DE = ['A', 'Y15-74', 'PC_ACT', 'T', 'DE'];

describeWithFixtures('series API on real Eurostat data', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;

  beforeAll(async () => {
    t = tempDb();
    loadDataset(t.db, parseJsonStat(read('json-stat/unemployment_une_rt_a.json'), { sourceUrl: 'https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/une_rt_a?format=JSON&lang=EN' }));
    loadDataset(t.db, parseJsonStat(read('json-stat/sts-inpr-m-ie-confidential.json')));
    loadDataset(t.db, parseEurostatTsv(read('tsv-bulk-legacy/tgs00010.tsv'), { code: 'tgs00010' }));
    loadDataset(t.db, parseEurostatTsv(read('tsv-bulk-legacy/nama_10_a10_e.tsv'), { code: 'nama_10_a10_e' }));
    server = await serveDb(t.path);
  });
  afterAll(async () => {
    await server.close();
    t.cleanup();
  });

  test('GET /api/datasets lists each dataset with source, updated and counts', async () => {
    const { status, body } = await getJson(server.url, '/api/datasets');
    expect(status).toBe(200);
    expect(body.datasets.map((d: { code: string; source: string; updated: string | null; series: number; observations: number }) => [d.code, d.source, d.updated, d.series, d.observations])).toEqual([
      ['nama_10_a10_e', 'Eurostat', null, 10933, 248778],
      ['sts_inpr_m', 'Eurostat', '2026-08-01T11:00:00+0200', 1, 6],
      ['tgs00010', 'Eurostat', null, 1014, 11619],
      ['une_rt_a', 'Eurostat', '2026-04-29T23:00:00+0200', 38, 221],
    ]);
    expect(body.datasets[3].attribution).toBe('Source: Eurostat');
  });

  test('GET /api/datasets/:code gives dimensions, codes with labels, flags', async () => {
    const { status, body } = await getJson(server.url, '/api/datasets/une_rt_a');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code: 'une_rt_a',
      label: 'Unemployment by sex and age - annual data',
      source: 'Eurostat',
      updated: '2026-04-29T23:00:00+0200',
      timeDimension: 'time',
      periods: { first: '2020', last: '2025' },
      flags: { b: 'break in time series', d: 'definition differs (see metadata)' },
    });
    expect(body.dimensions.map((d: { id: string }) => d.id)).toEqual(['freq', 'age', 'unit', 'sex', 'geo', 'time']);
    expect(body.dimensions[4].codes[7]).toEqual({ code: 'DE', label: 'Germany' });
    expect(await getJson(server.url, '/api/datasets/nope')).toMatchObject({
      status: 404,
      body: { error: "dataset 'nope' not found: it is not loaded (see /api/datasets, or load it with `lmi ingest eurostat nope`)" },
    });
  });

  test('GET /api/series: the whole answer for Germany equals the file', async () => {
    const { status, body, headers } = await getJson(server.url, '/api/series?dataset=une_rt_a&geo=DE');
    expect(status).toBe(200);
    expect(headers.get('x-data-source')).toBe('Eurostat');
    expect(body).toEqual({
      dataset: 'une_rt_a',
      label: 'Unemployment by sex and age - annual data',
      source: 'Eurostat',
      attribution: 'Source: Eurostat',
      updated: '2026-04-29T23:00:00+0200',
      series: [
        {
          key: DE.join('.'),
          dims: {
            freq: { code: 'A', label: 'Annual' },
            age: { code: 'Y15-74', label: 'From 15 to 74 years' },
            unit: { code: 'PC_ACT', label: 'Percentage of population in the labour force' },
            sex: { code: 'T', label: 'Total' },
            geo: { code: 'DE', label: 'Germany' },
          },
          points: [
            { period: '2020', value: 3.6, flag: 'b' },
            { period: '2021', value: 3.6, flag: null },
            { period: '2022', value: 3.1, flag: null },
            { period: '2023', value: 3.1, flag: null },
            { period: '2024', value: 3.4, flag: null },
            { period: '2025', value: 3.8, flag: null },
          ],
        },
      ],
      flags: { b: 'break in time series' },
    });
  });

  test('filters: several codes, repeated parameters, since/until', async () => {
    const a = await getJson(server.url, '/api/series?dataset=une_rt_a&geo=DE,FR&since=2024&until=2024');
    const b = await getJson(server.url, '/api/series?dataset=une_rt_a&geo=FR&geo=DE&since=2024&until=2024');
    expect(a.body).toEqual(b.body);
    // Periods in any spelling the ingesters read are compared in the store's ('2024M01' is '2024-01').
    const spelled = await getJson(server.url, '/api/series?dataset=une_rt_a&geo=DE,FR&since=2024M01&until=2024');
    expect([spelled.status, spelled.body]).toEqual([200, a.body]);
    expect(a.body.series.map((s: { dims: { geo: { code: string } }; points: unknown[] }) => [s.dims.geo.code, s.points])).toEqual([
      ['DE', [{ period: '2024', value: 3.4, flag: null }]],
      ['FR', [{ period: '2024', value: 7.4, flag: 'd' }]], // cell 76: 7.4, status "d"
    ]);
    const legacy = await getJson(server.url, '/api/series?dataset=tgs00010&geo=AT11&sex=F&since=2008&until=2009');
    expect(legacy.body.series[0].points).toEqual([
      { period: '2008', value: null, flag: 'u' },
      { period: '2009', value: 5.5, flag: 'u' },
    ]);
    expect(legacy.body.flags).toEqual({ u: 'low reliability' });
  });

  test('a legacy file with descending period columns answers in period order; too many series is a 400', async () => {
    const { body } = await getJson(server.url, '/api/series?dataset=nama_10_a10_e&unit=THS_PER&nace_r2=TOTAL&na_item=EMP_DC&geo=DE&since=2013');
    // the file's row reads 2016: 43475.00, 2015: 43057.00, 2014: 42662.00, 2013: 42328.00
    expect(body.series[0].points).toEqual([
      { period: '2013', value: 42328, flag: null },
      { period: '2014', value: 42662, flag: null },
      { period: '2015', value: 43057, flag: null },
      { period: '2016', value: 43475, flag: null },
    ]);
    const all = await getJson(server.url, '/api/series?dataset=nama_10_a10_e');
    expect([all.status, all.body.error]).toEqual([400, 'the selection matches 10933 series of nama_10_a10_e, more than 2000: narrow it with dimension filters, e.g. geo=DE']);
    const de = await getJson(server.url, '/api/series?dataset=nama_10_a10_e&geo=DE');
    expect(de.body.series).toHaveLength(288); // the file's rows ending in ',DE'
  });

  test('confidential cells come back as null with their flag', async () => {
    const { body } = await getJson(server.url, '/api/series?dataset=sts_inpr_m');
    expect(body.series[0].points[0]).toEqual({ period: '2023-01', value: null, flag: '|C' });
    expect(body.series[0].points).toHaveLength(6);
    expect(body.flags).toEqual({ '|C': '|confidential' });
    // As JSON-stat, jsonstat-toolkit reads every cell back: no value, the confidential flag.
    const ds = JSONstat((await getJson(server.url, '/api/series?dataset=sts_inpr_m&format=jsonstat')).body);
    expect(Array.from({ length: ds.n }, (_, i) => ds.Data(i))).toEqual(Array(6).fill({ value: null, status: '|C' }));
  });

  test('?format=csv: one row per observation with a flag column', async () => {
    const res = await fetch(`${server.url}/api/series?dataset=une_rt_a&geo=DE&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('x-dataset-updated')).toBe('2026-04-29T23:00:00+0200');
    expect(await res.text()).toBe(
      [
        'dataset,freq,age,unit,sex,geo,period,value,flag',
        'une_rt_a,A,Y15-74,PC_ACT,T,DE,2020,3.6,b',
        'une_rt_a,A,Y15-74,PC_ACT,T,DE,2021,3.6,',
        'une_rt_a,A,Y15-74,PC_ACT,T,DE,2022,3.1,',
        'une_rt_a,A,Y15-74,PC_ACT,T,DE,2023,3.1,',
        'une_rt_a,A,Y15-74,PC_ACT,T,DE,2024,3.4,',
        'une_rt_a,A,Y15-74,PC_ACT,T,DE,2025,3.8,',
        '',
      ].join('\r\n'),
    );
  });

  test('?format=jsonstat is JSON-stat 2.0 that jsonstat-toolkit reads back to the same values and flags', async () => {
    const json = await getJson(server.url, '/api/series?dataset=une_rt_a&geo=DE,FR,EL&format=jsonstat');
    const direct = await getJson(server.url, '/api/series?dataset=une_rt_a&geo=DE,FR,EL');
    const ds = JSONstat(json.body);
    expect(ds.class).toBe('dataset');
    expect(ds.id).toEqual(['freq', 'age', 'unit', 'sex', 'geo', 'time']);
    expect(ds.size).toEqual([1, 1, 1, 1, 3, 6]);
    expect(ds.source).toBe('Eurostat');
    expect(ds.updated).toBe('2026-04-29T23:00:00+0200');
    expect(ds.extension.status.label).toEqual(direct.body.flags);
    let cells = 0;
    for (const s of direct.body.series as { dims: Record<string, { code: string }>; points: { period: string; value: number | null; flag: string | null }[] }[]) {
      for (const p of s.points) {
        const cell = ds.Data({ freq: 'A', age: 'Y15-74', unit: 'PC_ACT', sex: 'T', geo: s.dims.geo!.code, time: p.period });
        expect([s.dims.geo!.code, p.period, cell.value, cell.status]).toEqual([s.dims.geo!.code, p.period, p.value, p.flag]);
        cells++;
      }
    }
    expect(cells).toBe(18);
    expect(ds.Dimension('geo').Category('EL').label).toBe('Greece');
  });

  test('the OpenAPI description covers the series routes', async () => {
    const { body } = await getJson(server.url, '/api/openapi.json');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/datasets', '/api/datasets/{code}', '/api/series']));
    expect(body.components.schemas.SeriesAnswer.required).toEqual(['dataset', 'label', 'source', 'attribution', 'updated', 'series', 'flags']);
  });

  test('bad input: 404 for an unknown dataset, 400 naming the dimension, code or parameter', async () => {
    const cases: [string, number, string][] = [
      ['/api/series?dataset=nope', 404, "dataset 'nope' not found"],
      ['/api/series', 400, 'dataset: give a dataset code'],
      ['/api/series?dataset=une_rt_a&country=DE', 400, "unknown dimension 'country' for dataset une_rt_a: its dimensions are freq, age, unit, sex, geo"],
      ['/api/series?dataset=une_rt_a&geo=DE,XX', 400, "unknown code 'XX' for dimension 'geo' of une_rt_a"],
      ['/api/series?dataset=une_rt_a&time=2020', 400, 'time: select periods with since= and until='],
      ['/api/series?dataset=une_rt_a&since=last', 400, 'since: give a period such as 2015'],
      ['/api/series?dataset=une_rt_a&since=2024&until=2020', 400, 'since (2024) is after until (2020)'],
      ['/api/series?dataset=une_rt_a&format=xml', 400, 'format: one of json, csv, jsonstat'],
      ['/api/series?dataset=une_rt_a&dataset=une_rt_m', 400, 'dataset: give it once'],
      ['/api/series?dataset=une_rt_a&geo=', 400, 'geo: give at least one code'],
    ];
    for (const [path, status, message] of cases) {
      const res = await getJson(server.url, path);
      expect([path, res.status, res.body.error]).toEqual([path, status, expect.stringContaining(message)]);
    }
  });
});
