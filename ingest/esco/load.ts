/**
 * Writes ESCO into the ESCO tables in ONE transaction: every ESCO row is replaced, so readers see
 * either the previous release or the new one, never a mix, and a failure leaves the previous data.
 * Two ways in, one set of writes: loadEsco takes a whole ParsedEsco (the web-service API, SPARQL and
 * RDF readers), loadEscoStreamed takes a streaming reader (the CSV download) and writes each record
 * as it is read, so memory does not grow with the download. The SQL is in data/esco-write.ts: this
 * file decides what is written when, and reports progress.
 */
import type { Db } from '../../data/db.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import { recordSource, type LoadSummary } from '../../data/sources.js';
import type { EscoRecordSink, EscoTexts, ParsedEsco } from '../../data/esco-model.js';
import { clearEscoTables, createEscoIndexes, enlargeLoadCache, escoRowCounts, escoWriter, hasEscoOccupations, type EscoWriter } from '../../data/esco-write.js';

export interface EscoLoadOptions {
  log?: Logger;
  /** Where the data came from (folder, zip or URL), recorded in `sources`. */
  upstreamUrl?: string | null;
}

/** The writer as a sink for a streaming reader: each concept row with its texts. */
function recordSink(w: EscoWriter): EscoRecordSink {
  return {
    occupation: (o, lang, t) => (w.occupation(o), w.texts(o.uri, lang, t)),
    iscoGroup: (g, lang, t) => (w.iscoGroup(g), w.texts(g.uri, lang, t)),
    skill: (s, lang, t) => (w.skill(s), w.texts(s.uri, lang, t)),
    skillGroup: (g, lang, t) => (w.skillGroup(g), w.texts(g.uri, lang, t)),
    hierarchy: w.hierarchy,
    occupationSkill: w.occupationSkill,
    broader: w.broader,
    skillRelation: w.skillRelation,
  };
}

/** Rebuilds the indexes, counts what was written and records the source; the last step before commit. */
function finish(db: Db, w: EscoWriter, indexes: string[], read: { version: string | null; languages: string[] }, opts: EscoLoadOptions): Record<string, number> {
  if (!hasEscoOccupations(db)) throw new IngestError('empty', 'the ESCO data has no occupations; nothing was changed');
  for (const lang of read.languages) w.language(lang);
  createEscoIndexes(db, indexes, (done, total) => opts.log?.progress('indexing', done, total));
  const counts = { ...escoRowCounts(db), languages: read.languages.length };
  recordSource(db, { name: 'esco', kind: 'esco', upstreamVersion: read.version, upstreamUrl: opts.upstreamUrl ?? null, counts, attribution: ESCO_ATTRIBUTION });
  return counts;
}

/** Loads a whole ParsedEsco (the readers that build one: web-service API, SPARQL, RDF). */
export function loadEsco(db: Db, parsed: ParsedEsco, opts: EscoLoadOptions = {}): LoadSummary {
  if (parsed.occupations.length === 0) throw new IngestError('empty', 'the ESCO data has no occupations; nothing was changed');
  const log = opts.log;
  const restore = enlargeLoadCache(db);
  try {
    const counts = db
      .transaction(() => {
        const indexes = clearEscoTables(db);
        const w = escoWriter(db);
        const concepts = <C extends { uri: string; texts: Record<string, EscoTexts> }>(step: string, list: C[], write: (c: C) => void) => {
          list.forEach((c, i) => {
            write(c);
            for (const [lang, t] of Object.entries(c.texts)) w.texts(c.uri, lang, t);
            if (i % 1000 === 0) log?.progress(step, i, list.length);
          });
          log?.progress(step, list.length, list.length);
        };
        concepts('writing occupations', parsed.occupations, w.occupation);
        concepts('writing ISCO groups', parsed.iscoGroups, w.iscoGroup);
        concepts('writing skills', parsed.skills, w.skill);
        concepts('writing skill groups', parsed.skillGroups, w.skillGroup);
        for (const h of parsed.skillsHierarchy ?? []) w.hierarchy(h);
        parsed.occupationSkills.forEach((r, i) => {
          w.occupationSkill(r);
          if (i % 20_000 === 0) log?.progress('writing occupation-skill relations', i, parsed.occupationSkills.length);
        });
        log?.progress('writing occupation-skill relations', parsed.occupationSkills.length, parsed.occupationSkills.length);
        for (const b of parsed.broader) w.broader(b);
        for (const r of parsed.skillSkillRelations) w.skillRelation(r);
        return finish(db, w, indexes, parsed, opts);
      })
      .immediate();
    return { counts, upstreamVersion: parsed.version };
  } finally {
    restore();
  }
}

/**
 * Loads what a streaming reader hands to the sink, each record written as it is read, all inside one
 * IMMEDIATE transaction that stays open while `read` awaits its files (better-sqlite3's transaction()
 * cannot wrap an await, hence BEGIN/COMMIT by hand). The connection must not be used by anything
 * else meanwhile (an ingest has its own). Any failure, of the reader or of a write, rolls it all back.
 */
export async function loadEscoStreamed(
  db: Db,
  read: (sink: EscoRecordSink) => Promise<{ version: string | null; languages: string[] }>,
  opts: EscoLoadOptions = {},
): Promise<LoadSummary> {
  const restore = enlargeLoadCache(db);
  db.exec('BEGIN IMMEDIATE');
  try {
    const indexes = clearEscoTables(db);
    const w = escoWriter(db);
    const summary = await read(recordSink(w));
    const counts = finish(db, w, indexes, summary, opts);
    db.exec('COMMIT');
    return { counts, upstreamVersion: summary.version };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    restore();
  }
}
