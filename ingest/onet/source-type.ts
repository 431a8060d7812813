/**
 * O*NET as a configured source: the config entry's schema and the source type. Light on purpose: the
 * registry loads every source type for each `lmi` command; the reader is imported when a run starts.
 */
import { z } from 'zod';
import { parseSourceEntry, type SourceEntry } from '../core/config.js';
import type { ConfiguredSourceType } from '../core/source.js';

export const onetOptionsSchema = z.object({
  /** Folder holding 'Occupation Data.txt' (and optionally 'Interests.txt'). */
  from: z.string().min(1),
});
export type OnetOptions = z.infer<typeof onetOptionsSchema>;

export const onetSourceType: ConfiguredSourceType = {
  type: 'onet',
  defaultSchedule: '0 4 * * *',
  plan(id: string, entry: SourceEntry) {
    const o = parseSourceEntry(onetOptionsSchema, 'onet', id, entry);
    return [{ source: 'onet', work: async (ctx) => (await import('./source.js')).ingestOnet(o, ctx) }];
  },
};
