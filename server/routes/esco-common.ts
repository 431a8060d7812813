/**
 * What every ESCO route shares: the parameter schemas, the answer language, provenance, and the read
 * transaction an answer runs in.
 */
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { badRequest } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ESCO ids are lower-case UUIDs; one pasted in capitals is the same id. */
export const escoIdSchema = (message: string) => z.string().regex(UUID, message).transform((id) => id.toLowerCase());
export const langSchema = z.string().regex(/^[a-z]{2,3}(-[a-z]+)?$/i, 'lang must be a language code such as en or fr').optional();

export interface EscoContext {
  /** The language to answer in: the one asked for (it must be loaded), else English, else the first loaded. */
  resolveLang(asked: string | undefined): string;
  provenance(): { source: { name: 'ESCO'; version: string | null }; attribution: string };
  /**
   * Runs the reads of one answer in one read transaction: an ingest committing meanwhile (WAL) cannot
   * give an answer half from the old release and half from the new one.
   */
  snapshot<T>(read: () => T): T;
}

export function escoContext(db: Db): EscoContext {
  const languages = db.prepare('SELECT lang FROM esco_languages ORDER BY lang').pluck();
  const version = db.prepare(`SELECT upstream_version FROM sources WHERE name = 'esco'`).pluck();
  const snapshotTransaction = db.transaction((read: () => unknown) => read());
  return {
    resolveLang(asked) {
      const loaded = languages.all() as string[];
      if (asked === undefined) return loaded.includes('en') || loaded.length === 0 ? 'en' : loaded[0]!;
      const lang = asked.toLowerCase();
      if (!loaded.includes(lang)) {
        throw badRequest(loaded.length ? `lang ${lang} is not loaded; available: ${loaded.join(', ')}` : 'no ESCO data is loaded (run `lmi ingest esco`)');
      }
      return lang;
    },
    provenance: () => ({ source: { name: 'ESCO', version: (version.get() as string | null | undefined) ?? null }, attribution: ESCO_ATTRIBUTION }),
    snapshot: <T>(read: () => T) => snapshotTransaction(read) as T,
  };
}
