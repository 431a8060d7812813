/**
 * Reads of the O*NET tables (data/migrations/005_national.ts) for GET /api/onet/occupations:
 * a page of occupations by code prefix, by full-text match, or all, each with the total, and one
 * occupation's interest profile; and their one write, replaceOnet(), for `lmi ingest onet`
 * (ingest/onet/source.ts).
 */
import { prepared, type Db } from './db.js';

export interface OnetOccupationRow {
  code: string;
  title: string;
  description: string;
}

/** An interest score of an occupation as the ingest parses it from Interests.txt. */
export interface OnetInterest {
  code: string;
  elementId: string;
  elementName: string;
  scaleId: string;
  value: number;
  date: string | null;
  domainSource: string | null;
}

/**
 * Replaces the O*NET tables (and the full-text table) with these occupations and interests.
 * Runs inside the caller's load transaction, so a failed load leaves the old rows.
 */
export function replaceOnet(db: Db, occupations: readonly OnetOccupationRow[], interests: readonly OnetInterest[]): void {
  prepared(db, 'DELETE FROM onet_interests').run();
  prepared(db, 'DELETE FROM onet_occupations').run();
  prepared(db, 'DELETE FROM onet_occupations_fts').run();
  const insertOcc = prepared(db, 'INSERT INTO onet_occupations (code, title, description) VALUES (?, ?, ?)');
  const insertFts = prepared(db, 'INSERT INTO onet_occupations_fts (code, title, description) VALUES (?, ?, ?)');
  for (const o of occupations) {
    insertOcc.run(o.code, o.title, o.description);
    insertFts.run(o.code, o.title, o.description);
  }
  const insertInterest = prepared(
    db,
    'INSERT INTO onet_interests (code, element_id, element_name, scale_id, value, date, domain_source) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const i of interests) insertInterest.run(i.code, i.elementId, i.elementName, i.scaleId, i.value, i.date, i.domainSource);
}

export interface OnetInterestRow {
  element_id: string;
  element_name: string;
  scale_id: string;
  value: number;
  date: string | null;
}

export interface OnetPage {
  total: number;
  items: OnetOccupationRow[];
}

const count = (db: Db, sql: string, ...params: unknown[]): number => (prepared(db, sql).get(...params) as { n: number }).n;

/** The occupations whose O*NET-SOC code starts with `prefix` ('15-12'), in code order. */
export function onetByCodePrefix(db: Db, prefix: string, limit: number, offset: number): OnetPage {
  return {
    total: count(db, `SELECT count(*) AS n FROM onet_occupations WHERE code LIKE ? || '%'`, prefix),
    items: prepared(db, `SELECT code, title, description FROM onet_occupations WHERE code LIKE ? || '%' ORDER BY code LIMIT ? OFFSET ?`).all(prefix, limit, offset) as OnetOccupationRow[],
  };
}

/** The occupations matching an FTS5 query (built safely from user text by the route), best first. */
export function onetByText(db: Db, match: string, limit: number, offset: number): OnetPage {
  return {
    total: count(db, `SELECT count(*) AS n FROM onet_occupations_fts WHERE onet_occupations_fts MATCH ?`, match),
    // titles weigh ten times the descriptions: 'nurse' should rank Registered Nurses above jobs that mention nurses
    items: prepared(
      db,
      `SELECT code, title, description FROM onet_occupations_fts WHERE onet_occupations_fts MATCH ?
       ORDER BY bm25(onet_occupations_fts, 0, 10, 1), code LIMIT ? OFFSET ?`,
    ).all(match, limit, offset) as OnetOccupationRow[],
  };
}

/** Every occupation, in code order. */
export function onetAll(db: Db, limit: number, offset: number): OnetPage {
  return {
    total: count(db, `SELECT count(*) AS n FROM onet_occupations`),
    items: prepared(db, `SELECT code, title, description FROM onet_occupations ORDER BY code LIMIT ? OFFSET ?`).all(limit, offset) as OnetOccupationRow[],
  };
}

export function onetOccupation(db: Db, code: string): OnetOccupationRow | undefined {
  return prepared(db, `SELECT code, title, description FROM onet_occupations WHERE code = ?`).get(code) as OnetOccupationRow | undefined;
}

/** An occupation's interest rows (RIASEC scores 'OI', high-points 'IH'), by element id. */
export function onetInterests(db: Db, code: string): OnetInterestRow[] {
  return prepared(db, `SELECT element_id, element_name, scale_id, value, date FROM onet_interests WHERE code = ? ORDER BY element_id`).all(code) as OnetInterestRow[];
}
