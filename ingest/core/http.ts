/**
 * The one way ingesters talk to upstreams: axios with bounded retries (axios-retry: network errors,
 * timeouts, cut-off bodies, 429 honouring Retry-After, 5xx) and every failure mapped to a typed
 * IngestError (http-errors.ts). The body streams to disk as it arrives (http-body.ts): `httpDownload`
 * hands it back as a file to stream from, for answers too large to hold (Eurostat JSON-stat);
 * `httpRequest` reads it into a Buffer for the small ones. Callers decide how to decode (JSON, CSV,
 * gzip, zip); `jsonBody` decodes JSON with the same error kinds.
 *
 * Every accepted answer goes through the raw payload cache (rawcache.ts): the next identical request
 * is conditional (If-None-Match / If-Modified-Since), a 304 reuses the cached body (`notModified`),
 * and in cache-only mode (`lmi reparse`) no request leaves the machine. The downloaded body is written
 * straight into its cache entry, so it is on disk once.
 */
import axios, { AxiosError, type AxiosResponse } from 'axios';
import axiosRetry, { exponentialDelay, retryAfter } from 'axios-retry';
import { Readable } from 'node:stream';
import { IngestError } from '../../data/errors.js';
import { BodyStalled, fileBody, readHead, receiveBody, storedBody, TempBodyWriter, type HttpBody } from './http-body.js';
import { classifyAxiosError, looksLikeHtml } from './http-errors.js';
import {
  CacheBodyWriter,
  cacheKey,
  currentCacheMode,
  entryPaths,
  forgetValidators,
  noteCacheKey,
  normaliseRequest,
  readCacheMeta,
  touchCache,
  verifiedCacheMeta,
  type CacheMeta,
} from './rawcache.js';

const USER_AGENT = 'lmi-tool/0.1 (labour market information for employment advisers; +https://github.com/lmi-tool)';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  /** JSON body for POST (PX-Web queries). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Per-attempt timeout; default LMI_HTTP_TIMEOUT_MS or 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default LMI_HTTP_RETRIES or 3. */
  retries?: number;
  /** Longest backoff between attempts; default LMI_HTTP_MAX_DELAY_MS or 30 s. */
  maxDelayMs?: number;
  /**
   * Longest Retry-After (429) we wait for before retrying; a longer one fails the run at once (the
   * next scheduled run tries again). Default LMI_HTTP_MAX_RETRY_AFTER_MS or 120 s.
   */
  maxRetryAfterMs?: number;
  /** What the caller expects, used to spot an HTML error page served with 200. */
  expect?: 'json' | 'csv' | 'text' | 'binary';
  /**
   * false for answers that must never be replayed from the cache (status polling of an
   * asynchronous extraction); default true.
   */
  cache?: boolean;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body came from the raw cache (a 304, or cache-only mode). */
  fromCache?: boolean;
  /** The upstream answered 304: nothing changed since the cached download. */
  notModified?: boolean;
  /** When the body was downloaded (now, or when the cached copy was). */
  fetchedAt?: string;
}

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

function headerMap(res: AxiosResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** A downloaded answer whose body is on disk (see HttpBody); release() it once read. */
export interface HttpDownload extends Omit<HttpResponse, 'body'> {
  body: HttpBody;
}

/** The answer with its body in memory: for answers small enough to hold. */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const res = await httpDownload(req);
  try {
    return { ...res, body: res.body.buffer() };
  } finally {
    res.body.release();
  }
}

/** What the response interceptor leaves in `data` of a 2xx answer: the body, written to `writer`. */
interface Received {
  writer: CacheBodyWriter | TempBodyWriter;
  bytes: number;
  head: Buffer;
}

/** The answer with its body on disk, streamed there as it arrived (decompressed). */
export async function httpDownload(req: HttpRequest): Promise<HttpDownload> {
  const method = req.method ?? 'GET';
  const mode = req.cache === false ? 'off' : currentCacheMode();
  const request = mode === 'off' ? undefined : normaliseRequest(method, req.url, req.body);
  const key = request === undefined ? undefined : cacheKey(request);
  if (mode === 'only') {
    const cached = key ? await verifiedCacheMeta(key) : undefined;
    if (!key || !cached) {
      throw new IngestError('not_cached', `${method} ${req.url} is not in the raw cache, and this run may not use the network`, { url: req.url });
    }
    noteCacheKey(key);
    return fromCache(req.url, key, cached, false);
  }
  // Only the validators are read here; the body is hashed only if a 304 says to use it.
  const meta = key ? readCacheMeta(key) : undefined;

  const conditional: Record<string, string> = {};
  if (meta?.etag) conditional['If-None-Match'] = meta.etag;
  if (meta?.lastModified) conditional['If-Modified-Since'] = meta.lastModified;
  // A 304 is an answer only to a conditional request (so the retry below cannot loop).
  const conditionalSent = Object.keys(conditional).length > 0;

  const retries = req.retries ?? envNumber('LMI_HTTP_RETRIES', 3);
  const timeout = req.timeoutMs ?? envNumber('LMI_HTTP_TIMEOUT_MS', 60_000);
  const maxDelay = req.maxDelayMs ?? envNumber('LMI_HTTP_MAX_DELAY_MS', 30_000);
  const maxRetryAfter = req.maxRetryAfterMs ?? envNumber('LMI_HTTP_MAX_RETRY_AFTER_MS', 120_000);
  const instance = axios.create({ responseType: 'stream', maxRedirects: 5, decompress: true });
  // Registered before axios-retry, so a body cut off or stalled mid-way is retried like a dropped
  // connection: the whole body is received here, inside the attempt.
  instance.interceptors.response.use(
    async (res: AxiosResponse) => {
      const stream = res.data as Readable;
      if (res.status === 304) {
        stream.resume();
        return res;
      }
      const headers = headerMap(res);
      const writer =
        key && request !== undefined
          ? new CacheBodyWriter(key, {
              request,
              url: req.url,
              method,
              status: res.status,
              etag: headers['etag'],
              lastModified: headers['last-modified'],
              contentType: headers['content-type'],
              fetchedAt: new Date().toISOString(),
            })
          : new TempBodyWriter();
      // The body's idle time is watched by receiveBody; the socket's own timeout (follow-redirects
      // destroys the socket, which would read as a cut-off body, not a stall) is turned off.
      (res.request as { socket?: { setTimeout(ms: number): unknown } } | undefined)?.socket?.setTimeout(0);
      const got = await receiveBody(stream, writer, timeout);
      const missing = got.error instanceof BodyStalled ? undefined : missingBytes(res, got.bytes);
      if (got.error !== undefined || missing) {
        writer.abort();
        if (got.error instanceof BodyStalled) throw new AxiosError(got.error.message, 'ETIMEDOUT', res.config, res.request);
        // No response attached: classified as a cut-off body, not by its (2xx) status.
        if (missing) throw new AxiosError(missing, AxiosError.ERR_BAD_RESPONSE, res.config, res.request);
        throw new AxiosError((got.error as Error).message, AxiosError.ERR_BAD_RESPONSE, res.config, res.request, res);
      }
      const received: Received = { writer, bytes: got.bytes, head: got.head };
      res.data = received;
      return res;
    },
    async (err: unknown) => {
      // An error answer: keep its start (to describe it) and let the socket go.
      if (err instanceof AxiosError && err.response?.data instanceof Readable) err.response.data = await readHead(err.response.data);
      throw err;
    },
  );
  axiosRetry(instance, {
    retries,
    shouldResetTimeout: true,
    retryCondition: (error) => {
      const status = error.response?.status;
      if (status === undefined) return error.code !== 'ERR_CANCELED';
      // a 2xx whose body was cut off mid-stream (gzip, chunked): worth another try
      if (status < 300) return true;
      // An upstream that asks for a longer pause than we are willing to wait is not retried now:
      // the next scheduled run will find it ready.
      if (status === 429) return retryAfter(error) <= maxRetryAfter;
      return status >= 500;
    },
    // Our own backoff is capped by maxDelay; a wait the upstream asks for (Retry-After) is honoured in full.
    retryDelay: (count, error) => Math.max(Math.min(maxDelay, exponentialDelay(count, error, 250)), retryAfter(error)),
  });
  let res: AxiosResponse;
  try {
    res = await instance.request({
      url: req.url,
      method,
      data: req.body === undefined ? undefined : JSON.stringify(req.body),
      timeout,
      validateStatus: (status) => (status >= 200 && status < 300) || (status === 304 && conditionalSent),
      headers: {
        'User-Agent': USER_AGENT,
        ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...conditional,
        ...req.headers,
      },
    });
  } catch (err) {
    throw classifyAxiosError(err, req.url);
  }
  if (res.status === 304 && key) {
    const cached = await verifiedCacheMeta(key);
    if (!cached) {
      // "Not modified", but our copy no longer matches its hash: ask again without validators.
      forgetValidators(key);
      return httpDownload(req);
    }
    touchCache(key, cached);
    noteCacheKey(key);
    return fromCache(req.url, key, cached, true);
  }
  const { writer, bytes, head } = res.data as Received;
  const headers = headerMap(res);
  if (req.expect !== 'binary' && req.expect !== 'text' && looksLikeHtml(head, headers['content-type'])) {
    writer.abort();
    throw new IngestError('html', `${req.url} answered with an HTML page (HTTP ${res.status}) where ${req.expect ?? 'data'} was expected`, {
      url: req.url,
      status: res.status,
    });
  }
  let body: HttpBody;
  let fetchedAt: string;
  if (writer instanceof CacheBodyWriter) {
    const stored = writer.commit();
    fetchedAt = stored.fetchedAt;
    body = fileBody(entryPaths(key!).body, stored.bytes, head, false);
  } else {
    writer.finish();
    fetchedAt = new Date().toISOString();
    body = fileBody(writer.path, bytes, head, true);
  }
  return { url: req.url, status: res.status, headers, body, fromCache: false, notModified: false, fetchedAt };
}

/**
 * 'body has N bytes, M announced' when an unencoded body is shorter than its Content-Length. (axios
 * drops Content-Encoding once it has decompressed, so the raw headers say whether it was encoded;
 * a cut-off compressed body fails in the decompressor instead.)
 */
function missingBytes(res: AxiosResponse, got: number): string | undefined {
  const length = Number(res.headers?.['content-length']);
  const raw = (res.request as { res?: { rawHeaders?: string[] } } | undefined)?.res?.rawHeaders ?? [];
  const encoded = raw.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-encoding');
  return Number.isFinite(length) && !encoded && got < length ? `body has ${got} bytes, ${length} announced` : undefined;
}

/** A cache entry (hash already checked) as an answer. */
function fromCache(url: string, key: string, meta: CacheMeta, notModified: boolean): HttpDownload {
  const headers: Record<string, string> = {};
  if (meta.contentType) headers['content-type'] = meta.contentType;
  if (meta.etag) headers['etag'] = meta.etag;
  if (meta.lastModified) headers['last-modified'] = meta.lastModified;
  return { url, status: meta.status, headers, body: storedBody(entryPaths(key).body, meta.bytes), fromCache: true, notModified, fetchedAt: meta.fetchedAt };
}

/**
 * Decodes a JSON answer: an empty body is 'empty', JSON cut off mid-way is 'truncated', anything
 * else that does not parse is 'invalid'.
 */
export function jsonBody<T = unknown>(res: Pick<HttpResponse, 'url' | 'body'>): T {
  const text = res.body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new IngestError('empty', `${res.url}: empty body where JSON was expected`, { url: res.url });
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const message = (err as Error).message;
    // A JSON download cut at an arbitrary byte almost never ends on a closing bracket; a malformed
    // but complete document does. Text that never started as JSON (CSV, XML) is simply invalid.
    if (/^\s*[[{]/.test(text) && endsAbruptly(text)) {
      throw new IngestError('truncated', `${res.url}: the JSON ends before it is complete (${text.length} characters; ${message})`, { url: res.url });
    }
    throw new IngestError('invalid', `${res.url}: the body is not valid JSON (${message})`, { url: res.url });
  }
}

/** True when a JSON text stops inside a value: the last non-space character cannot end a document. */
function endsAbruptly(text: string): boolean {
  const last = text.trimEnd().slice(-1);
  return last !== '}' && last !== ']';
}

