/**
 * Streaming one CSV file of the ESCO download (the I/O around parse.ts's pure row mapping): csv-parse
 * reads it chunk by chunk (quoted multi-line cells, CRLF records with bare LF inside cells, ragged
 * rows) and each record goes to a callback as soon as it is read, so no file is ever held whole.
 */
import { parse as csvParse } from 'csv-parse';
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import type { EscoCsvFile } from './fetch.js';

/** One CSV record, keyed by column name. */
export type CsvRow = Record<string, string | undefined>;

/**
 * Columns a file must have. An entry 'a|b' accepts either name (ESCO v1.0.x called the ISCO group
 * code `iscoGroup`, later versions `code`); the first name present is used.
 */
export interface CsvSpec {
  required: string[];
  /** Ragged rows (skillsHierarchy omits trailing empty cells). */
  ragged?: boolean;
}

export function describeColumns(spec: CsvSpec): string {
  return spec.required.map((c) => c.replace('|', ' (or ') + (c.includes('|') ? ')' : '')).join(', ');
}

/**
 * Streams a CSV file, handing each record to `onRow`, after checking the header has the spec's
 * columns. A header mismatch is a 'schema' error naming the file, the missing and the expected
 * columns; a malformed or cut-off file is 'invalid'; a header without rows is 'empty'. Records go to a
 * callback rather than an async iterator: one promise per record would cost more than the parsing
 * itself on the 124k relation rows. `onRow` runs synchronously, so a reader that writes each record
 * (the streamed load) paces the parser: nothing queues up in memory.
 */
export async function readCsv(file: EscoCsvFile, spec: CsvSpec, onRow: (row: CsvRow) => void, log?: Logger): Promise<void> {
  let headerError: IngestError | null = null;
  const parser = csvParse({
    bom: true,
    relax_column_count: spec.ragged ?? false,
    skip_empty_lines: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      const missing = spec.required.filter((c) => !c.split('|').some((alt) => names.includes(alt)));
      if (missing.length) {
        headerError = new IngestError(
          'schema',
          `${file.path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected columns ${describeColumns(spec)} (found: ${names.join(', ') || 'nothing'})`,
        );
      }
      return names;
    },
  });
  const stream = await file.open();
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    // The reader's own errors (onRow: a bad value, a failed write) pass as they are; the parser's
    // and the stream's mean the file is not valid CSV.
    const fail = (err: unknown, fromRow = false) => {
      if (failed) return;
      failed = true;
      stream.unpipe(parser);
      stream.destroy();
      parser.destroy();
      reject(err instanceof IngestError || fromRow ? err : new IngestError('invalid', `${file.path}: not valid CSV: ${(err as Error).message}`, { cause: err }));
    };
    parser.on('data', (record: CsvRow) => {
      if (failed) return;
      if (headerError) return fail(headerError);
      n++;
      if (n % 10_000 === 0) log?.progress(`reading ${file.name}`, n);
      try {
        onRow(record);
      } catch (err) {
        fail(err, true);
      }
    });
    parser.once('error', fail);
    parser.once('end', () => (headerError ? fail(headerError) : resolve()));
    stream.once('error', fail);
    stream.pipe(parser);
  });
  if (n === 0) throw new IngestError('empty', `${file.path} has a header but no rows`);
  log?.progress(`reading ${file.name}`, n, n);
}
