/**
 * The browser code's pure parts, run in Node: the one-sentence readings, CSV downloads and the
 * period axis that turns missing periods into gaps.
 */
import { toCsv } from '../../web/src/csv.js';
import { useMessages } from '../../web/src/i18n.js';
import { messages as en } from '../../web/src/messages/en.js';
import { asIndex, commonBase, flaggedLatest, onAxis, periodAxis } from '../../web/src/periods.js';
import { levelSentence, rateSentence, recentPoints, sameSeason, sameYearsClause, sectorsSentence } from '../../web/src/reading.js';

// The readings are in the UI language: these tests read the English catalogue.
beforeAll(() => useMessages('en', en));

describe('readings', () => {
  test('a level that rose, with the percentage rounded and the figures it comes from', () => {
    expect(
      levelSentence({
        subject: 'Employment in health and social work',
        place: 'Slovenia',
        points: [
          { period: '2015', value: 100 },
          { period: '2019', value: null },
          { period: '2023', value: 112.4 },
        ],
        unitWords: 'thousand people',
      }),
    ).toBe('Employment in health and social work in Slovenia rose 12% between 2015 and 2023 (from 100.0 to 112.4 thousand people).');
  });

  test('a fall, a flat series, a single figure and no figures', () => {
    const base = { subject: 'Employment', place: 'Austria', unitWords: 'thousand people' };
    expect(levelSentence({ ...base, points: [{ period: '2010', value: 200 }, { period: '2020', value: 150 }] })).toBe(
      'Employment in Austria fell 25% between 2010 and 2020 (from 200.0 to 150.0 thousand people).',
    );
    expect(levelSentence({ ...base, points: [{ period: '2010', value: 200 }, { period: '2020', value: 200.5 }] })).toBe(
      'Employment in Austria stayed about the same between 2010 and 2020 (from 200.0 to 200.5 thousand people).',
    );
    expect(levelSentence({ ...base, points: [{ period: '2020', value: 3.25 }] })).toBe('Employment in Austria was 3.3 thousand people in 2020; no earlier figure is available.');
    expect(levelSentence({ ...base, points: [{ period: '2020', value: null }] })).toBe('No figures are available for employment in Austria.');
  });

  test('rates change in percentage points and are set against the EU in the same year', () => {
    expect(
      rateSentence({
        subject: 'The unemployment rate',
        place: 'Slovenia',
        points: [
          { period: '2020', value: 5 },
          { period: '2025', value: 3.9 },
        ],
        reference: { phrase: 'in the EU', points: [{ period: '2025', value: 6 }] },
      }),
    ).toBe('The unemployment rate in Slovenia fell from 5.0% in 2020 to 3.9% in 2025; in the EU it was 6.0% in 2025.');
  });

  test('sectors: the largest and the fastest-growing, labels lower-cased inside the sentence', () => {
    expect(
      sectorsSentence('Slovenia', '2016', [
        { label: 'Industry (except construction)', value: 217.8, change5y: 0.8 },
        { label: 'Information and communication', value: 28.5, change5y: 13.9 },
        { label: 'Real estate activities', value: null, change5y: null },
      ]),
    ).toBe('In Slovenia, the largest sector is industry (except construction), with 217.8 thousand people in 2016; over five years, information and communication grew most (+13.9%).');
  });

  test('a compared country over the same years, or nothing when it lacks one of them', () => {
    const at = [{ period: '2013', value: 100 }, { period: '2023', value: 148 }];
    expect(sameYearsClause('Austria', at, '2013', '2023')).toBe(' In Austria it rose 48% over the same years.');
    expect(sameYearsClause('Austria', at, '2012', '2023')).toBe('');
  });

  test('quarterly readings compare the same quarter; annual series are kept whole', () => {
    const quarters = ['2023-Q3', '2023-Q4', '2024-Q1', '2024-Q4'].map((period, i) => ({ period, value: i }));
    expect(sameSeason(quarters).map((p) => p.period)).toEqual(['2023-Q4', '2024-Q4']);
    const years = [{ period: '2020', value: 1 }, { period: '2021', value: 2 }];
    expect(sameSeason(years)).toEqual(years);
  });

  test('recentPoints keeps the last ten years up to the latest value', () => {
    const points = ['2005', '2012', '2013', '2023', '2024'].map((period, i) => ({ period, value: i === 4 ? null : i }));
    expect(recentPoints(points, 10).map((p) => p.period)).toEqual(['2013', '2023', '2024']);
  });
});

describe('period axis', () => {
  test('missing years become gaps (null), never zero', () => {
    const a = [
      { period: '2019', value: 1.5, flag: null },
      { period: '2022', value: 2, flag: 'p' },
    ];
    const b = [{ period: '2020', value: 0, flag: null }];
    const axis = periodAxis([a, b]);
    expect(axis).toEqual(['2019', '2020', '2021', '2022']);
    expect(onAxis(axis, a)).toEqual({ values: [1.5, null, null, 2], flags: [null, null, null, 'p'] });
    expect(onAxis(axis, b).values).toEqual([null, 0, null, null]);
  });

  test('quarters and months run across year ends', () => {
    expect(periodAxis([[{ period: '2023-Q3', value: 1, flag: null }, { period: '2024-Q2', value: 1, flag: null }]])).toEqual(['2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2']);
    expect(periodAxis([[{ period: '2023-11', value: 1, flag: null }, { period: '2024-01', value: 1, flag: null }]])).toEqual(['2023-11', '2023-12', '2024-01']);
  });

  test('a flagged latest figure is named in the reading', () => {
    expect(flaggedLatest([{ period: '2023', value: 225.5, flag: 'b' }, { period: '2024', value: null, flag: 'c' }], { b: 'break in time series' })).toBe(
      ' The 2023 figure is flagged: break in time series.',
    );
    expect(flaggedLatest([{ period: '2023', value: 1, flag: null }], {})).toBe('');
  });
});

describe('CSV download', () => {
  test('quotes cells with commas, quotes and line breaks; empty for null', () => {
    expect(toCsv(['series', 'value'], [['Wholesale, retail "trade"', 1.5], ["nurse's aide\nline", null]])).toBe(
      'series,value\r\n"Wholesale, retail ""trade""",1.5\r\n"nurse\'s aide\nline",\r\n',
    );
  });
});

describe('index view for comparing countries of different size', () => {
  test('rebased to 100 in the first year every line has, gaps kept', () => {
    const axis = ['2012', '2013', '2014'];
    const lines = [
      { name: 'SI', values: [null, 200, 210], flags: [null, null, 'b'] },
      { name: 'EU', values: [40000, 41000, null], flags: [null, null, null] },
    ];
    expect(commonBase(axis, lines)).toBe('2013');
    expect(commonBase(axis, lines, '2014')).toBeNull();
    expect(asIndex(axis, lines, '2013')).toEqual([
      { name: 'SI', values: [null, 100, 105], flags: [null, null, 'b'] },
      { name: 'EU', values: [97.6, 100, null], flags: [null, null, null] },
    ]);
  });
});
