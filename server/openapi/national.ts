/** OpenAPI paths of the national sources' API (O*NET occupations). */
import type { OpenApiPart } from './index.js';
import { errorResponse } from './schema.js';


const occupationSummary = {
  type: 'object',
  required: ['code', 'title', 'description'],
  properties: {
    code: { type: 'string', description: "O*NET-SOC code, e.g. '15-1252.00'" },
    title: { type: 'string' },
    description: { type: 'string' },
  },
};

export const nationalPart: OpenApiPart = {
  paths: {
    '/api/onet/occupations': {
      get: {
        summary: 'Search the US O*NET occupations by words of their title and description, or by code prefix',
        operationId: 'searchOnetOccupations',
        parameters: [
          { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: "words ('software developer', prefix matching) or a code prefix ('15-12'); absent lists all by code" },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: {
          '200': {
            description: 'Matching occupations, best match first (by code when listing)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'limit', 'offset', 'items', 'attribution'],
                  properties: {
                    total: { type: 'integer' },
                    limit: { type: 'integer' },
                    offset: { type: 'integer' },
                    items: { type: 'array', items: { $ref: '#/components/schemas/OnetOccupation' } },
                    attribution: { type: 'string' },
                  },
                },
              },
            },
          },
          '400': errorResponse('A parameter is invalid'),
        },
      },
    },
    '/api/onet/occupations/{code}': {
      get: {
        summary: 'One O*NET occupation with its RIASEC interest profile',
        operationId: 'getOnetOccupation',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{2}-\\d{4}\\.\\d{2}$' }, example: '15-1252.00' }],
        responses: {
          '200': {
            description: 'The occupation',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/OnetOccupation' },
                    {
                      type: 'object',
                      required: ['interests', 'attribution'],
                      properties: {
                        interests: {
                          description: 'RIASEC occupational interest scores (1-7) and the high-point areas; null when Interests.txt was not loaded',
                          oneOf: [
                            { type: 'null' },
                            {
                              type: 'object',
                              required: ['riasec', 'highPoints'],
                              properties: {
                                riasec: {
                                  type: 'array',
                                  items: { type: 'object', required: ['id', 'name', 'score'], properties: { id: { type: 'string' }, name: { type: 'string' }, score: { type: 'number' } } },
                                },
                                highPoints: { type: 'array', items: { type: 'string' } },
                                date: { type: ['string', 'null'], description: "as upstream, 'MM/YYYY'" },
                              },
                            },
                          ],
                        },
                        attribution: { type: 'string' },
                      },
                    },
                  ],
                },
              },
            },
          },
          '400': errorResponse('The code is not an O*NET-SOC code'),
          '404': errorResponse('No such occupation is loaded'),
        },
      },
    },
  },
  schemas: { OnetOccupation: occupationSummary },
};
