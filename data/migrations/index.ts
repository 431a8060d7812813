/**
 * Numbered schema migrations, applied in order by `migrate()` and recorded in `PRAGMA user_version`.
 * Once a migration has shipped it is never edited: add a new one.
 */
import { core } from './001_core.js';
import { esco } from './002_esco.js';
import { series } from './003_series.js';
import { operations } from './004_operations.js';
import { national } from './005_national.js';
import { rawCacheRefs } from './006_raw_cache_refs.js';
import { codeLabels } from './007_code_labels.js';
import { dropEscoFts } from './008_drop_esco_fts.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [core, esco, series, operations, national, rawCacheRefs, codeLabels, dropEscoFts];
