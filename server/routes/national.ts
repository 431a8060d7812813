/**
 * O*NET occupations (US), searchable beside ESCO: GET /api/onet/occupations?q=&limit=&offset= and
 * GET /api/onet/occupations/:code (with the RIASEC interest profile). Reads through data/onet.ts;
 * an empty result before `lmi ingest onet` is a normal answer.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { onetAll, onetByCodePrefix, onetByText, onetInterests, onetOccupation } from '../../data/onet.js';
import { ONET_ATTRIBUTION } from '../../data/attribution.js';
import { notFound, parseInput } from '../errors.js';

// parseInput puts the parameter's name before these messages ('limit: a whole number from 1 to 100').
const LIMIT = 'a whole number from 1 to 100';
const OFFSET = 'a whole number, 0 or more';
const searchQuery = z.object({
  q: z.string().trim().max(200, 'at most 200 characters').optional(),
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(100, LIMIT).default(20),
  offset: z.coerce.number({ error: OFFSET }).int(OFFSET).min(0, OFFSET).default(0),
});
const codeParams = z.object({ code: z.string().regex(/^\d{2}-\d{4}\.\d{2}$/, 'expected an O*NET-SOC code such as 15-1252.00') });

/** The RIASEC areas in the order O*NET numbers them for the interest high-points (1..6). */
const RIASEC = ['Realistic', 'Investigative', 'Artistic', 'Social', 'Enterprising', 'Conventional'];

/**
 * A safe FTS5 query from free text: words become quoted prefix terms, all required. User text never
 * reaches FTS5's own syntax (quotes, NEAR, column filters), so no input can make the query fail.
 */
export function ftsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 12).map((w) => `"${w}"*`).join(' ');
}

export function nationalRoutes(db: Db): Router {
  const router = Router();

  router.get('/api/onet/occupations', (req, res) => {
    const { q, limit, offset } = parseInput(searchQuery, req.query);
    const match = q ? ftsQuery(q) : null;
    // an O*NET-SOC code or its prefix ('15-12'): list that part of the classification
    const page = q && /^\d{2}-[\d.]*$/.test(q) ? onetByCodePrefix(db, q, limit, offset) : match ? onetByText(db, match, limit, offset) : onetAll(db, limit, offset);
    res.json({ total: page.total, limit, offset, items: page.items, attribution: ONET_ATTRIBUTION });
  });

  router.get('/api/onet/occupations/:code', (req, res) => {
    const { code } = parseInput(codeParams, req.params);
    const occ = onetOccupation(db, code);
    if (!occ) throw notFound(`O*NET occupation ${code}`);
    const interests = onetInterests(db, code);
    const riasec = interests.filter((i) => i.scale_id === 'OI').map((i) => ({ id: i.element_id, name: i.element_name, score: i.value }));
    const highPoints = interests
      .filter((i) => i.scale_id === 'IH')
      .map((i) => RIASEC[i.value - 1])
      .filter((name): name is string => name !== undefined);
    res.json({
      ...occ,
      interests: interests.length ? { riasec, highPoints, date: interests[0]!.date } : null,
      attribution: ONET_ATTRIBUTION,
    });
  });

  return router;
}
