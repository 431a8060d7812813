/** Eurostat parsers on the real recorded files (../shared/fixtures/eurostat). */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Observation, ParsedDataset } from '../../data/series-model.js';
import { eurostatFlagLabel } from '../../data/eurostat-flags.js';
import { parseJsonStat } from '../../ingest/eurostat/parse-jsonstat.js';
import { parseSdmxCsv } from '../../ingest/eurostat/parse-sdmx-csv.js';
import { parseEurostatTsv, parseTsvCell } from '../../ingest/eurostat/parse-tsv.js';
import { codeFromFileName, detectFormat, filterDataset, parseEurostatBytes } from '../../ingest/eurostat/run.js';
import { describeWithFixtures, fixture } from '../helpers.js';

const read = (path: string) => readFileSync(fixture('eurostat', path));
const all = (p: ParsedDataset): Observation[] => [...p.observations()].map((o) => ({ ...o, codes: [...o.codes] }));
const find = (obs: Observation[], codes: string[], period: string) => obs.find((o) => o.codes.join() === codes.join() && o.period === period);

describe('Eurostat TSV cells and flags', () => {
  test('cells with values, flags and no data', () => {
    expect(parseTsvCell('7.1 b')).toEqual({ value: 7.1, flag: 'b' });
    expect(parseTsvCell(': u')).toEqual({ value: null, flag: 'u' });
    expect(parseTsvCell('4.1 ')).toEqual({ value: 4.1, flag: null });
    expect(parseTsvCell('12.3 bu')).toEqual({ value: 12.3, flag: 'bu' });
    expect(parseTsvCell('-7.1 b')).toEqual({ value: -7.1, flag: 'b' });
    expect(parseTsvCell(': ')).toBeUndefined();
    expect(parseTsvCell(':')).toBeUndefined();
    expect(() => parseTsvCell('n/a')).toThrow('neither a number');
  });
  test('flag labels follow the OBS_FLAG code list, letter by letter', () => {
    expect(eurostatFlagLabel('bu')).toBe('break in time series, low reliability');
    expect(eurostatFlagLabel('|C')).toBe('confidential');
    expect(eurostatFlagLabel('x')).toBeUndefined();
  });
  test('format detection and file names', () => {
    expect(detectFormat('{"version":"2.0"}')).toBe('jsonstat');
    expect(detectFormat('freq,geo\\TIME_PERIOD\t2020 \n')).toBe('tsv');
    expect(detectFormat('STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,geo,TIME_PERIOD,OBS_VALUE\n')).toBe('sdmx-csv');
    expect(() => detectFormat('<!DOCTYPE html><html>', 'page')).toThrow('page is an HTML page');
    expect(() => detectFormat('a;b;c\n', 'x.csv')).toThrow('not a format');
    expect(codeFromFileName('/tmp/estat_lfsa_egised.tsv.gz')).toBe('lfsa_egised');
  });
});

describeWithFixtures('Eurostat JSON-stat parser', () => {
  test('une_rt_a: sparse values, b and d flags with labels, updated, category labels and order', () => {
    const p = parseJsonStat(read('json-stat/unemployment_une_rt_a.json'));
    expect(p.code).toBe('une_rt_a');
    expect(p.title).toBe('Unemployment by sex and age - annual data');
    expect(p.updated).toBe('2026-04-29T23:00:00+0200');
    expect(p.flags).toEqual({ b: 'break in time series', d: 'definition differs (see metadata)' });
    expect(p.dimensions.map((d) => [d.id, d.codes.length, d.role ?? null])).toEqual([
      ['freq', 1, null],
      ['age', 1, null],
      ['unit', 1, null],
      ['sex', 1, null],
      ['geo', 38, 'geo'],
      ['time', 6, 'time'],
    ]);
    expect(p.dimensions[4]!.codes.slice(0, 4)).toEqual([
      { code: 'EU27_2020', label: 'European Union - 27 countries (from 2020)' },
      { code: 'EA21', label: 'Euro area – 21 countries (from 2026)' },
      { code: 'EA20', label: 'Euro area – 20 countries (2023-2025)' },
      { code: 'BE', label: 'Belgium' },
    ]);
    const obs = all(p);
    expect(obs).toHaveLength(221);
    // flat cell 42 = DE (geo position 7) x 2020: "42": 3.6 with status "b"
    expect(find(obs, ['A', 'Y15-74', 'PC_ACT', 'T', 'DE'], '2020')).toEqual({ codes: ['A', 'Y15-74', 'PC_ACT', 'T', 'DE'], period: '2020', value: 3.6, flag: 'b' });
    expect(find(obs, ['A', 'Y15-74', 'PC_ACT', 'T', 'DE'], '2025')).toMatchObject({ value: 3.8, flag: null });
    expect(obs.filter((o) => o.flag === 'd')).toHaveLength(10);
    expect(obs.filter((o) => o.flag === 'b')).toHaveLength(7);
  });

  test('dense value and status arrays give the same observations as sparse objects', () => {
    const json = JSON.parse(read('json-stat/unemployment_une_rt_a.json').toString()) as {
      size: number[];
      value: Record<string, number>;
      status: Record<string, string>;
    };
    const n = json.size.reduce((a, b) => a * b, 1);
    const dense = {
      ...json,
      value: Array.from({ length: n }, (_, i) => json.value[i] ?? null),
      status: Array.from({ length: n }, (_, i) => json.status[i] ?? null),
    };
    const sparse = all(parseJsonStat(read('json-stat/unemployment_une_rt_a.json')));
    expect(all(parseJsonStat(dense as unknown as Record<string, unknown>))).toEqual(sparse);
  });

  test('sts_inpr_m: every cell confidential, flags with null values', () => {
    const p = parseJsonStat(read('json-stat/sts-inpr-m-ie-confidential.json'));
    expect(p.flags).toEqual({ '|C': '|confidential' });
    const obs = all(p);
    expect(obs.map((o) => [o.period, o.value, o.flag])).toEqual(
      ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06'].map((m) => [m, null, '|C']),
    );
  });

  test('positions-with-no-data: the listed period has no observation', () => {
    const p = parseJsonStat(read('json-stat/une-rt-m-geo-de-xx-since-2024-01.json'));
    const time = p.dimensions.find((d) => d.id === 'time')!;
    expect(time.codes).toHaveLength(32);
    const obs = all(p);
    expect(obs).toHaveLength(31);
    expect(obs.some((o) => o.period === time.codes[31]!.code)).toBe(false);
    expect(obs[0]).toEqual({ codes: ['M', 'SA', 'TOTAL', 'PC_ACT', 'T', 'DE'], period: '2024-01', value: expect.any(Number), flag: null });
  });

  test('an invalid geo code (HTTP 200 with a 0 in size) is "empty", naming the dimension', () => {
    expect(() => parseJsonStat(read('json-stat/une-rt-m-geo-xx-last1.json'))).toThrow(
      expect.objectContaining({ kind: 'empty', message: expect.stringContaining("dimension 'geo' has no category") }),
    );
  });

  test('not JSON-stat: errors with kinds', () => {
    expect(() => parseJsonStat('{"error":{"status":400,"label":"Dataset not found"}}')).toThrow('Dataset not found');
    expect(() => parseJsonStat('{"class":"collection"}')).toThrow(expect.objectContaining({ kind: 'schema' }));
    // A document that stops mid-way is cut off (the streaming reader can tell), not malformed.
    expect(() => parseJsonStat('{"class":"data')).toThrow(expect.objectContaining({ kind: 'truncated' }));
    expect(() => parseJsonStat('{"class":"dataset",,}')).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(() => parseJsonStat('')).toThrow(expect.objectContaining({ kind: 'empty' }));
  });
});

describeWithFixtures('Eurostat TSV parser', () => {
  test('legacy layout tgs00010: "7.1 b" and ": u" cells, labels for flags', () => {
    const p = parseEurostatTsv(read('tsv-bulk-legacy/tgs00010.tsv'), { code: 'tgs00010' });
    expect(p.dimensions.map((d) => d.id)).toEqual(['unit', 'age', 'sex', 'geo', 'time']);
    expect(p.flags).toEqual({ b: 'break in time series', u: 'low reliability', bu: 'break in time series, low reliability' });
    const obs = all(p);
    expect(obs).toHaveLength(11467 + 152);
    expect(find(obs, ['PC', 'Y_GE15', 'F', 'UKD7'], '2008')).toMatchObject({ value: 7.1, flag: 'b' });
    expect(find(obs, ['PC', 'Y_GE15', 'F', 'AT11'], '2008')).toMatchObject({ value: null, flag: 'u' });
    expect(find(obs, ['PC', 'Y_GE15', 'F', 'AT11'], '2009')).toMatchObject({ value: 5.5, flag: 'u' });
  });

  test('legacy layout with a TARGET column (ignored) and .gz input', () => {
    const plain = parseEurostatTsv(read('tsv-bulk-legacy/t2020_10.tsv'), { code: 't2020_10' });
    expect(plain.dimensions.find((d) => d.id === 'time')!.codes.map((c) => c.code)).toEqual(Array.from({ length: 27 }, (_, i) => String(1993 + i)));
    const obs = all(plain);
    expect(obs).toHaveLength(2502);
    expect(find(obs, ['EMP_LFS', 'Y20-64', 'PC_POP', 'F', 'AT'], '1995')).toMatchObject({ value: 60.9, flag: 'e' });
    const gz = parseEurostatBytes(gzipSync(read('tsv-bulk-legacy/t2020_10.tsv')), { name: 't2020_10.tsv.gz' });
    expect(gz.code).toBe('t2020_10');
    expect(all(gz)).toEqual(obs);
  });

  test('monthly legacy periods 2019M09 become 2019-09', () => {
    const p = parseEurostatTsv(read('tsv-bulk-legacy/teilm020.tsv'), { code: 'teilm020' });
    expect(p.dimensions.find((d) => d.id === 'time')!.codes[0]!.code).toBe('2019-09');
    expect(all(p)).toHaveLength(1242);
  });

  test('nama_10_a10_e: descending period columns, confidential ": c" cells', () => {
    const p = parseEurostatTsv(read('tsv-bulk-legacy/nama_10_a10_e.tsv'), { code: 'nama_10_a10_e' });
    const time = p.dimensions.find((d) => d.id === 'time')!.codes.map((c) => c.code);
    expect([time[0], time[time.length - 1], time.length]).toEqual(['1975', '2016', 42]);
    let values = 0;
    let confidential = 0;
    let row: Observation[] = [];
    for (const o of p.observations()) {
      if (o.value !== null) values++;
      if (o.value === null && o.flag === 'c') confidential++;
      if (o.codes.join() === 'I10_PER,A,SELF_DC,RO') row.push({ ...o });
    }
    expect([values, confidential]).toEqual([246984, 1794]);
    // the row reads "I10_PER,A,SELF_DC,RO  :  73.5 p  83.0  85.3  87.1 b ..." from 2016 down
    row = row.filter((o) => o.period >= '2011');
    expect(row.map((o) => [o.period, o.value, o.flag])).toEqual([
      ['2015', 73.5, 'p'],
      ['2014', 83.0, null],
      ['2013', 85.3, null],
      ['2012', 87.1, 'b'],
      ['2011', 92.9, null],
    ]);
  });

  test('current layout lfsa_egised: CRLF, 14,733 rows, flags b u bu d bd du bdu', () => {
    const p = parseEurostatTsv(read('tsv/estat_lfsa_egised.tsv'), { code: 'lfsa_egised' });
    expect(p.extension).toEqual({ format: 'tsv', layout: 'current' });
    // The file has no title: Eurostat's is known for the datasets the views use, else the code stays.
    expect(p.title).toBe('Employment by sex, age, occupation and educational attainment level (1 000)');
    expect(parseEurostatTsv(read('tsv/estat_lfsa_egised.tsv'), { code: 'x' }).title).toBe('x');
    expect(p.dimensions.map((d) => d.id)).toEqual(['freq', 'age', 'sex', 'isco08', 'isced11', 'unit', 'geo', 'time']);
    expect(Object.keys(p.flags).sort()).toEqual(['b', 'bd', 'bdu', 'bu', 'd', 'du', 'u']);
    // TSV carries codes only: common ones get Eurostat's labels, others keep the code
    const dim = (id: string) => p.dimensions.find((d) => d.id === id)!;
    expect(dim('isco08').label).toBe('International Standard Classification of Occupations 2008 (ISCO-08)');
    expect(dim('isco08').codes.find((c) => c.code === 'OC2')).toEqual({ code: 'OC2', label: 'Professionals' });
    expect(dim('geo').codes.find((c) => c.code === 'SI')).toEqual({ code: 'SI', label: 'Slovenia' });
    expect(dim('isced11').codes.find((c) => c.code === 'ED3_4GEN')).toEqual({ code: 'ED3_4GEN', label: 'ED3_4GEN' });
    let values = 0;
    let flagOnly = 0;
    for (const o of p.observations()) {
      if (o.value !== null) values++;
      else flagOnly++;
    }
    expect([values, flagOnly]).toEqual([257449, 39762]);
    const be = all(parseEurostatTsv(read('tsv/estat_lfsa_egised.tsv'), { code: 'x' })).filter((o) => o.codes.join() === 'A,Y20-64,F,NRP,ED0-2,THS_PER,BE');
    expect(be.slice(0, 3).map((o) => [o.period, o.value, o.flag])).toEqual([
      ['1992', 470.7, 'b'],
      ['1993', null, 'u'],
      ['1994', null, 'u'],
    ]);
  });

  test('--geo / --since filtering of a file', () => {
    const p = filterDataset(parseEurostatTsv(read('tsv-bulk-legacy/tgs00010.tsv'), { code: 'tgs00010' }), { geo: ['AT11', 'DE92'], since: '2018' });
    const obs = all(p);
    expect(new Set(obs.map((o) => o.codes[3]))).toEqual(new Set(['AT11', 'DE92']));
    expect(obs.every((o) => o.period >= '2018')).toBe(true);
    expect(p.dimensions.find((d) => d.id === 'geo')!.codes.map((c) => c.code)).toEqual(['AT11', 'DE92']);
    expect(() => filterDataset(parseEurostatTsv(read('tsv-bulk-legacy/tgs00010.tsv'), { code: 'tgs00010' }), { geo: ['XX'] })).toThrow(
      expect.objectContaining({ kind: 'empty' }),
    );
  });
});

describeWithFixtures('Eurostat SDMX-CSV parser', () => {
  const file = 'sdmx-csv/une_rt_m_page_linear_2_0.csv';

  test('with label columns: codes, labels, flag d with its label', () => {
    const p = parseSdmxCsv(read(file));
    expect(p.code).toBe('une_rt_m');
    expect(p.title).toBe('Unemployment by sex and age - monthly data');
    expect(p.dimensions.map((d) => [d.id, d.label])).toEqual([
      ['freq', 'Time frequency'],
      ['s_adj', 'Seasonal adjustment'],
      ['age', 'Age class'],
      ['unit', 'Unit of measure'],
      ['sex', 'Sex'],
      ['geo', 'Geopolitical entity (reporting)'],
      ['time', 'Time'],
    ]);
    expect(p.dimensions[5]!.codes).toEqual([{ code: 'LU', label: 'Luxembourg' }]);
    expect(p.flags).toEqual({ d: 'definition differs (see metadata)' });
    const obs = all(p);
    expect(obs).toHaveLength(512);
    expect(obs[0]).toEqual({ codes: ['M', 'NSA', 'TOTAL', 'PC_ACT', 'T', 'LU'], period: '1983-01', value: 3.7, flag: null });
    expect(find(obs, ['M', 'NSA', 'TOTAL', 'PC_ACT', 'T', 'LU'], '2006-12')).toMatchObject({ value: 4.8, flag: 'd' });
  });

  test('without label columns: the same observations', () => {
    const rows = parse(read(file).toString()) as string[][];
    const labelColumns = new Set([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]);
    const noLabels = rows.map((r) => r.filter((_, i) => !labelColumns.has(i)).join(',')).join('\n');
    expect(noLabels.split('\n')[0]).toBe('STRUCTURE,STRUCTURE_ID,freq,s_adj,age,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS');
    const p = parseSdmxCsv(noLabels);
    expect(p.flags).toEqual({ d: 'definition differs (see metadata)' });
    expect(all(p)).toEqual(all(parseSdmxCsv(read(file))));
  });
});
