/**
 * UK Nomis API CSV (`/api/v01/dataset/NM_….data.csv`). Every dimension X comes as columns X, X_NAME,
 * X_CODE, X_TYPE, X_TYPECODE, X_SORTORDER (X_CODE absent for some, e.g. MEASURES); then OBS_VALUE,
 * OBS_STATUS (A = normal value, Q = missing, …) with OBS_STATUS_NAME, OBS_CONF (F = free of disclosure,
 * anything else = confidential) with OBS_CONF_NAME, URN, and the paging columns RECORD_OFFSET and
 * RECORD_COUNT. DATE is the time dimension ('2024-03', '2023').
 * Pure: CSV text in, rows / ParsedDataset out.
 */
import { parse } from 'csv-parse/sync';
import { IngestError } from '../../data/errors.js';
import { DatasetBuilder, type DatasetMeta } from '../national/dataset-builder.js';
import type { ParsedDataset } from '../../data/series-model.js';

/** Columns that describe the observation, not a dimension. */
const NOT_DIMENSIONS = new Set(['DATE', 'OBS_STATUS', 'OBS_CONF', 'OBS_VALUE', 'URN', 'RECORD_OFFSET', 'RECORD_COUNT']);
const REQUIRED = ['DATE', 'DATE_NAME', 'OBS_VALUE'];
/** OBS_STATUS of an ordinary figure: not stored as a flag, so flags stand out. */
const NORMAL_STATUS = 'A';
/** OBS_CONF of a figure free of disclosure control; any other code marks it confidential. */
const FREE_CONF = 'F';

/**
 * The flag of one Nomis cell, or null for an ordinary free figure. A status other than A is kept
 * with its name as the label; a confidential cell (OBS_CONF not F) gets its OBS_CONF code after a
 * bar, the convention the store already uses for Eurostat's confidentiality ('|C', 'b|C'), so a
 * suppressed figure is never shown as a plain gap.
 */
export function nomisFlag(status: string, statusName: string, conf: string, confName: string): { code: string; label: string } | null {
  const obs = status && status !== NORMAL_STATUS ? status : '';
  const confidential = conf !== '' && conf !== FREE_CONF;
  if (!obs && !confidential) return null;
  const code = confidential ? `${obs}|${conf}` : obs;
  const labels = [obs ? statusName || obs : '', confidential ? confName || 'confidential' : ''].filter(Boolean);
  return { code, label: labels.join('; ') };
}

export interface NomisPage {
  header: string[];
  rows: string[][];
  /** RECORD_COUNT of the query (all pages), when the columns include it. */
  recordCount: number | null;
}

export function parseNomisCsv(text: string, where: string): NomisPage {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new IngestError('invalid', `${where}: not a readable CSV (${(err as Error).message})`);
  }
  if (records.length === 0) throw new IngestError('empty', `${where}: an empty answer (no header line)`);
  const header = records[0]!;
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new IngestError('schema', `${where}: not a Nomis data CSV, missing column(s) ${missing.join(', ')} (header: ${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''})`);
  }
  const rows = records.slice(1);
  const countAt = header.indexOf('RECORD_COUNT');
  const recordCount = countAt >= 0 && rows.length ? Number(rows[0]![countAt]) : null;
  return { header, rows, recordCount: recordCount !== null && Number.isFinite(recordCount) ? recordCount : null };
}

/** The dimensions of a Nomis CSV: every X with an X_NAME column, except the observation columns. */
export function nomisDimensions(header: string[]): string[] {
  const cols = new Set(header);
  return header.filter((c) => !NOT_DIMENSIONS.has(c) && cols.has(`${c}_NAME`));
}

export function nomisDataset(pages: NomisPage[], meta: DatasetMeta, where: string): ParsedDataset {
  const header = pages[0]!.header;
  for (const p of pages) {
    if (p.header.join(',') !== header.join(',')) throw new IngestError('schema', `${where}: the pages of the answer have different columns`);
  }
  const col = new Map(header.map((h, i) => [h, i]));
  const dims = nomisDimensions(header);
  const dimCols = dims.map((d) => ({ code: col.get(`${d}_CODE`) ?? col.get(d)!, raw: col.get(d)!, name: col.get(`${d}_NAME`)! }));
  const at = (name: string) => col.get(name);
  const [dateAt, dateNameAt, valueAt] = [at('DATE')!, at('DATE_NAME')!, at('OBS_VALUE')!];
  const cell = (r: string[], name: string) => {
    const i = at(name);
    return i === undefined ? '' : (r[i] ?? '').trim();
  };
  const builder = new DatasetBuilder(
    dims.map((d) => ({ id: d.toLowerCase(), label: d.toLowerCase().replace(/_/g, ' '), role: d === 'GEOGRAPHY' ? 'geo' : d === 'MEASURES' ? 'metric' : null })),
    { id: 'date', label: 'date' },
  );
  let line = 1;
  for (const page of pages) {
    for (const r of page.rows) {
      line++;
      const rawValue = r[valueAt]!.trim();
      const value = rawValue === '' ? null : Number(rawValue);
      if (value !== null && !Number.isFinite(value)) throw new IngestError('schema', `${where} row ${line}: OBS_VALUE '${rawValue}' is not a number`);
      const flag = nomisFlag(cell(r, 'OBS_STATUS'), cell(r, 'OBS_STATUS_NAME'), cell(r, 'OBS_CONF'), cell(r, 'OBS_CONF_NAME'));
      if (value === null && flag === null) continue;
      const codes = dimCols.map((c) => ({ code: r[c.code]!.trim() || r[c.raw]!.trim(), label: r[c.name]!.trim() }));
      builder.add(codes, { code: r[dateAt]!, label: r[dateNameAt]! }, value, flag);
    }
  }
  if (builder.size === 0) throw new IngestError('empty', `${where}: the answer holds no observation`);
  return builder.build(meta);
}
