import type { Migration } from './index.js';

/**
 * Labels of statistical codes in several languages, from Eurostat's code lists (ESTAT_GEO, ESTAT_SEX,
 * ESTAT_OBS_FLAG, …: English, French and German each), loaded by `lmi ingest eurostat-codelists`.
 * The series store keeps each dataset's own labels (English, as Eurostat serves them by default);
 * the linked views read these to answer in the language asked, and keep the dataset's where a code
 * has no label in that language.
 */
export const codeLabels: Migration = {
  version: 7,
  name: 'code labels',
  sql: `
    CREATE TABLE code_labels (
      codelist TEXT NOT NULL,   -- the code list's id without the agency: 'GEO', 'SEX', 'OBS_FLAG', 'NACE_R2'
      code     TEXT NOT NULL,
      lang     TEXT NOT NULL,   -- 'en', 'fr', 'de'
      label    TEXT NOT NULL,
      PRIMARY KEY (codelist, lang, code)
    ) WITHOUT ROWID;
  `,
};
