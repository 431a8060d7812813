/**
 * Rate limits, in memory per process: generous on the public API, strict on the admin API. Per
 * client IP per minute, from env:
 *   LMI_RATE_LIMIT        public /api requests (default 1200; 0 = off)
 *   LMI_ADMIN_RATE_LIMIT  /api/admin requests (default 30; 0 = off)
 * Loopback clients (the adviser's own machine, benchmarks, tests) are not limited unless
 * LMI_TRUST_PROXY is set: behind a reverse proxy every request comes from loopback, so the proxy must
 * be trusted (Express 'trust proxy', e.g. LMI_TRUST_PROXY=1) for the client address to be the real one.
 *
 * The limits are counted ahead of Express, on Node's own request (server/app.ts), so that the search
 * fast path can answer a counted client too: through Express, the limiter and Express's request set-up
 * cost an office server (advisers' browsers on the LAN, all counted) more than half its search
 * throughput (docs/esco.md, "Benchmark"). The counting is express-rate-limit's: its MemoryStore
 * (fixed one-minute windows) and its client key (an IPv6 client is its /56). The headers are its
 * IETF draft-8 ones, written the same way.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ipKeyGenerator, MemoryStore, type Options } from 'express-rate-limit';
import { endWithJsonError, jsonErrorText } from './errors.js';

export interface RateLimitOptions {
  publicPerMinute?: number;
  adminPerMinute?: number;
  /** Limit loopback clients too (tests; deployments behind a trusted proxy). */
  limitLoopback?: boolean;
}

/** The client address of a request, as Express's req.ip has it (server/app.ts gives it the app's 'trust proxy'). */
export type ClientAddress = (req: IncomingMessage) => string | undefined;

/**
 * Counts requests against their limits before anything answers them. `admit` returns true when the
 * request may go on (at once, with no promise, when no limit counts it), or a promise of that; when
 * the client is over its limit the 429 has been sent and the answer is false.
 */
export interface RequestLimits {
  admit(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
}

function envLimit(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
const WINDOW_MS = 60_000;

/** The admin API and the rest of /api, by path, as Express routes them (case-insensitive, whole segments). */
const ADMIN_PATH = /^\/api\/admin(?:[/?#]|$)/i;
const API_PATH = /^\/api(?:[/?#]|$)/i;

/** The draft-8 partition key of a client key, as express-rate-limit writes it: base64 of 12 hex digits of its SHA-256. */
const partitionKey = (key: string) => Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');

/** One limit: a count per client key in one-minute windows, with its headers and its 429. */
class Limit {
  private readonly store = new MemoryStore();
  private readonly name: string;
  private readonly refusal: string;

  constructor(
    private readonly perMinute: number,
    what: string,
  ) {
    // MemoryStore reads only windowMs from the options of the middleware it usually serves.
    this.store.init({ windowMs: WINDOW_MS } as Options);
    this.name = `${perMinute}-in-1min`;
    this.refusal = jsonErrorText(`too many ${what} requests: at most ${perMinute} a minute; try again shortly`);
  }

  /** Counts one request of `key`; sets the RateLimit headers, and answers 429 past the limit (false). */
  async count(key: string, res: ServerResponse): Promise<boolean> {
    const { totalHits, resetTime } = await this.store.increment(key);
    const resetSeconds = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000;
    res.appendHeader('RateLimit', `"${this.name}"; r=${Math.max(this.perMinute - totalHits, 0)}; t=${resetSeconds}`);
    res.appendHeader('RateLimit-Policy', `"${this.name}"; q=${this.perMinute}; w=${WINDOW_MS / 1000}; pk=:${partitionKey(key)}:`);
    if (totalHits <= this.perMinute) return true;
    res.setHeader('Retry-After', String(resetSeconds));
    endWithJsonError(res, 429, this.refusal);
    return false;
  }
}

/** Whether a limit lets the client at `address` through uncounted: loopback, when loopback is not limited (a limit of 0 counts nobody: it has no Limit). */
const skipsClient = (limitLoopback: boolean) => (address: string) => !limitLoopback && LOOPBACK.test(address);

export function requestLimits(opts: RateLimitOptions, clientAddress: ClientAddress): RequestLimits {
  const limitLoopback = opts.limitLoopback ?? !!process.env.LMI_TRUST_PROXY;
  const limits = [
    { path: ADMIN_PATH, perMinute: opts.adminPerMinute ?? envLimit('LMI_ADMIN_RATE_LIMIT', 30), what: 'admin' },
    { path: API_PATH, perMinute: opts.publicPerMinute ?? envLimit('LMI_RATE_LIMIT', 1200), what: 'API' },
  ].map(({ path, perMinute, what }) => ({ path, skips: skipsClient(limitLoopback), limit: perMinute > 0 ? new Limit(perMinute, what) : undefined }));

  return {
    admit(req, res) {
      const url = req.url ?? '';
      const applies = limits.find(({ path }) => path.test(url));
      if (applies?.limit === undefined) return true;
      const address = clientAddress(req);
      // No address: the connection is already gone, and nothing will be answered.
      if (address === undefined || applies.skips(address)) return true;
      return applies.limit.count(ipKeyGenerator(address), res);
    },
  };
}

/** Express's 'trust proxy' value from LMI_TRUST_PROXY (a hop count, or a list of addresses). */
export function trustProxySetting(): number | string | false {
  const v = process.env.LMI_TRUST_PROXY;
  if (!v) return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}
