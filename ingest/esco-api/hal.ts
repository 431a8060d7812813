/**
 * The HAL+JSON resources of the ESCO web-service API (`/resource/taxonomy`, `/resource/concept`,
 * `/resource/occupation`, `/resource/skill`), as far as this tool reads them. Texts come as maps by
 * language (`preferredLabel.en`, `alternativeLabel.en[]`, `description.en.literal`); relations are
 * `_links` arrays of `{href, uri, title, ...}` (`hasEssentialSkill`, `broaderIscoGroup`,
 * `narrowerConcept`, `narrowerOccupation`, `hasTopConcept`...). Unknown fields are kept and ignored.
 */
import { z } from 'zod';

const halLinkSchema = z.looseObject({
  href: z.string().optional(),
  uri: z.string().min(1),
  title: z.string().nullish(),
  /** ISCO / ESCO code on links to ISCO groups and occupations. */
  code: z.coerce.string().nullish(),
  /** On links to skills: …/skill-type/skill or …/skill-type/knowledge. */
  skillType: z.string().nullish(),
});
export type HalLink = z.infer<typeof halLinkSchema>;

/** `{ "en": { "literal": "...", "mimetype": "plain/text" } }` (a bare string is accepted too). */
const literalMap = z.record(z.string(), z.union([z.string(), z.looseObject({ literal: z.string().nullish() })]).nullable());

export const halResourceSchema = z.looseObject({
  className: z.string().optional(),
  classId: z.string().optional(),
  uri: z.string().min(1),
  title: z.string().nullish(),
  code: z.coerce.string().nullish(),
  status: z.string().nullish(),
  /** Not in every API version; null when absent. */
  modifiedDate: z.string().nullish(),
  preferredLabel: z.record(z.string(), z.string().nullable()).nullish(),
  alternativeLabel: z.record(z.string(), z.array(z.string()).nullable()).nullish(),
  hiddenLabel: z.record(z.string(), z.array(z.string()).nullable()).nullish(),
  description: literalMap.nullish(),
  definition: literalMap.nullish(),
  scopeNote: literalMap.nullish(),
  /** Some versions give the regulated-profession note as a URI string rather than a link. */
  regulatedProfessionNote: z.unknown().optional(),
  /** Checked link by link in `links()`: one odd entry (a self link without uri) must not sink the resource. */
  _links: z.record(z.string(), z.unknown()).default({}),
});
export type HalResource = z.infer<typeof halResourceSchema>;

/** A `_links` relation as an array (HAL allows a single object where one link exists). */
export function links(r: HalResource, rel: string): HalLink[] {
  const v = r._links[rel];
  if (v === null || v === undefined) return [];
  const out: HalLink[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    const link = halLinkSchema.safeParse(item);
    if (link.success) out.push(link.data);
  }
  return out;
}

/** The text of a literal map entry for one language, or null. */
export function literalIn(map: HalResource['description'], lang: string): string | null {
  const v = map?.[lang];
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : (v.literal ?? null);
}
