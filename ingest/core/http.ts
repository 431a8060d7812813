/**
 * The one way ingesters talk to upstreams: axios with bounded retries (axios-retry: network errors,
 * timeouts, cut-off bodies, 429 honouring Retry-After, 5xx) and every failure mapped to a typed
 * IngestError. Bodies come back as Buffers: callers decide how to decode (JSON, CSV, gzip, zip);
 * `jsonBody` decodes JSON with the same error kinds.
 *
 * Every accepted answer goes through the raw payload cache (rawcache.ts): the next identical request
 * is conditional (If-None-Match / If-Modified-Since), a 304 reuses the cached body (`notModified`),
 * and in cache-only mode (`lmi reparse`) no request leaves the machine.
 */
import axios, { AxiosError, type AxiosResponse } from 'axios';
import axiosRetry, { exponentialDelay, retryAfter } from 'axios-retry';
import { IngestError } from '../../data/errors.js';
import {
  cacheKey,
  currentCacheMode,
  forgetValidators,
  noteCacheKey,
  normaliseRequest,
  readCache,
  readCacheMeta,
  touchCache,
  writeCache,
  type CachedPayload,
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

function looksLikeHtml(body: Buffer, contentType: string | undefined): boolean {
  if (contentType && /text\/html/i.test(contentType)) return true;
  const head = body.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const mode = req.cache === false ? 'off' : currentCacheMode();
  const request = mode === 'off' ? undefined : normaliseRequest(method, req.url, req.body);
  const key = request === undefined ? undefined : cacheKey(request);
  if (mode === 'only') {
    const cached = key ? readCache(key) : undefined;
    if (!key || !cached) {
      throw new IngestError('not_cached', `${method} ${req.url} is not in the raw cache, and this run may not use the network`, { url: req.url });
    }
    noteCacheKey(key);
    return fromCache(req.url, cached, false);
  }
  // Only the validators are read here; the body is read and its hash checked only if a 304 says to use it.
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
  const instance = axios.create({ responseType: 'arraybuffer', maxRedirects: 5, decompress: true });
  // Registered before axios-retry so a body shorter than announced is retried like a dropped connection.
  instance.interceptors.response.use((res: AxiosResponse<ArrayBuffer>) => {
    const missing = missingBytes(res);
    if (missing) throw new AxiosError(missing, AxiosError.ERR_BAD_RESPONSE, res.config, res.request);
    return res;
  });
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
  let res: AxiosResponse<ArrayBuffer>;
  try {
    res = await instance.request<ArrayBuffer>({
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
    const cached = readCache(key);
    if (!cached) {
      // "Not modified", but our copy no longer matches its hash: ask again without validators.
      forgetValidators(key);
      return httpRequest(req);
    }
    touchCache(key, cached.meta);
    noteCacheKey(key);
    return fromCache(req.url, cached, true);
  }
  const body = Buffer.from(res.data);
  const headers = headerMap(res);
  if (req.expect !== 'binary' && req.expect !== 'text' && looksLikeHtml(body, headers['content-type'])) {
    throw new IngestError('html', `${req.url} answered with an HTML page (HTTP ${res.status}) where ${req.expect ?? 'data'} was expected`, {
      url: req.url,
      status: res.status,
    });
  }
  const fetchedAt = new Date().toISOString();
  if (key && request !== undefined) {
    writeCache(
      key,
      {
        request,
        url: req.url,
        method,
        status: res.status,
        etag: headers['etag'],
        lastModified: headers['last-modified'],
        contentType: headers['content-type'],
        fetchedAt,
      },
      body,
    );
  }
  return { url: req.url, status: res.status, headers, body, fromCache: false, notModified: false, fetchedAt };
}

/**
 * 'body has N bytes, M announced' when an unencoded body is shorter than its Content-Length. (axios
 * drops Content-Encoding once it has decompressed, so the raw headers say whether it was encoded;
 * a cut-off compressed body fails in the decompressor instead.)
 */
function missingBytes(res: AxiosResponse<ArrayBuffer>): string | undefined {
  const length = Number(res.headers?.['content-length']);
  const raw = (res.request as { res?: { rawHeaders?: string[] } } | undefined)?.res?.rawHeaders ?? [];
  const encoded = raw.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-encoding');
  const got = res.data?.byteLength ?? 0;
  return Number.isFinite(length) && !encoded && got < length ? `body has ${got} bytes, ${length} announced` : undefined;
}

function fromCache(url: string, cached: CachedPayload, notModified: boolean): HttpResponse {
  const headers: Record<string, string> = {};
  if (cached.meta.contentType) headers['content-type'] = cached.meta.contentType;
  if (cached.meta.etag) headers['etag'] = cached.meta.etag;
  if (cached.meta.lastModified) headers['last-modified'] = cached.meta.lastModified;
  return { url, status: cached.meta.status, headers, body: cached.body, fromCache: true, notModified, fetchedAt: cached.meta.fetchedAt };
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

/** Maps what axios throws (after retries) to the IngestError kinds. */
function classifyAxiosError(err: unknown, url: string): IngestError {
  if (!(err instanceof AxiosError)) return new IngestError('internal', `${url}: ${String(err)}`, { url, cause: err });
  const status = err.response?.status;
  // A 2xx whose body stream broke off (Content-Length larger than sent then close, or a gzip stream
  // cut short): axios reports it with the 2xx response attached; that is a cut-off download, not a
  // bad status. ERR_BAD_RESPONSE without a response is our own short-body check (missingBytes).
  if ((status !== undefined && status < 300) || (status === undefined && err.code === AxiosError.ERR_BAD_RESPONSE)) {
    return new IngestError('truncated', `${url}: the connection closed before the whole body arrived (${err.message})`, { url, cause: err });
  }
  if (status !== undefined) {
    const body = err.response?.data ? Buffer.from(err.response.data as ArrayBuffer) : Buffer.alloc(0);
    const contentType = err.response?.headers?.['content-type'] as string | undefined;
    const detail = looksLikeHtml(body, contentType) ? ' (an HTML error page)' : snippet(body);
    if (status === 429) {
      const wait = err.response?.headers?.['retry-after'] as string | undefined;
      const asked = wait ? ` (Retry-After: ${wait})` : '';
      return new IngestError('rate_limited', `${url}: HTTP 429 Too Many Requests${asked}, still refused after retries${detail}`, { url, status });
    }
    if (status === 413) return new IngestError('too_large', `${url}: HTTP 413, the request is too large for a synchronous answer${detail}`, { url, status });
    if (status >= 500) return new IngestError('http_5xx', `${url}: HTTP ${status} from the upstream server after retries${detail}`, { url, status });
    return new IngestError('http_status', `${url}: HTTP ${status}${detail}`, { url, status });
  }
  const code = err.code ?? '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(err.message)) {
    return new IngestError('timeout', `${url}: no answer in time (${err.message})`, { url, cause: err });
  }
  if (code === 'ECONNRESET') {
    // Reached the server, which dropped the connection before a complete answer: an incomplete
    // answer (like a cut-off body), not an unreachable host.
    return new IngestError('truncated', `${url}: the connection was reset before the whole answer arrived (${err.message})`, { url, cause: err });
  }
  if (code === 'Z_BUF_ERROR' || /aborted|premature|unexpected end of file/i.test(err.message)) {
    return new IngestError('truncated', `${url}: the connection closed before the whole body arrived (${err.message})`, { url, cause: err });
  }
  return new IngestError('connection', `${url}: cannot connect (${code || err.message})`, { url, cause: err });
}

function snippet(body: Buffer): string {
  const text = body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim();
  return text ? `: ${text}` : '';
}

