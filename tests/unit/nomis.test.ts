import { readFileSync } from 'node:fs';
import { IngestError } from '../../data/errors.js';
import { nomisDataset, nomisDimensions, nomisFlag, parseNomisCsv } from '../../ingest/nomis/parse.js';

const csv = readFileSync('tests/fixtures/nomis/NM_162_1-regions-2024.csv', 'utf8');
const meta = { code: 'uk-claimants', source: 'nomis', title: 'Claimant count' };

describe('Nomis CSV parsing', () => {
  test('reads the header, the rows and the RECORD_COUNT of the query', () => {
    const page = parseNomisCsv(csv, 'fixture');
    expect(page.rows).toHaveLength(12);
    expect(page.recordCount).toBe(12);
    expect(nomisDimensions(page.header)).toEqual(['GEOGRAPHY', 'GENDER', 'AGE', 'MEASURE', 'MEASURES']);
  });

  test('dimensions use the X_CODE codes (ONS geography codes) with X_NAME labels; "A" is no flag, "Q" is kept', () => {
    const ds = nomisDataset([parseNomisCsv(csv, 'fixture')], meta, 'fixture');
    expect(ds.timeDim).toBe('date');
    expect(ds.dimensions.map((d) => [d.id, d.role, d.codes.map((c) => c.code)])).toEqual([
      ['geography', 'geo', ['E12000001', 'E12000007', 'W92000004']],
      ['gender', null, ['0', '1']],
      ['age', null, ['0']],
      ['measure', null, ['1']],
      ['measures', 'metric', ['20100']],
      ['date', 'time', ['2024-01', '2024-02']],
    ]);
    expect(ds.dimensions[0]!.codes[1]).toEqual({ code: 'E12000007', label: 'London' });
    expect(ds.dimensions[5]!.codes[0]).toEqual({ code: '2024-01', label: 'January 2024' });
    expect(ds.flags).toEqual({ Q: 'These figures are missing.' });
    const obs = [...ds.observations()];
    expect(obs).toHaveLength(12);
    expect(obs[0]).toEqual({ codes: ['E12000001', '0', '0', '1', '20100'], period: '2024-01', value: 63905, flag: null });
    expect(obs.filter((o) => o.flag === 'Q')).toEqual([{ codes: ['W92000004', '0', '0', '1', '20100'], period: '2024-02', value: null, flag: 'Q' }]);
  });

  test('a confidential cell (OBS_CONF other than F) is flagged after a bar, not loaded as a plain figure or gap', () => {
    // London, male, January 2024 suppressed for disclosure, as Nomis marks it: no value, OBS_CONF T
    const row = csv.split('\n').find((l) => l.includes('Nm-162d1d32423d2013265927d1d0d1d20100') && l.startsWith('"2024-01"'))!;
    const suppressed = row.replace(',158215,"A","Normal Value","F","Free (free of disclosure)",', ',,"A","Normal Value","T","True (disclosive)",');
    expect(suppressed).not.toBe(row);
    const ds = nomisDataset([parseNomisCsv(csv.replace(row, suppressed), 'fixture')], meta, 'fixture');
    expect(ds.flags).toEqual({ Q: 'These figures are missing.', '|T': 'True (disclosive)' });
    const obs = [...ds.observations()];
    expect(obs).toHaveLength(12);
    expect(obs.filter((o) => o.flag === '|T')).toEqual([{ codes: ['E12000007', '1', '0', '1', '20100'], period: '2024-01', value: null, flag: '|T' }]);
    expect(nomisFlag('Q', 'These figures are missing.', 'T', '')).toEqual({ code: 'Q|T', label: 'These figures are missing.; confidential' });
    expect(nomisFlag('A', 'Normal Value', 'F', 'Free (free of disclosure)')).toBeNull();
    expect(nomisFlag('', '', '', '')).toBeNull();
  });

  test('a page that is not a Nomis data CSV, or a non-numeric value, fails with a schema error', () => {
    expect(() => parseNomisCsv('"GEOGRAPHY","OBS_VALUE"\n"x",1\n', 'u')).toThrow('u: not a Nomis data CSV, missing column(s) DATE, DATE_NAME');
    const bad = csv.replace(',63905,', ',"n/a",');
    const err = (() => {
      try {
        nomisDataset([parseNomisCsv(bad, 'u')], meta, 'u');
      } catch (e) {
        return e as IngestError;
      }
    })();
    expect(err?.kind).toBe('schema');
    expect(err?.message).toBe("u row 2: OBS_VALUE 'n/a' is not a number");
    expect(() => parseNomisCsv('', 'u')).toThrow('u: an empty answer (no header line)');
  });
});
