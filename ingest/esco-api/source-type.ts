/**
 * ESCO from the web-service API as a configured source:
 *   {"type": "esco-api", "version": "v1.2.0", "languages": ["en", "fr"], "concurrency": 4, "rate": 10}
 * One unit of work, named 'esco' like the CSV source (same tables, same lock). Weekly by default.
 */
import { z } from 'zod';
import { parseSourceEntry } from '../core/config.js';
import type { ConfiguredSourceType } from '../core/source.js';
import { ESCO_SCHEDULE, escoLanguageSchema } from '../esco/source-type.js';

export const DEFAULT_ESCO_API_URL = 'https://ec.europa.eu/esco/api';
/** The newest version the public service lists (v1.0.9 is its default when none is asked for). */
export const DEFAULT_ESCO_API_VERSION = 'v1.2.0';

const optionsSchema = z.object({
  version: z.string().regex(/^v\d+\.\d+(\.\d+)?$/, 'version: an ESCO version such as "v1.2.0"').optional(),
  languages: z.array(escoLanguageSchema).min(1).optional(),
  concurrency: z.number().int().min(1).max(16).optional(),
  /** Requests started per second at most. */
  rate: z.number().positive().max(50).optional(),
});

export const escoApiSourceType: ConfiguredSourceType = {
  type: 'esco-api',
  defaultSchedule: ESCO_SCHEDULE,
  plan(id, entry) {
    const o = parseSourceEntry(optionsSchema, 'esco-api', id, entry);
    return [
      {
        source: 'esco',
        work: async (ctx) => (await import('./ingest.js')).ingestEscoApi(ctx, { version: o.version, languages: o.languages, concurrency: o.concurrency, minIntervalMs: o.rate ? Math.ceil(1000 / o.rate) : undefined }),
      },
    ];
  },
};
