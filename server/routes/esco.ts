/**
 * The ESCO API: occupation search and profiles, skills gaps between occupations, skills and ISCO
 * groups. Every statement is prepared once when the router is built (the latency targets leave no
 * room for re-preparing per request). Responses carry the ESCO version loaded and the attribution
 * text the ESCO licence asks for.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { escoId } from '../../ingest/esco/model.js';
import { foldLabel, ftsPrefixQuery, queryTokens } from '../../ingest/esco/normalise.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { badRequest, notFound, parseInput } from '../errors.js';
import { askedLanguage, languageHeaders } from '../lang.js';

/** How many related occupations of each kind (same unit group, most shared essential skills) a profile lists. */
const RELATED_EACH = 10;
/** Binary string order, as SQLite's default collation. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * An ISCO group code ('2', '2221') or an ESCO occupation code ('2221.3', '2654.1.7'); a trailing dot,
 * as typed on the way from '2221' to '2221.3', is ignored.
 */
const CODE_QUERY = /^\d{1,4}(\.\d+)*\.?$/;
/** ESCO ids are lower-case UUIDs; one pasted in capitals is the same id. */
const escoIdSchema = (message: string) => z.string().regex(UUID, message).transform((id) => id.toLowerCase());

const langSchema = z.string().regex(/^[a-z]{2,3}(-[a-z]+)?$/i, 'lang must be a language code such as en or fr').optional();
const searchQuery = z.object({
  q: z.string().max(200, 'q is at most 200 characters').default(''),
  lang: langSchema,
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 100' }).int('limit must be a whole number').min(1, 'limit must be 1 to 100').max(100, 'limit must be 1 to 100').default(20),
  offset: z.coerce.number({ error: 'offset must be a number' }).int('offset must be a whole number').min(0, 'offset must be 0 or more').max(100_000, 'offset is at most 100000').default(0),
});
const langQuery = z.object({ lang: langSchema });
const gapQuery = z.object({
  to: z.string({ error: 'to is required: the id of the occupation to move to' }).pipe(escoIdSchema('to must be an ESCO occupation id (a UUID)')),
  lang: langSchema,
});
const idParams = z.object({ id: escoIdSchema('id must be an ESCO id (a UUID)') });
const iscoParams = z.object({ code: z.string().regex(/^\d{1,4}$/, 'code must be an ISCO-08 code of 1 to 4 digits, e.g. 2221') });

interface SearchRow {
  id: string;
  uri: string;
  label: string | null;
  code: string | null;
  iscoGroup: string | null;
  matchedLabel: string | null;
  total: number;
}
interface OccupationRow {
  uri: string;
  id: string;
  code: string | null;
  iscoGroup: string | null;
  label: string | null;
  description: string | null;
}
interface SkillItemRow {
  id: string;
  label: string | null;
  type: string | null;
  relationType: string;
}
interface CodeLabel {
  code: string;
  label: string | null;
}
/** Where to find a concept's texts in another language: its id (occupation, skill), URI or ISCO code. */
interface ConceptKey {
  id?: string;
  uri?: string;
  code?: string;
}

/** Entries kept by the search cache: `LMI_ESCO_SEARCH_CACHE` (0 turns it off), default 2000. */
function searchCacheSize(): number {
  const n = Number(process.env.LMI_ESCO_SEARCH_CACHE ?? 2000);
  return Number.isInteger(n) && n >= 0 ? n : 2000;
}

/**
 * A small LRU of answers, emptied whenever the data changes (the ingester writes from another
 * process, so the cache compares the `sources` load time on each lookup). Search-as-you-type repeats
 * the same prefixes ('n', 'nu', 'nur') for every adviser; a hit costs one primary-key read.
 */
export class AnswerCache {
  private readonly entries = new Map<string, string>();
  private stamp = '';

  constructor(private readonly capacity: number) {}

  get(key: string, dataStamp: string): string | undefined {
    if (dataStamp !== this.stamp) {
      this.entries.clear();
      this.stamp = dataStamp;
      return undefined;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: string): void {
    if (this.capacity === 0) return;
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

export function escoRoutes(db: Db): Router {
  const stmt = {
    languages: db.prepare('SELECT lang FROM esco_languages ORDER BY lang').pluck(),
    version: db.prepare(`SELECT upstream_version FROM sources WHERE name = 'esco'`).pluck(),
    loadedAt: db.prepare(`SELECT loaded_at FROM sources WHERE name = 'esco'`).pluck(),
    // Per occupation, its best-ranked matching label (SQLite takes the bare columns label/kind from the
    // row holding MIN(rank)); rank = tier * 100000 + label length, tiers: preferred exact 0, prefix 1,
    // other word 2; alternative 3/4/5; hidden 6. Occupation rows are joined for the page only.
    searchText: db.prepare(`
      WITH best AS (
        SELECT f.concept_uri AS uri, f.label AS label, f.kind AS kind,
          MIN((CASE f.kind WHEN 'preferred' THEN 0 WHEN 'alt' THEN 3 ELSE 6 END
               + CASE WHEN f.kind = 'hidden' THEN 0 WHEN f.norm = @q THEN 0 WHEN substr(f.norm, 1, length(@q)) = @q THEN 1 ELSE 2 END) * 100000
              + length(f.label)) AS rank
        FROM esco_occupation_fts f
        WHERE esco_occupation_fts MATCH @match AND f.lang = @lang
        GROUP BY f.concept_uri
      ),
      page AS (SELECT uri, label, kind, rank, COUNT(*) OVER () AS total FROM best ORDER BY rank, label, uri LIMIT @limit OFFSET @offset)
      SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup,
             CASE WHEN p.kind = 'hidden' THEN NULL ELSE p.label END AS matchedLabel, p.total
      FROM page p
      JOIN esco_occupations o ON o.uri = p.uri
      LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = @lang
      ORDER BY p.rank, p.label, p.uri`),
    searchTextCount: db.prepare(`SELECT COUNT(DISTINCT concept_uri) FROM esco_occupation_fts WHERE esco_occupation_fts MATCH @match AND lang = @lang`).pluck(),
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
    listAll: db.prepare(`
      SELECT o.id, o.uri, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup, NULL AS matchedLabel, COUNT(*) OVER () AS total
      FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = @lang
      ORDER BY t.preferred_label, o.id LIMIT @limit OFFSET @offset`),
    countAll: db.prepare('SELECT COUNT(*) FROM esco_occupations').pluck(),
    occupation: db.prepare(`
      SELECT o.uri, o.id, o.code, o.isco_group AS iscoGroup, t.preferred_label AS label, t.description
      FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
      WHERE o.id = ?`),
    labels: db.prepare(`SELECT label FROM esco_labels WHERE concept_uri = ? AND lang = ? AND kind = 'alt' ORDER BY rowid`).pluck(),
    iscoChain: db.prepare(`
      SELECT g.code, t.preferred_label AS label FROM esco_isco_groups g
      LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = @lang
      WHERE g.code IN (substr(@code, 1, 1), substr(@code, 1, 2), substr(@code, 1, 3), substr(@code, 1, 4))
      ORDER BY length(g.code)`),
    occupationSkills: db.prepare(`
      SELECT s.id, t.preferred_label AS label, s.skill_type AS type, r.relation_type AS relationType
      FROM esco_occupation_skills r
      JOIN esco_skills s ON s.uri = r.skill_uri
      LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?
      WHERE r.occupation_uri = ?
      ORDER BY t.preferred_label, s.id`),
    // For each occupation sharing an essential skill with @uri: how many it shares.
    sharedEssential: db.prepare(`
      WITH mine AS (SELECT skill_uri FROM esco_occupation_skills WHERE occupation_uri = @uri AND relation_type = 'essential')
      SELECT r.occupation_uri AS uri, COUNT(*) AS n FROM mine m
      JOIN esco_occupation_skills r ON r.skill_uri = m.skill_uri AND r.relation_type = 'essential'
      WHERE r.occupation_uri <> @uri GROUP BY r.occupation_uri`),
    sameGroup: db.prepare('SELECT uri FROM esco_occupations WHERE isco_group = ? AND uri <> ?').pluck(),
    occupationRef: db.prepare(`
      SELECT o.id, t.preferred_label AS label, o.code, o.isco_group AS iscoGroup
      FROM esco_occupations o LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ? WHERE o.uri = ?`),
    gap: db.prepare(`
      SELECT s.id, t.preferred_label AS label, s.skill_type AS type, COALESCE(f.relation_type, '') AS relationType
      FROM esco_occupation_skills r
      JOIN esco_skills s ON s.uri = r.skill_uri
      LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = @lang
      LEFT JOIN esco_occupation_skills f ON f.occupation_uri = @from AND f.skill_uri = r.skill_uri
      WHERE r.occupation_uri = @to AND r.relation_type = 'essential'
      ORDER BY t.preferred_label, s.id`),
    skill: db.prepare(`
      SELECT s.uri, s.id, t.preferred_label AS label, t.description, s.skill_type AS type, s.reuse_level AS reuseLevel
      FROM esco_skills s LEFT JOIN esco_texts t ON t.concept_uri = s.uri AND t.lang = ?
      WHERE s.id = ?`),
    skillBroader: db.prepare(`
      SELECT b.broader_uri AS uri, t.preferred_label AS label FROM esco_broader b
      LEFT JOIN esco_texts t ON t.concept_uri = b.broader_uri AND t.lang = ?
      WHERE b.concept_uri = ? ORDER BY t.preferred_label, b.broader_uri`),
    skillOccupations: db.prepare(`
      SELECT o.id, t.preferred_label AS label, o.code, r.relation_type AS relationType
      FROM esco_occupation_skills r
      JOIN esco_occupations o ON o.uri = r.occupation_uri
      LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
      WHERE r.skill_uri = ?
      ORDER BY t.preferred_label, o.id`),
    isco: db.prepare(`
      SELECT g.uri, g.code, t.preferred_label AS label, t.description FROM esco_isco_groups g
      LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = ? WHERE g.code = ?`),
    iscoChildren: db.prepare(`
      SELECT g.code, t.preferred_label AS label FROM esco_isco_groups g
      LEFT JOIN esco_texts t ON t.concept_uri = g.uri AND t.lang = @lang
      WHERE g.code > @code AND g.code < @code || ':' AND length(g.code) = length(@code) + 1
      ORDER BY g.code`),
    iscoOccupations: db.prepare(`
      SELECT o.id, t.preferred_label AS label, o.code FROM esco_occupations o
      LEFT JOIN esco_texts t ON t.concept_uri = o.uri AND t.lang = ?
      WHERE o.isco_group = ? ORDER BY t.preferred_label, o.id`),
    // A concept's texts when it has none in the language asked: English, else the first loaded language.
    fallbackText: db.prepare(`
      SELECT t.preferred_label AS label, t.description, t.lang FROM esco_texts t
      WHERE t.concept_uri IN (
        SELECT uri FROM esco_occupations WHERE id = @id UNION ALL SELECT uri FROM esco_skills WHERE id = @id
        UNION ALL SELECT uri FROM esco_isco_groups WHERE code = @code UNION ALL SELECT @uri)
      ORDER BY t.lang <> 'en', t.lang LIMIT 1`),
  };

  const searchCache = new AnswerCache(searchCacheSize());
  // The reads of one answer run in one read transaction: an ingest committing meanwhile (WAL) cannot
  // give an answer half from the old release and half from the new one.
  const snapshotTransaction = db.transaction((read: () => unknown) => read());
  const snapshot = <T>(read: () => T): T => snapshotTransaction(read) as T;

  /** The language to answer in: the one asked for (it must be loaded), else English, else the first loaded. */
  const resolveLang = (asked: string | undefined): string => {
    const loaded = stmt.languages.all() as string[];
    if (asked === undefined) return loaded.includes('en') || loaded.length === 0 ? 'en' : loaded[0]!;
    const lang = asked.toLowerCase();
    if (!loaded.includes(lang)) {
      throw badRequest(loaded.length ? `lang ${lang} is not loaded; available: ${loaded.join(', ')}` : 'no ESCO data is loaded (run `lmi ingest esco`)');
    }
    return lang;
  };
  /** lang= as given, else the request's Accept-Language where loaded (server/lang.ts); undefined: the default. */
  const askedLang = (req: Parameters<typeof askedLanguage>[0], lang: string | undefined) => askedLanguage(req, lang, () => stmt.languages.all() as string[]);
  /**
   * An item without a label in the language asked gets its English one (else another loaded
   * language's), marked `labelLang`, so a client never shows an empty name; its description too when
   * it carries one (the same ESCO text row). Items with a label in the language asked are unchanged.
   */
  const labelled = <T extends { label: string | null }>(item: T, key: ConceptKey): T & { labelLang?: string } => {
    if (item.label !== null) return item;
    const text = stmt.fallbackText.get({ id: key.id ?? null, uri: key.uri ?? null, code: key.code ?? null }) as { label: string; description: string | null; lang: string } | undefined;
    if (!text) return item;
    return { ...item, label: text.label, labelLang: text.lang, ...('description' in item ? { description: text.description } : {}) };
  };
  /** labelled() for a list ordered by label then id (as the SQL orders it): filled labels move to their place. */
  const labelledList = <T extends { id: string; label: string | null }>(items: T[]): (T & { labelLang?: string })[] => {
    if (items.every((i) => i.label !== null)) return items;
    return items.map((i) => labelled(i, { id: i.id })).sort((a, b) => compareText(a.label ?? '', b.label ?? '') || compareText(a.id, b.id));
  };
  const labelledCodes = (items: CodeLabel[]) => items.map((i) => labelled(i, { code: i.code }));
  const provenance = () => ({
    source: { name: 'ESCO', version: (stmt.version.get() as string | null | undefined) ?? null },
    attribution: ESCO_ATTRIBUTION,
  });
  const findOccupation = (id: string, lang: string): OccupationRow => {
    const row = stmt.occupation.get(lang, id) as OccupationRow | undefined;
    if (!row) throw notFound(`occupation ${id}`);
    return row;
  };
  /**
   * Up to RELATED_EACH occupations of the same ISCO unit group and the RELATED_EACH sharing most
   * essential skills, most shared first (ties: by URI for the cut, by label for the order).
   */
  const relatedOccupations = (o: OccupationRow, lang: string) => {
    const shared = new Map((stmt.sharedEssential.all({ uri: o.uri }) as { uri: string; n: number }[]).map((r) => [r.uri, r.n]));
    const count = (uri: string) => shared.get(uri) ?? 0;
    const mostShared = (a: string, b: string) => count(b) - count(a) || compareText(a, b);
    const peers = new Set(o.iscoGroup ? (stmt.sameGroup.all(o.iscoGroup, o.uri) as string[]) : []);
    const chosen = new Set([...[...peers].sort(mostShared).slice(0, RELATED_EACH), ...[...shared.keys()].sort(mostShared).slice(0, RELATED_EACH)]);
    return [...chosen]
      .map((uri) => {
        const ref = stmt.occupationRef.get(lang, uri) as { id: string; label: string | null; code: string | null; iscoGroup: string | null };
        const { labelLang, label } = labelled(ref, { uri });
        return { id: ref.id, label, ...(labelLang ? { labelLang } : {}), code: ref.code, sameIscoGroup: peers.has(uri), sharedEssentialSkills: count(uri) };
      })
      .sort((a, b) => b.sharedEssentialSkills - a.sharedEssentialSkills || compareText(a.label ?? '', b.label ?? '') || compareText(a.id, b.id));
  };
  const skillList = (rows: SkillItemRow[], relationType: string) =>
    rows.filter((r) => r.relationType === relationType).map(({ id, label, type }) => ({ id, label, type }));

  const router = Router();

  /**
   * The search answer as JSON text, from the cache when the same search was answered since the last
   * load. A hit needs one primary-key read (the load stamp): the key holds
   * the `lang` as asked, which was valid when the answer was cached, and the data has not changed since.
   */
  const searchBody = (query: z.infer<typeof searchQuery>): string => {
    const q = query.q.trim();
    const key = `${query.lang?.toLowerCase() ?? ''}\u0000${query.limit}\u0000${query.offset}\u0000${q}`;
    const cached = searchCache.get(key, (stmt.loadedAt.get() as string | undefined) ?? '');
    if (cached !== undefined) return cached;
    const body = snapshot(() => {
      const answer = search(q, resolveLang(query.lang), query.limit, query.offset);
      return JSON.stringify({ ...answer, items: answer.items.map((item) => labelled(item, { uri: item.uri })) });
    });
    searchCache.set(key, body);
    return body;
  };

  const search = (q: string, lang: string, limit: number, offset: number) => {
    const page = { lang, limit, offset };
    let rows: SearchRow[];
    let countAgain: () => number;
    if (q === '') {
      rows = stmt.listAll.all(page) as SearchRow[];
      countAgain = () => stmt.countAll.get() as number;
    } else if (CODE_QUERY.test(q)) {
      const code = q.replace(/\.$/, '');
      const params = { q: code, isco: /^\d+$/.test(code) ? 1 : 0 };
      rows = stmt.searchCode.all({ ...page, ...params }) as SearchRow[];
      countAgain = () => stmt.searchCodeCount.get(params) as number;
    } else {
      const tokens = queryTokens(q);
      // Only punctuation or FTS operators: nothing can match a label.
      if (tokens.length === 0) return { items: [], total: 0, ...provenance() };
      const match = ftsPrefixQuery(tokens);
      rows = stmt.searchText.all({ ...page, q: foldLabel(q), match }) as SearchRow[];
      countAgain = () => stmt.searchTextCount.get({ match, lang }) as number;
    }
    // COUNT(*) OVER () comes with the rows; past the last page there are none, so count separately.
    const total = rows.length ? rows[0]!.total : offset > 0 ? countAgain() : 0;
    return { items: rows.map(({ total: _total, ...item }) => item), total, ...provenance() };
  };

  router.get('/api/occupations', (req, res) => {
    const query = parseInput(searchQuery, req.query);
    const lang = askedLang(req, query.lang);
    languageHeaders(res, resolveLang(lang));
    res.type('application/json').send(searchBody({ ...query, lang }));
  });

  router.get('/api/occupations/:id', (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const asked = askedLang(req, parseInput(langQuery, req.query).lang);
    res.json(
      snapshot(() => {
        const lang = resolveLang(asked);
        languageHeaders(res, lang);
        const row = findOccupation(id, lang);
        const o = labelled(row, { uri: row.uri });
        const skills = stmt.occupationSkills.all(lang, o.uri) as SkillItemRow[];
        return {
          id: o.id,
          uri: o.uri,
          label: o.label,
          ...(o.labelLang ? { labelLang: o.labelLang } : {}),
          altLabels: stmt.labels.all(o.uri, o.labelLang ?? lang),
          description: o.description,
          code: o.code,
          iscoGroup: o.iscoGroup,
          isco: o.iscoGroup ? labelledCodes(stmt.iscoChain.all({ code: o.iscoGroup, lang }) as CodeLabel[]) : [],
          skills: { essential: labelledList(skillList(skills, 'essential')), optional: labelledList(skillList(skills, 'optional')) },
          related: relatedOccupations(o, lang),
          ...provenance(),
        };
      }),
    );
  });

  router.get('/api/occupations/:id/gap', (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const query = parseInput(gapQuery, req.query);
    const asked = askedLang(req, query.lang);
    res.json(
      snapshot(() => {
        const lang = resolveLang(asked);
        languageHeaders(res, lang);
        const ref = (o: OccupationRow) => {
          const { label, labelLang } = labelled(o, { uri: o.uri });
          return { id: o.id, label, ...(labelLang ? { labelLang } : {}), code: o.code };
        };
        const from = findOccupation(id, lang);
        const to = findOccupation(query.to, lang);
        const rows = stmt.gap.all({ from: from.uri, to: to.uri, lang }) as SkillItemRow[];
        return {
          from: ref(from),
          to: ref(to),
          targetEssentialSkills: rows.length,
          held: labelledList(skillList(rows, 'essential')),
          toCheck: labelledList(skillList(rows, 'optional')),
          toGain: labelledList(skillList(rows, '')),
          ...provenance(),
        };
      }),
    );
  });

  router.get('/api/skills/:id', (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const asked = askedLang(req, parseInput(langQuery, req.query).lang);
    res.json(
      snapshot(() => {
        const lang = resolveLang(asked);
        languageHeaders(res, lang);
        const row = stmt.skill.get(lang, id) as { uri: string; id: string; label: string | null; description: string | null; type: string | null; reuseLevel: string | null } | undefined;
        if (!row) throw notFound(`skill ${id}`);
        const s = labelled(row, { uri: row.uri });
        const occupations = stmt.skillOccupations.all(lang, s.uri) as { id: string; label: string | null; code: string | null; relationType: string }[];
        const list = (relation: string) => labelledList(occupations.filter((o) => o.relationType === relation).map(({ id: oid, label, code }) => ({ id: oid, label, code })));
        return {
          id: s.id,
          uri: s.uri,
          label: s.label,
          ...(s.labelLang ? { labelLang: s.labelLang } : {}),
          altLabels: stmt.labels.all(s.uri, s.labelLang ?? lang),
          description: s.description,
          type: s.type,
          reuseLevel: s.reuseLevel,
          broader: (stmt.skillBroader.all(lang, s.uri) as { uri: string; label: string | null }[]).map((b) => labelled({ id: escoId(b.uri), uri: b.uri, label: b.label }, { uri: b.uri })),
          occupations: { essential: list('essential'), optional: list('optional') },
          ...provenance(),
        };
      }),
    );
  });

  router.get('/api/isco/:code', (req, res) => {
    const { code } = parseInput(iscoParams, req.params);
    const asked = askedLang(req, parseInput(langQuery, req.query).lang);
    res.json(
      snapshot(() => {
        const lang = resolveLang(asked);
        languageHeaders(res, lang);
        const row = stmt.isco.get(lang, code) as { uri: string; code: string; label: string | null; description: string | null } | undefined;
        if (!row) throw notFound(`ISCO group ${code}`);
        const g = labelled(row, { uri: row.uri });
        return {
          code: g.code,
          uri: g.uri,
          label: g.label,
          ...(g.labelLang ? { labelLang: g.labelLang } : {}),
          description: g.description,
          parents: labelledCodes((stmt.iscoChain.all({ code, lang }) as CodeLabel[]).filter((p) => p.code !== code)),
          children: labelledCodes(stmt.iscoChildren.all({ code, lang }) as CodeLabel[]),
          occupations: labelledList(stmt.iscoOccupations.all(lang, code) as { id: string; label: string | null; code: string | null }[]),
          ...provenance(),
        };
      }),
    );
  });

  return router;
}
