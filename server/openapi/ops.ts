/** OpenAPI part of the operations routes: source freshness (public), run log and on-demand runs (admin). */
import { RECENT_RUNS_PER_SOURCE, RUNS_PAGE } from '../routes/sources.js';
import type { OpenApiPart } from './index.js';
import { errorResponse, nullableString, type OpenApiObject } from './schema.js';


const counts = { type: 'object', additionalProperties: { type: 'integer' }, description: 'rows written per table' };

const runRecord: OpenApiObject = {
  type: 'object',
  required: ['id', 'source', 'trigger', 'startedAt', 'finishedAt', 'outcome', 'errorKind', 'errorMessage', 'rowCounts'],
  properties: {
    id: { type: 'integer' },
    source: { type: 'string', examples: ['eurostat:une_rt_a'] },
    trigger: { type: 'string', enum: ['cli', 'schedule', 'api', 'startup', 'reparse'] },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: nullableString,
    outcome: {
      type: 'string',
      enum: ['running', 'success', 'failed', 'unchanged', 'interrupted'],
      description: "'unchanged': the upstream had nothing new; 'interrupted': the process running it is gone",
    },
    errorKind: { ...nullableString, description: 'connection, timeout, http_5xx, rate_limited, too_large, html, truncated, invalid, schema, empty, ...' },
    errorMessage: nullableString,
    rowCounts: { oneOf: [counts, { type: 'null' }] },
  },
};

const sourceStatus: OpenApiObject = {
  type: 'object',
  required: ['name', 'kind', 'upstreamVersion', 'upstreamUpdated', 'loadedAt', 'rowCounts', 'attribution', 'ageHours', 'lastSuccess', 'lastAttempt', 'recentRuns'],
  properties: {
    name: { type: 'string', examples: ['esco', 'eurostat:une_rt_a'] },
    kind: nullableString,
    upstreamVersion: nullableString,
    upstreamUpdated: { ...nullableString, description: "the upstream's own last-update time, for datasets" },
    upstreamUrl: nullableString,
    loadedAt: { ...nullableString, description: 'when the data now served was loaded (null: nothing loaded yet)' },
    rowCounts: counts,
    attribution: nullableString,
    ageHours: { type: ['number', 'null'], description: 'hours since the data was loaded or last confirmed unchanged' },
    lastSuccess: { oneOf: [{ $ref: '#/components/schemas/RunRecord' }, { type: 'null' }] },
    lastAttempt: { oneOf: [{ $ref: '#/components/schemas/RunRecord' }, { type: 'null' }] },
    recentRuns: {
      type: 'array',
      maxItems: RECENT_RUNS_PER_SOURCE,
      items: { $ref: '#/components/schemas/RunRecord' },
      description: `the source's run history: its latest ${RECENT_RUNS_PER_SOURCE} runs, newest first (the full log is GET /api/admin/runs)`,
    },
  },
};

const adminErrors = {
  '401': errorResponse('Missing or wrong bearer token'),
  '404': errorResponse('Admin API disabled (no LMI_ADMIN_TOKEN on the server), or unknown source'),
  '429': errorResponse('Too many admin requests'),
};

export const opsPart: OpenApiPart = {
  paths: {
    '/api/sources': {
      get: {
        summary: `Every source with its freshness: upstream version, when loaded, rows, last attempt and outcome, and its latest ${RECENT_RUNS_PER_SOURCE} runs`,
        operationId: 'listSources',
        responses: {
          '200': {
            description: 'Sources, sorted by name',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['sources'], properties: { sources: { type: 'array', items: { $ref: '#/components/schemas/SourceStatus' } } } },
              },
            },
          },
          '429': errorResponse('Too many requests'),
        },
      },
    },
    '/api/admin/runs': {
      get: {
        summary: 'The ingest run log, newest first (admin: Authorization: Bearer $LMI_ADMIN_TOKEN)',
        operationId: 'listRuns',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: RUNS_PAGE.maxLimit, default: RUNS_PAGE.defaultLimit } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'source', in: 'query', schema: { type: 'string' }, description: 'only this source, e.g. esco' },
        ],
        responses: {
          '200': {
            description: 'One page of runs',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'limit', 'offset', 'runs'],
                  properties: {
                    total: { type: 'integer' },
                    limit: { type: 'integer' },
                    offset: { type: 'integer' },
                    runs: { type: 'array', items: { $ref: '#/components/schemas/RunRecord' } },
                  },
                },
              },
            },
          },
          '400': errorResponse('Bad paging parameter'),
          ...adminErrors,
        },
      },
    },
    '/api/admin/ingest/{source}': {
      post: {
        summary: 'Start a run of a configured source now (admin: Authorization: Bearer $LMI_ADMIN_TOKEN); it runs in a separate writer process',
        operationId: 'startIngest',
        parameters: [{ name: 'source', in: 'path', required: true, schema: { type: 'string' }, description: 'config id, e.g. esco' }],
        responses: {
          '202': {
            description: 'The run has started; follow it in /api/admin/runs',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['source', 'status', 'message'],
                  properties: { source: { type: 'string' }, status: { type: 'string', enum: ['started'] }, message: { type: 'string' } },
                },
              },
            },
          },
          '400': errorResponse('Malformed source id'),
          '409': errorResponse('A run of this source is already in progress'),
          '503': errorResponse('This server cannot start runs (read-only snapshot, or no usable config file)'),
          ...adminErrors,
        },
      },
    },
  },
  schemas: { RunRecord: runRecord, SourceStatus: sourceStatus },
};
