import { isPeriod, normalisePeriod } from '../../data/periods.js';

describe('normalisePeriod', () => {
  test.each([
    ['2023', '2023'],
    ['2019 ', '2019'],
    ['2019M09', '2019-09'],
    ['2025M01', '2025-01'],
    ['2024-01', '2024-01'],
    ['2022K1', '2022-Q1'],
    ['2019Q4', '2019-Q4'],
    ['2023-Q2', '2023-Q2'],
    ['2019S1', '2019-S1'],
    ['2019W05', '2019-W05'],
    ['2024-03-31', '2024-03-31'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalisePeriod(raw)).toBe(expected);
  });

  test('recognises period headers and rejects other columns', () => {
    expect(['2019 ', '2019M09', '2022K1', '2024-01', '2023-Q1'].map(isPeriod)).toEqual([true, true, true, true, true]);
    expect(['TARGET', 'geo\\time', 'unit'].map(isPeriod)).toEqual([false, false, false]);
  });
});
