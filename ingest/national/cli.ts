/**
 * Helpers shared by the national sources' `lmi ingest …` subcommands: find a config entry of the
 * right type, and validate a dataset id given on the command line.
 */
import { loadConfig, type SourceEntry } from '../core/config.js';
import { IngestError } from '../../data/errors.js';

/** The config entry `id`, which must be of `type`; a clear 'input' error otherwise. */
export function configEntry(id: string, type: string): SourceEntry {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    throw new IngestError('input', (err as Error).message);
  }
  const entry = config.sources[id];
  if (!entry) {
    const same = Object.entries(config.sources).filter(([, e]) => e.type === type).map(([k]) => k);
    throw new IngestError('input', `no source '${id}' in the config file${same.length ? ` (${type} sources: ${same.join(', ')})` : ` (it has no ${type} source)`}`);
  }
  if (entry.type !== type) throw new IngestError('input', `config source '${id}' is of type '${entry.type}', not '${type}'`);
  return entry;
}

/** Dataset ids become API parameters and `sources` names: keep them plain. */
export function checkDatasetId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) {
    throw new IngestError('input', `dataset id '${id}' must be letters, digits and . _ - (e.g. ssb-07221)`);
  }
  return id;
}

