/**
 * A replay server for tests and benchmarks: answers on 127.0.0.1:<random port> under the real
 * upstream URL paths with recorded real files (shared fixtures or tests/fixtures), and injects the
 * faults real upstreams show, one scripted reply per request.
 *
 * Usage:
 *   import { startReplay, reply } from '../replay/server.js';
 *   const replay = await startReplay([
 *     { path: '/eurostat/api/dissemination/statistics/1.0/data/une_rt_a',
 *       replies: [reply.status(503), reply.rateLimited(1), reply.file(fixture('eurostat/json-stat/unemployment_une_rt_a.json'))] },
 *     { method: 'GET', path: /^\/eurostat\/api\/dissemination\/1\.0\/async\/status\//, replies: reply.text('<status>AVAILABLE</status>', 'application/xml') },
 *   ]);
 *   process.env.LMI_EUROSTAT_URL = `${replay.url}/eurostat`;
 *   ... run the code under test ...
 *   expect(replay.requests.map((r) => r.status)).toEqual([503, 429, 200]);
 *   await replay.close();
 *
 * Routes are matched in order on method (default any), path (exact string or RegExp) and, when given,
 * query parameters (each listed one must be equal). The n-th request a route matches gets its n-th
 * reply; the last reply repeats. A request no route matches gets 404 and is logged with route -1.
 * Replies: file / body / json / text / status / rateLimited / html / truncated / reset / hang / slow,
 * a body that stalls mid-way (fault 'stall'),
 * and Eurostat's eurostatAsync (queued/status envelope) and eurostatTooLarge (413) (see `reply`). `replay.requests` logs every request (method, path, query, headers, status sent).
 * Add routes later with `replay.route(...)`, clear them with `replay.reset()`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface Reply {
  /** HTTP status, default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Response body; `file` reads a file instead (read at answer time, so big files are not kept). */
  body?: string | Buffer;
  file?: string;
  /** Compress the body with gzip and say so in Content-Encoding (as a CDN would). */
  gzip?: boolean;
  /** Wait this long before answering (slow upstream; more than the client timeout = a timeout). */
  delayMs?: number;
  /**
   * 'truncate': announce the full Content-Length, send `truncateAt` bytes (default half), then close.
   * 'reset': destroy the connection without answering (ECONNRESET at the client).
   * 'hang': accept and never answer (client timeout).
   * 'stall': announce the full Content-Length, send `truncateAt` bytes (default half), then nothing more.
   */
  fault?: 'truncate' | 'reset' | 'hang' | 'stall';
  truncateAt?: number;
}

export interface Route {
  method?: string;
  path: string | RegExp;
  /** Only requests with these query parameter values match. */
  query?: Record<string, string>;
  /** One reply, or a script: the n-th matching request gets replies[n], the last one repeats. */
  replies: Reply | Reply[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Index of the matched route, -1 when none matched. */
  route: number;
  /** Status sent (0 for reset / hang). */
  status: number;
  at: number;
}

export interface ReplayServer {
  /** e.g. 'http://127.0.0.1:41234' */
  url: string;
  port: number;
  requests: LoggedRequest[];
  route(route: Route): void;
  /** Removes every route and clears the log and the per-route counters. */
  reset(routes?: Route[]): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Builders for the usual replies. */
export const reply = {
  file: (file: string, extra: Partial<Reply> = {}): Reply => ({ file, ...extra }),
  body: (body: string | Buffer, contentType = 'application/octet-stream', extra: Partial<Reply> = {}): Reply => ({
    body,
    ...extra,
    headers: { 'Content-Type': contentType, ...extra.headers },
  }),
  json: (value: unknown, extra: Partial<Reply> = {}): Reply => reply.body(JSON.stringify(value), 'application/json', extra),
  text: (text: string, contentType = 'text/plain', extra: Partial<Reply> = {}): Reply => reply.body(text, contentType, extra),
  /** An error status with a short body, e.g. 503, 500, 404. */
  status: (status: number, body = `HTTP ${status}`, extra: Partial<Reply> = {}): Reply => ({
    status,
    body,
    ...extra,
    headers: { 'Content-Type': 'text/plain', ...extra.headers },
  }),
  /** 429 Too Many Requests with Retry-After in seconds. */
  rateLimited: (retryAfterSeconds: number): Reply => ({
    status: 429,
    body: 'Too Many Requests',
    headers: { 'Content-Type': 'text/plain', 'Retry-After': String(retryAfterSeconds) },
  }),
  /** An HTML page (maintenance page, login wall) served with 200 where data was expected. */
  html: (status = 200): Reply => ({
    status,
    body: '<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head><body><h1>Maintenance</h1></body></html>\n',
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  }),
  truncated: (file: string, truncateAt?: number): Reply => ({ file, fault: 'truncate', truncateAt }),
  reset: (): Reply => ({ fault: 'reset' }),
  hang: (): Reply => ({ fault: 'hang' }),
  slow: (delayMs: number, then: Reply): Reply => ({ ...then, delayMs }),
  /**
   * Eurostat's asynchronous-delivery envelope (the data URL's answer when the extraction is queued,
   * and the answer of /api/dissemination/1.0/async/status/KEY): status SUBMITTED | PROCESSING |
   * AVAILABLE | EXPIRED | UNKNOWN_REQUEST.
   */
  eurostatAsync: (id: string, status: string): Reply =>
    reply.text(
      `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body><ns0:syncResponse xmlns:ns0="http://eurostat.ec.europa.eu/sdmx/2.1"><queued><id>${id}</id><status>${status}</status></queued></ns0:syncResponse></env:Body></env:Envelope>`,
      'application/xml',
    ),
  /** Eurostat's 413 for an extraction too big even for asynchronous delivery. */
  eurostatTooLarge: (): Reply =>
    reply.status(
      413,
      '<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>413</faultcode><faultstring>EXTRACTION_TOO_BIG: The requested extraction is too big, estimated 420709314 rows, max authorised is 5000000, please change your filters to reduce the extraction size</faultstring></S:Fault>',
      { headers: { 'Content-Type': 'text/xml' } },
    ),
};

function contentTypeFor(file: string): string {
  if (file.endsWith('.json')) return 'application/json';
  if (file.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (file.endsWith('.gz')) return 'application/gzip';
  if (file.endsWith('.zip')) return 'application/zip';
  if (file.endsWith('.tsv') || file.endsWith('.txt')) return 'text/tab-separated-values; charset=utf-8';
  return 'application/octet-stream';
}

function matches(route: Route, method: string, path: string, query: URLSearchParams): boolean {
  if (route.method && route.method.toUpperCase() !== method) return false;
  if (typeof route.path === 'string' ? route.path !== path : !route.path.test(path)) return false;
  for (const [k, v] of Object.entries(route.query ?? {})) if (query.get(k) !== v) return false;
  return true;
}

export async function startReplay(initialRoutes: Route[] = []): Promise<ReplayServer> {
  let routes: Route[] = [...initialRoutes];
  let hits: number[] = routes.map(() => 0);
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const index = routes.findIndex((r) => matches(r, method, url.pathname, url.searchParams));
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      route: index,
      status: 0,
      at: Date.now(),
    };
    requests.push(entry);
    // Drain any request body so keep-alive connections stay usable.
    req.resume();
    if (index < 0) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no replay route for ${method} ${url.pathname}${url.search}`);
      return;
    }
    const route = routes[index]!;
    const script = Array.isArray(route.replies) ? route.replies : [route.replies];
    const r = script[Math.min(hits[index]!, script.length - 1)]!;
    hits[index] = hits[index]! + 1;

    if (r.delayMs) {
      await new Promise<void>((ok) => {
        const t = setTimeout(() => {
          timers.delete(t);
          ok();
        }, r.delayMs);
        timers.add(t);
      });
      if (req.socket.destroyed) return;
    }
    if (r.fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (r.fault === 'hang') return; // the socket stays open until the client gives up or close()

    let body: Buffer = r.file ? readFileSync(r.file) : Buffer.from(r.body ?? '');
    const headers: Record<string, string> = { ...(r.file ? { 'Content-Type': contentTypeFor(r.file) } : {}), ...r.headers };
    if (r.gzip) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = String(body.length);
    const status = r.status ?? 200;
    entry.status = status;
    res.writeHead(status, headers);
    if (r.fault === 'truncate' || r.fault === 'stall') {
      const cut = Math.max(1, Math.min(body.length - 1, r.truncateAt ?? Math.floor(body.length / 2)));
      res.write(body.subarray(0, cut));
      if (r.fault === 'stall') return; // the socket stays open until the client gives up or close()
      // Let the partial body reach the client before the connection is torn down.
      await sleep(20);
      req.socket.destroy();
      return;
    }
    res.end(body);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`replay server error: ${String(err)}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    route(route) {
      routes.push(route);
      hits.push(0);
    },
    reset(next = []) {
      routes = [...next];
      hits = routes.map(() => 0);
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
