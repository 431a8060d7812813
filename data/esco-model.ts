/**
 * ESCO in parsed form, independent of where it came from: the official CSV download, the ESCO
 * web-service API, a SPARQL endpoint or an RDF dump all parse into this (ingest/), and one writer
 * stores it (data/esco-write.ts, driven by ingest/esco/load.ts).
 * URIs identify concepts; the `id` the API shows is the URI's last path segment (a UUID for
 * occupations and skills).
 */

/** Texts of one concept in one language. */
/** How a label of esco_labels names its concept: ESCO's preferred, alternative or hidden label. */
export type EscoLabelKind = 'preferred' | 'alt' | 'hidden';

export interface EscoTexts {
  preferredLabel: string;
  altLabels: string[];
  /** Hidden labels match searches but are never shown. */
  hiddenLabels: string[];
  description?: string | null;
  definition?: string | null;
  scopeNote?: string | null;
}

/** Language code ('en', 'fr', ...) -> texts in that language. */
export type EscoTextsByLang = Record<string, EscoTexts>;

export interface EscoOccupation {
  uri: string;
  /** ESCO code, e.g. '2221.3' (v1.1+; null in v1.0.x). Kept as a string: leading zeros matter. */
  code: string | null;
  /** ISCO-08 unit group code, e.g. '2221', '0110'. */
  iscoGroup: string | null;
  status: string | null;
  modifiedDate: string | null;
  regulatedProfessionNote: string | null;
  texts: EscoTextsByLang;
}

export interface EscoIscoGroup {
  uri: string;
  /** '2', '22', '222', '2221' (a string: '0110'). */
  code: string;
  status: string | null;
  texts: EscoTextsByLang;
}

export interface EscoSkill {
  uri: string;
  /** 'skill/competence' | 'knowledge' | '' (a few ESCO skills have none). */
  skillType: string | null;
  reuseLevel: string | null;
  status: string | null;
  modifiedDate: string | null;
  texts: EscoTextsByLang;
}

export interface EscoSkillGroup {
  uri: string;
  code: string | null;
  status: string | null;
  texts: EscoTextsByLang;
}

export interface EscoOccupationSkill {
  occupationUri: string;
  skillUri: string;
  relationType: 'essential' | 'optional';
  skillType: string | null;
}

/** A broader relation in the occupation pillar (ISCO groups, occupations) or the skill pillar. */
export interface EscoBroader {
  conceptUri: string;
  conceptType: string;
  broaderUri: string;
  broaderType: string;
}

export interface EscoSkillSkillRelation {
  originalSkillUri: string;
  relationType: string;
  relatedSkillUri: string;
}

export interface ParsedEsco {
  /** ESCO version, e.g. 'v1.1.1', when known (from the folder/zip name or the API's selectedVersion). */
  version: string | null;
  languages: string[];
  occupations: EscoOccupation[];
  iscoGroups: EscoIscoGroup[];
  skills: EscoSkill[];
  skillGroups: EscoSkillGroup[];
  occupationSkills: EscoOccupationSkill[];
  broader: EscoBroader[];
  skillSkillRelations: EscoSkillSkillRelation[];
  /** The skill pillar's top levels with their codes; only the CSV download has it. */
  skillsHierarchy?: EscoSkillHierarchyEntry[];
}

/** One node of the skill pillar's top levels (skillsHierarchy_xx.csv): level 0..3, its code and parent. */
export interface EscoSkillHierarchyEntry {
  uri: string;
  level: number;
  /** 'S', 'S1', 'S1.2', 'L1', 'K0613' ... (absent in older downloads). */
  code: string | null;
  parentUri: string | null;
}

/** A concept row as one CSV record gives it: its texts arrive per language beside it. */
export type EscoOccupationRecord = Omit<EscoOccupation, 'texts'>;
export type EscoIscoGroupRecord = Omit<EscoIscoGroup, 'texts'>;
export type EscoSkillRecord = Omit<EscoSkill, 'texts'>;
export type EscoSkillGroupRecord = Omit<EscoSkillGroup, 'texts'>;

/**
 * Where a streaming reader hands each record as it reads it (the CSV download: parse.ts), so no file
 * is held whole: the load writes them straight into its transaction, or parseEscoCsv collects them
 * into ParsedEsco. A concept seen again (a second language, or a repeated row) keeps the fields it was
 * first seen with; its texts in a language are those of the last record.
 */
export interface EscoRecordSink {
  occupation(o: EscoOccupationRecord, lang: string, texts: EscoTexts): void;
  iscoGroup(g: EscoIscoGroupRecord, lang: string, texts: EscoTexts): void;
  skill(s: EscoSkillRecord, lang: string, texts: EscoTexts): void;
  skillGroup(g: EscoSkillGroupRecord, lang: string, texts: EscoTexts): void;
  /** A node of the skills hierarchy; one seen again is ignored. */
  hierarchy(h: EscoSkillHierarchyEntry): void;
  occupationSkill(r: EscoOccupationSkill): void;
  broader(b: EscoBroader): void;
  skillRelation(r: EscoSkillSkillRelation): void;
}
