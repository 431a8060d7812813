/**
 * The Express application: JSON API under /api and the adviser's web pages, over a read-only
 * database handle. Routes live in server/routes/, one module per area.
 */
import express, { type Express } from 'express';
import type { Db } from '../data/db.js';
import { errorHandler, notFound } from './errors.js';
import { openApiRoutes } from './openapi/index.js';
import { escoRoutes } from './routes/esco.js';
import { healthRoutes } from './routes/health.js';
import { nationalRoutes } from './routes/national.js';

export interface AppOptions {
  db: Db;
}

export function createApp({ db }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '100kb' }));

  app.use(healthRoutes(db));
  app.use(openApiRoutes());
  app.use(escoRoutes(db));
  app.use(nationalRoutes(db));

  app.use('/api', (req, _res, next) => next(notFound(`API route ${req.method} ${req.originalUrl}`)));
  app.use(errorHandler);
  return app;
}
