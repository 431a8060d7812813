/**
 * What the ESCO API and RDF readers share so that they produce exactly the ParsedEsco the CSV reader
 * produces for the same content (the text rules themselves are in ../esco/normalise.ts): the CSV's
 * spellings of skill types and concept types, and the skill pillar's top levels derived from the skill groups
 * (the CSV has them in skillsHierarchy_xx.csv; the API and RDF only have the broader links).
 */
import type { EscoBroader, EscoSkillGroup, EscoSkillHierarchyEntry, ParsedEsco } from '../../data/esco-model.js';
import { textOrNull } from '../esco/normalise.js';

export const ESCO = 'http://data.europa.eu/esco/';

/** conceptType / broaderType values as the CSV relation files spell them. */
export const conceptTypes = {
  isco: 'ISCOGroup',
  occupation: 'Occupation',
  skill: 'KnowledgeSkillCompetence',
  skillGroup: 'SkillGroup',
} as const;

/**
 * The CSV's skillType from an ESCO skill-type URI (…/skill-type/skill, …/skill-type/knowledge) or a
 * title ('skill', 'knowledge', 'skill/competence'); null when absent.
 */
export function skillTypeName(uriOrTitle: string | null | undefined): string | null {
  const v = textOrNull(uriOrTitle);
  if (!v) return null;
  const last = v.slice(v.lastIndexOf('/') + 1).toLowerCase();
  if (v.toLowerCase() === 'skill/competence' || last === 'skill' || last === 'competence') return 'skill/competence';
  if (last === 'knowledge') return 'knowledge';
  return v;
}

/** The CSV's reuseLevel from …/skill-reuse-level/cross-sector (or the bare name). */
export function reuseLevelName(uriOrTitle: string | null | undefined): string | null {
  const v = textOrNull(uriOrTitle);
  return v ? v.slice(v.lastIndexOf('/') + 1) : null;
}

/** ISCO code from an ISCO group URI: …/isco/C2221 -> '2221'. */
export function iscoCodeFromUri(uri: string): string | null {
  const m = uri.match(/\/isco\/C(\d{1,4})$/);
  return m ? m[1]! : null;
}

/** The concept type an URI's path implies, when its own data does not say (a broader outside the sample). */
export function conceptTypeFromUri(uri: string): string | null {
  if (uri.startsWith(`${ESCO}isco/`)) return conceptTypes.isco;
  if (uri.startsWith(`${ESCO}occupation/`)) return conceptTypes.occupation;
  if (uri.startsWith(`${ESCO}isced-f/`)) return conceptTypes.skillGroup;
  return null;
}

/**
 * The skill pillar's top levels (skillsHierarchy_xx.csv) from the skill groups and their broader
 * links: every skill group, its depth below a top group and its parent group.
 */
export function hierarchyFromGroups(groups: EscoSkillGroup[], broader: EscoBroader[]): EscoSkillHierarchyEntry[] {
  const isGroup = new Set(groups.map((g) => g.uri));
  const parent = new Map<string, string>();
  for (const b of broader) {
    if (isGroup.has(b.conceptUri) && isGroup.has(b.broaderUri) && !parent.has(b.conceptUri)) parent.set(b.conceptUri, b.broaderUri);
  }
  const level = (uri: string): number => {
    let n = 0;
    const seen = new Set<string>([uri]);
    for (let p = parent.get(uri); p !== undefined && !seen.has(p); p = parent.get(p)) {
      seen.add(p);
      n++;
    }
    return n;
  };
  return groups.map((g) => ({ uri: g.uri, level: level(g.uri), code: g.code, parentUri: parent.get(g.uri) ?? null }));
}

/**
 * The API and RDF readers' last step: each relation kept once (an RDF dump may state one twice, the
 * API lists it from both ends; the first statement wins) and the skill hierarchy derived from the groups.
 */
export function completeParsedEsco(p: Omit<ParsedEsco, 'skillsHierarchy'>): ParsedEsco {
  const broader = uniqueBy(p.broader, (b) => `${b.conceptUri} ${b.broaderUri}`);
  return {
    ...p,
    occupationSkills: uniqueBy(p.occupationSkills, (r) => `${r.occupationUri} ${r.skillUri}`),
    broader,
    skillSkillRelations: uniqueBy(p.skillSkillRelations, (r) => `${r.originalSkillUri} ${r.relatedSkillUri}`),
    skillsHierarchy: hierarchyFromGroups(p.skillGroups, broader),
  };
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
