/**
 * UK Nomis (official UK labour market statistics: claimant count, annual population survey, …):
 * fetch pages the CSV API past its row limit (RecordOffset / RecordLimit, at most 25,000 rows a
 * call); parse turns the pages into one ParsedDataset; load writes it to the series store.
 */
import { basename } from 'node:path';
import { IngestError } from '../../data/errors.js';
import { readLocalFile } from '../core/local-file.js';
import { httpRequest } from '../core/http.js';
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { ParsedDataset } from '../../data/series-model.js';
import { datasetSource, ingestDataset } from '../national/dataset-source.js';
import { loadDataset } from '../../data/series-write.js';
import { nomisDataset, parseNomisCsv, type NomisPage } from './parse.js';
import type { NomisOptions } from './source-type.js';

export const NOMIS_ATTRIBUTION = 'Source: Office for National Statistics via Nomis (Open Government Licence v3.0)';

/** Env LMI_NOMIS_URL, else the real service. */
export const nomisBaseUrl = () => process.env.LMI_NOMIS_URL ?? 'https://www.nomisweb.co.uk';

export interface NomisRaw {
  url: string;
  pages: NomisPage[];
  /** Every page was a 304 from the raw cache. */
  notModified: boolean;
}

/** The data URL without paging, e.g. https://www.nomisweb.co.uk/api/v01/dataset/NM_162_1.data.csv?geography=…. */
export function nomisDataUrl(o: NomisOptions): string {
  const url = new URL(`${(o.baseUrl ?? nomisBaseUrl()).replace(/\/+$/, '')}/api/v01/dataset/${o.table.toUpperCase()}.data.csv`);
  for (const [k, v] of Object.entries(o.params)) {
    if (/^record(offset|limit)$/i.test(k)) throw new IngestError('input', `nomis '${o.dataset}': do not set ${k}, paging is done by the tool`);
    url.searchParams.set(k, String(v));
  }
  return url.toString();
}

export async function fetchNomis(o: NomisOptions, ctx: IngestContext): Promise<NomisRaw> {
  const base = nomisDataUrl(o);
  const pages: NomisPage[] = [];
  let offset = 0;
  let total: number | null = null;
  let notModified = true;
  for (;;) {
    const url = new URL(base);
    url.searchParams.set('RecordOffset', String(offset));
    url.searchParams.set('RecordLimit', String(o.pageSize));
    const res = await httpRequest({ url: url.toString(), expect: 'csv' });
    const page = parseNomisCsv(res.body.toString('utf8'), url.toString());
    pages.push(page);
    notModified &&= res.notModified === true;
    offset += page.rows.length;
    total ??= page.recordCount;
    if (total !== null) ctx.log.progress(`${o.dataset}: rows`, offset, total);
    // RECORD_COUNT says how many rows the whole query has; without it, a short page is the last.
    const done = total !== null ? offset >= total : page.rows.length < o.pageSize;
    if (done) break;
    if (page.rows.length === 0) {
      throw new IngestError('truncated', `${url}: an empty page at row ${offset} of ${total ?? '?'}: the answer stopped early`, { url: url.toString() });
    }
  }
  return { url: base, pages, notModified };
}

export function parseNomis(raw: NomisRaw, o: NomisOptions): ParsedDataset {
  return nomisDataset(raw.pages, { code: o.dataset, source: 'nomis', title: o.title ?? `Nomis ${o.table.toUpperCase()}`, sourceUrl: raw.url, attribution: NOMIS_ATTRIBUTION, extension: { nomisDataset: o.table.toUpperCase(), params: o.params } }, raw.url);
}

export const nomisSource = datasetSource<NomisRaw, NomisOptions>('nomis', fetchNomis, parseNomis);

export async function ingestNomis(o: NomisOptions, ctx: IngestContext): Promise<LoadSummary> {
  return ingestDataset(nomisSource, o, ctx);
}

/**
 * Saved answers of the data API (one file, or every page of a query past 25,000 rows) read as the
 * pages a fetch would return. Files with fewer rows than the query's RECORD_COUNT fail as
 * 'truncated' (loading part of a query would silently drop cells), with more as 'input'.
 */
export function readNomisFiles(files: string[]): NomisRaw {
  const pages = files.map((file) => {
    return parseNomisCsv(readLocalFile(file, 'utf8'), file);
  });
  const rows = pages.reduce((n, p) => n + p.rows.length, 0);
  const total = pages[0]?.recordCount ?? null;
  if (total !== null && rows < total) {
    throw new IngestError('truncated', `${files.join(', ')}: ${rows} of the query's ${total} rows (RECORD_COUNT); save every page (RecordOffset=0, 25000, …) and give them all to --from`);
  }
  if (total !== null && rows > total) {
    throw new IngestError('input', `${files.join(', ')}: ${rows} rows but the query has ${total} (RECORD_COUNT): a page given twice, or pages of different queries?`);
  }
  return { url: files.map((f) => `file:${f}`).join(' '), pages, notModified: false };
}

/** The Nomis dataset id in a row's URN ('Nm-162d1d…' is NM_162_1), so a saved file names its table. */
export function nomisTableOfUrn(raw: NomisRaw): string | null {
  const page = raw.pages[0];
  const at = page?.header.indexOf('URN') ?? -1;
  const m = at >= 0 ? /^Nm-(\d+)d(\d+)d/i.exec(page?.rows[0]?.[at] ?? '') : null;
  return m ? `NM_${m[1]}_${m[2]}` : null;
}

/**
 * `lmi ingest nomis [id] --from FILE…`: saved data-API CSV files loaded the same way as a fetch. With
 * a config entry its options (title, dataset id) apply; without, `dataset` names it.
 */
export async function ingestNomisFiles(files: string[], target: NomisOptions | { dataset: string; title?: string | undefined }, ctx: IngestContext): Promise<LoadSummary> {
  const raw = readNomisFiles(files);
  if ('table' in target) return ingestDataset(nomisSource, target, ctx, raw);
  const table = nomisTableOfUrn(raw);
  const parsed = nomisDataset(raw.pages, {
    code: target.dataset,
    source: 'nomis',
    title: target.title ?? (table ? `Nomis ${table}` : `Nomis data (${basename(files[0]!)})`),
    sourceUrl: raw.url,
    attribution: NOMIS_ATTRIBUTION,
    extension: table ? { nomisDataset: table } : undefined,
  }, files.join(', '));
  return loadDataset(ctx.db, parsed, ctx.log);
}
