/**
 * ESCO web-service API answers -> ParsedEsco (pure). The walk (fetch.ts) says which pillar each
 * resource was reached in; this module reads the HAL+JSON fields into the same rows the CSV reader
 * produces: texts per language, codes kept as strings, relation and broader rows typed as in the CSV
 * relation files.
 */
import { IngestError } from '../../data/errors.js';
import type { EscoBroader, EscoIscoGroup, EscoOccupation, EscoOccupationSkill, EscoSkill, EscoSkillGroup, EscoSkillSkillRelation, EscoTextsByLang, ParsedEsco } from '../../data/esco-model.js';
import { halResourceSchema, links, literalIn, type HalResource } from './hal.js';
import { makeTexts, textOrNull } from '../esco/normalise.js';
import { completeParsedEsco, conceptTypes, iscoCodeFromUri, reuseLevelName, skillTypeName } from './normalise.js';

/** What the walk collected, by pillar. */
export interface EscoApiWalk {
  /** The pinned selectedVersion the resources were asked for. */
  version: string | null;
  languages: string[];
  iscoGroups: unknown[];
  occupations: unknown[];
  skillGroups: unknown[];
  skills: unknown[];
}

/** Validates one API answer; a body that is not an ESCO resource is an 'invalid' error naming it. */
export function toResource(json: unknown, where: string): HalResource {
  const r = halResourceSchema.safeParse(json);
  if (!r.success) {
    throw new IngestError('invalid', `${where}: not an ESCO API resource (${r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')})`);
  }
  return r.data;
}

function texts(r: HalResource, languages: string[]): EscoTextsByLang {
  const out: EscoTextsByLang = {};
  for (const lang of languages) {
    const label = textOrNull(r.preferredLabel?.[lang]);
    // A concept without a label in a language has no texts in it (the CSV has no row for it either).
    if (!label) continue;
    out[lang] = makeTexts({
      preferredLabel: label,
      altLabels: r.alternativeLabel?.[lang] ?? [],
      hiddenLabels: r.hiddenLabel?.[lang] ?? [],
      description: literalIn(r.description, lang),
      definition: literalIn(r.definition, lang),
      scopeNote: literalIn(r.scopeNote, lang),
    });
  }
  return out;
}

function regulatedNote(r: HalResource): string | null {
  const link = links(r, 'regulatedProfessionNote')[0] ?? links(r, 'hasRegulatedProfessionNote')[0];
  if (link) return link.uri;
  return typeof r.regulatedProfessionNote === 'string' ? textOrNull(r.regulatedProfessionNote) : null;
}

export function parseEscoApi(walk: EscoApiWalk): ParsedEsco {
  const { languages } = walk;
  const res = (list: unknown[], pillar: string) => list.map((j, i) => toResource(j, `${pillar} resource #${i + 1}`));
  const iscoRes = res(walk.iscoGroups, 'ISCO group');
  const occRes = res(walk.occupations, 'occupation');
  const groupRes = res(walk.skillGroups, 'skill group');
  const skillRes = res(walk.skills, 'skill');

  const broader: EscoBroader[] = [];
  const iscoGroups: EscoIscoGroup[] = iscoRes.map((r) => {
    const code = textOrNull(r.code) ?? iscoCodeFromUri(r.uri);
    if (!code) throw new IngestError('invalid', `ISCO group ${r.uri} has no code`);
    for (const b of [...links(r, 'broaderConcept'), ...links(r, 'broaderIscoGroup')]) {
      broader.push({ conceptUri: r.uri, conceptType: conceptTypes.isco, broaderUri: b.uri, broaderType: conceptTypes.isco });
    }
    return { uri: r.uri, code, status: textOrNull(r.status), texts: texts(r, languages) };
  });

  const skills: EscoSkill[] = skillRes.map((r) => {
    for (const b of [...links(r, 'broaderHierarchyConcept'), ...links(r, 'broaderConcept')]) {
      broader.push({ conceptUri: r.uri, conceptType: conceptTypes.skill, broaderUri: b.uri, broaderType: conceptTypes.skillGroup });
    }
    for (const b of links(r, 'broaderSkill')) {
      broader.push({ conceptUri: r.uri, conceptType: conceptTypes.skill, broaderUri: b.uri, broaderType: conceptTypes.skill });
    }
    return {
      uri: r.uri,
      skillType: skillTypeName(links(r, 'hasSkillType')[0]?.uri),
      reuseLevel: reuseLevelName(links(r, 'hasReuseLevel')[0]?.uri),
      status: textOrNull(r.status),
      modifiedDate: textOrNull(r.modifiedDate),
      texts: texts(r, languages),
    };
  });
  const skillTypeOf = new Map(skills.map((s) => [s.uri, s.skillType]));

  const occupationSkills: EscoOccupationSkill[] = [];
  const occupations: EscoOccupation[] = occRes.map((r) => {
    const parents = links(r, 'broaderOccupation');
    const iscoLink = links(r, 'broaderIscoGroup')[0];
    // The CSV lists an occupation's broader occupation when it has one, else its ISCO unit group;
    // the API gives the unit group on every occupation, so it is used only at the top.
    if (parents.length) {
      for (const p of parents) broader.push({ conceptUri: r.uri, conceptType: conceptTypes.occupation, broaderUri: p.uri, broaderType: conceptTypes.occupation });
    } else if (iscoLink) {
      broader.push({ conceptUri: r.uri, conceptType: conceptTypes.occupation, broaderUri: iscoLink.uri, broaderType: conceptTypes.isco });
    }
    for (const [rel, relationType] of [['hasEssentialSkill', 'essential'], ['hasOptionalSkill', 'optional']] as const) {
      for (const s of links(r, rel)) {
        occupationSkills.push({ occupationUri: r.uri, skillUri: s.uri, relationType, skillType: skillTypeName(s.skillType) ?? skillTypeOf.get(s.uri) ?? null });
      }
    }
    const code = textOrNull(r.code);
    return {
      uri: r.uri,
      code,
      iscoGroup: textOrNull(iscoLink?.code) ?? (iscoLink ? iscoCodeFromUri(iscoLink.uri) : null) ?? (code ? code.split('.')[0]! : null),
      status: textOrNull(r.status),
      modifiedDate: textOrNull(r.modifiedDate),
      regulatedProfessionNote: regulatedNote(r),
      texts: texts(r, languages),
    };
  });

  const skillGroups: EscoSkillGroup[] = groupRes.map((r) => {
    for (const b of [...links(r, 'broaderConcept'), ...links(r, 'broaderHierarchyConcept')]) {
      broader.push({ conceptUri: r.uri, conceptType: conceptTypes.skillGroup, broaderUri: b.uri, broaderType: conceptTypes.skillGroup });
    }
    return { uri: r.uri, code: textOrNull(r.code), status: textOrNull(r.status), texts: texts(r, languages) };
  });

  const skillSkillRelations: EscoSkillSkillRelation[] = [];
  for (const r of skillRes) {
    for (const [rel, relationType] of [['hasEssentialSkill', 'essential'], ['hasOptionalSkill', 'optional']] as const) {
      for (const s of links(r, rel)) skillSkillRelations.push({ originalSkillUri: r.uri, relationType, relatedSkillUri: s.uri });
    }
  }

  return completeParsedEsco({ version: walk.version, languages, occupations, iscoGroups, skills, skillGroups, occupationSkills, broader, skillSkillRelations });
}
