/**
 * Operations API: freshness of every source (public), the run log and on-demand runs (admin).
 *
 * The admin routes answer only with `Authorization: Bearer $LMI_ADMIN_TOKEN`; with no token
 * configured they answer 404 "admin API disabled". The server's database connection is read-only:
 * a requested run is handed to `onIngestRequest` (the scheduler of `lmi start`, or a child
 * `lmi ingest all --only ID` process), which writes on its own connection.
 */
import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { sourceIdSchema } from '../../data/ids.js';
import { listRuns, recentRunsBySource } from '../../data/runs.js';
import { sourceStatuses } from '../../data/sources.js';
import { HttpError, parseInput } from '../errors.js';
import type * as Wire from '../../wire/sources.js';

/** started: 202; running: 409; unknown source: 404; unavailable (e.g. a broken config file): 503. */
export type IngestRequestResult = { status: 'started' | 'running' | 'unknown' | 'unavailable'; message: string };
/** Starts a run of a configured source (by config id) somewhere that may write; answers at once. */
export type IngestRequestHandler = (source: string) => IngestRequestResult | Promise<IngestRequestResult>;

export interface SourcesRouteOptions {
  /** Default: env LMI_ADMIN_TOKEN. Empty or absent: the admin API is disabled. */
  adminToken?: string;
  onIngestRequest?: IngestRequestHandler;
  /** Configured units of work (e.g. 'eurostat:une_rt_a'), listed even before their first run, so a first load shows what is still to come. */
  expectedSources?: string[];
}

/** Page sizes of GET /api/admin/runs (its OpenAPI description states them too). */
export const RUNS_PAGE = { defaultLimit: 50, maxLimit: 500 } as const;

const runsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(RUNS_PAGE.maxLimit).default(RUNS_PAGE.defaultLimit),
  offset: z.coerce.number().int().min(0).default(0),
  source: z.string().min(1).max(200).optional(),
});

/** How many of each source's latest runs the public list carries (its run history). */
export const RECENT_RUNS_PER_SOURCE = 10;

const sourceParam = z.object({ source: sourceIdSchema.max(200) });

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sourcesRoutes(db: Db, opts: SourcesRouteOptions = {}): Router {
  const router = Router();
  const token = opts.adminToken ?? process.env.LMI_ADMIN_TOKEN ?? '';

  router.get('/api/sources', (_req, res) => {
    const recent = recentRunsBySource(db, RECENT_RUNS_PER_SOURCE);
    res.json({ sources: sourceStatuses(db, { expected: opts.expectedSources }).map((s) => ({ ...s, recentRuns: recent.get(s.name) ?? [] })) } satisfies Wire.SourcesAnswer);
  });

  const admin = Router();
  admin.use((req, res, next) => {
    if (!token) return next(new HttpError(404, 'admin API disabled: set LMI_ADMIN_TOKEN on the server to enable it'));
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!match || !sameToken(match[1]!, token)) {
      res.set('WWW-Authenticate', 'Bearer realm="lmi-admin"');
      return next(new HttpError(401, 'admin API: send Authorization: Bearer <LMI_ADMIN_TOKEN>'));
    }
    next();
  });
  admin.get('/runs', (req, res) => {
    const q = parseInput(runsQuery, req.query);
    const { total, runs } = listRuns(db, q);
    res.json({ total, limit: q.limit, offset: q.offset, runs } satisfies Wire.RunsAnswer);
  });
  admin.post('/ingest/:source', async (req, res) => {
    const { source } = parseInput(sourceParam, req.params);
    if (!opts.onIngestRequest) throw new HttpError(503, 'this server cannot start runs (it serves a read-only snapshot); run `lmi ingest` on the writer host');
    const result = await opts.onIngestRequest(source);
    if (result.status === 'unknown') throw new HttpError(404, result.message);
    if (result.status === 'running') throw new HttpError(409, result.message);
    if (result.status === 'unavailable') throw new HttpError(503, result.message);
    res.status(202).json({ source, status: result.status, message: result.message } satisfies Wire.IngestStarted);
  });
  router.use('/api/admin', admin);
  return router;
}
