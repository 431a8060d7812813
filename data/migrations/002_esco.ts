import type { Migration } from './index.js';

/** ESCO classification tables (owned by ingest/esco). */
export const esco: Migration = {
  version: 2,
  name: 'esco',
  sql: `SELECT 1;`,
};
