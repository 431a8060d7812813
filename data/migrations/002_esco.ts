import type { Migration } from './index.js';

/**
 * ESCO classification tables (owned by ingest/esco). Concepts are keyed by their ESCO URI; the
 * API's `id` is the URI's last segment, kept in its own unique column so lookups by id use an index.
 * Texts and labels are per language, so one load can hold several languages.
 */
export const esco: Migration = {
  version: 2,
  name: 'esco',
  sql: `
    CREATE TABLE esco_occupations (
      uri            TEXT PRIMARY KEY,
      id             TEXT UNIQUE NOT NULL,  -- UUID, last URI segment
      code           TEXT,                  -- ESCO code '2221.3' (NULL in ESCO v1.0.x)
      isco_group     TEXT,                  -- ISCO-08 unit group code, a string ('0110')
      status         TEXT,
      modified_date  TEXT,
      regulated_note TEXT                   -- regulatedProfessionNote URI
    );
    CREATE INDEX esco_occupations_by_isco ON esco_occupations (isco_group);
    CREATE INDEX esco_occupations_by_code ON esco_occupations (code);

    CREATE TABLE esco_isco_groups (
      uri    TEXT PRIMARY KEY,
      code   TEXT UNIQUE NOT NULL,          -- '2', '22', '222', '2221'
      status TEXT
    );

    CREATE TABLE esco_skills (
      uri           TEXT PRIMARY KEY,
      id            TEXT UNIQUE NOT NULL,
      skill_type    TEXT,                   -- 'skill/competence' | 'knowledge' | NULL
      reuse_level   TEXT,                   -- transversal | cross-sector | sector-specific | occupation-specific
      status        TEXT,
      modified_date TEXT
    );

    CREATE TABLE esco_skill_groups (
      uri    TEXT PRIMARY KEY,
      id     TEXT NOT NULL,                 -- last URI segment (a UUID, or an ISCED-F code)
      code   TEXT,                          -- 'S1.2', ISCED-F '0111' (v1.1+)
      status TEXT
    );
    CREATE INDEX esco_skill_groups_by_id ON esco_skill_groups (id);

    -- The skill pillar's top levels (skillsHierarchy_xx.csv): level 0..3 with their codes.
    CREATE TABLE esco_skill_hierarchy (
      uri        TEXT PRIMARY KEY,
      level      INTEGER NOT NULL,
      code       TEXT,
      parent_uri TEXT
    );

    CREATE TABLE esco_texts (
      concept_uri     TEXT NOT NULL,
      lang            TEXT NOT NULL,
      preferred_label TEXT NOT NULL,
      description     TEXT,
      definition      TEXT,
      scope_note      TEXT,
      PRIMARY KEY (concept_uri, lang)
    ) WITHOUT ROWID;

    CREATE TABLE esco_labels (
      concept_uri TEXT NOT NULL,
      lang        TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('preferred', 'alt', 'hidden')),
      label       TEXT NOT NULL
    );
    CREATE INDEX esco_labels_by_concept ON esco_labels (concept_uri, lang, kind);

    CREATE TABLE esco_occupation_skills (
      occupation_uri TEXT NOT NULL,
      skill_uri      TEXT NOT NULL,
      relation_type  TEXT NOT NULL CHECK (relation_type IN ('essential', 'optional')),
      skill_type     TEXT,
      PRIMARY KEY (occupation_uri, skill_uri)
    ) WITHOUT ROWID;
    CREATE INDEX esco_occupation_skills_by_skill ON esco_occupation_skills (skill_uri, relation_type, occupation_uri);

    -- Broader relations of both pillars: ISCOGroup/Occupation -> ISCOGroup/Occupation, skills -> groups.
    CREATE TABLE esco_broader (
      concept_uri  TEXT NOT NULL,
      concept_type TEXT NOT NULL,
      broader_uri  TEXT NOT NULL,
      broader_type TEXT NOT NULL,
      PRIMARY KEY (concept_uri, broader_uri)
    ) WITHOUT ROWID;
    CREATE INDEX esco_broader_by_broader ON esco_broader (broader_uri, concept_uri);

    CREATE TABLE esco_skill_relations (
      original_skill_uri TEXT NOT NULL,
      relation_type      TEXT NOT NULL,
      related_skill_uri  TEXT NOT NULL,
      PRIMARY KEY (original_skill_uri, related_skill_uri)
    ) WITHOUT ROWID;
    CREATE INDEX esco_skill_relations_by_related ON esco_skill_relations (related_skill_uri);

    -- Languages present in the loaded texts (the API validates ?lang= against it).
    CREATE TABLE esco_languages (lang TEXT PRIMARY KEY) WITHOUT ROWID;

    -- Occupation search: every preferred, alternative and hidden label, accent- and case-folded by
    -- the tokenizer; 'norm' is the same folding done in JS, used to rank exact and prefix matches.
    CREATE VIRTUAL TABLE esco_occupation_fts USING fts5 (
      label,
      norm UNINDEXED,
      kind UNINDEXED,
      lang UNINDEXED,
      concept_uri UNINDEXED,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '1 2 3'
    );
  `,
};
