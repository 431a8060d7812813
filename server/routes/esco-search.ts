/**
 * ESCO search: `GET /api/occupations` (labels, ISCO-08 and ESCO codes) and `GET /api/skills` (labels),
 * in any loaded language, through the in-memory engine of server/search/. Answers are cached as JSON
 * text (server/search/answer-cache.ts) until the next ESCO load; the engine alone meets the latency
 * targets without the cache (`npm run bench -- esco`).
 *
 * A text search answer is put together from JSON fragments made with the index (one per concept),
 * and sent with `res.end` and the headers Express's `res.send` would give it: at 32 connections on
 * 2 CPUs, building objects per hit, serialising them and `res.send`'s own work were a third of the
 * uncached request (docs/esco.md, "Benchmark"). A plain GET is answered ahead of Express when it
 * can be answered the same way (`fastPath`, below; mounted by server/app.ts).
 */
import etag from 'etag';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { AnswerCache, searchCacheSize } from '../search/answer-cache.js';
import { EscoSearchIndexes, type ConceptIndex, type ItemRules } from '../search/esco-indexes.js';
import { occupationCount, occupationList, occupationsByCode, occupationsByCodeCount, skillCount, skillList } from '../../data/esco-search.js';
import type { EscoState } from '../../data/esco-state.js';
import { parseInput } from '../errors.js';
import { languageHeaders } from '../lang.js';
import { langSchema, type EscoContext } from './esco-common.js';
import type * as Wire from '../../wire/esco.js';

/**
 * An ISCO group code ('2', '2221') or an ESCO occupation code ('2221.3', '2654.1.7'); a trailing dot,
 * as typed on the way from '2221' to '2221.3', is ignored.
 */
const CODE_QUERY = /^\d{1,4}(\.\d+)*\.?$/;

const searchQuery = z.object({
  q: z.string().max(200, 'q is at most 200 characters').default(''),
  lang: langSchema,
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 100' }).int('limit must be a whole number').min(1, 'limit must be 1 to 100').max(100, 'limit must be 1 to 100').default(20),
  offset: z.coerce.number({ error: 'offset must be a number' }).int('offset must be a whole number').min(0, 'offset must be 0 or more').max(100_000, 'offset is at most 100000').default(0),
});
type SearchQuery = z.infer<typeof searchQuery>;

/**
 * The URLs the fast path takes: the exact path, then the query as parseurl (Express's req.query)
 * would cut it; a URL with characters that make parseurl fall back to url.parse is left to Express.
 */
const FAST_URL = /^\/api\/(occupations|skills)(?:\?([^#\t\n\f\r \u00a0\ufeff]*))?$/;

/** Answers a search request ahead of Express when it can (true), else leaves it untouched (false). */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;


/** An answer as JSON text with what its headers need, computed once (a cached answer is sent as stored). */
interface JsonText {
  body: string;
  bytes: number;
  etag: string;
}

/** The text with its byte length and the weak ETag Express's `res.send` would give it (the same `etag` call). */
function jsonText(body: string): JsonText {
  return { body, bytes: Buffer.byteLength(body, 'utf8'), etag: etag(body, { weak: true }) };
}

/**
 * Sends JSON text as Express's `res.send` does (Content-Type, Content-Length, ETag, a 304 when
 * If-None-Match has it, no body for HEAD), without its per-call checks and the copy to a Buffer.
 */
function sendJsonText(req: Request, res: Response, answer: JsonText): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('ETag', answer.etag);
  if (req.headers['if-none-match'] !== undefined && req.fresh) {
    res.removeHeader('Content-Type');
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Length', answer.bytes);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/** A row of the SQL lists: an answer item with the COUNT(*) OVER () of its query. */
type ListRow<Item> = Item & { total: number };
type OccupationRow = ListRow<Wire.OccupationHit>;
type SkillRow = ListRow<Wire.SkillHit>;

export function escoSearchRoutes(db: Db, ctx: EscoContext): { router: Router; fastPath: FastPath } {
  // Items without a label in the language asked show their English one, marked labelLang: baked
  // into the fragments when the index is built (the fallback texts change only with a load).
  const items: ItemRules = {
    occupation: (doc) => ctx.labelled(doc, { uri: doc.uri }) satisfies Wire.OccupationHit,
    skill: (doc) => ctx.labelled(doc, { uri: doc.uri }) satisfies Wire.SkillHit,
  };
  const indexes = new EscoSearchIndexes(db, items, () => ctx.state());
  const cache = new AnswerCache<JsonText>(searchCacheSize());

  /** `,"source":…,"attribution":…}`, the end of every answer, made again only when the state changed. */
  let provenance = { of: undefined as EscoState | undefined, json: '' };
  const provenanceTail = (state: EscoState) => {
    if (provenance.of !== state) provenance = { of: state, json: `,${JSON.stringify(ctx.provenance() satisfies Wire.EscoProvenance).slice(1)}` };
    return provenance.json;
  };

  /**
   * A page of SQL rows with their COUNT(*) OVER (); past the last page there are none, so count
   * separately. The reads run in one read transaction (ctx.snapshot).
   */
  const sqlPage = (read: () => OccupationRow[] | SkillRow[], offset: number, countAgain: () => number) =>
    ctx.snapshot(() => {
      const rows = read();
      return JSON.stringify({
        items: (rows as (OccupationRow | SkillRow)[]).map(({ total: _total, ...item }) => ctx.labelled(item, { uri: item.uri })),
        total: rows.length ? rows[0]!.total : offset > 0 ? countAgain() : 0,
        fuzzy: false,
        ...ctx.provenance(),
      } satisfies Wire.SearchAnswer<Wire.OccupationHit | Wire.SkillHit> & Wire.EscoProvenance);
    });

  /** Text search through an index: each hit is its concept's fragment with the label that matched. */
  const textPage = <Doc,>({ index, fragments }: ConceptIndex<Doc>, q: string, limit: number, offset: number, state: EscoState) => {
    const answer = index.search(q, limit, offset);
    let list = '';
    for (const hit of answer.hits) {
      const f = fragments[hit.concept]!;
      list += `${list ? ',' : ''}${f.head}${JSON.stringify(hit.matchedLabel)}${f.tail}`;
    }
    const corrected = answer.fuzzy ? `,"correctedQuery":${JSON.stringify(answer.correctedQuery)}` : '';
    // The keys in the order of Wire.SearchAnswer, as JSON.stringify of the object wrote them.
    return `{"items":[${list}],"total":${answer.total},"fuzzy":${answer.fuzzy}${corrected}${provenanceTail(state)}`;
  };

  const occupations = (q: string, lang: string, limit: number, offset: number, state: EscoState): string => {
    const page = { lang, limit, offset };
    if (q === '') return sqlPage(() => occupationList(db, page) satisfies OccupationRow[], offset, () => occupationCount(db));
    if (CODE_QUERY.test(q)) {
      const code = q.replace(/\.$/, '');
      return sqlPage(() => occupationsByCode(db, code, page) satisfies OccupationRow[], offset, () => occupationsByCodeCount(db, code));
    }
    return textPage(indexes.occupations(lang, state.stamp), q, limit, offset, state);
  };

  const skills = (q: string, lang: string, limit: number, offset: number, state: EscoState): string => {
    if (q === '') return sqlPage(() => skillList(db, { lang, limit, offset }) satisfies SkillRow[], offset, () => skillCount(db));
    return textPage(indexes.skills(lang, state.stamp), q, limit, offset, state);
  };

  /**
   * The answer as JSON text, from the cache when the same search was answered since the last load
   * (the key holds the `lang` as asked, which was valid when the answer was cached, and the data has
   * not changed since).
   */
  const answer = (kind: string, query: SearchQuery, lang: string, state: EscoState, search: typeof occupations): JsonText => {
    const q = query.q.trim();
    const key = `${kind}\u0000${query.lang?.toLowerCase() ?? ''}\u0000${query.limit}\u0000${query.offset}\u0000${q}`;
    const cached = cache.get(key, state.stamp);
    if (cached !== undefined) return cached;
    const text = jsonText(search(q, lang, query.limit, query.offset, state));
    cache.set(key, text);
    return text;
  };

  /**
   * The answer of a search request and its language, from the raw query (Express's 'simple' parser,
   * node:querystring) and the request's headers; throws a 400 as the route answers it.
   */
  const prepare = (kind: string, search: typeof occupations, rawQuery: unknown, req: Pick<IncomingMessage, 'headers'>) => {
    const query = parseInput(searchQuery, rawQuery);
    const state = ctx.state(); // one data_version check a request
    const lang = ctx.askedLang(req, query.lang);
    const resolved = ctx.resolveLang(lang, state.languages);
    return { resolved, text: answer(kind, { ...query, lang }, resolved, state, search) };
  };

  const router = Router();
  /** lang= or Accept-Language picks the language, as on every ESCO route (server/lang.ts). */
  const route = (kind: string, search: typeof occupations) => (req: Request, res: Response) => {
    const { resolved, text } = prepare(kind, search, req.query, req);
    languageHeaders(res, resolved);
    sendJsonText(req, res, text);
  };
  router.get('/api/occupations', route('occupation', occupations));
  router.get('/api/skills', route('skill', skills));

  const kinds = { occupations: ['occupation', occupations], skills: ['skill', skills] } as const;
  /**
   * The same two routes ahead of Express (server/app.ts): at 32 connections on 2 CPUs, Express's
   * request set-up, router and middleware were a sixth of an uncached search (docs/esco.md,
   * "Benchmark"). Only a plain GET is taken, and only when it cannot fail: any bad input (a 400),
   * a conditional request (If-None-Match, for the 304 rules of `req.fresh`) and every other URL
   * shape (a trailing slash, capitals, a `#`) return false and go through Express, which then gives
   * the answer it always gave. A response is written only once everything is computed, with the
   * headers, in the order, of the Express route above (nothing set a Vary before it there).
   */
  const fastPath = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || req.headers['if-none-match'] !== undefined) return false;
    const m = FAST_URL.exec(req.url ?? '');
    if (m === null) return false;
    const [kind, search] = kinds[m[1] as keyof typeof kinds];
    let prepared: ReturnType<typeof prepare>;
    try {
      prepared = prepare(kind, search, parseQueryString(m[2] ?? ''), req);
    } catch {
      return false; // Express answers it again, with its error handler
    }
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Content-Language', prepared.resolved);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', prepared.text.etag);
    res.setHeader('Content-Length', prepared.text.bytes);
    res.end(prepared.text.body);
    return true;
  };
  return { router, fastPath };
}
