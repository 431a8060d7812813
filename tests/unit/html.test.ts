import { readFileSync } from 'node:fs';
import { IngestError } from '../../data/errors.js';
import { parseHtmlTable, parseNumber } from '../../ingest/html/parse.js';
import { htmlTableSchema, type HtmlTableConfig } from '../../ingest/html/source-type.js';

const page = readFileSync('tests/fixtures/html/registered-unemployment.html', 'utf8');
const meta = { code: 'xx-unemployment', title: 'Registered unemployment by region' };

const longConfig: HtmlTableConfig = htmlTableSchema.parse({
  table: 'table#unemployment-by-region',
  expectedHeaders: ['Region', 'Quarter', 'Registered unemployed', 'Rate (%)'],
  series: ['Region'],
  period: 'Quarter',
  value: 'Registered unemployed',
});

function schemaError(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (err) {
    expect((err as IngestError).kind).toBe('schema');
    return err as IngestError;
  }
  throw new Error('expected a schema error');
}

describe('HTML table parsing', () => {
  test('long layout: one observation per row, thousands separators, ".." kept as a flag', () => {
    const ds = parseHtmlTable(page, longConfig, meta, 'page');
    expect(ds.dimensions).toEqual([
      { id: 'region', label: 'Region', role: null, codes: ['Capital region', 'North', 'Islands'].map((c) => ({ code: c, label: c })) },
      { id: 'period', label: 'Quarter', role: 'time', codes: [{ code: '2023-Q4', label: '2023Q4' }, { code: '2024-Q1', label: '2024Q1' }] },
    ]);
    expect([...ds.observations()]).toEqual([
      { codes: ['Capital region'], period: '2023-Q4', value: 12480, flag: null },
      { codes: ['Capital region'], period: '2024-Q1', value: 11905, flag: null },
      { codes: ['North'], period: '2023-Q4', value: 3215, flag: null },
      { codes: ['North'], period: '2024-Q1', value: 3340, flag: null },
      { codes: ['Islands'], period: '2023-Q4', value: null, flag: '..' },
      { codes: ['Islands'], period: '2024-Q1', value: 412, flag: null },
    ]);
    expect(ds.flags).toEqual({ '..': 'not available' });
  });

  test('the value column can carry a footnote flag ("3.9 p")', () => {
    const ds = parseHtmlTable(page, { ...longConfig, value: 'Rate (%)' }, meta, 'page');
    expect([...ds.observations()].map((o) => [o.codes[0], o.period, o.value, o.flag])).toEqual([
      ['Capital region', '2023-Q4', 4.1, null],
      ['Capital region', '2024-Q1', 3.9, 'p'],
      ['North', '2023-Q4', 5.6, null],
      ['North', '2024-Q1', 5.8, 'p'],
      ['Islands', '2023-Q4', null, '..'],
      ['Islands', '2024-Q1', 2.7, 'p'],
    ]);
  });

  test('wide layout: one column per year', () => {
    const wide = htmlTableSchema.parse({ table: '#unemployment-annual', expectedHeaders: ['Region', '2021', '2022', '2023'], layout: 'wide', series: ['Region'] });
    const obs = [...parseHtmlTable(page, wide, meta, 'page').observations()];
    expect(obs).toHaveLength(9);
    expect(obs.filter((o) => o.codes[0] === 'North').map((o) => [o.period, o.value])).toEqual([
      ['2021', 3902],
      ['2022', 3411],
      ['2023', 3187],
    ]);
    expect(obs.at(-1)).toEqual({ codes: ['Islands'], period: '2023', value: null, flag: '–' });
  });

  test('a changed page fails with a schema error saying what changed', () => {
    expect(schemaError(() => parseHtmlTable(page, { ...longConfig, table: 'table#unemployment-by-county' }, meta, 'page')).message).toBe(
      "page: the table selector 'table#unemployment-by-county' matches 0 elements, expected exactly one — the page's structure has changed; check the selectors and expectedHeaders of this source",
    );
    expect(schemaError(() => parseHtmlTable(page, { ...longConfig, table: 'table.statistical-table' }, meta, 'page')).message).toMatch(/matches 2 elements/);
    const renamed = page.replace('<th scope="col">Registered unemployed</th>', '<th scope="col">Jobseekers</th>');
    expect(schemaError(() => parseHtmlTable(renamed, longConfig, meta, 'page')).message).toMatch(
      "the table headers are ['Region', 'Quarter', 'Jobseekers', 'Rate (%)'], expected ['Region', 'Quarter', 'Registered unemployed', 'Rate (%)']",
    );
    const garbage = page.replace('<td class="num">3 215</td>', '<td class="num">see note 3</td>');
    expect(schemaError(() => parseHtmlTable(garbage, longConfig, meta, 'page')).message).toMatch("row 3, column 'Registered unemployed': 'see note 3' is not a number");
    const badPeriod = page.replace('<td>2023Q4</td><td class="num">3 215', '<td>Q4 last year</td><td class="num">3 215');
    expect(schemaError(() => parseHtmlTable(badPeriod, longConfig, meta, 'page')).message).toMatch("row 3, column 'Quarter': 'Q4 last year' is not a period");
  });

  test('the long layout must name its period and value columns', () => {
    expect(() => htmlTableSchema.parse({ table: 't', expectedHeaders: ['a', 'b'] })).toThrow(/the long layout needs 'period' and 'value' columns/);
  });

  test.each([
    ['12 480', '.', 12480],
    ['1,234.5', '.', 1234.5],
    ['1.234,5', ',', 1234.5],
    ['−3,2', ',', -3.2],
    ['4.1', '.', 4.1],
    ["1'250'000", '.', 1250000],
    ['1 250 000,75', ',', 1250000.75],
  ])('parseNumber(%s, %s) = %s', (text, decimal, value) => {
    expect(parseNumber(text, decimal as '.' | ',')?.value).toBe(value);
  });
  test('parseNumber refuses text', () => {
    expect(parseNumber('n/a', '.')).toBeNull();
    expect(parseNumber('1.2.3', ',')).toBeNull();
    // a page that switched to a decimal comma is refused, not read as 15
    expect(parseNumber('1,5', '.')).toBeNull();
    expect(parseNumber('12 e', '.')).toEqual({ value: 12, flag: 'e' });
  });
});
