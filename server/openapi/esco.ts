/** OpenAPI description of the ESCO routes (server/routes/esco.ts and esco-search.ts). */
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import type { OpenApiPart } from './index.js';
import { json, nullableString, ref, type OpenApiObject } from './schema.js';

const errors = {
  '400': json(ref('Error'), 'A bad parameter (the message names it)'),
  '404': json(ref('Error'), 'No such id or code'),
};
const langParam = {
  name: 'lang',
  in: 'query',
  required: false,
  description:
    'Language of labels and descriptions; must be loaded (else 400). Without it, the first language of the Accept-Language header that is loaded; ' +
    'else en when loaded, else the first loaded language. The answer says which in Content-Language. ' +
    'A concept with no text in that language carries its English text (else another loaded language\'s), marked by `labelLang`.',
  schema: { type: 'string', example: 'en' },
};
/** Accept-Language, as browsers send it; lang= wins over it, and a header naming no loaded language is no error. */
export const acceptLanguageParam = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description: 'Picks the language of labels when lang= is not given: the first language named (by q-value) that is loaded; region subtags are ignored (fr-CH is fr).',
  schema: { type: 'string', example: 'fr-CH, fr;q=0.9, en;q=0.8' },
};
const langParams = [langParam, acceptLanguageParam];
/** labelLang: present only when the label (and description) is not in the language of the answer. */
export const labelLangProp = {
  labelLang: { type: 'string', description: 'the language of `label` when ESCO has no text in the language asked (then English, e.g. en); absent when the label is in that language' },
};
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, description: `${what} id: the ESCO UUID (last part of its URI)`, schema: { type: 'string', format: 'uuid' } });
const provenanceProps = {
  source: ref('EscoSource'),
  attribution: { type: 'string', const: ESCO_ATTRIBUTION },
};

/** A search answer: a page of hits, the total, and whether the hits are the closest rather than matches as typed. */
function searchAnswer(hit: string): OpenApiObject {
  return {
    type: 'object',
    required: ['items', 'total', 'fuzzy', 'source', 'attribution'],
    properties: {
      items: { type: 'array', items: ref(hit) },
      total: { type: 'integer', minimum: 0 },
      fuzzy: {
        type: 'boolean',
        description: 'true when no label matched the words as typed, and these are the closest labels: typos corrected, or some words left out',
      },
      correctedQuery: { type: 'string', description: 'only with fuzzy: the query as the first result reads it, e.g. "dividend analyst" for "dividend ajalyst"' },
      ...provenanceProps,
    },
  };
}

/** What an occupation's and a skill's profile both start with (EscoConcept in wire/esco.d.ts). */
const conceptHead = {
  id: { type: 'string', format: 'uuid' },
  uri: { type: 'string', format: 'uri' },
  label: nullableString,
  ...labelLangProp,
  altLabels: { type: 'array', items: { type: 'string' }, description: 'in the language of `label`' },
  description: nullableString,
};

/** A search hit: the concept's id, URI and label (labelLang as on every ESCO label), its own fields, the label that matched. */
function searchHit(own: Record<string, OpenApiObject>, matchedLabel: string): OpenApiObject {
  return {
    type: 'object',
    required: ['id', 'uri', 'label', ...Object.keys(own), 'matchedLabel'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      uri: { type: 'string', format: 'uri' },
      label: { ...nullableString, description: 'preferred label' },
      ...labelLangProp,
      ...own,
      matchedLabel: { ...nullableString, description: matchedLabel },
    },
  };
}

/** How text search matches and ranks, shared by the occupation and skill search descriptions. */
const SEARCH_RULES =
  'Matches preferred, alternative and hidden labels (hidden ones match but are never shown) in the language asked for; case, accents, ligatures (œ, æ, ß) and apostrophes are folded. ' +
  'Each word matches exactly or by its inflections (Snowball stemming where the language has a stemmer: "nurses" finds "nurse"); the last word also as the start of a label word; ' +
  'stop words ("at", "de") are optional. When nothing matches as typed, words that match nothing are corrected: 1 typo (substitution, insertion, deletion or swap of adjacent letters) ' +
  'in a word of 5+ letters, 2 in a word of 9+; failing that, the closest labels (one more typo, words left out). Those answers have fuzzy: true and a correctedQuery. ' +
  'Ranked: fewer missing words, fewer typos, fewer loose inflections, then preferred label equal to the query, preferred label starting with it, alternative label equal to it, ' +
  'other preferred labels, other alternative labels, hidden labels; then closer inflections, whole words before prefixes, shorter labels. ' +
  'q is plain text (at most 200 characters): quotes, stars and operators are separators, never syntax.';

const schemas: Record<string, OpenApiObject> = {
  EscoSource: {
    type: 'object',
    required: ['name', 'version'],
    properties: { name: { type: 'string', const: 'ESCO' }, version: { ...nullableString, description: 'ESCO release loaded, e.g. v1.1.1' } },
  },
  EscoOccupationHit: searchHit(
    { code: { ...nullableString, description: 'ESCO code, e.g. 2221.3' }, iscoGroup: { ...nullableString, description: 'ISCO-08 unit group, e.g. 2221' } },
    'the preferred or alternative label that matched; null when a hidden label or a code matched',
  ),
  EscoOccupationSearch: searchAnswer('EscoOccupationHit'),
  EscoSkillHit: searchHit(
    { type: { ...nullableString, description: "'skill/competence' or 'knowledge' (null for a few skills)" } },
    'the preferred or alternative label that matched; null when a hidden label matched or q is empty',
  ),
  EscoSkillSearch: searchAnswer('EscoSkillHit'),
  EscoSkillRef: {
    type: 'object',
    required: ['id', 'label', 'type'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      label: nullableString,
      ...labelLangProp,
      type: { ...nullableString, description: "'skill/competence' or 'knowledge' (null for a few skills)" },
    },
  },
  EscoOccupationRef: {
    type: 'object',
    required: ['id', 'label', 'code'],
    properties: { id: { type: 'string', format: 'uuid' }, label: nullableString, ...labelLangProp, code: nullableString },
  },
  EscoIscoRef: { type: 'object', required: ['code', 'label'], properties: { code: { type: 'string' }, label: nullableString, ...labelLangProp } },
  EscoOccupation: {
    type: 'object',
    required: ['id', 'uri', 'label', 'altLabels', 'description', 'code', 'iscoGroup', 'isco', 'skills', 'related', 'source', 'attribution'],
    properties: {
      ...conceptHead,
      code: nullableString,
      iscoGroup: nullableString,
      isco: { type: 'array', items: ref('EscoIscoRef'), description: 'ISCO groups from the major group down to the unit group' },
      skills: {
        type: 'object',
        required: ['essential', 'optional'],
        properties: { essential: { type: 'array', items: ref('EscoSkillRef') }, optional: { type: 'array', items: ref('EscoSkillRef') } },
      },
      related: {
        type: 'array',
        description: 'Occupations of the same ISCO unit group (up to 10) and those sharing most essential skills (up to 10), most shared first',
        items: {
          type: 'object',
          required: ['id', 'label', 'code', 'sameIscoGroup', 'sharedEssentialSkills'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            label: nullableString,
            ...labelLangProp,
            code: nullableString,
            sameIscoGroup: { type: 'boolean' },
            sharedEssentialSkills: { type: 'integer', minimum: 0 },
          },
        },
      },
      ...provenanceProps,
    },
  },
  EscoSkillsGap: {
    type: 'object',
    required: ['from', 'to', 'targetEssentialSkills', 'held', 'toCheck', 'toGain', 'source', 'attribution'],
    properties: {
      from: ref('EscoOccupationRef'),
      to: ref('EscoOccupationRef'),
      targetEssentialSkills: { type: 'integer', minimum: 0 },
      held: { type: 'array', items: ref('EscoSkillRef'), description: "essential skills of the target that are essential for the current occupation" },
      toCheck: { type: 'array', items: ref('EscoSkillRef'), description: 'essential skills of the target that are optional for the current occupation: the person may have them' },
      toGain: { type: 'array', items: ref('EscoSkillRef'), description: 'essential skills of the target that the current occupation does not list' },
      ...provenanceProps,
    },
  },
  EscoSkill: {
    type: 'object',
    required: ['id', 'uri', 'label', 'altLabels', 'description', 'type', 'reuseLevel', 'broader', 'occupations', 'source', 'attribution'],
    properties: {
      ...conceptHead,
      type: nullableString,
      reuseLevel: { ...nullableString, description: 'transversal, cross-sector, sector-specific or occupation-specific' },
      broader: {
        type: 'array',
        items: { type: 'object', required: ['id', 'uri', 'label'], properties: { id: { type: 'string' }, uri: { type: 'string', format: 'uri' }, label: nullableString, ...labelLangProp } },
      },
      occupations: {
        type: 'object',
        required: ['essential', 'optional'],
        properties: { essential: { type: 'array', items: ref('EscoOccupationRef') }, optional: { type: 'array', items: ref('EscoOccupationRef') } },
      },
      ...provenanceProps,
    },
  },
  EscoIscoGroup: {
    type: 'object',
    required: ['code', 'uri', 'label', 'description', 'parents', 'children', 'occupations', 'source', 'attribution'],
    properties: {
      code: { type: 'string' },
      uri: { type: 'string', format: 'uri' },
      label: nullableString,
      ...labelLangProp,
      description: nullableString,
      parents: { type: 'array', items: ref('EscoIscoRef'), description: 'from the major group down' },
      children: { type: 'array', items: ref('EscoIscoRef') },
      occupations: { type: 'array', items: ref('EscoOccupationRef'), description: 'ESCO occupations in this group (unit groups only)' },
      ...provenanceProps,
    },
  },
};

/** A search route (occupations, skills): q as typed, the language parameters, a page of hits. */
function searchPath(o: { summary: string; description: string; operationId: string; q: { description: string; example: string }; answer: OpenApiObject }): OpenApiObject {
  return {
    get: {
      summary: o.summary,
      description: o.description,
      operationId: o.operationId,
      parameters: [
        { name: 'q', in: 'query', required: false, description: o.q.description, schema: { type: 'string', maxLength: 200, example: o.q.example } },
        ...langParams,
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: 100000, default: 0 } },
      ],
      responses: { '200': o.answer, '400': errors['400'] },
    },
  };
}

/** A concept route (a profile, a gap): its own parameters, then the language ones; 400 and 404 as every one. */
function conceptPath(summary: string, operationId: string, parameters: OpenApiObject[], answer: OpenApiObject): OpenApiObject {
  return { get: { summary, operationId, parameters: [...parameters, ...langParams], responses: { '200': answer, ...errors } } };
}

export const escoOpenApi: OpenApiPart = {
  schemas,
  paths: {
    '/api/occupations': searchPath({
      summary: 'Search ESCO occupations as you type, forgiving typos and plurals',
      description: `${SEARCH_RULES} A numeric q (2221, 22, 2221.3) lists the occupations of that ISCO group or ESCO code. An empty q lists all occupations alphabetically.`,
      operationId: 'searchOccupations',
      q: { description: 'what the user typed, or an ISCO/ESCO code', example: 'nur' },
      answer: json(ref('EscoOccupationSearch'), 'Matching occupations, best first, and how many match in all'),
    }),
    '/api/occupations/{id}': conceptPath(
      'An ESCO occupation profile: ISCO groups, essential and optional skills, related occupations',
      'getOccupation',
      [idParam('Occupation')],
      json(ref('EscoOccupation'), 'The occupation'),
    ),
    '/api/occupations/{id}/gap': conceptPath(
      'Skills gap when moving from this occupation to another',
      'getOccupationGap',
      [idParam('Current occupation'), { name: 'to', in: 'query', required: true, description: 'id of the target occupation', schema: { type: 'string', format: 'uuid' } }],
      json(ref('EscoSkillsGap'), 'Essential skills of the target, held or to gain'),
    ),
    '/api/skills': searchPath({
      summary: 'Search ESCO skills and knowledge as you type, forgiving typos and plurals',
      description: `${SEARCH_RULES} An empty q lists all skills alphabetically.`,
      operationId: 'searchSkills',
      q: { description: 'what the user typed', example: 'manage staff' },
      answer: json(ref('EscoSkillSearch'), 'Matching skills, best first, and how many match in all'),
    }),
    '/api/skills/{id}': conceptPath('An ESCO skill with the occupations that need it', 'getSkill', [idParam('Skill')], json(ref('EscoSkill'), 'The skill')),
    '/api/isco/{code}': conceptPath(
      'An ISCO-08 group with its parents, children and occupations',
      'getIscoGroup',
      [{ name: 'code', in: 'path', required: true, description: 'ISCO-08 code, 1 to 4 digits', schema: { type: 'string', pattern: '^[0-9]{1,4}$', example: '2221' } }],
      json(ref('EscoIscoGroup'), 'The group'),
    ),
  },
};
