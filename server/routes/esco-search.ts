/**
 * ESCO search: `GET /api/occupations` (labels, ISCO-08 and ESCO codes) and `GET /api/skills` (labels),
 * in any loaded language, through the in-memory engine of server/search/. Answers are cached as JSON
 * text (server/search/answer-cache.ts) until the next ESCO load; the engine alone meets the latency
 * targets without the cache (`npm run bench -- esco`).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { AnswerCache, searchCacheSize } from '../search/answer-cache.js';
import { EscoSearchIndexes, type ConceptIndex } from '../search/esco-indexes.js';
import { parseInput } from '../errors.js';
import { languageHeaders } from '../lang.js';
import { langSchema, type EscoContext } from './esco-common.js';

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

interface ListRow {
  uri: string;
  label: string | null;
  total: number;
}

export function escoSearchRoutes(db: Db, ctx: EscoContext): Router {
  const stmt = {
    // ISCO prefix '22' -> every occupation in groups 22xx; ESCO code '2221.3' -> it and its narrower '2221.3.x'.
    searchCode: db.prepare(`
      SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup, NULL AS matchedLabel, COUNT(*) OVER () AS total
      FROM esco_occupations o
      LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = @lang
      WHERE (@isco AND o.isco_group >= @q AND o.isco_group < @q || ':')
         OR o.code = @q OR (o.code >= @q || '.' AND o.code < @q || '/')
      ORDER BY o.isco_group, t.preferred_label, o.id
      LIMIT @limit OFFSET @offset`),
    searchCodeCount: db.prepare(`
      SELECT COUNT(*) FROM esco_occupations o
      WHERE (@isco AND o.isco_group >= @q AND o.isco_group < @q || ':') OR o.code = @q OR (o.code >= @q || '.' AND o.code < @q || '/')`).pluck(),
    listOccupations: db.prepare(`
      SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup, NULL AS matchedLabel, COUNT(*) OVER () AS total
      FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = @lang
      ORDER BY t.preferred_label, o.id LIMIT @limit OFFSET @offset`),
    countOccupations: db.prepare('SELECT COUNT(*) FROM esco_occupations').pluck(),
    listSkills: db.prepare(`
      SELECT s.id, s.uri, t.preferred_label AS label, s.skill_type AS type, NULL AS matchedLabel, COUNT(*) OVER () AS total
      FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = @lang
      ORDER BY t.preferred_label, s.id LIMIT @limit OFFSET @offset`),
    countSkills: db.prepare('SELECT COUNT(*) FROM esco_skills').pluck(),
  };
  const indexes = new EscoSearchIndexes(db);
  const cache = new AnswerCache(searchCacheSize());

  /** A page of SQL rows with their COUNT(*) OVER (); past the last page there are none, so count separately. */
  const sqlPage = <Row extends ListRow>(rows: Row[], offset: number, countAgain: () => number) => ({
    items: rows.map(({ total: _total, ...item }) => item),
    total: rows.length ? rows[0]!.total : offset > 0 ? countAgain() : 0,
    fuzzy: false,
  });

  /** Text search through an index: each hit is the concept's document plus the label that matched. */
  const textPage = <Doc extends { uri: string; label: string | null }>({ index, docs }: ConceptIndex<Doc>, q: string, limit: number, offset: number) => {
    const answer = index.search(q, limit, offset);
    return {
      items: answer.hits.map((h) => ({ ...docs[h.concept]!, matchedLabel: h.matchedLabel })),
      total: answer.total,
      fuzzy: answer.fuzzy,
      ...(answer.fuzzy ? { correctedQuery: answer.correctedQuery } : {}),
    };
  };

  const occupations = (q: string, lang: string, limit: number, offset: number, stamp: string) => {
    const page = { lang, limit, offset };
    if (q === '') return sqlPage(stmt.listOccupations.all(page) as ListRow[], offset, () => stmt.countOccupations.get() as number);
    if (CODE_QUERY.test(q)) {
      const code = q.replace(/\.$/, '');
      const params = { q: code, isco: /^\d+$/.test(code) ? 1 : 0 };
      return sqlPage(stmt.searchCode.all({ ...page, ...params }) as ListRow[], offset, () => stmt.searchCodeCount.get(params) as number);
    }
    return textPage(indexes.occupations(lang, stamp), q, limit, offset);
  };

  const skills = (q: string, lang: string, limit: number, offset: number, stamp: string) => {
    if (q === '') return sqlPage(stmt.listSkills.all({ lang, limit, offset }) as ListRow[], offset, () => stmt.countSkills.get() as number);
    return textPage(indexes.skills(lang, stamp), q, limit, offset);
  };

  /**
   * The answer as JSON text, from the cache when the same search was answered since the last load.
   * A hit needs one primary-key read (the load stamp): the key holds the `lang` as asked, which was
   * valid when the answer was cached, and the data has not changed since. The load stamp and the
   * answer language are read once per request and handed down (each is a read of the database).
   */
  const answer = (kind: string, query: SearchQuery, lang: string, search: typeof occupations): string => {
    const q = query.q.trim();
    const key = `${kind}\u0000${query.lang?.toLowerCase() ?? ''}\u0000${query.limit}\u0000${query.offset}\u0000${q}`;
    const stamp = indexes.currentStamp();
    const cached = cache.get(key, stamp);
    if (cached !== undefined) return cached;
    const body = ctx.snapshot(() => {
      const found = search(q, lang, query.limit, query.offset, stamp);
      // Items without a label in the language asked show their English one, marked labelLang.
      const items = found.items.map((item) => ctx.labelled(item, { uri: item.uri }));
      return JSON.stringify({ ...found, items, ...ctx.provenance() });
    });
    cache.set(key, body);
    return body;
  };

  const router = Router();
  /** lang= or Accept-Language picks the language, as on every ESCO route (server/lang.ts). */
  const route = (kind: string, search: typeof occupations) => (req: Request, res: Response) => {
    const query = parseInput(searchQuery, req.query);
    const lang = ctx.askedLang(req, query.lang);
    const resolved = ctx.resolveLang(lang);
    languageHeaders(res, resolved);
    res.type('application/json').send(answer(kind, { ...query, lang }, resolved, search));
  };
  router.get('/api/occupations', route('occupation', occupations));
  router.get('/api/skills', route('skill', skills));
  return router;
}
