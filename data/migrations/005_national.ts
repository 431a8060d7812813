import type { Migration } from './index.js';

/** National sources beyond the series store, e.g. O*NET occupations (owned by ingest/national). */
export const national: Migration = {
  version: 5,
  name: 'national',
  sql: `SELECT 1;`,
};
