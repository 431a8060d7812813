/**
 * Eurostat TSV -> ParsedDataset, both layouts:
 *   legacy bulk download   `unit,nace_r2,na_item,geo\time<TAB>2016 <TAB>2015 ...`  (periods like 2019M09)
 *   current API / bulk     `freq,age,sex,...,geo\TIME_PERIOD<TAB>1983 <TAB>1984 ...` (CRLF line ends)
 * Codes are comma-joined in the first column; each cell is '<number> <flags>', ': <flags>' or ': '.
 * Period columns are recognised by their header (trailing spaces trimmed) and may run in either
 * order; other columns (t2020_10's TARGET) are ignored. `.gz` input is gunzipped first.
 *
 * TSV files carry codes only: dimensions and the common codes get Eurostat's labels (data/eurostat-labels.ts).
 * The text is kept once; a first pass reads the codes and flags of every row (the store needs the
 * dimensions before the observations), and the observations are produced lazily by a second pass.
 */
import { gunzipSync } from 'node:zlib';
import { IngestError } from '../../data/errors.js';
import { isPeriod, normalisePeriod } from '../../data/periods.js';
import type { DatasetDimension, Observation, ParsedDataset } from '../../data/series-model.js';
import { labelFlags } from '../../data/eurostat-flags.js';
import { codeLabel, DATASET_TITLES, dimensionLabel } from '../../data/eurostat-labels.js';

export interface TsvOptions {
  code: string;
  title?: string;
  sourceUrl?: string | null;
  updated?: string | null;
}

/** One TSV cell: value (null for ':') and flag (null when none); undefined for ': ' (no observation). */
export function parseTsvCell(cell: string): { value: number | null; flag: string | null } | undefined {
  const text = cell.trim();
  if (text === '' || text === ':') return undefined;
  const space = text.indexOf(' ');
  const raw = space < 0 ? text : text.slice(0, space);
  const flag = space < 0 ? null : text.slice(space + 1).trim() || null;
  if (raw === ':') return { value: null, flag };
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) {
    // Some old files glue the flag to the number ('12.3b').
    const m = raw.match(/^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)([a-z]+)$/);
    if (m) return { value: Number(m[1]), flag: m[2]! };
    throw new IngestError('invalid', `TSV cell ${JSON.stringify(cell)} is neither a number nor ':'`);
  }
  return { value, flag };
}

/** Decodes the file bytes: gunzips when they start with the gzip magic number. */
export function decodeText(bytes: Buffer): string {
  const raw = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return raw.toString('utf8').replace(/^\uFEFF/, '');
}

export function parseEurostatTsv(input: string | Buffer, options: TsvOptions): ParsedDataset {
  const text = typeof input === 'string' ? input : decodeText(input);
  const firstBreak = text.indexOf('\n');
  const headerLine = (firstBreak < 0 ? text : text.slice(0, firstBreak)).replace(/\r$/, '');
  const header = headerLine.split('\t');
  const keyHeader = header[0] ?? '';
  const m = keyHeader.match(/^(.*)\\(time|TIME_PERIOD)\s*$/i);
  if (!m || header.length < 2) {
    throw new IngestError('schema', `${options.code}: not a Eurostat TSV (the first header cell is ${JSON.stringify(keyHeader.slice(0, 60))}, expected 'dim,...,geo\\time' or 'freq,...,geo\\TIME_PERIOD')`);
  }
  const dimIds = m[1]!.split(',').map((s) => s.trim());
  if (dimIds.some((d) => d === '')) throw new IngestError('schema', `${options.code}: empty dimension name in ${JSON.stringify(keyHeader)}`);

  // Period columns, wherever they are; their order in the file does not matter.
  const periodColumns: { column: number; period: string }[] = [];
  header.forEach((h, column) => {
    if (column > 0 && isPeriod(h)) periodColumns.push({ column, period: normalisePeriod(h) });
  });
  if (periodColumns.length === 0) throw new IngestError('schema', `${options.code}: no period column in the TSV header`);

  // First pass: codes per dimension (in order of first appearance) and the flags used.
  const codeSets = dimIds.map(() => new Set<string>());
  const flagsSeen = new Set<string>();
  let rows = 0;
  forEachLine(text, firstBreak, (line, lineNo) => {
    const cells = line.split('\t');
    const codes = cells[0]!.split(',');
    if (codes.length !== dimIds.length) {
      throw new IngestError('schema', `${options.code}: line ${lineNo} has ${codes.length} codes, the header names ${dimIds.length} dimensions`);
    }
    codes.forEach((c, i) => codeSets[i]!.add(c.trim()));
    for (const { column } of periodColumns) {
      const cell = cells[column]?.trim();
      const space = cell === undefined ? -1 : cell.indexOf(' ');
      if (space >= 0) flagsSeen.add(cell!.slice(space + 1).trim());
    }
    rows++;
  });
  if (rows === 0) throw new IngestError('empty', `${options.code}: the TSV file has a header and no data rows`);

  const periods = [...new Set(periodColumns.map((p) => p.period))].sort();
  const dimensions: DatasetDimension[] = [
    ...dimIds.map((id, i) => ({
      id,
      label: dimensionLabel(id),
      role: id === 'geo' ? ('geo' as const) : null,
      codes: [...codeSets[i]!].map((code) => ({ code, label: codeLabel(id, code) })),
    })),
    { id: 'time', label: 'Time', role: 'time', codes: periods.map((p) => ({ code: p, label: p })) },
  ];
  flagsSeen.delete('');

  function* observations(): Generator<Observation> {
    for (const [line] of lines(text, firstBreak)) {
      const cells = line.split('\t');
      const codes = cells[0]!.split(',').map((c) => c.trim());
      for (const { column, period } of periodColumns) {
        const cell = cells[column];
        if (cell === undefined) continue;
        const parsed = parseTsvCell(cell);
        if (parsed) yield { codes, period, value: parsed.value, flag: parsed.flag };
      }
    }
  }

  return {
    code: options.code,
    source: 'eurostat',
    title: options.title ?? DATASET_TITLES[options.code] ?? options.code,
    sourceUrl: options.sourceUrl ?? null,
    updated: options.updated ?? null,
    timeDim: 'time',
    dimensions,
    flags: labelFlags(flagsSeen),
    cellCount: rows * periodColumns.length,
    observations,
    extension: { format: 'tsv', layout: /TIME_PERIOD/i.test(m[2]!) ? 'current' : 'legacy' },
  };
}

/** The data lines after the header (CR stripped, blank lines skipped), with 1-based line numbers. */
function* lines(text: string, headerEnd: number): Generator<[string, number]> {
  if (headerEnd < 0) return;
  let start = headerEnd + 1;
  let lineNo = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() !== '') yield [line, lineNo];
    start = end + 1;
  }
}

function forEachLine(text: string, headerEnd: number, fn: (line: string, lineNo: number) => void): void {
  for (const [line, lineNo] of lines(text, headerEnd)) fn(line, lineNo);
}
