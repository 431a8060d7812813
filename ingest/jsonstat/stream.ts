/**
 * Streams JSON-stat bodies (a file, or a downloaded answer, which is on disk too) through the one
 * JSON-stat reader into a cell stage, so that neither the text nor the parsed document is ever held
 * whole: memory stays flat as the file grows (figures in docs/eurostat.md). Gzip is recognised by its
 * magic bytes and inflated as it streams. Shared by Eurostat (one document, part 0) and PX-Web (the
 * answers of a split query, one part each). A body that is not a JSON object (TSV, SDMX-CSV, an HTML
 * page) is handed back undecoded, for the whole-file parsers that read those formats.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { IngestError } from '../../data/errors.js';
import type { HttpBody } from '../core/http-body.js';
import { onLocalFile } from '../core/local-file.js';
import { JsonStatDecoder, type JsonStatHeader } from './decoder.js';
import { CellStage } from './stage.js';

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

/** The chunks of a file on disk, inflated when it is gzip. */
export function fileChunks(path: string): Readable {
  const head = Buffer.alloc(2);
  const fd = onLocalFile(path, (p) => openSync(p, 'r'));
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return plain(createReadStream(path, { highWaterMark: 1 << 16 }), isGzip(head));
}

/** The chunks of a downloaded answer, inflated when it is gzip. */
export const bodyChunks = (body: HttpBody): Readable => plain(body.open(), isGzip(body.head));

/**
 * Decodes `chunks` into `part` of `stage`. Resolves undefined (and stages nothing) when the body does
 * not start as a JSON object; a body cut off, malformed or not JSON-stat rejects with its IngestError.
 * The stage stays the caller's to close, whatever happens.
 */
export async function decodeIntoStage(chunks: AsyncIterable<Buffer | string>, stage: CellStage, part: number, where: string): Promise<JsonStatHeader | undefined> {
  try {
    const decoder = new JsonStatDecoder(stage.sink(part), where);
    let sniffed = false;
    for await (const chunk of chunks) {
      if (!sniffed) {
        const text = (typeof chunk === 'string' ? chunk : chunk.subarray(0, 64).toString('utf8')).replace(/^\uFEFF/, '').trimStart();
        if (text === '') continue;
        if (!text.startsWith('{')) return undefined;
        sniffed = true;
      }
      decoder.write(chunk);
    }
    const header = decoder.end();
    stage.flush();
    return header;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    // A gzip stream that stops early, or a read error of the file
    const message = (err as Error).message;
    if (/unexpected end of file|Z_BUF_ERROR/i.test(message)) throw new IngestError('truncated', `${where}: the gzip data ends before it is complete (${message})`);
    throw new IngestError('input', `${where}: ${message}`);
  }
}

/** One document into a new stage (part 0); the stage is removed when the body fails or is not JSON. */
export async function stageJsonStat(chunks: AsyncIterable<Buffer | string>, where: string): Promise<StagedJsonStat | undefined> {
  const stage = new CellStage();
  try {
    const header = await decodeIntoStage(chunks, stage, 0, where);
    if (header) return { header, stage };
    stage.close();
    return undefined;
  } catch (err) {
    stage.close();
    throw err;
  }
}

/** A file on disk, streamed (gzip or not). */
export async function stageJsonStatFile(path: string): Promise<StagedJsonStat | undefined> {
  return stageJsonStat(fileChunks(path), path);
}

/** A downloaded answer (on disk, gzip or not), streamed. */
export async function stageJsonStatBody(body: HttpBody, where: string): Promise<StagedJsonStat | undefined> {
  return stageJsonStat(bodyChunks(body), where);
}
