import { labelFor } from '../../server/linked/labels.js';
import { changeOver, latestWithValue, yearsBefore } from '../../server/linked/periods.js';
import { ageRange, broadestAge, defaultCode, resolveSelection, selectForGeo } from '../../server/linked/selection.js';
import { flagsUsed, type DatasetMeta, type DimensionInfo } from '../../server/linked/series-access.js';

function dim(id: string, codes: string[]): DimensionInfo {
  return { id, label: id, role: id === 'time' ? 'time' : null, codes, labels: new Map(codes.map((c) => [c, `${c} label`])) };
}

describe('linked views: choosing totals', () => {
  test('age codes are read as ranges', () => {
    expect(ageRange('Y_GE15')).toEqual([15, Infinity]);
    expect(ageRange('Y15-74')).toEqual([15, 74]);
    expect(ageRange('Y_LT25')).toEqual([0, 24]);
    expect(ageRange('Y20')).toEqual([20, 20]);
    expect(ageRange('TOTAL')).toEqual([0, Infinity]);
    expect(ageRange('UNK')).toBeUndefined();
  });

  test('the broadest age band wins, ties going to the youngest start', () => {
    // lfsa_egised has exactly these two
    expect(broadestAge(['Y20-64', 'Y_GE15'])).toBe('Y_GE15');
    expect(broadestAge(['Y15-64', 'Y15-74', 'Y20-64'])).toBe('Y15-74');
    expect(broadestAge(['Y_GE20', 'Y_GE15', 'Y_GE25'])).toBe('Y_GE15');
    expect(broadestAge(['Y15-24', 'Y25-54'])).toBe('Y25-54');
    expect(broadestAge(['X', 'Y'])).toBeUndefined();
  });

  test('defaultCode prefers the asked code, then the only code, then the total, then the broadest age', () => {
    expect(defaultCode(dim('unit', ['PC', 'THS_PER']), ['THS_PER'])).toBe('THS_PER');
    expect(defaultCode(dim('unit', ['PC', 'THS_PER']), ['NOPE'])).toBeUndefined();
    expect(defaultCode(dim('freq', ['A']))).toBe('A');
    expect(defaultCode(dim('sex', ['F', 'M', 'T']))).toBe('T');
    expect(defaultCode(dim('isced11', ['ED0-2', 'TOTAL', 'NRP']))).toBe('TOTAL');
    expect(defaultCode(dim('age', ['Y20-64', 'Y_GE15']))).toBe('Y_GE15');
    expect(defaultCode(dim('na_item', ['EMP_DC', 'SAL_DC']))).toBeUndefined();
  });

  test('resolveSelection fixes given codes, defaults the rest, skips time and reports the undecided', () => {
    const dims = [dim('freq', ['A']), dim('sex', ['F', 'T']), dim('na_item', ['EMP_DC', 'SAL_DC']), dim('geo', ['DE', 'SI']), dim('time', ['2022'])];
    const sel = resolveSelection(dims, 'time', { geo: 'SI' });
    expect(sel.codes).toEqual({ freq: 'A', sex: 'T', geo: 'SI' });
    expect(sel.shown).toEqual({ freq: { code: 'A', label: 'A label' }, sex: { code: 'T', label: 'T label' } });
    expect(sel.undecided.map((d) => d.id)).toEqual(['na_item']);
    const withPreference = resolveSelection(dims, 'time', { geo: 'SI' }, { na_item: ['EMP_DC'] });
    expect(withPreference.undecided).toEqual([]);
    expect(withPreference.codes.na_item).toBe('EMP_DC');
  });

  test('selectForGeo opens a dataset for one country along one dimension, or says why it cannot', () => {
    const meta = { code: 'test_ds', timeDim: 'time' } as DatasetMeta;
    const isco = dim('isco08', ['OC1', 'OC2']);
    const dims = [dim('sex', ['F', 'T']), isco, dim('geo', ['DE']), dim('time', ['2022'])];
    expect(selectForGeo(meta, dims, 'isco08', 'DE', 'OC2', 'ISCO group')).toEqual({
      by: isco,
      geo: dims[2],
      codes: { sex: 'T', isco08: 'OC2', geo: 'DE' },
      shown: { sex: { code: 'T', label: 'T label' } },
    });
    // Without a code, the caller fills it in per series.
    expect(selectForGeo(meta, dims, 'isco08', 'DE')).toMatchObject({ codes: { sex: 'T', isco08: '', geo: 'DE' } });
    expect(selectForGeo(meta, dims, 'isco08', 'DE', 'OC9', 'ISCO group')).toBe('test_ds has no ISCO group OC9');
    expect(selectForGeo(meta, dims, 'isco08', 'FR', 'OC2')).toBe('test_ds has no data for geo FR (load it with `lmi ingest eurostat test_ds --geo FR`)');
    expect(selectForGeo(meta, dims, 'nace_r2', 'DE')).toBe('test_ds has no nace_r2 dimension');
    expect(selectForGeo(meta, [isco, dim('time', ['2022'])], 'isco08', 'DE')).toBe('test_ds has no geo dimension');
    const noTotal = [dim('na_item', ['EMP_DC', 'SAL_DC']), ...dims];
    expect(selectForGeo(meta, noTotal, 'isco08', 'DE', 'OC2')).toBe('test_ds: cannot choose a total for na_item');
  });
});

describe('linked views: periods and changes', () => {
  test('yearsBefore keeps the sub-period', () => {
    expect(yearsBefore('2016', 5)).toBe('2011');
    expect(yearsBefore('2023-Q2', 5)).toBe('2018-Q2');
    expect(yearsBefore('2024-01', 5)).toBe('2019-01');
  });

  test('latestWithValue skips trailing cells without a value', () => {
    const points = [
      { period: '2021', value: 1, flag: null },
      { period: '2022', value: 2, flag: 'p' },
      { period: '2023', value: null, flag: 'c' },
    ];
    expect(latestWithValue(points)).toEqual({ period: '2022', value: 2, flag: 'p' });
    expect(latestWithValue([{ period: '2023', value: null, flag: 'c' }])).toBeUndefined();
  });

  test('changeOver gives the absolute change without float noise and the percent to one decimal', () => {
    const points = [
      { period: '2011', value: 1200.1, flag: null },
      { period: '2015', value: 1, flag: null },
      { period: '2016', value: 1234.5, flag: 'p' },
    ];
    const latest = points[2]!;
    expect(changeOver(points, latest, 5)).toEqual({ from: { period: '2011', value: 1200.1, flag: null }, absolute: 34.4, percent: 2.9 });
    // no value five years before: no change rather than a change over another span
    expect(changeOver(points, latest, 4)).toBeNull();
    expect(changeOver([{ period: '2011', value: 0, flag: null }, latest], latest, 5)).toEqual({
      from: { period: '2011', value: 0, flag: null },
      absolute: 1234.5,
      percent: null,
    });
  });
});

describe('linked views: flag labels', () => {
  test('labels the flags used, composing combined Eurostat flags from their letters', () => {
    const labels = new Map([
      ['b', 'break in time series'],
      ['u', 'low reliability'],
    ]);
    const points = [
      { period: '2020', value: 1, flag: 'bu' },
      { period: '2021', value: null, flag: 'u' },
      { period: '2022', value: 2, flag: null },
      { period: '2023', value: 3, flag: 'x' },
    ];
    expect(flagsUsed(points, labels)).toEqual({ bu: 'break in time series, low reliability', u: 'low reliability', x: null });
  });
});

describe('linked views: labels for datasets loaded with codes only', () => {
  test("Eurostat's wording fills in, the dataset's own label wins", () => {
    expect(labelFor('age', 'Y_GE15', 'Y_GE15')).toBe('15 years or over');
    expect(labelFor('age', 'Y20-64', undefined)).toBe('From 20 to 64 years');
    expect(labelFor('geo', 'EL', 'EL')).toBe('Greece');
    expect(labelFor('nace_r2', 'M_N', 'M_N')).toBe('Professional, scientific and technical activities; administrative and support service activities');
    expect(labelFor('isco08', 'OC2', 'OC2')).toBe('Professionals');
    expect(labelFor('geo', 'DE', 'Deutschland')).toBe('Deutschland');
    expect(labelFor('citizen', 'NAT', 'NAT')).toBe('NAT');
  });
});
