/** The options several `lmi` commands share, worded once. */
import { Option } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { configPath } from '../../ingest/core/config.js';

/** --db: the database file (env LMI_DB). */
export const dbOption = (description = 'database file (env LMI_DB)') => new Option('--db <path>', description).default(defaultDbPath());

/** --config: the config file (env LMI_CONFIG). */
export const configOption = (description = 'config file (env LMI_CONFIG)') => new Option('--config <file>', description).default(configPath());
