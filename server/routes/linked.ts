/**
 * The linked views: an ESCO occupation's employment trend, employment by sector in a country, and
 * one series compared across countries. Handlers only validate input and shape the answer; the
 * views are in server/linked/, their reads in data/.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { codeLabelLanguages } from '../../data/code-labels.js';
import type { Db } from '../../data/db.js';
import { escoLanguages } from '../../data/esco-release.js';
import { badRequest, parseInput } from '../errors.js';
import { askedLanguage, languageHeaders } from '../lang.js';
import { compareSeries } from '../linked/compare.js';
import { OccupationTrends } from '../linked/occupation-trend.js';
import { SectorViews } from '../linked/sectors.js';
import { SeriesAccess } from '../linked/series-access.js';
import type * as Wire from '../../wire/linked.js';
import { checkPeriodOrder, GEO_PATTERN, once, periodParam } from './params.js';

const GEO_HINT = 'a Eurostat geo code such as DE, EL or EU27_2020';
const MAX_COMPARE_GEOS = 40;

const geoCode = z
  .string({ error: `required: ${GEO_HINT}` })
  .trim()
  .regex(GEO_PATTERN, `expected ${GEO_HINT}`)
  .transform((g) => g.toUpperCase());

const period = periodParam('expected a period such as 2015, 2015-Q1 or 2015-01');

const langCode = z
  .string()
  .regex(/^[a-z]{2,3}$/i, 'expected a language code such as en')
  .transform((l) => l.toLowerCase())
  .optional();
const trendQuery = z.object({ geo: geoCode, lang: langCode });
const sectorQuery = z.object({ geo: geoCode, lang: langCode });
const occupationParams = z.object({ id: z.string().min(1).max(200) });
const naceParams = z.object({ nace: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'expected a NACE code such as C, B-E or M_N') });

const compareQuery = z.object({
  dataset: z.string({ error: 'required: a dataset code such as nama_10_a10_e' }).regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a dataset code such as nama_10_a10_e'),
  geo: z
    .string({ error: `required: one or more comma-separated geo codes, each ${GEO_HINT}` })
    .transform((s) => [...new Set(s.split(',').map((g) => g.trim().toUpperCase()))])
    .pipe(z.array(z.string().regex(GEO_PATTERN, `expected ${GEO_HINT}`)).min(1).max(MAX_COMPARE_GEOS, `at most ${MAX_COMPARE_GEOS} countries`)),
  since: period.optional(),
  until: period.optional(),
  lang: langCode,
});
const COMPARE_RESERVED = new Set(['dataset', 'geo', 'since', 'until', 'lang']);

/** Dimension filters of /api/compare: every other query parameter, one string each. */
function dimensionFilters(query: Record<string, unknown>): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (COMPARE_RESERVED.has(key)) continue;
    if (typeof value !== 'string') throw badRequest(`${key}: give it once, with one code`);
    filters[key] = value.trim();
  }
  return filters;
}

export function linkedRoutes(db: Db): Router {
  const router = Router();
  const series = new SeriesAccess(db);

  /**
   * The language of labels (server/lang.ts: lang=, else Accept-Language), and the SeriesAccess giving
   * code labels in it. Never a 400 for a language: the figures do not depend on it, and a label with
   * none in that language comes in English, marked `labelLang`. `loaded` lists the languages that
   * have labels; read only when the answer is not plain English (the common case costs nothing).
   */
  const language = (req: Request, res: Response, asked: string | undefined, loaded: () => string[]) => {
    const lang = askedLanguage(req, asked, () => ['en', ...loaded()]) ?? 'en';
    languageHeaders(res, lang === 'en' || loaded().includes(lang) ? lang : 'en');
    return { lang, series: series.inLanguage(lang) };
  };
  const statistics = () => codeLabelLanguages(db);

  router.get('/api/occupations/:id/trend', (req, res) => {
    const { id } = parseInput(occupationParams, req.params);
    const query = parseInput(trendQuery, once(req.query, 'geo', 'lang'));
    // ESCO labels (occupation, ISCO groups) and Eurostat's code labels, in the same language.
    const { lang, series: access } = language(req, res, query.lang, () => [...new Set([...escoLanguages(db), ...statistics()])]);
    res.json(new OccupationTrends(db, access).trend(id, query.geo, lang) satisfies Wire.OccupationTrend);
  });

  router.get('/api/sectors', (req, res) => {
    const query = parseInput(sectorQuery, once(req.query, 'geo', 'lang'));
    const { series: access } = language(req, res, query.lang, statistics);
    res.json(new SectorViews(access).list(query.geo) satisfies Wire.SectorList);
  });

  router.get('/api/sectors/:nace', (req, res) => {
    const { nace } = parseInput(naceParams, req.params);
    const query = parseInput(sectorQuery, once(req.query, 'geo', 'lang'));
    const { series: access } = language(req, res, query.lang, statistics);
    res.json(new SectorViews(access).sector(nace.toUpperCase(), query.geo) satisfies Wire.SectorSeries);
  });

  router.get('/api/compare', (req, res) => {
    const query = once(req.query, ...COMPARE_RESERVED);
    const { dataset, geo, since, until, lang: asked } = parseInput(compareQuery, query);
    checkPeriodOrder(since, until);
    const { series: access } = language(req, res, asked, statistics);
    res.json(compareSeries(access, { dataset, geos: geo, filters: dimensionFilters(query), since, until }) satisfies Wire.Comparison);
  });

  return router;
}
