import type { Migration } from './index.js';

/**
 * National sources beyond the series store (owned by ingest/onet): the US O*NET occupation
 * classification, searchable beside ESCO. PX-Web, Nomis and HTML tables load into the series store.
 */
export const national: Migration = {
  version: 5,
  name: 'national',
  sql: `
    -- O*NET-SOC occupations ('Occupation Data.txt'). Codes are strings: '11-1011.00'.
    CREATE TABLE onet_occupations (
      code        TEXT PRIMARY KEY,
      title       TEXT NOT NULL,
      description TEXT NOT NULL
    ) WITHOUT ROWID;

    -- RIASEC interest profiles ('Interests.txt'): OI = occupational interest score (1-7),
    -- IH = interest high-point (the number of the RIASEC area, 0 = none).
    CREATE TABLE onet_interests (
      code          TEXT NOT NULL REFERENCES onet_occupations (code) ON DELETE CASCADE,
      element_id    TEXT NOT NULL,     -- '1.B.1.a' ...
      element_name  TEXT NOT NULL,     -- 'Realistic', 'First Interest High-Point', ...
      scale_id      TEXT NOT NULL,     -- OI | IH
      value         REAL NOT NULL,
      date          TEXT,              -- as upstream: 'MM/YYYY'
      domain_source TEXT,
      PRIMARY KEY (code, element_id, scale_id)
    ) WITHOUT ROWID;

    -- Full-text search over titles and descriptions; rebuilt by each load in the same transaction.
    CREATE VIRTUAL TABLE onet_occupations_fts USING fts5(
      code UNINDEXED, title, description, tokenize = 'porter unicode61 remove_diacritics 2'
    );
  `,
};
