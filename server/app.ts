/**
 * The Express application: JSON API under /api and the adviser's web pages, over a read-only
 * database handle. Routes live in server/routes/, one module per area.
 */
import compression from 'compression';
import express, { type Express } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../data/db.js';
import { endWithJsonError, errorHandler, jsonErrorText, notFound } from './errors.js';
import { openApiRoutes } from './openapi/index.js';
import { escoRoutes } from './routes/esco.js';
import { transitionsRoutes } from './routes/transitions.js';
import proxyaddr from 'proxy-addr';
import { requestLimits, trustProxySetting, type ClientAddress, type RateLimitOptions, type RequestLimits } from './ratelimit.js';
import type { FastPath } from './routes/esco-search.js';
import { healthRoutes } from './routes/health.js';
import { seriesRoutes } from './routes/series.js';
import { sourcesRoutes, type IngestRequestHandler } from './routes/sources.js';
import { linkedRoutes } from './routes/linked.js';
import { nationalRoutes } from './routes/national.js';
import { webRoutes } from './routes/web.js';

export interface AppOptions {
  db: Db;
  /** Starts an ingest requested through POST /api/admin/ingest/:source (absent: the server cannot start runs). */
  onIngestRequest?: IngestRequestHandler;
  /** Default env LMI_ADMIN_TOKEN; none: admin API disabled. */
  adminToken?: string;
  /** Default from env (see server/ratelimit.ts). */
  rateLimit?: RateLimitOptions;
  /** Configured units of work, shown by GET /api/sources before their first run. */
  expectedSources?: string[];
  /** Answer the search routes ahead of Express where it gives the same answer (default true; tests compare both ways). */
  fastSearch?: boolean;
}

export function createApp({ db, ...ops }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Bodies are parsed only where a request can carry one: a GET (most of the traffic, the search as
  // the adviser types) skips the middleware altogether.
  const json = express.json({ limit: '100kb' });
  app.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : json(req, res, next)));
  const trustProxy = trustProxySetting();
  app.set('trust proxy', trustProxy);

  // The ESCO routes first: the search is the busiest route, and no other router's paths overlap theirs.
  const esco = escoRoutes(db);
  app.use(esco.router);
  app.use(healthRoutes(db));
  app.use(sourcesRoutes(db, { adminToken: ops.adminToken, onIngestRequest: ops.onIngestRequest, expectedSources: ops.expectedSources }));
  app.use(openApiRoutes());
  app.use(transitionsRoutes(db));
  app.use(linkedRoutes(db));
  app.use(nationalRoutes(db));

  app.use(seriesRoutes(db));
  app.use('/api', (req, _res, next) => next(notFound(`API route ${req.method} ${req.originalUrl}`)));
  // The pages and their scripts (Chart.js alone is 200 KB) go gzipped to browsers that ask; the API
  // answers stay plain, so a search costs no compression CPU (and cached answers are sent as stored).
  app.use(compression());
  app.use(webRoutes({ db }));
  app.use(errorHandler);

  // `app(req, res)` calls `app.handle` (Express 4 and 5), so wrapping it serves app.listen,
  // http.createServer(app) and supertest alike; the Express types do not declare it.
  const expressApp = app as unknown as { handle: Handler };
  expressApp.handle = aheadOfExpress(requestLimits(ops.rateLimit ?? {}, clientAddress(app, trustProxy)), ops.fastSearch === false ? undefined : esco.fastPath, expressApp.handle.bind(app));
  return app;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next?: unknown) => void;

/**
 * What answers a request before Express: every request is first counted against its rate limit
 * (server/ratelimit.ts; a 429 ends it there), then a search as the adviser types (most of the
 * traffic) is answered by the fast path when nothing on Express's walk would change the answer
 * (server/routes/esco-search.ts; the body parser skips a GET, and the search reads no req.ip).
 * Everything else, and every search the fast path declines, goes on to `express`.
 */
export function aheadOfExpress(limits: RequestLimits, fastPath: FastPath | undefined, express: Handler): Handler {
  const answer: Handler = (req, res, next) => {
    if (!fastPath?.(req, res)) express(req, res, next);
  };
  return (req, res, next) => {
    const admitted = limits.admit(req, res);
    if (admitted === true) answer(req, res, next);
    else if (admitted !== false) admitted.then((ok) => ok && answer(req, res, next), (error: unknown) => failed(req, res, error));
  };
}

/** The client address as Express's req.ip computes it: the socket's, or the one the trusted proxies forwarded. */
function clientAddress(app: Express, trustProxy: ReturnType<typeof trustProxySetting>): ClientAddress {
  if (trustProxy === false) {
    // A reverse proxy nobody told the server about: every client through it has the proxy's
    // address (a loopback proxy's clients are not limited at all). Said once, as express-rate-limit did.
    let warned = false;
    return (req) => {
      if (!warned && req.headers['x-forwarded-for'] !== undefined) {
        warned = true;
        console.warn(`${new Date().toISOString()} WARN requests arrive with X-Forwarded-For but LMI_TRUST_PROXY is not set: the rate limits count every client of that proxy as the proxy's own address (${req.socket.remoteAddress}); set LMI_TRUST_PROXY (docs/operations.md)`);
      }
      return req.socket.remoteAddress;
    };
  }
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  return (req) => proxyaddr(req, trust);
}

/** A request the rate limit could not count (its in-memory store failed): a 500, as Express's error handler gives one. */
function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  console.error(`${new Date().toISOString()} ERROR ${req.method} ${req.url}: rate limit:`, error);
  if (res.headersSent) return void res.destroy();
  endWithJsonError(res, 500, jsonErrorText('internal error'));
}
