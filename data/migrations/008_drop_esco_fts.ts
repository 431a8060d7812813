import type { Migration } from './index.js';

/**
 * The occupation search moved from SQLite FTS5 to the server's in-memory index (server/search/, built
 * from esco_labels), which forgives typos and inflections; the FTS table had no other reader.
 */
export const dropEscoFts: Migration = {
  version: 8,
  name: 'drop ESCO FTS table',
  sql: `DROP TABLE IF EXISTS esco_occupation_fts;`,
};
