/**
 * The linked views on the real files: ESCO v1.1.1, lfsa_egised (ISCO major groups, current TSV
 * layout) and nama_10_a10_e (A*10 industries, legacy TSV, years descending). Expected figures are
 * read from the TSV files here, independently of the parser, and a few are checked by hand.
 */
import { readFileSync } from 'node:fs';
import { openEscoDownload } from '../../ingest/esco/fetch.js';
import { loadEsco } from '../../ingest/esco/load.js';
import { parseEscoCsv } from '../../ingest/esco/parse.js';
import { parseJsonStat } from '../../ingest/eurostat/parse-jsonstat.js';
import { parseEurostatTsv } from '../../ingest/eurostat/parse-tsv.js';
import { loadDataset } from '../../data/series-write.js';
import { describeWithFixtures, fixture, getJson, serveDb, tempDb, type TestServer } from '../helpers.js';

const EGISED = ['eurostat', 'tsv', 'estat_lfsa_egised.tsv'];
const NAMA = ['eurostat', 'tsv-bulk-legacy', 'nama_10_a10_e.tsv'];
const UNE_RT_A = ['eurostat', 'json-stat', 'unemployment_une_rt_a.json'];
const SPECIALIST_NURSE = '18e14e61-495b-44cc-a7c6-df4c625934ba';

interface Cell {
  period: string;
  value: number | null;
  flag: string | null;
}

/**
 * The cells of one TSV row, straight from the file: period headers trimmed, '<number> <flags>' and
 * ': <flags>' split, bare ':' left out; in period order.
 */
function tsvRow(path: string, key: string): Cell[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const periods = lines[0]!.split('\t').slice(1).map((h) => h.trim());
  const row = lines.find((l) => l.startsWith(`${key}\t`));
  if (!row) throw new Error(`no row ${key} in ${path}`);
  const cells: Cell[] = [];
  row.split('\t').slice(1).forEach((cell, i) => {
    const [raw, flag = ''] = cell.trim().split(' ');
    if (raw === ':' && flag === '') return;
    cells.push({ period: periods[i]!, value: raw === ':' ? null : Number(raw), flag: flag || null });
  });
  return cells.sort((a, b) => a.period.localeCompare(b.period));
}

describeWithFixtures('linked views on ESCO v1.1.1, lfsa_egised and nama_10_a10_e', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;

  beforeAll(async () => {
    t = tempDb();
    const download = await openEscoDownload(fixture('esco', 'v1.1.1'));
    try {
      loadEsco(t.db, await parseEscoCsv(download, { languages: ['en'] }));
    } finally {
      await download.close();
    }
    loadDataset(t.db, parseEurostatTsv(readFileSync(fixture(...EGISED)), { code: 'lfsa_egised' }));
    loadDataset(t.db, parseEurostatTsv(readFileSync(fixture(...NAMA)), { code: 'nama_10_a10_e' }));
    loadDataset(t.db, parseJsonStat(readFileSync(fixture(...UNE_RT_A)), { code: 'une_rt_a' }));
    t.db.close();
    server = await serveDb(t.path);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    t?.cleanup();
  });

  test('specialist nurse (ESCO 2221.3) in SI: ISCO 2221 -> major group OC2 of lfsa_egised, equal to the file', async () => {
    const { status, body } = await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/trend?geo=SI`);
    expect(status).toBe(200);
    expect(body.occupation).toEqual({
      id: SPECIALIST_NURSE,
      uri: `http://data.europa.eu/esco/occupation/${SPECIALIST_NURSE}`,
      code: '2221.3',
      label: 'specialist nurse',
    });
    expect(body.mapping).toEqual({
      escoCode: '2221.3',
      iscoGroup: { code: '2221', label: 'Nursing professionals' },
      iscoLevel: 'ISCO-08 major group (1 digit)',
      iscoUsed: { code: '2', label: 'Professionals' },
      dimension: 'isco08',
      datasetCode: 'OC2',
    });
    // The totals the dataset has: all ages 15+, both sexes, all education levels, thousands of persons.
    expect(Object.fromEntries(Object.entries(body.selection).map(([dim, c]) => [dim, (c as { code: string }).code]))).toEqual({
      freq: 'A',
      age: 'Y_GE15',
      sex: 'T',
      isced11: 'TOTAL',
      unit: 'THS_PER',
    });
    expect(body.dataset).toMatchObject({ code: 'lfsa_egised', source: 'Eurostat', attribution: 'Source: Eurostat' });
    expect(body.selection.age).toEqual({ code: 'Y_GE15', label: '15 years or over' });
    expect(body.geo).toEqual({ code: 'SI', label: 'Slovenia' });
    expect(body.points).toEqual(tsvRow(fixture(...EGISED), 'A,Y_GE15,T,OC2,TOTAL,THS_PER,SI'));
    // Checked by hand in the file: 1996 is the first figure, 2023 the last, with a break.
    expect(body.points[0]).toEqual({ period: '1996', value: 85.4, flag: null });
    expect(body.points.at(-1)).toEqual({ period: '2023', value: 225.5, flag: 'b' });
    expect(body.points).toHaveLength(28);
    expect(body.flags).toEqual({ b: 'break in time series' });
  });

  test('the ESCO profile route and the trend route do not shadow each other', async () => {
    const profile = await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}`);
    expect(profile.status).toBe(200);
    expect(profile.body.label).toBe('specialist nurse');
    const trend = await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/trend?geo=DE`);
    expect(trend.status).toBe(200);
    expect(trend.body.points).toEqual(tsvRow(fixture(...EGISED), 'A,Y_GE15,T,OC2,TOTAL,THS_PER,DE'));
  });

  test('a country lfsa_egised does not cover is a 404 naming the dataset and what to ingest', async () => {
    const { status, body } = await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/trend?geo=US`);
    expect(status).toBe(404);
    expect(body.error).toBe(
      'no employment data for ISCO group 2221 in US: lfsa_egised has no data for geo US (load it with `lmi ingest eurostat lfsa_egised --geo US`)',
    );
  });

  test('/api/sectors?geo=DE from nama_10_a10_e equals the file: latest values (2016) and the change since 2011', async () => {
    const { status, body } = await getJson(server.url, '/api/sectors?geo=DE');
    expect(status).toBe(200);
    expect(body.classification).toBe('NACE Rev. 2 A*10 industry groups');
    expect(body.dataset).toMatchObject({ code: 'nama_10_a10_e', source: 'Eurostat' });
    // The TSV has codes only: labels are Eurostat's wording.
    expect(body.selection).toEqual({
      unit: { code: 'THS_PER', label: 'Thousand persons' },
      na_item: { code: 'EMP_DC', label: 'Total employment domestic concept' },
    });
    expect(body.geo).toEqual({ code: 'DE', label: 'Germany' });
    expect(body.vacancies).toBeNull();
    const codes = ['A', 'B-E', 'C', 'F', 'G-I', 'J', 'K', 'L', 'M_N', 'O-Q', 'R-U'];
    expect(body.sectors.map((s: { code: string }) => s.code)).toEqual(codes);
    for (const sector of [...body.sectors, body.total]) {
      const cells = tsvRow(fixture(...NAMA), `THS_PER,${sector.code},EMP_DC,DE`);
      const latest = cells.filter((c) => c.value !== null).at(-1)!;
      expect(sector.latest).toEqual(latest);
      const from = cells.find((c) => c.period === String(Number(latest.period) - 5))!;
      expect(sector.change5y.from).toEqual(from);
      expect(sector.change5y.absolute).toBeCloseTo(latest.value! - from.value!, 6);
    }
    // By hand: manufacturing in Germany, thousands of persons employed.
    const manufacturing = body.sectors.find((s: { code: string }) => s.code === 'C');
    expect(manufacturing.label).toBe('Manufacturing');
    expect(manufacturing.latest).toEqual({ period: '2016', value: 7511, flag: null });
    expect(manufacturing.change5y).toEqual({ from: { period: '2011', value: 7285, flag: null }, absolute: 226, percent: 3.1 });
  });

  test('/api/sectors/C?geo=DE is the whole series of the file', async () => {
    const { status, body } = await getJson(server.url, '/api/sectors/C?geo=DE');
    expect(status).toBe(200);
    expect(body.sector).toEqual({ code: 'C', label: 'Manufacturing' });
    expect(body.points).toEqual(tsvRow(fixture(...NAMA), 'THS_PER,C,EMP_DC,DE'));
  });

  test('/api/compare: ISCO major group 2 in DE, FR and SI from lfsa_egised', async () => {
    const { status, body } = await getJson(server.url, '/api/compare?dataset=lfsa_egised&geo=DE,FR,SI&isco08=OC2&since=2015');
    expect(status).toBe(200);
    expect(Object.keys(body.selection)).toEqual(['freq', 'age', 'sex', 'isco08', 'isced11', 'unit']);
    expect(body.series.map((s: { geo: { code: string } }) => s.geo.code)).toEqual(['DE', 'FR', 'SI']);
    for (const s of body.series) {
      const expected = tsvRow(fixture(...EGISED), `A,Y_GE15,T,OC2,TOTAL,THS_PER,${s.geo.code}`).filter((c) => c.period >= '2015');
      expect(s.points).toEqual(expected);
      expect(s.points).toHaveLength(9); // 2015 to 2023
    }
  });

  test('/api/compare on une_rt_a (JSON-stat): the unemployment rate of DE, FR and SI equals the file, flags and labels kept', async () => {
    const json = JSON.parse(readFileSync(fixture(...UNE_RT_A), 'utf8'));
    // Cell index = row-major over id/size; every dimension but geo and time has one code here.
    const geoIndex: Record<string, number> = json.dimension.geo.category.index;
    const times = Object.entries(json.dimension.time.category.index as Record<string, number>).sort(([, a], [, b]) => a - b).map(([p]) => p);
    const expected = (geo: string) =>
      times
        .map((period, i) => {
          const cell = String(geoIndex[geo]! * times.length + i);
          return { period, value: json.value[cell] ?? null, flag: json.status?.[cell] ?? null };
        })
        .filter((p) => p.value !== null || p.flag !== null);

    const { status, body } = await getJson(server.url, '/api/compare?dataset=une_rt_a&geo=DE,FR,SI');
    expect(status).toBe(200);
    expect(body.selection.unit.code).toBe('PC_ACT');
    expect(body.dataset).toMatchObject({ code: 'une_rt_a', source: 'Eurostat', updated: json.updated });
    for (const s of body.series) expect(s.points).toEqual(expected(s.geo.code));
    // By hand: France 8.0 in 2020, then 'd' flags from 2021, labelled by the file.
    expect(body.series[1].points.slice(0, 2)).toEqual([
      { period: '2020', value: 8, flag: null },
      { period: '2021', value: 7.9, flag: 'd' },
    ]);
    expect(body.flags.d).toBe('definition differs (see metadata)');
  });
});
