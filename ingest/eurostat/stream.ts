/**
 * Streams a JSON-stat body (a file, or a downloaded answer, which is on disk too) through the one JSON-stat reader into a
 * cell stage, so that neither the text nor the parsed document is ever held whole: memory stays flat as
 * the file grows (figures in docs/eurostat.md). Gzip is recognised by its magic bytes and inflated as
 * it streams. Anything that is not a JSON object (TSV, SDMX-CSV, an HTML page) is handed back for the
 * whole-file parsers, which read those formats.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { IngestError } from '../../data/errors.js';
import type { HttpBody } from '../core/http-body.js';
import { onLocalFile } from '../core/local-file.js';
import { JsonStatDecoder, type JsonStatHeader } from '../jsonstat/decoder.js';
import { CellStage } from '../jsonstat/stage.js';

/** A document whose cells wait in `stage` (part 0) and whose header is complete. */
export interface StagedJsonStat {
  header: JsonStatHeader;
  stage: CellStage;
}

const isGzip = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** The decompressed chunks of `source` (gzip or not, as its first bytes say). */
function plain(source: Readable, gzip: boolean): Readable {
  if (!gzip) return source;
  const gunzip = createGunzip();
  source.once('error', (err) => gunzip.destroy(err));
  return source.pipe(gunzip);
}

/**
 * Decodes `chunks` into a new stage. Resolves undefined (and stages nothing) when the body does not
 * start as a JSON object; a body cut off, malformed or not JSON-stat rejects with its IngestError,
 * the stage removed.
 */
export async function stageJsonStat(chunks: AsyncIterable<Buffer | string>, where: string): Promise<StagedJsonStat | undefined> {
  const stage = new CellStage();
  try {
    const decoder = new JsonStatDecoder(stage.sink(0), where);
    let sniffed = false;
    for await (const chunk of chunks) {
      if (!sniffed) {
        const text = (typeof chunk === 'string' ? chunk : chunk.subarray(0, 64).toString('utf8')).replace(/^\uFEFF/, '').trimStart();
        if (text === '') continue;
        if (!text.startsWith('{')) {
          stage.close();
          return undefined;
        }
        sniffed = true;
      }
      decoder.write(chunk);
    }
    const header = decoder.end();
    stage.flush();
    return { header, stage };
  } catch (err) {
    stage.close();
    if (err instanceof IngestError) throw err;
    // A gzip stream that stops early, or a read error of the file
    const message = (err as Error).message;
    if (/unexpected end of file|Z_BUF_ERROR/i.test(message)) throw new IngestError('truncated', `${where}: the gzip data ends before it is complete (${message})`);
    throw new IngestError('input', `${where}: ${message}`);
  }
}

/** A file on disk, streamed (gzip or not). */
export async function stageJsonStatFile(path: string): Promise<StagedJsonStat | undefined> {
  const head = Buffer.alloc(2);
  const fd = onLocalFile(path, (p) => openSync(p, 'r'));
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return stageJsonStat(plain(createReadStream(path, { highWaterMark: 1 << 16 }), isGzip(head)), path);
}

/** A downloaded answer (on disk, gzip or not), streamed. */
export async function stageJsonStatBody(body: HttpBody, where: string): Promise<StagedJsonStat | undefined> {
  return stageJsonStat(plain(body.open(), isGzip(body.head)), where);
}
