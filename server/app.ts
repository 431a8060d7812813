/**
 * The Express application: JSON API under /api and the adviser's web pages, over a read-only
 * database handle. Routes live in server/routes/, one module per area.
 */
import compression from 'compression';
import express, { type Express } from 'express';
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
}

export function createApp({ db, ...ops }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Bodies are parsed only where a request can carry one: a GET (most of the traffic, the search as
  // the adviser types) skips the middleware altogether.
  const json = express.json({ limit: '100kb' });
  app.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : json(req, res, next)));
  app.set('trust proxy', trustProxySetting());
  const limits = rateLimits(ops.rateLimit);
  app.use('/api', (req, res, next) => (req.path.startsWith('/admin') ? next() : limits.publicApi(req, res, next)));

  // The ESCO routes first: the search is the busiest route, and no other router's paths overlap theirs.
  app.use(escoRoutes(db));
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
  return app;
}
