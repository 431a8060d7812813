import { IngestError } from '../../data/errors.js';
import type { Observation, ParsedDataset } from '../../data/series-model.js';
import { countSeries, querySeries } from '../../data/series-query.js';
import { getDataset, listDatasets } from '../../data/series.js';
import { loadDataset } from '../../data/series-write.js';
import { tempDb } from '../helpers.js';

function dataset(observations: Observation[], overrides: Partial<ParsedDataset> = {}): ParsedDataset {
  return {
    code: 'test_ds',
    source: 'eurostat',
    title: 'Test dataset',
    sourceUrl: 'https://example.invalid/test_ds',
    updated: '2026-04-29T23:00:00+0200',
    timeDim: 'time',
    dimensions: [
      { id: 'sex', label: 'Sex', codes: [{ code: 'T', label: 'Total' }, { code: 'F', label: 'Females' }] },
      { id: 'geo', label: 'Geopolitical entity', role: 'geo', codes: [{ code: 'DE', label: 'Germany' }, { code: 'SI', label: 'Slovenia' }] },
      { id: 'time', label: 'Time', role: 'time', codes: [{ code: '2022', label: '2022' }, { code: '2023', label: '2023' }] },
    ],
    flags: { b: 'break in time series' },
    observations: () => observations,
    ...overrides,
  };
}

const cells: Observation[] = [
  { codes: ['T', 'DE'], period: '2022', value: 3.1, flag: null },
  { codes: ['T', 'DE'], period: '2023', value: 3.0, flag: 'b' },
  { codes: ['T', 'SI'], period: '2022', value: 4.0, flag: null },
  { codes: ['F', 'SI'], period: '2023', value: null, flag: 'c' },
];

describe('series store', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => (t = tempDb()));
  afterEach(() => t.cleanup());

  test('loads a dataset and reads it back with labels, flags and period filters', () => {
    const summary = loadDataset(t.db, dataset(cells));
    expect(summary.counts).toEqual({ datasets: 1, dimensions: 3, codes: 6, series: 3, observations: 4, flags: 2 });
    expect(summary.upstreamVersion).toBe('2026-04-29T23:00:00+0200');
    const src = t.db.prepare(`SELECT name, kind, upstream_version, attribution FROM sources`).all();
    expect(src).toEqual([{ name: 'eurostat:test_ds', kind: 'eurostat', upstream_version: '2026-04-29T23:00:00+0200', attribution: 'Source: Eurostat' }]);

    const info = getDataset(t.db, 'test_ds')!;
    expect(info.flags).toEqual({ b: 'break in time series', c: 'c' });
    expect(info.periods).toEqual({ first: '2022', last: '2023' });
    expect(info.dimensions.map((d) => [d.id, d.role, d.codes.length])).toEqual([
      ['sex', null, 2],
      ['geo', 'geo', 2],
      ['time', 'time', 2],
    ]);
    expect(listDatasets(t.db).map((d) => [d.code, d.series, d.observations])).toEqual([['test_ds', 3, 4]]);

    const de = querySeries(t.db, { dataset: 'test_ds', filters: { geo: ['DE'] } });
    expect(de).toEqual([
      {
        id: expect.any(Number),
        key: 'T.DE',
        dims: { sex: { code: 'T', label: 'Total' }, geo: { code: 'DE', label: 'Germany' } },
        points: [
          { period: '2022', value: 3.1, flag: null },
          { period: '2023', value: 3.0, flag: 'b' },
        ],
      },
    ]);
    const si2023 = querySeries(t.db, { dataset: 'test_ds', filters: { geo: ['SI'] }, since: '2023', until: '2023' });
    expect(si2023.map((s) => [s.key, s.points])).toEqual([
      ['T.SI', []],
      ['F.SI', [{ period: '2023', value: null, flag: 'c' }]],
    ]);
    // A monthly since on yearly periods keeps the year that contains it (as until does).
    const de2023 = querySeries(t.db, { dataset: 'test_ds', filters: { geo: ['DE'] }, since: '2023-06' });
    expect(de2023.map((s) => s.points)).toEqual([[{ period: '2023', value: 3.0, flag: 'b' }]]);
    expect(countSeries(t.db, { dataset: 'test_ds', filters: { sex: ['T', 'F'], geo: ['SI'] } })).toBe(2);
  });

  test('selections read by key and by the code index agree, and never reach another dataset', () => {
    loadDataset(t.db, dataset(cells));
    loadDataset(t.db, dataset(cells.slice(0, 2), { code: 'other_ds' }));
    // Both paths of querySeries: few combinations are looked up by key; 'nace' with 6,000 codes
    // makes every unfiltered selection of wide_ds too many keys, so the (dim, code) index is searched.
    const nace = Array.from({ length: 6000 }, (_, i) => ({ code: `N${i}`, label: `Sector ${i}` }));
    loadDataset(
      t.db,
      dataset(
        [
          { codes: ['N1', 'DE'], period: '2022', value: 1.5, flag: null },
          { codes: ['N5999', 'DE'], period: '2023', value: 2.5, flag: 'b' },
          { codes: ['N5999', 'SI'], period: '2023', value: 7, flag: null },
        ],
        { code: 'wide_ds', dimensions: [{ id: 'nace', label: 'NACE', codes: nace }, ...dataset([]).dimensions.slice(1)] },
      ),
    );
    const read = (q: Parameters<typeof querySeries>[1]) => querySeries(t.db, q).map((s) => [s.key, s.dims, s.points]);
    expect(read({ dataset: 'test_ds', filters: { sex: ['T'], geo: ['DE'] } })).toEqual([
      [
        'T.DE',
        { sex: { code: 'T', label: 'Total' }, geo: { code: 'DE', label: 'Germany' } },
        [
          { period: '2022', value: 3.1, flag: null },
          { period: '2023', value: 3.0, flag: 'b' },
        ],
      ],
    ]);
    expect(read({ dataset: 'other_ds', filters: { geo: ['SI', 'DE'] } }).map(([key]) => key)).toEqual(['T.DE']);
    expect(read({ dataset: 'test_ds', filters: { geo: ['XX'] } })).toEqual([]);
    expect(read({ dataset: 'test_ds', filters: { unknown: ['T'] } })).toEqual([]);
    const wideDe = [
      ['N1.DE', { nace: { code: 'N1', label: 'Sector 1' }, geo: { code: 'DE', label: 'Germany' } }, [{ period: '2022', value: 1.5, flag: null }]],
      ['N5999.DE', { nace: { code: 'N5999', label: 'Sector 5999' }, geo: { code: 'DE', label: 'Germany' } }, [{ period: '2023', value: 2.5, flag: 'b' }]],
    ];
    expect(read({ dataset: 'wide_ds', filters: { geo: ['DE'] } })).toEqual(wideDe); // by index
    expect(read({ dataset: 'wide_ds', filters: { geo: ['DE'], nace: ['N1', 'N5999', 'N7'] } })).toEqual(wideDe); // by key
    expect(read({ dataset: 'wide_ds', since: '2023' }).map(([key, , points]) => [key, points])).toEqual([
      ['N1.DE', []],
      ['N5999.DE', [{ period: '2023', value: 2.5, flag: 'b' }]],
      ['N5999.SI', [{ period: '2023', value: 7, flag: null }]],
    ]);
  });

  test('a reload replaces the previous version; a failing reload keeps it', () => {
    loadDataset(t.db, dataset(cells));
    loadDataset(t.db, dataset([cells[0]!], { updated: '2026-05-01T00:00:00+0200' }));
    expect(t.db.prepare(`SELECT count(*) AS n FROM observations`).get()).toEqual({ n: 1 });
    expect(getDataset(t.db, 'test_ds')!.updated).toBe('2026-05-01T00:00:00+0200');

    function* failing(): Generator<Observation> {
      yield cells[0]!;
      throw new IngestError('truncated', 'cut off mid-way');
    }
    expect(() => loadDataset(t.db, dataset([], { observations: failing }))).toThrow('cut off mid-way');
    expect(() => loadDataset(t.db, dataset([]))).toThrow(expect.objectContaining({ kind: 'empty' }));
    expect(() => loadDataset(t.db, dataset([{ codes: ['T', 'XX'], period: '2022', value: 1, flag: null }]))).toThrow(
      "code 'XX' is not listed in dimension 'geo'",
    );
    expect(t.db.prepare(`SELECT count(*) AS n FROM observations`).get()).toEqual({ n: 1 });
    expect(getDataset(t.db, 'test_ds')!.updated).toBe('2026-05-01T00:00:00+0200');
  });

  test('the load runs with a 2 MB page cache and gives the connection its own back, also when it fails', () => {
    t.db.pragma('cache_size = -12345');
    const seen: number[] = [];
    function* watched(): Generator<Observation> {
      seen.push(t.db.pragma('cache_size', { simple: true }) as number);
      yield cells[0]!;
    }
    loadDataset(t.db, dataset([], { observations: watched }));
    expect(seen).toEqual([-2000]);
    expect(t.db.pragma('cache_size', { simple: true })).toBe(-12345);
    function* failing(): Generator<Observation> {
      throw new IngestError('truncated', 'cut off mid-way');
    }
    expect(() => loadDataset(t.db, dataset([], { observations: failing }))).toThrow('cut off mid-way');
    expect(t.db.pragma('cache_size', { simple: true })).toBe(-12345);
  });
});
