/**
 * What every ESCO route shares: the parameter schemas, the answer language, provenance, and the read
 * transaction an answer runs in.
 */
import { z } from 'zod';
import type { Db } from '../../data/db.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { badRequest } from '../errors.js';
import { askedLanguage } from '../lang.js';
import { fallbackText, type EscoConceptKey } from '../../data/esco-search.js';
import { EscoStateWatch, type EscoState } from '../../data/esco-state.js';

export interface CodeLabel {
  code: string;
  label: string | null;
}
/** Where to find a concept's texts in another language: its id (occupation, skill), URI or ISCO code. */
export type ConceptKey = EscoConceptKey;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ESCO ids are lower-case UUIDs; one pasted in capitals is the same id. */
export const escoIdSchema = (message: string) => z.string().regex(UUID, message).transform((id) => id.toLowerCase());
export const langSchema = z.string().regex(/^[a-z]{2,3}(-[a-z]+)?$/i, 'lang must be a language code such as en or fr').optional();

export interface EscoContext {
  /** The load stamp, languages and version, held in memory and re-read when the database changed (data/esco-state.ts). */
  state(): EscoState;
  /** The language to answer in: the one asked for (it must be loaded), else English, else the first loaded. */
  resolveLang(asked: string | undefined, loaded?: readonly string[]): string;
  provenance(): { source: { name: 'ESCO'; version: string | null }; attribution: string };
  /**
   * Runs the reads of one answer in one read transaction: an ingest committing meanwhile (WAL) cannot
   * give an answer half from the old release and half from the new one.
   */
  snapshot<T>(read: () => T): T;
  /** lang= as given, else the request's Accept-Language where loaded (server/lang.ts); undefined: the default. */
  askedLang(req: Parameters<typeof askedLanguage>[0], lang: string | undefined): string | undefined;
  /**
   * An item without a label in the language asked gets its English one (else another loaded
   * language's), marked `labelLang`, so a client never shows an empty name; its description too when
   * it carries one (the same ESCO text row). Items with a label in the language asked are unchanged.
   */
  labelled<T extends { label: string | null }>(item: T, key: ConceptKey): T & { labelLang?: string };
}

export function escoContext(db: Db): EscoContext {
  const watch = new EscoStateWatch(db);
  const snapshotTransaction = db.transaction((read: () => unknown) => read());
  return {
    state: () => watch.current(),
    askedLang: (req, lang) => askedLanguage(req, lang, () => watch.current().languages),
    labelled<T extends { label: string | null }>(item: T, key: ConceptKey): T & { labelLang?: string } {
      if (item.label !== null) return item;
      // A concept's texts when it has none in the language asked: English, else the first loaded language.
      const text = fallbackText(db, key);
      if (!text) return item;
      return { ...item, label: text.label, labelLang: text.lang, ...('description' in item ? { description: text.description } : {}) };
    },
    resolveLang(asked, loaded = watch.current().languages) {
      if (asked === undefined) return loaded.includes('en') || loaded.length === 0 ? 'en' : loaded[0]!;
      const lang = asked.toLowerCase();
      if (!loaded.includes(lang)) {
        throw badRequest(loaded.length ? `lang ${lang} is not loaded; available: ${loaded.join(', ')}` : 'no ESCO data is loaded (run `lmi ingest esco`)');
      }
      return lang;
    },
    provenance: () => ({ source: { name: 'ESCO', version: watch.current().version }, attribution: ESCO_ATTRIBUTION }),
    snapshot: <T>(read: () => T) => snapshotTransaction(read) as T,
  };
}
