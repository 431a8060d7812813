/**
 * Eurostat SDMX-CSV (1.0 `DATAFLOW,...` and 2.0 `STRUCTURE,STRUCTURE_ID,...`) -> ParsedDataset,
 * with or without label columns. With labels ("labels: both") every code column is followed by its
 * label column: `geo,Geopolitical entity (reporting),...,OBS_FLAG,Observation status (Flag) V2 structure`.
 * The flag kept is OBS_FLAG, with CONF_STATUS appended after a bar when present ('|C'), which is
 * how the JSON-stat API writes the same cell, so both formats store identical flags.
 */
import { parse } from 'csv-parse/sync';
import { IngestError } from '../../data/errors.js';
import { normalisePeriod } from '../../data/periods.js';
import type { DatasetDimension, Observation, ParsedDataset } from '../../data/series-model.js';
import { eurostatFlagLabel } from '../../data/eurostat-flags.js';

export interface SdmxCsvOptions {
  /** Default: from STRUCTURE_ID / DATAFLOW ('ESTAT:UNE_RT_M(1.0)' -> 'une_rt_m'). */
  code?: string;
  sourceUrl?: string | null;
  updated?: string | null;
}

/** Columns that are not dimensions. */
const META_COLUMNS = new Set(['STRUCTURE', 'STRUCTURE_ID', 'STRUCTURE_NAME', 'ACTION', 'DATAFLOW', 'LAST UPDATE', 'freq_label']);

/** True when a header row looks like SDMX-CSV (used to detect the format of a file). */
export function looksLikeSdmxCsv(firstLine: string): boolean {
  return /^(STRUCTURE,STRUCTURE_ID|DATAFLOW,)/.test(firstLine.replace(/^\uFEFF/, '')) && /\bOBS_VALUE\b/.test(firstLine);
}

export function parseSdmxCsv(input: string | Buffer, options: SdmxCsvOptions = {}): ParsedDataset {
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let rows: string[][];
  try {
    // Arrays, not objects per row: the file is held once, as compactly as csv-parse allows.
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new IngestError('invalid', `not valid CSV: ${(err as Error).message}`);
  }
  const header = rows[0];
  if (!header) throw new IngestError('empty', 'the SDMX-CSV file is empty');
  const col = (name: string) => header.indexOf(name);
  const timeCol = col('TIME_PERIOD');
  const valueCol = col('OBS_VALUE');
  if (timeCol < 0 || valueCol < 0) throw new IngestError('schema', `not SDMX-CSV: no TIME_PERIOD/OBS_VALUE column in ${header.slice(0, 6).join(',')}…`);
  const flagCol = col('OBS_FLAG');
  const confCol = col('CONF_STATUS');
  // With labels, the column after TIME_PERIOD is its label ('Time'), not OBS_VALUE.
  const withLabels = header[timeCol + 1] !== 'OBS_VALUE';
  const structureCol = Math.max(col('STRUCTURE_ID'), col('DATAFLOW'));
  const nameCol = col('STRUCTURE_NAME');

  const dimCols: { id: string; column: number; labelColumn: number | null }[] = [];
  for (let c = 0; c < timeCol; c++) {
    if (META_COLUMNS.has(header[c]!)) continue;
    dimCols.push({ id: header[c]!, column: c, labelColumn: withLabels ? c + 1 : null });
    if (withLabels) c++;
  }
  const dimLabel = (d: { id: string; labelColumn: number | null }) => (d.labelColumn !== null ? header[d.labelColumn] || d.id : d.id);

  const first = rows[1];
  const structure = first && structureCol >= 0 ? first[structureCol] ?? '' : '';
  const code = options.code ?? structure.match(/:([A-Za-z0-9_$-]+)\(/)?.[1]?.toLowerCase();
  if (!code) throw new IngestError('input', 'the SDMX-CSV file does not name its dataset: give the dataset code');
  if (rows.length < 2) throw new IngestError('empty', `${code}: the SDMX-CSV file has a header and no data rows`);

  const codeLabels = dimCols.map(() => new Map<string, string>());
  const periods = new Set<string>();
  const flags: Record<string, string> = {};
  const flagLabelCol = flagCol >= 0 && withLabels ? flagCol + 1 : -1;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    dimCols.forEach((d, i) => {
      const c = row[d.column] ?? '';
      if (!codeLabels[i]!.has(c)) codeLabels[i]!.set(c, (d.labelColumn !== null ? row[d.labelColumn] : '') || c);
    });
    periods.add(normalisePeriod(row[timeCol] ?? ''));
    const flag = flagOf(row, flagCol, confCol);
    if (flag && !(flag in flags)) {
      const upstream = flagLabelCol >= 0 ? row[flagLabelCol] : '';
      flags[flag] = upstream || eurostatFlagLabel(flag) || flag;
    }
  }

  const dimensions: DatasetDimension[] = [
    ...dimCols.map((d, i) => ({
      id: d.id,
      label: dimLabel(d),
      role: d.id === 'geo' ? ('geo' as const) : null,
      codes: [...codeLabels[i]!].map(([c, label]) => ({ code: c, label })),
    })),
    { id: 'time', label: withLabels ? header[timeCol + 1] || 'Time' : 'Time', role: 'time', codes: [...periods].sort().map((p) => ({ code: p, label: p })) },
  ];

  function* observations(): Generator<Observation> {
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r]!;
      const rawValue = (row[valueCol] ?? '').trim();
      const flag = flagOf(row, flagCol, confCol);
      if (rawValue === '' && !flag) continue;
      let value: number | null = null;
      if (rawValue !== '' && rawValue !== ':' && rawValue !== 'NaN') {
        value = Number(rawValue);
        if (!Number.isFinite(value)) throw new IngestError('invalid', `${code}: row ${r + 1}: OBS_VALUE ${JSON.stringify(rawValue)} is not a number`);
      }
      yield { codes: dimCols.map((d) => row[d.column] ?? ''), period: normalisePeriod(row[timeCol] ?? ''), value, flag };
    }
  }

  return {
    code,
    source: 'eurostat',
    title: (first && nameCol >= 0 ? first[nameCol] : '') || code,
    sourceUrl: options.sourceUrl ?? null,
    updated: options.updated ?? null,
    timeDim: 'time',
    dimensions,
    flags,
    cellCount: rows.length - 1,
    observations,
    extension: { format: 'sdmx-csv', structure: structure || null, labels: withLabels },
  };
}

function flagOf(row: string[], flagCol: number, confCol: number): string | null {
  const obs = flagCol >= 0 ? (row[flagCol] ?? '').trim() : '';
  const conf = confCol >= 0 ? (row[confCol] ?? '').trim() : '';
  if (conf && conf !== 'F') return `${obs}|${conf}`; // F = free for publication: no flag
  return obs || null;
}
