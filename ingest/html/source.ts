/**
 * HTML tables on national statistics pages with no API: fetch the page (or read a saved copy),
 * parse the configured table with cheerio (structure checked first, see parse.ts), load the series
 * store in one transaction.
 */
import { readLocalFile } from '../core/local-file.js';
import { httpRequest } from '../core/http.js';
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { ParsedDataset } from '../../data/series-model.js';
import { datasetSource, ingestDataset } from '../national/dataset-source.js';
import { parseHtmlTable } from './parse.js';
import type { HtmlOptions } from './source-type.js';


export interface HtmlRaw {
  url: string;
  html: string;
  /** The page was a 304 from the raw cache. */
  notModified: boolean;
}

/** Decodes with the charset the server names (many older statistics pages are ISO-8859-1). */
function decode(body: Buffer, contentType: string | undefined): string {
  const charset = contentType?.match(/charset=([^;\s]+)/i)?.[1]?.replace(/"/g, '') ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return body.toString('utf8'); // an unknown charset label: UTF-8 is the likeliest truth
  }
}

export async function fetchHtml(o: HtmlOptions): Promise<HtmlRaw> {
  // 'text': an HTML page is what is expected here, not an error page in place of data
  const res = await httpRequest({ url: o.url, expect: 'text' });
  return { url: o.url, html: decode(res.body, res.headers['content-type']), notModified: res.notModified === true };
}

export function parseHtml(raw: HtmlRaw, o: HtmlOptions): ParsedDataset {
  return parseHtmlTable(raw.html, o, { code: o.dataset, title: o.title, sourceUrl: o.url, attribution: o.attribution ?? `Source: ${new URL(o.url).host}` }, raw.url);
}

export const htmlSource = datasetSource<HtmlRaw, HtmlOptions>('html', (o) => fetchHtml(o), parseHtml);

/** Fetches the page, or reads `fromFile` (a saved copy of it) instead. */
export async function ingestHtml(o: HtmlOptions, ctx: IngestContext, fromFile?: string): Promise<LoadSummary> {
  let saved: HtmlRaw | undefined;
  if (fromFile) {
    saved = { url: fromFile, html: readLocalFile(fromFile, 'utf8'), notModified: false };
  }
  return ingestDataset(htmlSource, o, ctx, saved);
}
