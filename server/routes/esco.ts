/**
 * The ESCO API: occupation profiles, skills gaps between occupations, skills and ISCO groups; the
 * search routes are in ./esco-search.ts. Every statement is prepared once when the router is built
 * (the latency targets leave no room for re-preparing per request). Responses carry the ESCO version
 * loaded and the attribution text the ESCO licence asks for.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { escoId } from '../../data/ids.js';
import { notFound, parseInput } from '../errors.js';
import { languageHeaders } from '../lang.js';
import { escoContext, escoIdSchema, langSchema, type CodeLabel } from './esco-common.js';
import { escoSearchRoutes } from './esco-search.js';
import type * as Wire from '../../wire/esco.js';

/** How many related occupations of each kind (same unit group, most shared essential skills) a profile lists. */
const RELATED_EACH = 10;
/** Binary string order, as SQLite's default collation. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const langQuery = z.object({ lang: langSchema });
const gapQuery = z.object({
  to: z.string({ error: 'to is required: the id of the occupation to move to' }).pipe(escoIdSchema('to must be an ESCO occupation id (a UUID)')),
  lang: langSchema,
});
const idParams = z.object({ id: escoIdSchema('id must be an ESCO id (a UUID)') });
const iscoParams = z.object({ code: z.string().regex(/^\d{1,4}$/, 'code must be an ISCO-08 code of 1 to 4 digits, e.g. 2221') });

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
export function escoRoutes(db: Db): Router {
  const stmt = {
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
  };

  const ctx = escoContext(db);
  const { resolveLang, provenance, snapshot, labelled } = ctx;
  const askedLang = ctx.askedLang;
  /** labelled() for a list ordered by label then id (as the SQL orders it): filled labels move to their place. */
  const labelledList = <T extends { id: string; label: string | null }>(items: T[]): (T & { labelLang?: string })[] => {
    if (items.every((i) => i.label !== null)) return items;
    return items.map((i) => labelled(i, { id: i.id })).sort((a, b) => compareText(a.label ?? '', b.label ?? '') || compareText(a.id, b.id));
  };
  const labelledCodes = (items: CodeLabel[]) => items.map((i) => labelled(i, { code: i.code }));
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

  router.use(escoSearchRoutes(db, ctx));

  router.get('/api/occupations/:id', (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const asked = askedLang(req, parseInput(langQuery, req.query).lang);
    res.json(
      snapshot((): Wire.Occupation => {
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
          altLabels: stmt.labels.all(o.uri, o.labelLang ?? lang) as string[],
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
      snapshot((): Wire.SkillsGap => {
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
      snapshot((): Wire.Skill => {
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
          altLabels: stmt.labels.all(s.uri, s.labelLang ?? lang) as string[],
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
      snapshot((): Wire.IscoGroup => {
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
