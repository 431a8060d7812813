/**
 * Career transitions: GET /api/occupations/:id/transitions — every other occupation ranked by how
 * many of its essential skills a client from this occupation already holds (rank.ts has the score),
 * optionally with the employment trend of each one's ISCO group in a country.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { transitionReads } from '../../data/esco-transitions.js';
import { badRequest, HttpError, notFound, parseInput } from '../errors.js';
import { SeriesAccess } from '../linked/series-access.js';
import { GroupTrends, type Employment, type GroupTrend } from '../transitions/group-trends.js';
import { rankTransitions, WILSON_Z } from '../transitions/rank.js';
import { escoContext, escoIdSchema, langSchema } from './esco-common.js';
import { GEO_PATTERN, givenOnce } from './params.js';
import { SkillSetCache, type SkillSets } from '../transitions/skill-sets.js';
import type * as Wire from '../../wire/transitions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** More than any adviser types in; bounds the work and the error message. */
const MAX_HAVE = 500;

const transitionsQuery = z.object({
  limit: z.preprocess(givenOnce('limit'), z.coerce.number({ error: 'limit must be a number from 1 to 100' }).int('limit must be a whole number').min(1, 'limit must be 1 to 100').max(100, 'limit must be 1 to 100').default(20)),
  offset: z.preprocess(givenOnce('offset'), z.coerce.number({ error: 'offset must be a number' }).int('offset must be a whole number').min(0, 'offset must be 0 or more').max(100_000, 'offset is at most 100000').default(0)),
  // A comma-separated list; also accepted as have=a&have=b.
  have: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [...new Set((Array.isArray(v) ? v.join(',') : v).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))])
    .pipe(z.array(z.string()).max(MAX_HAVE, `have: at most ${MAX_HAVE} skills`))
    .default([]),
  lang: z.preprocess(givenOnce('lang'), langSchema),
  geo: z.preprocess(givenOnce('geo'), z.string().trim().regex(GEO_PATTERN, 'geo must be a Eurostat geo code such as DE, EL or EU27_2020').transform((g) => g.toUpperCase()).optional()),
  majorGroup: z.preprocess(givenOnce('majorGroup'), z.enum(['same', 'other'], { error: 'majorGroup must be same or other' }).optional()),
  sort: z.preprocess(givenOnce('sort'), z.enum(['score', 'growth'], { error: 'sort must be score or growth' }).default('score')),
});
const idParams = z.object({ id: escoIdSchema('id must be an ESCO occupation id (a UUID)') });

export function transitionsRoutes(db: Db): Router {
  const sets = new SkillSetCache(db);
  const trends = new GroupTrends(new SeriesAccess(db));
  const esco = escoContext(db);
  const reads = transitionReads(db);
  const label = (s: SkillSets, o: number, lang: string) => reads.preferredLabel(s.occupationUris[o]!, lang);

  /** The skill numbers of `have`; every id that is not a loaded ESCO skill is named in one 400. */
  const haveSkills = (s: SkillSets, ids: string[]): number[] => {
    const malformed = ids.filter((id) => !UUID.test(id));
    if (malformed.length) throw badRequest(`have: not ESCO skill ids (UUIDs): ${malformed.slice(0, 10).join(', ')}${malformed.length > 10 ? `, … (${malformed.length} in all)` : ''}`);
    const unknown = ids.filter((id) => !s.skillById.has(id));
    if (unknown.length) throw badRequest(`have: unknown ESCO skill ${unknown.length === 1 ? 'id' : 'ids'}: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? `, … (${unknown.length} in all)` : ''}`);
    return ids.map((id) => s.skillById.get(id)!);
  };

  const employmentBlock = (e: Employment | null): Wire.TransitionsEmployment | null => {
    if (!e) return null;
    if ('reason' in e) return { geo: e.geo, available: false, reason: e.reason, dataset: null, level: null, unit: null };
    return { geo: e.geo, available: true, reason: null, dataset: e.dataset, level: e.level, unit: e.unit };
  };
  const groupOf = (e: Employment | null, iscoGroup: string | null): GroupTrend | null => {
    if (!e || 'reason' in e || !iscoGroup) return null;
    return e.groups.get(iscoGroup.slice(0, e.digits)) ?? null;
  };

  const router = Router();

  router.get('/api/occupations/:id/transitions', (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const query = parseInput(transitionsQuery, req.query);
    if (query.sort === 'growth' && !query.geo) throw badRequest('sort=growth needs geo: the country whose employment trend to sort by');
    res.json(
      esco.snapshot(() => {
        const lang = esco.resolveLang(query.lang);
        const s = sets.get();
        const source = s.occupationById.get(id);
        if (source === undefined) throw notFound(`occupation ${id}`);
        const have = haveSkills(s, query.have);
        const major = s.iscoGroups[source]?.charAt(0) ?? null;
        const keep =
          query.majorGroup === undefined
            ? undefined
            : query.majorGroup === 'same'
              ? (o: number) => major !== null && s.iscoGroups[o]?.charAt(0) === major
              : (o: number) => s.iscoGroups[o]?.charAt(0) !== major;
        const ranked = rankTransitions(s, { source, have, keep });
        const employment = query.geo ? trends.forGeo(query.geo) : null;
        let order: ArrayLike<number> = ranked.order;
        if (query.sort === 'growth') {
          if (!employment || 'reason' in employment) throw new HttpError(404, `no employment data by ISCO group for ${query.geo} to sort by: ${employment?.reason ?? 'no geo given'}`);
          // Fastest-growing group first; occupations whose group has no 5-year change keep the score order after them.
          const growth = new Float64Array(s.occupationIds.length).fill(-Infinity);
          for (const o of ranked.order) growth[o] = groupOf(employment, s.iscoGroups[o]!)?.change5y?.percent ?? -Infinity;
          const position = new Int32Array(s.occupationIds.length);
          ranked.order.forEach((o, i) => (position[o] = i));
          order = Int32Array.from(ranked.order).sort((a, b) => (growth[b]! === growth[a]! ? 0 : growth[b]! > growth[a]! ? 1 : -1) || position[a]! - position[b]!);
        }
        const items: Wire.Transition[] = [];
        for (let i = query.offset; i < Math.min(order.length, query.offset + query.limit); i++) {
          const o = order[i]!;
          items.push({
            id: s.occupationIds[o]!,
            label: label(s, o, lang),
            code: s.codes[o]!,
            iscoGroup: s.iscoGroups[o]!,
            held: ranked.held[o]!,
            total: ranked.total[o]!,
            score: ranked.score[o]!,
            gap: `/api/occupations/${id}/gap?to=${s.occupationIds[o]}`,
            employment: groupOf(employment, s.iscoGroups[o]!),
          });
        }
        return {
          from: { id, label: label(s, source, lang), code: s.codes[source]!, iscoGroup: s.iscoGroups[source]! },
          have: query.have.map((skillId) => reads.skillRef(lang, skillId)),
          clientSkills: ranked.clientSkills,
          score: { method: 'wilson-lower-bound', z: WILSON_Z },
          majorGroup: query.majorGroup ?? null,
          sort: query.sort,
          employment: employmentBlock(employment),
          items,
          total: order.length,
          limit: query.limit,
          offset: query.offset,
          ...esco.provenance(),
        } satisfies Wire.Transitions;
      }),
    );
  });

  return router;
}
