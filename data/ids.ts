/**
 * Identifiers both the ingester and the server spell the same way: the id the API shows for an ESCO
 * concept, and a source's id in the config. Here, below both layers, so neither imports the other
 * to agree on them.
 */
import { z } from 'zod';

/** The id shown by the API: the last path segment of an ESCO URI (a UUID for occupations and skills). */
export function escoId(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** A source's id in the config (and in POST /api/admin/ingest/:source). */
export const sourceIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_.:-]*$/i, 'source ids are letters, digits and . _ : -');
