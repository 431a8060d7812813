import { readFileSync } from 'node:fs';
import { IngestError } from '../../data/errors.js';
import { parsePxResponses } from '../../ingest/pxweb/jsonstat.js';
import { cellCount, readMetadata, resolveQuery, splitQuery, type PxMetadata, type PxSelection } from '../../ingest/pxweb/query.js';
import type { Observation } from '../../data/series-model.js';
import { describeWithFixtures, fixture } from '../helpers.js';
import { codesOf, selectCube, type Cube } from '../support/jsonstat-cube.js';

const readJson = (...parts: string[]): unknown => JSON.parse(readFileSync(fixture(...parts), 'utf8'));

describeWithFixtures('PX-Web JSON-stat 2.0 parsing (real SSB and Statistics Greenland answers)', () => {
  test('SSB 07221: dimensions, quarters normalised, 264 figures and 24 cells with the ".." symbol', () => {
    const ds = parsePxResponses([readJson('national/pxweb/ssb-no/07221_response.json')], { code: 'ssb-07221' });
    expect(ds.title).toBe('07221: Prisindeks for brukte boliger, etter region, boligtype, statistikkvariabel og kvartal');
    expect(ds.updated).toBe('2024-01-12T07:00:00Z');
    expect(ds.timeDim).toBe('Tid');
    expect(ds.dimensions.map((d) => [d.id, d.role, d.codes.length])).toEqual([
      ['Region', null, 12],
      ['Boligtype', null, 3],
      ['ContentsCode', 'metric', 1],
      ['Tid', 'time', 8],
    ]);
    expect(ds.dimensions[3]!.codes.map((c) => c.code)).toEqual(['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4', '2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
    expect(ds.dimensions[0]!.codes[1]).toEqual({ code: '001', label: 'Oslo med Bærum' });
    // the office explains its symbol in the table notes; that text is kept as the flag label
    expect(ds.flags).toEqual({ '..': 'Tallgrunnlag mangler. Tall er ikke kommet inn i våre databaser eller er for usikre til å publiseres.' });
    const obs = [...ds.observations()];
    expect(obs).toHaveLength(288);
    expect(obs.filter((o) => o.value !== null)).toHaveLength(264);
    expect(obs[0]).toEqual({ codes: ['TOTAL', '01', 'Boligindeks'], period: '2022-Q1', value: 136.2, flag: null });
    expect(obs.find((o) => o.codes.join() === '001,03,Boligindeks' && o.period === '2023-Q4')).toEqual({
      codes: ['001', '03', 'Boligindeks'],
      period: '2023-Q4',
      value: 156.3,
      flag: null,
    });
    const missing = obs.filter((o) => o.flag === '..');
    expect(missing).toHaveLength(24);
    expect(new Set(missing.map((o) => `${o.codes[0]}/${o.codes[1]}`))).toEqual(new Set(['007/02', '010/02', '011/02']));
    expect(missing.every((o) => o.value === null)).toBe(true);
    expect(ds.attribution).toBeUndefined();
    expect(ds.extension).toMatchObject({ source: 'Statistisk sentralbyrå', px: { tableid: '07221', language: 'no' } });
  });

  test('Greenland: the time dimension "aar", 97 figures and 11 cells with the "-" symbol; a dimension outside "id" is ignored', () => {
    const ds = parsePxResponses([readJson('national/pxweb/stat-gl/education_employment_16-25_response.json')], { code: 'gl-udxumg3', title: 'Education and employment, 16–25' });
    expect(ds.title).toBe('Education and employment, 16–25');
    expect(ds.timeDim).toBe('aar');
    expect(ds.dimensions.map((d) => d.id)).toEqual(['HFU', 'alder', 'registrering', 'aar']);
    expect(ds.flags).toEqual({ '-': 'nil (magnitude zero)' });
    const obs = [...ds.observations()];
    expect(obs).toHaveLength(108);
    expect(obs.filter((o) => o.value !== null).reduce((sum, o) => sum + o.value!, 0)).toBe(6327);
    expect(obs[1]).toEqual({ codes: ['3', '20', '3'], period: '2021', value: null, flag: '-' });
    expect(obs.filter((o) => o.flag === '-')).toHaveLength(11);
  });

  test('answers of a split query merge into one dataset equal to the unsplit one', () => {
    const whole = readJson('national/pxweb/ssb-no/07221_response.json') as Cube;
    const years = codesOf(whole, 'Tid');
    const halves = [selectCube(whole, { Tid: years.slice(0, 4) }), selectCube(whole, { Tid: years.slice(4, 8) })];
    const merged = parsePxResponses(halves, { code: 'ssb-07221' });
    const single = parsePxResponses([whole], { code: 'ssb-07221' });
    expect(merged.dimensions).toEqual(single.dimensions);
    const key = (o: Observation) => `${o.codes.join('.')}@${o.period}`;
    const sorted = (obs: Observation[]) => [...obs].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted([...merged.observations()])).toEqual(sorted([...single.observations()]));
  });
});

describe('PX-Web JSON-stat 2.0 parsing: broken answers fail with a clear schema error', () => {
  const base = {
    version: '2.0',
    class: 'dataset',
    id: ['Region', 'Tid'],
    size: [2, 2],
    role: { time: ['Tid'] },
    dimension: {
      Region: { label: 'region', category: { index: { A: 0, B: 1 }, label: { A: 'Area A', B: 'Area B' } } },
      Tid: { label: 'year', category: { index: { '2024': 0, '2025': 1 } } },
    },
    value: [1, 2, 3, 4],
  };
  test.each([
    ['a value array of the wrong length', { ...base, value: [1, 2, 3] }, /'value' has 3 cells, the dimension sizes make 4/],
    ['a dimension missing from "dimension"', { ...base, id: ['Region', 'Sex'], role: {} }, /dimension 'Sex' is listed in 'id'/],
    ['sizes that do not match the categories', { ...base, size: [3, 2] }, "dimension 'Region' has categories that do not fill positions 0..2 ('size' says 3)"],
    ['not JSON-stat at all', { error: 'table not found' }, /is not a JSON-stat 2.0 dataset/],
  ])('%s', (_name, body, message) => {
    expect(() => [...parsePxResponses([body], { code: 't' }).observations()]).toThrow(message);
    try {
      parsePxResponses([body], { code: 't' });
    } catch (err) {
      expect((err as IngestError).kind).toBe('schema');
    }
  });

  test('a saved query body instead of the answer is named as such', () => {
    expect(() => parsePxResponses([{ query: [], response: { format: 'json-stat2' } }], { code: 't' }, 'q.json')).toThrow(
      'q.json is a PX-Web query body, not its answer: save the JSON-stat 2.0 the server returns for it',
    );
    expect(() => parsePxResponses([{ version: '2.0', class: 'dataset' }], { code: 't' }, 'x.json')).toThrow(
      'x.json is not a JSON-stat 2.0 dataset (id: Invalid input: expected array, received undefined; size: Invalid input: expected array, received undefined; dimension: Invalid input: expected record, received undefined; …)',
    );
  });

  test('a cell with no value and no symbol is left out; a cell with both keeps both', () => {
    const ds = parsePxResponses([{ ...base, value: [1, null, null, 4.5], status: { '2': '..', '3': 'p' } }], { code: 't' });
    expect([...ds.observations()]).toEqual([
      { codes: ['A'], period: '2024', value: 1, flag: null },
      { codes: ['B'], period: '2024', value: null, flag: '..' },
      { codes: ['B'], period: '2025', value: 4.5, flag: 'p' },
    ]);
    expect(ds.flags).toEqual({ '..': 'data not available', p: 'p' });
  });
});

describe('PX-Web queries: resolving against metadata and splitting to the cell limit', () => {
  const meta: PxMetadata = readMetadata(JSON.parse(readFileSync('tests/fixtures/pxweb/scb-am0401-metadata.json', 'utf8')), 'scb');

  test('the SCB metadata fixture reads, and item / all / top selections become explicit items', () => {
    expect(meta.variables.map((v) => [v.code, v.values.length])).toEqual([
      ['Kon', 2],
      ['Alder', 4],
      ['ContentsCode', 2],
      ['Tid', 6],
    ]);
    const q = resolveQuery(
      meta,
      [
        { code: 'Kon', selection: { filter: 'all', values: ['*'] } },
        { code: 'ContentsCode', selection: { filter: 'item', values: ['000000L9'] } },
        { code: 'Tid', selection: { filter: 'top', values: ['3'] } },
      ],
      'scb',
    );
    expect(q).toEqual([
      { code: 'Kon', selection: { filter: 'item', values: ['1', '2'] } },
      { code: 'ContentsCode', selection: { filter: 'item', values: ['000000L9'] } },
      { code: 'Tid', selection: { filter: 'item', values: ['2024M10', '2024M11', '2024M12'] } },
      // 'Alder' cannot be eliminated, so the server returns all of it: counted explicitly
      { code: 'Alder', selection: { filter: 'item', values: ['15-24', '25-54', '55-74', '15-74'] } },
    ]);
    expect(cellCount(q)).toBe(24);
  });

  test('unknown variables and codes are refused with what the table has', () => {
    expect(() => resolveQuery(meta, [{ code: 'Region', selection: { filter: 'item', values: ['01'] } }], 'scb')).toThrow(
      "scb: the query names variable 'Region', the table has Kon, Alder, ContentsCode, Tid",
    );
    expect(() => resolveQuery(meta, [{ code: 'Kon', selection: { filter: 'item', values: ['3'] } }], 'scb')).toThrow("variable 'Kon' has no value '3' (it has 1, 2)");
  });

  test('a query over the limit is cut along its widest variable into blocks within the limit', () => {
    const q: PxSelection[] = [
      { code: 'Kon', selection: { filter: 'item', values: ['1', '2'] } },
      { code: 'Alder', selection: { filter: 'item', values: ['15-24', '25-54', '55-74', '15-74'] } },
      { code: 'Tid', selection: { filter: 'item', values: ['2024M07', '2024M08', '2024M09', '2024M10', '2024M11', '2024M12'] } },
    ];
    expect(splitQuery(q, 48, 'scb')).toEqual([q]);
    const parts = splitQuery(q, 20, 'scb');
    expect(parts.map((p) => p[2]!.selection.values)).toEqual([
      ['2024M07', '2024M08'],
      ['2024M09', '2024M10'],
      ['2024M11', '2024M12'],
    ]);
    expect(parts.every((p) => cellCount(p) <= 20)).toBe(true);
    // a limit below one value of the widest variable cuts along the next one too
    const fine = splitQuery(q, 4, 'scb');
    expect(fine).toHaveLength(12);
    expect(fine.every((p) => cellCount(p) === 4)).toBe(true);
    expect(new Set(fine.flatMap((p) => p[2]!.selection.values.flatMap((t) => p[1]!.selection.values.map((a) => `${a}/${t}`)))).size).toBe(24);
    expect(() => splitQuery([{ code: 'Kon', selection: { filter: 'vs:Agg', values: ['x', 'y', 'z'] } }], 2, 'scb')).toThrow(/cannot be split further/);
  });
});
