/**
 * The installation's config file (`lmi.config.json`, or the path in `LMI_CONFIG`): which sources it
 * keeps, with what options and on what schedule. Each source type validates its own options with its
 * own schema; this file only knows the common fields.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { sourceIdSchema } from '../../data/ids.js';
import { IngestError } from '../../data/errors.js';

const sourceEntrySchema = z.looseObject({
  /** Source type: esco | eurostat | pxweb | nomis | html | onet. */
  type: z.string().min(1),
  /** node-cron expression; the type's default applies when absent. */
  schedule: z.string().optional(),
  /** IANA time zone for the schedule. */
  timezone: z.string().optional(),
  enabled: z.boolean().default(true),
});

/**
 * How much of the raw payload cache (data/raw) is kept: `lmi cache prune`, run after every ingest,
 * removes entries unused for maxAgeDays, then the least recently used until the cache fits in
 * maxSizeMb. Entries the loaded data was read from are always kept.
 */
export const rawCachePolicySchema = z.strictObject({
  maxAgeDays: z.number().positive().default(90),
  maxSizeMb: z.number().positive().default(2048),
});

export type RawCachePolicy = z.infer<typeof rawCachePolicySchema>;

export const configSchema = z.object({
  sources: z.record(sourceIdSchema, sourceEntrySchema),
  rawCache: rawCachePolicySchema.prefault({}),
});

export type SourceEntry = z.infer<typeof sourceEntrySchema>;
export type LmiConfig = z.infer<typeof configSchema>;

export function configPath(): string {
  return resolve(process.env.LMI_CONFIG ?? 'lmi.config.json');
}

export function loadConfig(path: string = configPath()): LmiConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new IngestError('input', `cannot read the config file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new IngestError('input', `the config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw new IngestError('input', `the config file ${path} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * A source entry read by its type's own schema; an invalid entry is an input error naming the entry
 * and its type, with zod's account of what is wrong.
 */
export function parseSourceEntry<T>(schema: z.ZodType<T>, type: string, id: string, entry: SourceEntry): T {
  const parsed = schema.safeParse(entry);
  if (!parsed.success) throw new IngestError('input', `config source '${id}' (${type}): ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
