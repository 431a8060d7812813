/**
 * One ESCO CSV ingest: locate the download, then stream its files into the load (each record written
 * as it is read, in one transaction). Used by the CLI and the scheduler.
 */
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import { openEscoDownloads } from './fetch.js';
import { loadEscoStreamed } from './load.js';
import { readEscoCsv } from './parse.js';

export interface EscoIngestOptions {
  /** Folder, .zip or URL of the official ESCO CSV download; several when it comes in parts (a language's zip and the relations zip). */
  from: string | readonly string[];
  /** Languages to load; default: all in the download. */
  languages?: string[];
}

export async function ingestEscoCsv(ctx: IngestContext, opts: EscoIngestOptions): Promise<LoadSummary> {
  const download = await openEscoDownloads(typeof opts.from === 'string' ? [opts.from] : opts.from);
  try {
    ctx.log.info(`reading ${download.files.length} CSV files from ${download.location}${download.version ? ` (ESCO ${download.version})` : ''}`);
    return await loadEscoStreamed(ctx.db, (sink) => readEscoCsv(download, sink, { languages: opts.languages, log: ctx.log }), { log: ctx.log, upstreamUrl: download.location });
  } finally {
    await download.close();
  }
}

