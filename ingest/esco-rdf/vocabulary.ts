/**
 * The RDF vocabulary the ESCO graph collector (graph.ts) reads: the ESCO model, SKOS, SKOS-XL and
 * Dublin Core terms, the classes of the four pillars, and which property fills which field.
 */
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const SKOSXL = 'http://www.w3.org/2008/05/skos-xl#';
const DCT = 'http://purl.org/dc/terms/';
const ISOTHES = 'http://purl.org/iso25964/skos-thes#';
const ESCO_MODEL = 'http://data.europa.eu/esco/model#';

export const P = {
  type: `${RDF}type`,
  prefLabel: `${SKOS}prefLabel`,
  altLabel: `${SKOS}altLabel`,
  hiddenLabel: `${SKOS}hiddenLabel`,
  xlPrefLabel: `${SKOSXL}prefLabel`,
  xlAltLabel: `${SKOSXL}altLabel`,
  xlHiddenLabel: `${SKOSXL}hiddenLabel`,
  literalForm: `${SKOSXL}literalForm`,
  description: `${DCT}description`,
  definition: `${SKOS}definition`,
  scopeNote: `${SKOS}scopeNote`,
  nodeLiteral: `${ESCO_MODEL}nodeLiteral`,
  language: `${ESCO_MODEL}language`,
  notation: `${SKOS}notation`,
  broader: `${SKOS}broader`,
  status: `${ISOTHES}status`,
  modified: `${DCT}modified`,
  regulatedProfessionNote: `${ESCO_MODEL}regulatedProfessionNote`,
  skillType: `${ESCO_MODEL}skillType`,
  skillReuseLevel: `${ESCO_MODEL}skillReuseLevel`,
  relatedEssentialSkill: `${ESCO_MODEL}relatedEssentialSkill`,
  relatedOptionalSkill: `${ESCO_MODEL}relatedOptionalSkill`,
  isEssentialSkillFor: `${ESCO_MODEL}isEssentialSkillFor`,
  isOptionalSkillFor: `${ESCO_MODEL}isOptionalSkillFor`,
  isRelationshipFor: `${ESCO_MODEL}isRelationshipFor`,
  refersConcept: `${ESCO_MODEL}refersConcept`,
  hasRelationshipType: `${ESCO_MODEL}hasRelationshipType`,
} as const;

export const CLASSES = {
  occupation: `${ESCO_MODEL}Occupation`,
  isco: `${ESCO_MODEL}ISCOGroup`,
  skill: `${ESCO_MODEL}Skill`,
  skillGroup: `${ESCO_MODEL}SkillGroup`,
} as const;

/** The parts of an RDF/JS term this reader looks at (n3 and sparql-http-client quads both fit). */
export interface TermLike {
  termType: string;
  value: string;
  language?: string;
}
export interface QuadLike {
  subject: TermLike;
  predicate: TermLike;
  object: TermLike;
}

export type NoteField = 'description' | 'definition' | 'scopeNote';
export type LabelField = 'pref' | 'alt' | 'hidden';

export interface LangTexts {
  pref: string | null;
  alt: string[];
  hidden: string[];
  description: string | null;
  definition: string | null;
  scopeNote: string | null;
}

export type Kind = keyof typeof CLASSES;

export interface PendingNode {
  text?: string;
  lang?: string;
  /** Concepts pointing at this node, and as what. */
  refs?: [subject: string, field: NoteField | LabelField][];
}

export const isNoteField = (f: NoteField | LabelField): f is NoteField => f === 'description' || f === 'definition' || f === 'scopeNote';
export const classKind = new Map<string, Kind>(Object.entries(CLASSES).map(([k, v]) => [v, k as Kind]));

/** Single-valued properties kept as they come (the first value wins). */
export const scalarProps = new Map<string, string>([
  [P.notation, 'notation'],
  [P.status, 'status'],
  [P.modified, 'modified'],
  [P.regulatedProfessionNote, 'regulatedProfessionNote'],
  [P.skillType, 'skillType'],
  [P.skillReuseLevel, 'reuseLevel'],
]);
export const noteProps = new Map<string, NoteField>([
  [P.description, 'description'],
  [P.definition, 'definition'],
  [P.scopeNote, 'scopeNote'],
]);
export const labelProps = new Map<string, LabelField>([
  [P.prefLabel, 'pref'],
  [P.altLabel, 'alt'],
  [P.hiddenLabel, 'hidden'],
]);
export const xlLabelProps = new Map<string, LabelField>([
  [P.xlPrefLabel, 'pref'],
  [P.xlAltLabel, 'alt'],
  [P.xlHiddenLabel, 'hidden'],
]);
