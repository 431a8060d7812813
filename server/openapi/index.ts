/**
 * The OpenAPI 3.1 description served at /api/openapi.json. Each API area contributes its paths and
 * component schemas from its own module in this folder.
 */
import type { Router } from 'express';
import { Router as createRouter } from 'express';
import { escoOpenApi } from './esco.js';
import type { OpenApiObject } from './schema.js';
import { linkedPart } from './linked.js';
import { nationalPart } from './national.js';
import { opsPart } from './ops.js';
import { seriesPart } from './series.js';
import { transitionsOpenApi } from './transitions.js';


export interface OpenApiPart {
  paths: Record<string, OpenApiObject>;
  schemas?: Record<string, OpenApiObject>;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string', description: 'what went wrong, in plain words' } },
};

const healthPart: OpenApiPart = {
  paths: {
    '/api/health': {
      get: {
        summary: 'Liveness and database status',
        operationId: 'getHealth',
        responses: {
          '200': {
            description: 'The server is up and its database is readable',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['ok'],
                  properties: { ok: { type: 'boolean' }, schemaVersion: { type: 'integer' }, sourcesLoaded: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    },
  },
};

// Each area registers its part here.
const parts: OpenApiPart[] = [healthPart, escoOpenApi, nationalPart, opsPart, linkedPart, seriesPart, transitionsOpenApi];

export function openApiDocument(): OpenApiObject {
  const paths: Record<string, OpenApiObject> = {};
  const schemas: Record<string, OpenApiObject> = { Error: errorSchema };
  for (const part of parts) {
    Object.assign(paths, part.paths);
    Object.assign(schemas, part.schemas ?? {});
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'LMI tool API',
      version: '0.1.0',
      description:
        'Labour market information for employment advisers: ESCO occupations and skills, Eurostat and national statistics. ' +
        'This service uses the ESCO classification of the European Commission. Statistics: Source: Eurostat, and the national offices named per dataset.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas },
  };
}

export function openApiRoutes(): Router {
  const router = createRouter();
  const doc = openApiDocument();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(doc);
  });
  return router;
}
