/** OpenAPI description of the career transitions routes (server/routes/transitions.ts). */
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import type { OpenApiPart } from './index.js';
import { errorResponse, json, nullableString, object, ref, type OpenApiObject } from './schema.js';

const provenance = { source: ref('EscoSource'), attribution: { type: 'string', const: ESCO_ATTRIBUTION } };
const langParam = {
  name: 'lang',
  in: 'query',
  required: false,
  description: 'Language of labels; must be loaded. Default: en when loaded, else the first loaded language.',
  schema: { type: 'string', example: 'en' },
};

export const SCORE_DESCRIPTION =
  'score is the Wilson score lower bound (95%, z = 1.96) of the share of the target’s essential skills the client holds: ' +
  'with p = held/total and n = total, score = (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), and 0 for a target with no essential skills. ' +
  'Coverage dominates (on the same number of skills a higher share always scores higher), but a share resting on few skills is shrunk: ' +
  '2 of 2 scores 0.34, 10 of 10 0.72, 40 of 45 0.77. Ties go to more skills held, then to the occupation id.';

const schemas: Record<string, OpenApiObject> = {
  TransitionEmployment: {
    type: 'object',
    required: ['iscoUsed', 'latest', 'change5y'],
    description: 'Employment of the target’s ISCO group in the country asked for (geo), from the finest level published',
    properties: {
      iscoUsed: { ...ref('LinkedCoded'), description: "ISCO group the figures are for: the 2-digit ('22') or major group ('2')" },
      latest: ref('LinkedPoint'),
      change5y: { oneOf: [{ type: 'null' }, ref('LinkedChange')], description: 'change from the same period five years before; null when that period has no value' },
    },
  },
  Transition: object({
    id: { type: 'string', format: 'uuid' },
    label: nullableString,
    code: { ...nullableString, description: 'ESCO code, e.g. 5223.4' },
    iscoGroup: { ...nullableString, description: 'ISCO-08 unit group' },
    held: { type: 'integer', minimum: 0, description: 'essential skills of this occupation the client holds' },
    total: { type: 'integer', minimum: 0, description: 'essential skills of this occupation' },
    score: { type: 'number', minimum: 0, description: SCORE_DESCRIPTION },
    gap: { type: 'string', description: 'the skills gap for this pair (held / to check / to gain): GET /api/occupations/{id}/gap?to=' },
    employment: { oneOf: [{ type: 'null' }, ref('TransitionEmployment')], description: 'null without geo, or when the group has no figures for it' },
  }),
  Transitions: object({
    from: object({ id: { type: 'string', format: 'uuid' }, label: nullableString, code: nullableString, iscoGroup: nullableString }),
    have: { type: 'array', items: ref('EscoSkillRef'), description: 'the skills given in have, with their labels' },
    clientSkills: { type: 'integer', minimum: 0, description: 'distinct skills the client holds: the source occupation’s essential and optional skills plus have' },
    score: object({ method: { type: 'string', const: 'wilson-lower-bound' }, z: { type: 'number' } }),
    majorGroup: { type: ['string', 'null'], enum: ['same', 'other', null] },
    sort: { type: 'string', enum: ['score', 'growth'] },
    employment: {
      oneOf: [
        { type: 'null' },
        object({
          geo: { type: 'string' },
          available: { type: 'boolean' },
          reason: { ...nullableString, description: 'why there are no figures for geo (available false)' },
          dataset: { oneOf: [{ type: 'null' }, ref('LinkedDataset')] },
          level: { ...nullableString, description: 'ISCO level the dataset publishes' },
          unit: { oneOf: [{ type: 'null' }, ref('LinkedCoded')] },
        }),
      ],
      description: 'null without geo',
    },
    items: { type: 'array', items: ref('Transition') },
    total: { type: 'integer', minimum: 0, description: 'occupations in the list (every occupation but the source, after majorGroup)' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    ...provenance,
  }),
};

const intParam = (name: string, min: number, max: number, def: number, description?: string) => ({ name, in: 'query', required: false, description, schema: { type: 'integer', minimum: min, maximum: max, default: def } });

export const transitionsOpenApi: OpenApiPart = {
  schemas,
  paths: {
    '/api/occupations/{id}/transitions': {
      get: {
        summary: 'Career transitions: where a client from this occupation could move, ranked by the essential skills already held',
        description:
          'The client holds the essential and optional skills of this occupation plus the skills given in have. For every other occupation, held counts its essential skills the client holds and total its essential skills. ' +
          `Items come in non-increasing score (or by growth with sort=growth). ${SCORE_DESCRIPTION}`,
        operationId: 'getOccupationTransitions',
        parameters: [
          { name: 'id', in: 'path', required: true, description: 'the occupation the client comes from: ESCO UUID', schema: { type: 'string', format: 'uuid' } },
          { name: 'have', in: 'query', required: false, description: 'further skills the client has: comma-separated ESCO skill ids (at most 500); unknown ids are a 400 naming them', schema: { type: 'string' } },
          intParam('limit', 1, 100, 20),
          intParam('offset', 0, 100000, 0),
          { name: 'majorGroup', in: 'query', required: false, description: 'only occupations of the same ISCO major group as this one, or only the others', schema: { type: 'string', enum: ['same', 'other'] } },
          {
            name: 'geo',
            in: 'query',
            required: false,
            description: 'Eurostat geo code: adds each item’s ISCO group employment (latest, 5-year change) from lfsa_egai2d or lfsa_egised when loaded',
            schema: { type: 'string', pattern: '^[A-Za-z]{2}[A-Za-z0-9_]{0,14}$', example: 'DE' },
          },
          { name: 'sort', in: 'query', required: false, description: 'score (default), or growth: largest 5-year % change of the group first (needs geo), score order within a group', schema: { type: 'string', enum: ['score', 'growth'], default: 'score' } },
          langParam,
        ],
        responses: {
          '200': json(ref('Transitions'), 'The ranked occupations'),
          '400': errorResponse('A bad parameter or unknown skill ids (the message names them)'),
          '404': errorResponse('No such occupation, or sort=growth with no employment figures for geo'),
        },
      },
    },
  },
};
