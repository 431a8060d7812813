/**
 * The ESCO API: occupation profiles, skills gaps between occupations, skills and ISCO groups; the
 * search routes are in ./esco-search.ts, the reads in data/esco-concepts.ts (prepared once, when the
 * router is built). Responses carry the ESCO version loaded and the attribution text the ESCO
 * licence asks for.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { escoConceptReads, type CodeLabel, type OccupationRow, type SkillItemRow } from '../../data/esco-concepts.js';
import { escoId } from '../../data/ids.js';
import { notFound, parseInput } from '../errors.js';
import { languageHeaders } from '../lang.js';
import { escoContext, escoIdSchema, langSchema } from './esco-common.js';
import { escoSearchRoutes, type FastPath } from './esco-search.js';
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

/** The ESCO router, and the search routes' fast path ahead of Express (see esco-search.ts). */
export function escoRoutes(db: Db): { router: Router; fastPath: FastPath } {
  const read = escoConceptReads(db);
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
    const row = read.occupation(lang, id);
    if (!row) throw notFound(`occupation ${id}`);
    return row;
  };
  /**
   * Up to RELATED_EACH occupations of the same ISCO unit group and the RELATED_EACH sharing most
   * essential skills, most shared first (ties: by URI for the cut, by label for the order).
   */
  const relatedOccupations = (o: OccupationRow, lang: string) => {
    const shared = new Map(read.sharedEssential(o.uri).map((r) => [r.uri, r.n]));
    const count = (uri: string) => shared.get(uri) ?? 0;
    const mostShared = (a: string, b: string) => count(b) - count(a) || compareText(a, b);
    const peers = new Set(o.iscoGroup ? read.sameGroup(o.iscoGroup, o.uri) : []);
    const chosen = new Set([...[...peers].sort(mostShared).slice(0, RELATED_EACH), ...[...shared.keys()].sort(mostShared).slice(0, RELATED_EACH)]);
    return [...chosen]
      .map((uri) => {
        const ref = read.occupationRef(lang, uri);
        const { labelLang, label } = labelled(ref, { uri });
        return { id: ref.id, label, ...(labelLang ? { labelLang } : {}), code: ref.code, sameIscoGroup: peers.has(uri), sharedEssentialSkills: count(uri) };
      })
      .sort((a, b) => b.sharedEssentialSkills - a.sharedEssentialSkills || compareText(a.label ?? '', b.label ?? '') || compareText(a.id, b.id));
  };
  const skillList = (rows: SkillItemRow[], relationType: string) =>
    rows.filter((r) => r.relationType === relationType).map(({ id, label, type }) => ({ id, label, type }));

  const router = Router();

  const search = escoSearchRoutes(db, ctx);
  router.use(search.router);

  router.get('/api/occupations/:id', (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const asked = askedLang(req, parseInput(langQuery, req.query).lang);
    res.json(
      snapshot((): Wire.Occupation => {
        const lang = resolveLang(asked);
        languageHeaders(res, lang);
        const row = findOccupation(id, lang);
        const o = labelled(row, { uri: row.uri });
        const skills = read.occupationSkills(lang, o.uri);
        return {
          id: o.id,
          uri: o.uri,
          label: o.label,
          ...(o.labelLang ? { labelLang: o.labelLang } : {}),
          altLabels: read.altLabels(o.uri, o.labelLang ?? lang),
          description: o.description,
          code: o.code,
          iscoGroup: o.iscoGroup,
          isco: o.iscoGroup ? labelledCodes(read.iscoChain(o.iscoGroup, lang)) : [],
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
        const rows = read.gap(from.uri, to.uri, lang);
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
        const row = read.skill(lang, id);
        if (!row) throw notFound(`skill ${id}`);
        const s = labelled(row, { uri: row.uri });
        const occupations = read.skillOccupations(lang, s.uri);
        const list = (relation: string) => labelledList(occupations.filter((o) => o.relationType === relation).map(({ id: oid, label, code }) => ({ id: oid, label, code })));
        return {
          id: s.id,
          uri: s.uri,
          label: s.label,
          ...(s.labelLang ? { labelLang: s.labelLang } : {}),
          altLabels: read.altLabels(s.uri, s.labelLang ?? lang),
          description: s.description,
          type: s.type,
          reuseLevel: s.reuseLevel,
          broader: read.skillBroader(lang, s.uri).map((b) => labelled({ id: escoId(b.uri), uri: b.uri, label: b.label }, { uri: b.uri })),
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
        const row = read.isco(lang, code);
        if (!row) throw notFound(`ISCO group ${code}`);
        const g = labelled(row, { uri: row.uri });
        return {
          code: g.code,
          uri: g.uri,
          label: g.label,
          ...(g.labelLang ? { labelLang: g.labelLang } : {}),
          description: g.description,
          parents: labelledCodes(read.iscoChain(code, lang).filter((p) => p.code !== code)),
          children: labelledCodes(read.iscoChildren(code, lang)),
          occupations: labelledList(read.iscoOccupations(lang, code)),
          ...provenance(),
        };
      }),
    );
  });

  return { router, fastPath: search.fastPath };
}
