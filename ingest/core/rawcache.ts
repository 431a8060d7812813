/**
 * The raw payload cache: every upstream answer that httpRequest accepted, kept on disk under
 * `data/raw/` (env LMI_RAW_DIR) with its HTTP validators (ETag, Last-Modified) and fetch time.
 * It serves two purposes:
 *   - conditional requests: an unchanged upstream answers 304 and is not downloaded again;
 *   - `lmi reparse`: tables are rebuilt from the cached payloads with no network (cache-only mode).
 * Entries are keyed by the normalised request (method, URL with sorted query, hash of the body), so
 * the same request always finds the same entry whatever order the ingester built its query in.
 * Writes go to a temp file and are renamed into place, so a killed process never leaves half a body.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { IngestError } from '../../data/errors.js';

export interface CacheMeta {
  /** The normalised request the key was computed from. */
  request: string;
  url: string;
  method: string;
  status: number;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  fetchedAt: string;
  /** When a 304 last confirmed the body is still current. */
  validatedAt?: string;
  bytes: number;
  sha256: string;
}

export interface CachedPayload {
  meta: CacheMeta;
  body: Buffer;
}

/** normal: conditional requests + store; only: never touch the network (reparse); off: bypass. */
export type CacheMode = 'normal' | 'only' | 'off';

/** The cache folder: env LMI_RAW_DIR, else data/raw under the working directory. */
export function rawDir(): string {
  return resolve(process.env.LMI_RAW_DIR ?? join('data', 'raw'));
}

/** JSON with object keys sorted, so two equal bodies hash the same whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * `GET https://host/path?a=1&b=2` with the query sorted (by name, then value), the host lowercased
 * and the fragment dropped; a body adds ` sha256:<hash of its canonical JSON>`.
 */
export function normaliseRequest(method: string, url: string, body?: unknown): string {
  const u = new URL(url);
  u.hash = '';
  const params = [...u.searchParams.entries()].sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  u.search = '';
  for (const [k, v] of params) u.searchParams.append(k, v);
  const base = `${method.toUpperCase()} ${u.toString()}`;
  return body === undefined ? base : `${base} sha256:${sha256(canonicalJson(body))}`;
}

export function cacheKey(normalisedRequest: string): string {
  return sha256(normalisedRequest);
}

export function entryPaths(key: string, dir = rawDir()): { body: string; meta: string; dir: string } {
  // Two-character fan-out keeps directories small when a source makes thousands of requests.
  const sub = join(dir, key.slice(0, 2));
  return { dir: sub, body: join(sub, `${key}.body`), meta: join(sub, `${key}.json`) };
}

/**
 * The entry's meta (validators, size, hash) without reading its body: what a conditional request
 * needs. The body file only has to exist with the recorded size; its hash is checked when the body is
 * actually used (a 304, cache-only mode), so an unchanged 200 MB payload is not hashed before every
 * request. Undefined when there is no usable entry.
 */
export function readCacheMeta(key: string): CacheMeta | undefined {
  const p = entryPaths(key);
  try {
    const meta = JSON.parse(readFileSync(p.meta, 'utf8')) as CacheMeta;
    return statSync(p.body).size === meta.bytes ? meta : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entry with its body, verified against the recorded size and hash: a body that does not match
 * (disk trouble, manual edit) is not trusted and reads as no entry.
 */
export function readCache(key: string): CachedPayload | undefined {
  const meta = readCacheMeta(key);
  if (!meta) return undefined;
  try {
    const body = readFileSync(entryPaths(key).body);
    return body.length === meta.bytes && sha256(body) === meta.sha256 ? { meta, body } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The body of an entry as a stream, for bodies too large to hold: the hash is computed as it flows and
 * the stream fails (kind 'invalid') at its end if the bytes are not the ones recorded, so a load fed
 * from it rolls back instead of committing a damaged payload.
 */
export function openCacheBody(key: string, meta: CacheMeta): Readable {
  const hash = createHash('sha256');
  let bytes = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      const ok = bytes === meta.bytes && hash.digest('hex') === meta.sha256;
      done(ok ? null : new IngestError('invalid', `the cached body of ${meta.url} does not match its recorded hash (${bytes} bytes, ${meta.bytes} recorded)`, { url: meta.url }));
    },
  });
  const file = createReadStream(entryPaths(key).body);
  file.once('error', (err) => check.destroy(err));
  return file.pipe(check);
}

/**
 * The entry's meta once its whole body has been read and matches the recorded size and hash (read as
 * a stream, so a large body is not held); undefined when there is no entry or it does not match.
 */
export async function verifiedCacheMeta(key: string): Promise<CacheMeta | undefined> {
  const meta = readCacheMeta(key);
  if (!meta) return undefined;
  try {
    for await (const _chunk of openCacheBody(key, meta)) {
      // only the hash, computed as the bytes flow, is wanted
    }
    return meta;
  } catch {
    return undefined;
  }
}

function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Writes one entry's body piece by piece as it downloads, hashing as it goes; `commit` renames the body
 * into place and writes the meta, `abort` removes what was written. A killed process leaves only a
 * `.tmp` file, which `lmi cache prune` removes.
 */
export class CacheBodyWriter {
  private readonly paths: ReturnType<typeof entryPaths>;
  private readonly tmp: string;
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly key: string,
    private readonly meta: Omit<CacheMeta, 'bytes' | 'sha256'>,
  ) {
    this.paths = entryPaths(key);
    mkdirSync(this.paths.dir, { recursive: true });
    this.tmp = `${this.paths.body}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
  }

  write(chunk: Buffer): void {
    writeSync(this.fd, chunk);
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  commit(): CacheMeta {
    this.close();
    const full: CacheMeta = { ...this.meta, bytes: this.bytes, sha256: this.hash.digest('hex') };
    // Body first, then meta: a reader only trusts a body whose meta (size, hash) matches it.
    renameSync(this.tmp, this.paths.body);
    writeAtomic(this.paths.meta, JSON.stringify(full, null, 2));
    noteCacheKey(this.key);
    return full;
  }

  abort(): void {
    this.close();
    rmSync(this.tmp, { force: true });
  }

  private close(): void {
    if (this.closed) throw new Error(`cache entry ${this.key} is already committed or aborted`);
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Stores a whole body (see CacheBodyWriter for bodies that arrive as a stream). */
export function writeCache(key: string, meta: Omit<CacheMeta, 'bytes' | 'sha256'>, body: Buffer): CacheMeta {
  const writer = new CacheBodyWriter(key, meta);
  try {
    writer.write(body);
  } catch (err) {
    writer.abort();
    throw err;
  }
  return writer.commit();
}

/** Records that a 304 confirmed the cached body. */
export function touchCache(key: string, meta: CacheMeta): void {
  const p = entryPaths(key);
  writeAtomic(p.meta, JSON.stringify({ ...meta, validatedAt: new Date().toISOString() }, null, 2));
}

/**
 * Drops the validators of an entry (keeping its body for inspection), so the next request downloads
 * the payload in full instead of being told "not modified" about a body that failed to parse.
 */
export function forgetValidators(key: string): void {
  const meta = readCacheMeta(key);
  if (!meta) return;
  const { etag: _etag, lastModified: _lastModified, ...rest } = meta;
  writeAtomic(entryPaths(key).meta, JSON.stringify(rest, null, 2));
}

/** Per-run HTTP context: the cache mode, and the entries this run wrote or reused. */
export interface HttpRunContext {
  mode: CacheMode;
  keys: Set<string>;
}

const runContext = new AsyncLocalStorage<HttpRunContext>();

function envMode(): CacheMode {
  const v = (process.env.LMI_RAW_CACHE ?? 'normal').toLowerCase();
  return v === 'off' || v === 'only' ? v : 'normal';
}

/** The mode for the current request: the run's, else env LMI_RAW_CACHE (normal | only | off). */
export function currentCacheMode(): CacheMode {
  return runContext.getStore()?.mode ?? envMode();
}

/** Notes that the current run relies on this cache entry. */
export function noteCacheKey(key: string): void {
  runContext.getStore()?.keys.add(key);
}

/**
 * Runs `fn` with its own HTTP context. runIngest uses it so a failed run can drop the validators of
 * what it fetched; reparse uses mode 'only'.
 */
export function withHttpRun<T>(mode: CacheMode | undefined, fn: (ctx: HttpRunContext) => Promise<T>): Promise<T> {
  const ctx: HttpRunContext = { mode: mode ?? runContext.getStore()?.mode ?? envMode(), keys: new Set() };
  return runContext.run(ctx, () => fn(ctx));
}
