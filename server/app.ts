/**
 * The Express application: JSON API under /api and the adviser's web pages, over a read-only
 * database handle. Routes live in server/routes/, one module per area.
 */
import compression from 'compression';
import express, { type Express } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../data/db.js';
import { errorHandler, notFound } from './errors.js';
import { openApiRoutes } from './openapi/index.js';
import { escoRoutes } from './routes/esco.js';
import { transitionsRoutes } from './routes/transitions.js';
import { rateLimits, trustProxySetting, type RateLimitOptions } from './ratelimit.js';
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
  const limits = rateLimits(ops.rateLimit);
  app.use('/api', (req, res, next) => (req.path.startsWith('/admin') ? next() : limits.publicApi(req, res, next)));

  // The ESCO routes first: the search is the busiest route, and no other router's paths overlap theirs.
  const esco = escoRoutes(db);
  app.use(esco.router);
  app.use(healthRoutes(db));
  app.use(sourcesRoutes(db, { adminToken: ops.adminToken, onIngestRequest: ops.onIngestRequest, adminRateLimit: limits.adminApi, expectedSources: ops.expectedSources }));
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

  if (ops.fastSearch !== false && trustProxy === false) {
    // The search as the adviser types is most of the traffic: GET /api/occupations?q=… is answered
    // before Express sets the request up and walks its router, when nothing on that walk would change
    // the answer: the body parser skips a GET, and the public rate limit skips this client (with
    // 'trust proxy' off, req.ip is the socket's address). Everything else, and every search the fast
    // path declines (server/routes/esco-search.ts), goes through Express as before.
    // `app(req, res)` calls `app.handle` (Express 4 and 5), so wrapping it serves app.listen,
    // http.createServer(app) and supertest alike; the Express types do not declare it.
    const expressApp = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void };
    const handle = expressApp.handle.bind(app);
    expressApp.handle = (req, res, next) => {
      if (!(limits.publicSkips(req) && esco.fastPath(req, res))) handle(req, res, next);
    };
  }
  return app;
}
