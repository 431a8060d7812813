import { readFileSync } from 'node:fs';
import { IngestError } from '../../data/errors.js';
import { parseInterests, parseOccupationData } from '../../ingest/onet/parse.js';
import { describeWithFixtures, fixture } from '../helpers.js';

describeWithFixtures('O*NET text files (real release 30.x files)', () => {
  test("'Occupation Data.txt': 1016 occupations, codes kept as strings", () => {
    const occ = parseOccupationData(readFileSync(fixture('national/us-onet/Occupation Data.txt'), 'utf8'));
    expect(occ).toHaveLength(1016);
    expect(occ[0]).toEqual({
      code: '11-1011.00',
      title: 'Chief Executives',
      description: expect.stringMatching(/^Determine and formulate policies and provide overall direction of companies/),
    });
    expect(occ.find((o) => o.code === '15-1252.00')?.title).toBe('Software Developers');
    expect(new Set(occ.map((o) => o.code)).size).toBe(1016);
  });

  test("'Interests.txt': 8307 rows, 923 occupations x 9 elements, OI scores and IH high-points", () => {
    const rows = parseInterests(readFileSync(fixture('national/us-onet/Interests.txt'), 'utf8'));
    expect(rows).toHaveLength(8307);
    expect(rows.filter((r) => r.scaleId === 'OI')).toHaveLength(5538);
    expect(rows.filter((r) => r.code === '15-1252.00' && r.scaleId === 'OI').map((r) => [r.elementName, r.value])).toEqual([
      ['Realistic', 3.93],
      ['Investigative', 5.86],
      ['Artistic', 2.26],
      ['Social', 1.88],
      ['Enterprising', 1.87],
      ['Conventional', 5.46],
    ]);
    expect(rows[0]).toEqual({ code: '11-1011.00', elementId: '1.B.1.a', elementName: 'Realistic', scaleId: 'OI', value: 1.3, date: '11/2023', domainSource: 'Machine Learning' });
  });
});

describe('O*NET text files: a changed layout fails clearly', () => {
  test('a missing column names what the header has', () => {
    expect(() => parseOccupationData('O*NET-SOC Code\tTitle\n11-1011.00\tChief Executives\n')).toThrow(
      "Occupation Data.txt: missing column(s) 'Description'; the header is 'O*NET-SOC Code', 'Title'",
    );
  });
  test('a malformed code or value is refused with its line', () => {
    expect(() => parseOccupationData('O*NET-SOC Code\tTitle\tDescription\n111011\tChief Executives\tx\n')).toThrow("line 2: '111011' is not an O*NET-SOC code");
    const bad = 'O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\tDate\tDomain Source\n11-1011.00\t1.B.1.a\tRealistic\tOI\tn/a\t11/2023\tAnalyst\n';
    expect(() => parseInterests(bad)).toThrow(IngestError);
    expect(() => parseInterests(bad)).toThrow("line 2: 'Data Value' is 'n/a', not a number");
  });
  test('an empty file is "empty"', () => {
    try {
      parseOccupationData('O*NET-SOC Code\tTitle\tDescription\n');
      throw new Error('no error');
    } catch (err) {
      expect((err as IngestError).kind).toBe('empty');
    }
  });
});
