/**
 * The sources a config file asks for, resolved against the registered source types: each enabled
 * entry with its type, its schedule (the entry's or the type's default), its time zone and its
 * planned units of work. Used by the scheduler, `lmi ingest all`, `lmi reparse` and `lmi status`.
 */
import cron from 'node-cron';
import { sourceTypes } from '../registry.js';
import type { LmiConfig, SourceEntry } from './config.js';
import { IngestError } from '../../data/errors.js';
import type { ConfiguredSourceType, IngestUnit } from './source.js';

export interface ConfiguredSource {
  /** The key in lmi.config.json `sources`. */
  id: string;
  entry: SourceEntry;
  type: ConfiguredSourceType;
  cron: string;
  timezone?: string;
  units: IngestUnit[];
}

/**
 * The enabled sources of a config, each with its units planned and its schedule checked. Problems
 * (unknown type, bad cron expression, options its type rejects) are returned, not thrown, so one
 * bad entry does not stop the others from being kept fresh.
 */
export function configuredSources(config: LmiConfig, types: ConfiguredSourceType[] = sourceTypes): { sources: ConfiguredSource[]; problems: string[] } {
  const sources: ConfiguredSource[] = [];
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(config.sources)) {
    if (!entry.enabled) continue;
    const type = types.find((t) => t.type === entry.type);
    if (!type) {
      problems.push(`source ${id}: unknown type "${entry.type}" (known: ${types.map((t) => t.type).join(', ') || 'none'})`);
      continue;
    }
    const expression = entry.schedule ?? type.defaultSchedule;
    const checked = cron.validateDetailed(expression);
    if (!checked.valid) {
      problems.push(`source ${id}: invalid schedule "${expression}": ${checked.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    let units: IngestUnit[];
    try {
      units = type.plan(id, entry);
    } catch (err) {
      problems.push(`source ${id}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const timezone = entry.timezone ?? type.defaultTimezone ?? process.env.LMI_TZ;
    sources.push({ id, entry, type, cron: expression, timezone, units });
  }
  return { sources, problems };
}

/** Selects sources by config id or unit name (`esco`, `eurostat:une_rt_a`); an unknown name is an input error. */
export function selectSources(all: ConfiguredSource[], names: string[]): ConfiguredSource[] {
  if (!names.length) return all;
  const out: ConfiguredSource[] = [];
  for (const name of names) {
    const byId = all.find((s) => s.id === name);
    if (byId) {
      out.push(byId);
      continue;
    }
    const owner = all.find((s) => s.units.some((u) => u.source === name));
    if (!owner) throw new IngestError('input', `no configured source is called ${name} (configured: ${all.map((s) => s.id).join(', ') || 'none'})`);
    out.push({ ...owner, units: owner.units.filter((u) => u.source === name) });
  }
  return out;
}
