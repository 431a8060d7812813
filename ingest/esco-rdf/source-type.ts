/**
 * ESCO from an RDF dump or a SPARQL endpoint as a configured source:
 *   {"type": "esco-rdf", "file": "/data/esco-v1.2.0.ttl", "languages": ["en"]}
 *   {"type": "esco-rdf", "sparql": "http://localhost:3030/esco/sparql", "version": "v1.2.0"}
 * One unit of work, named 'esco' like the CSV source (same tables, same lock). Weekly by default.
 */
import { z } from 'zod';
import { parseSourceEntry } from '../core/config.js';
import type { ConfiguredSourceType } from '../core/source.js';
import { ESCO_SCHEDULE, escoLanguageSchema } from '../esco/source-type.js';

const optionsSchema = z
  .object({
    file: z.string().min(1).optional(),
    sparql: z.url({ protocol: /^https?$/, error: 'sparql: an http(s) URL' }).optional(),
    languages: z.array(escoLanguageSchema).min(1).optional(),
    version: z.string().optional(),
    pageSize: z.number().int().min(1).optional(),
  })
  .refine((o) => (o.file === undefined) !== (o.sparql === undefined), { message: 'give exactly one of "file" (an RDF dump) or "sparql" (an endpoint URL)' });

export const escoRdfSourceType: ConfiguredSourceType = {
  type: 'esco-rdf',
  defaultSchedule: ESCO_SCHEDULE,
  plan(id, entry) {
    const o = parseSourceEntry(optionsSchema, 'esco-rdf', id, entry);
    return [{ source: 'esco', work: async (ctx) => (await import('./ingest.js')).ingestEscoRdf(ctx, o) }];
  },
};
