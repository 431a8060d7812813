/**
 * Tables on national statistics web pages that have no API, read with cheerio by CSS selectors from
 * the config. The page's structure is checked before anything is read: the table selector must match
 * exactly one element and the header texts must equal the configured ones, so a redesigned page
 * fails the run with a message saying what changed instead of loading the wrong column.
 * Pure: HTML text in, ParsedDataset out. The table's config schema is in source-type.ts.
 */
import { load, type CheerioAPI } from 'cheerio';
import { IngestError } from '../../data/errors.js';
import { isPeriod } from '../../data/periods.js';
import { DatasetBuilder } from '../national/dataset-builder.js';
import type { ParsedDataset } from '../../data/series-model.js';
import type { HtmlTableConfig } from './source-type.js';


export interface HtmlMeta {
  code: string;
  title: string;
  sourceUrl?: string | null;
  attribution?: string;
}

const squash = (s: string) => s.replace(/[\s\u00a0\u2009\u202f]+/g, ' ').trim();
const slug = (s: string) => squash(s).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '') || 'column';

function schemaError(where: string, message: string): IngestError {
  return new IngestError('schema', `${where}: ${message} — the page's structure has changed; check the selectors and expectedHeaders of this source`);
}

/**
 * '1 234,5' / '1,234.5' / '12.3 p' -> number and trailing flag; null when not a number. Thousands
 * separators must group by three, so a page that switches its decimal mark fails instead of being
 * read a thousand times too big.
 */
export function parseNumber(text: string, decimal: '.' | ','): { value: number; flag: string | null } | null {
  const m = squash(text).match(/^([-−]?)([\d\s\u00a0\u2009\u202f.,']+?)\s*([a-z*†‡]{0,3})$/i);
  if (!m) return null;
  const [intPart, fraction, ...more] = m[2]!.split(decimal);
  if (more.length || intPart === undefined || (fraction !== undefined && !/^\d+$/.test(fraction))) return null;
  const grouped = intPart.replace(/[\s\u00a0\u2009\u202f]/g, ' ');
  if (!/^\d+$/.test(grouped) && !/^\d{1,3}([ ,.'])\d{3}(\1\d{3})*$/.test(grouped)) return null;
  const digits = grouped.replace(/\D/g, '');
  return { value: Number(`${m[1] ? '-' : ''}${digits}${fraction !== undefined ? `.${fraction}` : ''}`), flag: m[3] ? m[3] : null };
}

export function parseHtmlTable(html: string, config: HtmlTableConfig, meta: HtmlMeta, where: string): ParsedDataset {
  const $: CheerioAPI = load(html);
  const tables = $(config.table);
  if (tables.length !== 1) throw schemaError(where, `the table selector '${config.table}' matches ${tables.length} elements, expected exactly one`);
  const table = tables.first();
  const cellTexts = (row: ReturnType<typeof table.first>) => row.find(config.cells).toArray().map((c) => squash($(c).text()));

  const headerRows = config.headerRow ? table.find(config.headerRow) : table.find('thead tr').length ? table.find('thead tr') : table.find('tr').first();
  if (headerRows.length === 0) throw schemaError(where, `no header row ('${config.headerRow ?? 'thead tr'}') in the table`);
  const headers = cellTexts(headerRows.last());
  const expected = config.expectedHeaders.map(squash);
  if (headers.length !== expected.length || headers.some((h, i) => h !== expected[i])) {
    throw schemaError(where, `the table headers are [${headers.map((h) => `'${h}'`).join(', ')}], expected [${expected.map((h) => `'${h}'`).join(', ')}]`);
  }
  const columnIndex = (c: string | number, role: string): number => {
    const i = typeof c === 'number' ? c : headers.indexOf(squash(c));
    if (i < 0 || i >= headers.length) throw new IngestError('input', `${where}: the ${role} column '${c}' is not one of the headers (${headers.join(', ')})`);
    return i;
  };
  const seriesCols = config.series.map((c) => columnIndex(c, 'series'));
  let rows = table.find(config.rows).toArray().map((el) => $(el));
  if (rows.length === 0 && config.rows === 'tbody tr') rows = table.find('tr').toArray().slice(1).map((el) => $(el));
  if (rows.length === 0) throw new IngestError('empty', `${where}: the table has no data row ('${config.rows}')`);

  const builder = new DatasetBuilder(
    seriesCols.map((i) => ({ id: slug(headers[i]!), label: headers[i]! })),
    { id: 'period', label: config.layout === 'long' ? headers[columnIndex(config.period ?? -1, 'period')]! : 'period' },
  );
  const readCell = (text: string, rowNo: number, col: number): { value: number | null; flag: { code: string; label: string } | null } => {
    if (text in config.missing) return { value: null, flag: { code: text, label: config.missing[text]! } };
    const n = parseNumber(text, config.decimal);
    if (!n) throw schemaError(where, `row ${rowNo}, column '${headers[col]}': '${text}' is not a number`);
    return { value: n.value, flag: n.flag ? { code: n.flag, label: n.flag } : null };
  };
  const checkPeriod = (text: string, rowNo: number, col: number): string => {
    const p = text.replace(/\s+/g, '');
    if (!isPeriod(p)) throw schemaError(where, `row ${rowNo}, column '${headers[col]}': '${text}' is not a period (like 2024, 2024Q1, 2024M01)`);
    return p;
  };

  rows.forEach((row, r) => {
    const cells = cellTexts(row);
    const rowNo = r + 1;
    if (cells.length === 0 || cells.every((c) => c === '')) return; // spacer rows
    if (cells.length !== headers.length) throw schemaError(where, `row ${rowNo} has ${cells.length} cells, the header has ${headers.length}`);
    const codes = seriesCols.map((i) => ({ code: cells[i]!, label: cells[i]! }));
    if (config.layout === 'long') {
      const pCol = columnIndex(config.period ?? -1, 'period');
      const vCol = columnIndex(config.value ?? -1, 'value');
      const { value, flag } = readCell(cells[vCol]!, rowNo, vCol);
      builder.add(codes, { code: checkPeriod(cells[pCol]!, rowNo, pCol), label: cells[pCol]! }, value, flag);
    } else {
      headers.forEach((h, col) => {
        if (seriesCols.includes(col)) return;
        const { value, flag } = readCell(cells[col]!, rowNo, col);
        builder.add(codes, { code: checkPeriod(h, 0, col), label: h }, value, flag);
      });
    }
  });
  if (builder.size === 0) throw new IngestError('empty', `${where}: the table has no data row with content`);
  return builder.build({ code: meta.code, source: 'html', title: meta.title, sourceUrl: meta.sourceUrl ?? null, attribution: meta.attribution, extension: { table: config.table, headers } });
}
