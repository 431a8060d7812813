/**
 * What the ESCO routes answer (server/routes/esco.ts, esco-search.ts). Types only: the web pages
 * import them too (docs/architecture.md). `labelLang` on any label: the label's language when ESCO
 * has no text in the one asked (it then comes in English, else another loaded language).
 */

/** The ESCO release an answer was read from, and the attribution its licence asks for. */
export interface EscoProvenance {
  source: { name: 'ESCO'; version: string | null };
  attribution: string;
}

/** A code with its label (ISCO groups). */
export interface EscoCoded {
  code: string;
  label: string | null;
  labelLang?: string;
}

export interface SkillRef {
  id: string;
  label: string | null;
  labelLang?: string;
  type: string | null;
}

export interface OccupationRef {
  id: string;
  label: string | null;
  labelLang?: string;
  code: string | null;
}

/** An occupation the profile lists as related: same ISCO unit group, or most essential skills shared. */
export interface RelatedOccupation extends OccupationRef {
  sameIscoGroup: boolean;
  sharedEssentialSkills: number;
}

/** What an occupation's and a skill's profile both start with. */
interface EscoConcept extends EscoProvenance {
  id: string;
  uri: string;
  label: string | null;
  labelLang?: string;
  altLabels: string[];
  description: string | null;
}

/** GET /api/occupations/:id */
export interface Occupation extends EscoConcept {
  code: string | null;
  iscoGroup: string | null;
  /** The ISCO path from the major group down to the unit group. */
  isco: EscoCoded[];
  skills: { essential: SkillRef[]; optional: SkillRef[] };
  related: RelatedOccupation[];
}

/** GET /api/occupations/:id/gap?to= */
export interface SkillsGap extends EscoProvenance {
  from: OccupationRef;
  to: OccupationRef;
  targetEssentialSkills: number;
  /** Essential for the target and essential for the current occupation. */
  held: SkillRef[];
  /** Essential for the target, optional for the current one: worth checking with the client. */
  toCheck: SkillRef[];
  toGain: SkillRef[];
}

/** GET /api/skills/:id */
export interface Skill extends EscoConcept {
  type: string | null;
  reuseLevel: string | null;
  broader: { id: string; uri: string; label: string | null; labelLang?: string }[];
  occupations: { essential: OccupationRef[]; optional: OccupationRef[] };
}

/** GET /api/isco/:code */
export interface IscoGroup extends EscoProvenance {
  code: string;
  uri: string;
  label: string | null;
  labelLang?: string;
  description: string | null;
  parents: EscoCoded[];
  children: EscoCoded[];
  occupations: OccupationRef[];
}

export interface OccupationHit {
  id: string;
  uri: string;
  /** Null for a concept without a label in any loaded language (as every other label here). */
  label: string | null;
  labelLang?: string;
  code: string | null;
  iscoGroup: string | null;
  matchedLabel: string | null;
}

export interface SkillHit {
  id: string;
  uri: string;
  /** Null for a concept without a label in any loaded language (as every other label here). */
  label: string | null;
  labelLang?: string;
  type: string | null;
  matchedLabel: string | null;
}

/** A search answer (GET /api/occupations, GET /api/skills). */
export interface SearchAnswer<Hit> {
  items: Hit[];
  total: number;
  /** No label matched as typed: these are the closest, read as `correctedQuery`. */
  fuzzy: boolean;
  correctedQuery?: string;
}

export type OccupationSearch = SearchAnswer<OccupationHit>;
export type SkillSearch = SearchAnswer<SkillHit>;
