/**
 * Response bodies on disk. httpDownload never holds an answer in memory: the body streams from the
 * socket (decompressed as it comes) into a file — the raw cache entry, or a temporary file for
 * answers the cache must not keep — and the caller reads it back as a stream (a large JSON-stat
 * answer) or whole (a small one). Parsing from the file rather than from the socket keeps retries
 * simple: a body cut off mid-way is fetched again before any parser has seen a byte of it.
 * Measured against parsing while downloading in docs/eurostat.md.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** How many leading bytes are kept in memory: enough to recognise HTML, an XML envelope or gzip. */
export const HEAD_BYTES = 4096;

export interface HttpBody {
  /** The file holding it: valid until release(). */
  readonly path: string;
  /** Size in bytes, decoded (as stored). */
  readonly bytes: number;
  /** The first HEAD_BYTES bytes (fewer for a shorter body). */
  readonly head: Buffer;
  /** The body as a stream, from its start. */
  open(): Readable;
  /** The whole body in memory, for small answers. */
  buffer(): Buffer;
  /** Removes a temporary body; nothing for a raw cache entry, which stays for the next run. */
  release(): void;
}

/** Where a body is written as it arrives: a raw cache entry (CacheBodyWriter) or a temporary file. */
export interface BodyWriter {
  write(chunk: Buffer): void;
  abort(): void;
}

/** A body in a file; `temporary` ones are removed by release(). */
export function fileBody(path: string, bytes: number, head: Buffer, temporary: boolean): HttpBody {
  return {
    path,
    bytes,
    head,
    open: () => createReadStream(path, { highWaterMark: 1 << 16 }),
    buffer: () => readFileSync(path),
    release: () => {
      if (temporary) rmSync(join(path, '..'), { recursive: true, force: true });
    },
  };
}

/** A file kept on disk (a raw cache entry) as a body: its first bytes are read for the head. */
export function storedBody(path: string, bytes: number): HttpBody {
  const head = Buffer.alloc(Math.min(HEAD_BYTES, bytes));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return fileBody(path, bytes, head, false);
}

/** A temporary file of its own folder (env LMI_STAGE_DIR, else the system's), for answers not cached. */
export class TempBodyWriter implements BodyWriter {
  readonly path: string;
  private readonly fd: number;
  private closed = false;

  constructor() {
    this.path = join(mkdtempSync(join(process.env.LMI_STAGE_DIR ?? tmpdir(), 'lmi-body-')), 'body');
    this.fd = openSync(this.path, 'w');
  }

  write(chunk: Buffer): void {
    writeSync(this.fd, chunk);
  }

  /** Closes the file; the body is then read with fileBody(path, …, true). */
  finish(): void {
    this.close();
  }

  abort(): void {
    this.close();
    rmSync(join(this.path, '..'), { recursive: true, force: true });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Raised when no byte of the body arrives for `idleMs`: the upstream stalled mid-answer. */
export class BodyStalled extends Error {
  constructor(idleMs: number) {
    super(`no data for ${idleMs} ms while receiving the body`);
  }
}

/**
 * Copies `stream` into `writer`, keeping the first HEAD_BYTES bytes. Never rejects: a stream that fails,
 * or stalls for `idleMs` (BodyStalled), is reported in `error` with what had arrived, and the caller
 * aborts the writer. The request's socket timeout no longer applies once the headers are in, so the
 * stall is watched here.
 */
export async function receiveBody(stream: Readable, writer: BodyWriter, idleMs: number): Promise<{ bytes: number; head: Buffer; error?: unknown }> {
  let bytes = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  // Destroying a socket's stream surfaces as whatever the socket reports ('aborted'): remember why.
  let stalled: BodyStalled | undefined;
  const watch = () => {
    if (timer) clearTimeout(timer);
    if (idleMs > 0) {
      timer = setTimeout(() => {
        stalled = new BodyStalled(idleMs);
        stream.destroy(stalled);
      }, idleMs);
    }
  };
  try {
    watch();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      watch();
      writer.write(chunk);
      bytes += chunk.length;
      if (headBytes < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headBytes);
        head.push(Buffer.from(part)); // a copy: the chunk itself is not kept alive
        headBytes += part.length;
      }
    }
    // A stream destroyed by the stall timer may end its iteration without an error.
    return { bytes, head: Buffer.concat(head), ...(stalled ? { error: stalled } : {}) };
  } catch (error) {
    return { bytes, head: Buffer.concat(head), error: stalled ?? error };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The first `max` bytes of an error answer's stream, then the stream is discarded (frees the socket). */
export async function readHead(stream: Readable, max = HEAD_BYTES, idleMs = 5_000): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  const timer = setTimeout(() => stream.destroy(), idleMs);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      got += chunk.length;
      if (got >= max) break;
    }
  } catch {
    // a cut-off error page: what arrived is enough to describe it
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, max);
}
