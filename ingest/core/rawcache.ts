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
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

function rawDir(): string {
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

function entryPaths(key: string, dir = rawDir()): { body: string; meta: string; dir: string } {
  // Two-character fan-out keeps directories small when a source makes thousands of requests.
  const sub = join(dir, key.slice(0, 2));
  return { dir: sub, body: join(sub, `${key}.body`), meta: join(sub, `${key}.json`) };
}

export function readCache(key: string): CachedPayload | undefined {
  const p = entryPaths(key);
  if (!existsSync(p.meta) || !existsSync(p.body)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(p.meta, 'utf8')) as CacheMeta;
    const body = readFileSync(p.body);
    // A body that does not match its recorded hash (disk trouble, manual edit) is not trusted.
    if (body.length !== meta.bytes || sha256(body) !== meta.sha256) return undefined;
    return { meta, body };
  } catch {
    return undefined;
  }
}

function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function writeCache(key: string, meta: Omit<CacheMeta, 'bytes' | 'sha256'>, body: Buffer): CacheMeta {
  const p = entryPaths(key);
  mkdirSync(p.dir, { recursive: true });
  const full: CacheMeta = { ...meta, bytes: body.length, sha256: sha256(body) };
  // Body first, then meta: a reader only trusts a body whose meta (hash) matches it.
  writeAtomic(p.body, body);
  writeAtomic(p.meta, JSON.stringify(full, null, 2));
  return full;
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
  const cached = readCache(key);
  if (!cached) return;
  const { etag: _etag, lastModified: _lastModified, ...rest } = cached.meta;
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
