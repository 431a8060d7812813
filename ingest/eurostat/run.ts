/**
 * One Eurostat dataset ingest: fetch (live API or a local file) -> parse (format detected from the
 * content) -> load (one transaction in the series store). Used by the CLI and the scheduler.
 */
import { basename } from 'node:path';
import { IngestError } from '../../data/errors.js';
import { readLocalFile } from '../core/local-file.js';
import { normalisePeriod } from '../../data/periods.js';
import type { IngestContext, SourceModule } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import type { DatasetDimension, ParsedDataset } from '../../data/series-model.js';
import { loadDataset, unchangedRun } from '../../data/series-write.js';
import { fetchEurostat, type EurostatDownload, type EurostatQuery } from './fetch.js';
import { describeJsonStat, jsonStatDataset, parseJsonStat } from './parse-jsonstat.js';
import { looksLikeSdmxCsv, parseSdmxCsv } from './parse-sdmx-csv.js';
import { decodeText, parseEurostatTsv } from './parse-tsv.js';
import { stageJsonStatBody, stageJsonStatFile, type StagedJsonStat } from '../jsonstat/stream.js';

export interface EurostatOptions extends EurostatQuery {
  /** Load this downloaded file instead of calling the API. */
  from?: string;
}

export type EurostatFormat = 'jsonstat' | 'tsv' | 'sdmx-csv';

/** Recognises the format from the (decompressed) content: JSON object, TSV key header, SDMX-CSV header. */
export function detectFormat(text: string, name = ''): EurostatFormat {
  const start = text.trimStart();
  if (start.startsWith('{')) return 'jsonstat';
  const firstLine = start.slice(0, Math.max(0, start.indexOf('\n')) || start.length).replace(/\r$/, '');
  if (looksLikeSdmxCsv(firstLine)) return 'sdmx-csv';
  if (/\\(time|TIME_PERIOD)\s*\t/i.test(firstLine)) return 'tsv';
  if (/<(html|!doctype)/i.test(start.slice(0, 200))) throw new IngestError('html', `${name || 'the input'} is an HTML page, not data`);
  throw new IngestError('input', `${name || 'the input'}: not a format Eurostat ingest reads (JSON-stat 2.0, Eurostat TSV, SDMX-CSV)`);
}

/** The dataset code a downloaded file's name suggests: 'estat_lfsa_egised.tsv.gz' -> 'lfsa_egised'. */
export function codeFromFileName(file: string): string {
  return basename(file)
    .replace(/\.(gz)$/i, '')
    .replace(/\.(tsv|csv|json|txt)$/i, '')
    .replace(/^estat_/i, '')
    .toLowerCase();
}

/** Parses bytes of any supported format. `code` overrides the code the content or file name gives. */
export function parseEurostatBytes(bytes: Buffer, opts: { code?: string; sourceUrl?: string | null; name?: string }): ParsedDataset {
  const text = decodeText(bytes);
  const format = detectFormat(text, opts.name);
  if (format === 'jsonstat') return parseJsonStat(text, { code: opts.code, sourceUrl: opts.sourceUrl });
  if (format === 'sdmx-csv') return parseSdmxCsv(text, { code: opts.code, sourceUrl: opts.sourceUrl });
  const code = opts.code ?? (opts.name ? codeFromFileName(opts.name) : undefined);
  if (!code) throw new IngestError('input', 'a TSV file does not name its dataset: give the dataset code');
  return parseEurostatTsv(text, { code, sourceUrl: opts.sourceUrl });
}

/**
 * Keeps only the given countries and periods from `since` on (for files, which are not filtered
 * upstream). Dimension codes are narrowed too, so the store lists only what it holds.
 */
export function filterDataset(parsed: ParsedDataset, f: { geo?: string[]; since?: string }): ParsedDataset {
  const geo = f.geo?.length ? new Set(f.geo) : undefined;
  const since = f.since ? normalisePeriod(f.since) : undefined;
  if (!geo && !since) return parsed;
  const nonTime = parsed.dimensions.filter((d) => d.id !== parsed.timeDim);
  const geoIndex = nonTime.findIndex((d) => d.id === 'geo' || d.role === 'geo');
  if (geo && geoIndex < 0) throw new IngestError('input', `${parsed.code}: --geo given but the dataset has no geo dimension`);
  const unknown = geo ? [...geo].filter((g) => !nonTime[geoIndex]!.codes.some((c) => c.code === g)) : [];
  if (geo && unknown.length === geo.size) {
    throw new IngestError('empty', `${parsed.code}: none of the countries ${[...geo].join(', ')} is in the file; nothing loaded`);
  }
  const dimensions: DatasetDimension[] = parsed.dimensions.map((d) => {
    if (geo && d === nonTime[geoIndex]) return { ...d, codes: d.codes.filter((c) => geo.has(c.code)) };
    if (since && d.id === parsed.timeDim) return { ...d, codes: d.codes.filter((c) => c.code >= since) };
    return d;
  });
  const source = parsed.observations;
  return {
    ...parsed,
    dimensions,
    cellCount: undefined,
    *observations() {
      for (const o of source.call(parsed)) {
        if (geo && !geo.has(o.codes[geoIndex]!)) continue;
        if (since && o.period < since) continue;
        yield o;
      }
    },
  };
}

interface EurostatRaw {
  download?: EurostatDownload;
  file?: { path: string; bytes: Buffer };
  /** A JSON-stat body (file or download) already streamed into a cell stage. */
  staged?: StagedJsonStat & { sourceUrl: string; fromFile: boolean };
}

export const eurostatSource: SourceModule<EurostatRaw, ParsedDataset, EurostatOptions> = {
  kind: 'eurostat',
  async fetch(options, ctx) {
    if (options.from) {
      // JSON-stat streams from the file; TSV and SDMX-CSV are read whole by their parsers.
      const staged = await stageJsonStatFile(options.from);
      if (staged) return { staged: { ...staged, sourceUrl: options.from, fromFile: true } };
      return { file: { path: options.from, bytes: readLocalFile(options.from) } };
    }
    return { download: await fetchEurostat(options, ctx.log) };
  },
  parse(raw, options) {
    if (raw.staged) {
      const { header, stage, sourceUrl, fromFile } = raw.staged;
      const code = fromFile ? options.code || undefined : options.code;
      const parsed = jsonStatDataset(describeJsonStat(header, { code, sourceUrl }), () => stage.cells(0));
      return fromFile ? filterDataset(parsed, options) : parsed;
    }
    if (raw.file) {
      const parsed = parseEurostatBytes(raw.file.bytes, { code: options.code || undefined, sourceUrl: raw.file.path, name: raw.file.path });
      return filterDataset(parsed, options);
    }
    const d = raw.download!;
    // The API answer is already filtered upstream.
    return parseEurostatBytes(d.body.buffer(), { code: options.code, sourceUrl: d.url, name: options.code });
  },
  load(db, parsed, _options, ctx) {
    return loadDataset(db, parsed, ctx.log);
  },
};

/** The work of one run: fetch, parse, load; 'unchanged' when Eurostat says 304 and the dataset is loaded. */
export async function ingestEurostatDataset(ctx: IngestContext, options: EurostatOptions): Promise<LoadSummary> {
  const raw = await eurostatSource.fetch(options, ctx);
  try {
    const unchanged = unchangedRun(ctx.db, options.code, raw.download?.notModified === true);
    if (unchanged) return unchanged;
    if (raw.download) {
      // A JSON-stat answer streams from its file on disk into the stage: neither its bytes, its text
      // nor a parsed document is held; other bodies (TSV, SDMX-CSV) go to the whole-file parsers.
      const staged = await stageJsonStatBody(raw.download.body, options.code);
      if (staged) raw.staged = { ...staged, sourceUrl: raw.download.url, fromFile: false };
    }
    const parsed = await eurostatSource.parse(raw, options);
    // The parsed form holds what the load needs: let the file's bytes go before the long load.
    raw.file = undefined;
    return eurostatSource.load(ctx.db, parsed, options, ctx);
  } finally {
    raw.staged?.stage.close();
    raw.download?.body.release();
  }
}
