/**
 * ESCO as a configured source: `{"type": "esco", "from": "<folder, .zip or URL>" (or a list of them), "languages": ["en"]}`.
 * One unit of work ('esco'); weekly by default, since ESCO releases a few times a year.
 */
import { z } from 'zod';
import { parseSourceEntry } from '../core/config.js';
import type { ConfiguredSourceType } from '../core/source.js';

/** A language code as ESCO names its languages ('en', 'pt', 'nb'); one rule for the CSV, API and RDF source types. */
export const escoLanguageSchema = z.string().regex(/^[a-z]{2,3}(-[a-z]+)?$/i, 'languages are codes such as "en"');
/** Weekly, Monday 03:00: ESCO releases a few times a year, whichever way it is read. */
export const ESCO_SCHEDULE = '0 3 * * 1';

const optionsSchema = z.object({
  // One path or URL, or several when the download comes in parts (a language zip and the relations zip).
  from: z.union([z.string().min(1), z.array(z.string().min(1)).min(1, 'from: give at least one folder, .zip or URL')], { error: 'from: give the folder, .zip or URL of the ESCO CSV download (or a list of them)' }),
  languages: z.array(escoLanguageSchema).optional(),
});

export const escoSourceType: ConfiguredSourceType = {
  type: 'esco',
  defaultSchedule: ESCO_SCHEDULE,
  plan(id, entry) {
    const { from, languages } = parseSourceEntry(optionsSchema, 'esco', id, entry);
    return [{ source: 'esco', work: async (ctx) => (await import('./ingest.js')).ingestEscoCsv(ctx, { from, languages }) }];
  },
};
