/**
 * Rate limits (express-rate-limit, in memory per process): generous on the public API, strict on the
 * admin API. Per client IP per minute, from env:
 *   LMI_RATE_LIMIT        public /api requests (default 1200; 0 = off)
 *   LMI_ADMIN_RATE_LIMIT  /api/admin requests (default 30; 0 = off)
 * Loopback clients (the adviser's own machine, benchmarks, tests) are not limited unless
 * LMI_TRUST_PROXY is set: behind a reverse proxy every request comes from loopback, so the proxy must
 * be trusted (Express 'trust proxy', e.g. LMI_TRUST_PROXY=1) for req.ip to be the real client.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

export interface RateLimitOptions {
  publicPerMinute?: number;
  adminPerMinute?: number;
  /** Limit loopback clients too (tests; deployments behind a trusted proxy). */
  limitLoopback?: boolean;
}

function envLimit(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Whether a limit lets the client at `address` through untouched: the one rule for the limiter and the search fast path. */
const skipsClient = (perMinute: number, limitLoopback: boolean) => (address: string | undefined) =>
  perMinute === 0 || (!limitLoopback && LOOPBACK.test(address ?? ''));

function limiter(perMinute: number, what: string, limitLoopback: boolean): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  const skips = skipsClient(perMinute, limitLoopback);
  const limited = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: `too many ${what} requests: at most ${perMinute} a minute; try again shortly` },
  });
  if (limitLoopback) return limited;
  // Skipped loopback requests go straight on: express-rate-limit's own `skip` runs in its async
  // handler, which hands every request on a microtask later.
  return (req, res, next) => (skips(req.ip ?? req.socket.remoteAddress) ? next() : limited(req, res, next));
}

export function rateLimits(opts: RateLimitOptions = {}): {
  publicApi: RequestHandler;
  adminApi: RequestHandler;
  /**
   * Whether publicApi lets this request through untouched (no headers, no count), so that a route
   * may answer it ahead of Express (server/app.ts). Only for an app without 'trust proxy', where
   * Express's req.ip is the socket's address.
   */
  publicSkips: (req: IncomingMessage) => boolean;
} {
  const limitLoopback = opts.limitLoopback ?? !!process.env.LMI_TRUST_PROXY;
  const publicPerMinute = opts.publicPerMinute ?? envLimit('LMI_RATE_LIMIT', 1200);
  const skipsPublic = skipsClient(publicPerMinute, limitLoopback);
  return {
    // The socket's address: this is asked only where Express's req.ip is that address (no 'trust proxy').
    publicSkips: (req) => skipsPublic(req.socket.remoteAddress),
    publicApi: limiter(publicPerMinute, 'API', limitLoopback),
    adminApi: limiter(opts.adminPerMinute ?? envLimit('LMI_ADMIN_RATE_LIMIT', 30), 'admin', limitLoopback),
  };
}

/** Express's 'trust proxy' value from LMI_TRUST_PROXY (a hop count, or a list of addresses). */
export function trustProxySetting(): number | string | false {
  const v = process.env.LMI_TRUST_PROXY;
  if (!v) return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}
