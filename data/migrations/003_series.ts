import type { Migration } from './index.js';

/**
 * The statistical series store: any dataset of any dimensions (Eurostat, PX-Web, Nomis, HTML tables).
 * A dataset has dimensions with coded categories; a series is one combination of non-time codes;
 * an observation is (series, period) -> value or NULL, with the upstream flag kept verbatim.
 */
export const series: Migration = {
  version: 3,
  name: 'series',
  sql: `
    CREATE TABLE datasets (
      code        TEXT PRIMARY KEY,   -- id used by the API: 'une_rt_a', 'ssb-07221', ...
      source      TEXT NOT NULL,      -- eurostat | pxweb | nomis | html
      title       TEXT NOT NULL,
      source_url  TEXT,               -- the upstream URL (or file) it was loaded from
      updated     TEXT,               -- upstream's own last-update time, ISO 8601
      loaded_at   TEXT NOT NULL,      -- when this tool loaded it, ISO 8601 UTC
      time_dim    TEXT NOT NULL,      -- id of the time dimension ('time', 'TIME_PERIOD', 'Tid', ...)
      extension   TEXT                -- JSON: upstream extras worth keeping (notes, units, px metadata)
    );

    CREATE TABLE dataset_dimensions (
      dataset  TEXT NOT NULL REFERENCES datasets (code) ON DELETE CASCADE,
      dim      TEXT NOT NULL,
      position INTEGER NOT NULL,
      label    TEXT NOT NULL,
      role     TEXT,                    -- time | geo | metric | NULL
      PRIMARY KEY (dataset, dim)
    ) WITHOUT ROWID;

    CREATE TABLE dimension_codes (
      dataset  TEXT NOT NULL,
      dim      TEXT NOT NULL,
      code     TEXT NOT NULL,
      position INTEGER NOT NULL,
      label    TEXT NOT NULL,
      PRIMARY KEY (dataset, dim, code),
      FOREIGN KEY (dataset, dim) REFERENCES dataset_dimensions (dataset, dim) ON DELETE CASCADE
    ) WITHOUT ROWID;

    -- Flag (status) codes with the upstream's labels, e.g. b -> 'break in time series'.
    CREATE TABLE dataset_flags (
      dataset TEXT NOT NULL REFERENCES datasets (code) ON DELETE CASCADE,
      flag    TEXT NOT NULL,
      label   TEXT NOT NULL,
      PRIMARY KEY (dataset, flag)
    ) WITHOUT ROWID;

    CREATE TABLE series (
      id      INTEGER PRIMARY KEY,
      dataset TEXT NOT NULL REFERENCES datasets (code) ON DELETE CASCADE,
      key     TEXT NOT NULL,            -- non-time codes joined by '.' in dimension order
      UNIQUE (dataset, key)
    );

    -- The codes of each series, for filtering by dimension.
    CREATE TABLE series_codes (
      series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
      dim       TEXT NOT NULL,
      code      TEXT NOT NULL,
      PRIMARY KEY (series_id, dim)
    ) WITHOUT ROWID;
    CREATE INDEX series_codes_by_code ON series_codes (dim, code, series_id);

    -- period uses one convention for all sources: '2023', '2023-Q1', '2023-01', '2023-S1', '2023-W05'.
    CREATE TABLE observations (
      series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
      period    TEXT NOT NULL,
      value     REAL,                   -- NULL when the upstream gives a flag but no value
      flag      TEXT,                   -- upstream status verbatim ('b', 'p', ':', '..', '|C'), NULL if none
      PRIMARY KEY (series_id, period)
    ) WITHOUT ROWID;
  `,
};
