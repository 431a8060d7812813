/**
 * Reading the official ESCO CSV download. Each file's records are mapped by pure functions (one per
 * file kind, below) and handed one by one to an EscoRecordSink, while csv.ts streams the file: the
 * streamed load writes each record into its transaction, parseEscoCsv collects them into ParsedEsco.
 * Columns are looked up by name so ESCO v1.0.x (no `code`, ISCO `iscoGroup`), v1.1.x and v1.2.x
 * (extra columns, relation files with a language suffix) all read the same way.
 */
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import { describeColumns, readCsv, type CsvRow, type CsvSpec } from './csv.js';
import type { EscoCsvFile } from './fetch.js';
import { englishFirst, makeTexts, splitLabels, textOrNull } from './normalise.js';
import type {
  EscoBroader,
  EscoIscoGroup,
  EscoIscoGroupRecord,
  EscoOccupation,
  EscoOccupationRecord,
  EscoOccupationSkill,
  EscoRecordSink,
  EscoSkill,
  EscoSkillGroup,
  EscoSkillGroupRecord,
  EscoSkillHierarchyEntry,
  EscoSkillRecord,
  EscoSkillSkillRelation,
  EscoTexts,
  ParsedEsco,
} from '../../data/esco-model.js';

export interface EscoCsvInput {
  version: string | null;
  location: string;
  files: EscoCsvFile[];
}

export interface ParseOptions {
  /** Languages to read ('en', 'fr'); default: every language with an occupations_xx.csv. */
  languages?: string[];
  log?: Logger;
}

/** What a whole read of the download established, besides the records. */
export interface EscoReadSummary {
  version: string | null;
  /** The languages read, the first one's files giving the structure (hierarchy, relations). */
  languages: string[];
}

const specs = {
  occupations: { required: ['conceptUri', 'iscoGroup', 'preferredLabel', 'altLabels', 'description'] },
  ISCOGroups: { required: ['conceptUri', 'code|iscoGroup', 'preferredLabel'] },
  skills: { required: ['conceptUri', 'skillType', 'reuseLevel', 'preferredLabel', 'altLabels', 'description'] },
  skillGroups: { required: ['conceptUri', 'preferredLabel'] },
  skillsHierarchy: { required: ['Level 0 URI', 'Level 1 URI', 'Level 2 URI', 'Level 3 URI'], ragged: true },
  occupationSkillRelations: { required: ['occupationUri', 'relationType', 'skillUri'] },
  broaderRelationsOccPillar: { required: ['conceptType', 'conceptUri', 'broaderType', 'broaderUri'] },
  broaderRelationsSkillPillar: { required: ['conceptType', 'conceptUri', 'broaderType', 'broaderUri'] },
  skillSkillRelations: { required: ['originalSkillUri', 'relationType', 'relatedSkillUri'] },
} satisfies Record<string, CsvSpec>;

type FileKind = keyof typeof specs;

/** Files read per language (texts) and once (structure and relations). */
const textFiles = ['occupations', 'ISCOGroups', 'skills', 'skillGroups'] as const;
const relationFiles = ['occupationSkillRelations', 'broaderRelationsOccPillar', 'broaderRelationsSkillPillar', 'skillSkillRelations'] as const;

// ---- The pure part: one record of a file -> what it says. `where` names the file in messages. ----

/** The texts of a concept in the language of its file. */
export function conceptTexts(r: CsvRow): EscoTexts {
  return makeTexts({
    preferredLabel: r.preferredLabel!,
    altLabels: splitLabels(r.altLabels),
    hiddenLabels: splitLabels(r.hiddenLabels),
    description: r.description,
    definition: r.definition,
    scopeNote: r.scopeNote,
  });
}

export function occupationRecord(r: CsvRow): EscoOccupationRecord {
  return {
    uri: r.conceptUri!,
    code: textOrNull(r.code),
    iscoGroup: textOrNull(r.iscoGroup),
    status: textOrNull(r.status),
    modifiedDate: textOrNull(r.modifiedDate),
    regulatedProfessionNote: textOrNull(r.regulatedProfessionNote),
  };
}

export function iscoGroupRecord(r: CsvRow, where: string): EscoIscoGroupRecord {
  // ESCO v1.0.x names the column iscoGroup, later versions code.
  const code = textOrNull(r.code) ?? textOrNull(r.iscoGroup);
  if (!code) throw new IngestError('invalid', `${where}: ISCO group ${r.conceptUri} has no code`);
  return { uri: r.conceptUri!, code, status: textOrNull(r.status) };
}

export function skillRecord(r: CsvRow): EscoSkillRecord {
  return { uri: r.conceptUri!, skillType: textOrNull(r.skillType), reuseLevel: textOrNull(r.reuseLevel), status: textOrNull(r.status), modifiedDate: textOrNull(r.modifiedDate) };
}

export function skillGroupRecord(r: CsvRow): EscoSkillGroupRecord {
  return { uri: r.conceptUri!, code: textOrNull(r.code), status: textOrNull(r.status) };
}

/** A skillsHierarchy row names a path L0 > L1 > L2 > L3: each URI present is a node under the one before. */
export function hierarchyNodes(r: CsvRow): EscoSkillHierarchyEntry[] {
  const nodes: EscoSkillHierarchyEntry[] = [];
  let parentUri: string | null = null;
  for (let level = 0; level <= 3; level++) {
    const uri = textOrNull(r[`Level ${level} URI`]);
    if (!uri) break;
    nodes.push({ uri, level, code: textOrNull(r[`Level ${level} code`]), parentUri });
    parentUri = uri;
  }
  return nodes;
}

export function occupationSkillRecord(r: CsvRow, where: string): EscoOccupationSkill {
  const relationType = r.relationType?.trim();
  if (relationType !== 'essential' && relationType !== 'optional') {
    throw new IngestError('invalid', `${where}: relationType "${relationType}" for ${r.occupationUri} is neither essential nor optional`);
  }
  return { occupationUri: r.occupationUri!, skillUri: r.skillUri!, relationType, skillType: textOrNull(r.skillType) };
}

export function broaderRecord(r: CsvRow): EscoBroader {
  return { conceptUri: r.conceptUri!, conceptType: r.conceptType!, broaderUri: r.broaderUri!, broaderType: r.broaderType! };
}

export function skillRelationRecord(r: CsvRow): EscoSkillSkillRelation {
  return { originalSkillUri: r.originalSkillUri!, relationType: r.relationType!, relatedSkillUri: r.relatedSkillUri! };
}

// ---- Reading the download: which files, in which order, streamed into a sink. ----

/** Languages present in the download: those with an occupations_xx.csv. */
function languagesIn(files: EscoCsvFile[]): string[] {
  const langs = new Set<string>();
  for (const f of files) {
    const m = f.name.match(/^occupations_([a-z]{2,3}(?:-[a-z]+)?)\.csv$/i);
    if (m) langs.add(m[1]!);
  }
  return [...langs].sort();
}

/**
 * Streams every file of the download into `sink`: per language its occupations, ISCO groups, skills
 * and skill groups, then (from the first language's files) the hierarchy and the relation files. Every
 * file is located before any is read, so a missing one fails the run at once.
 */
export async function readEscoCsv(input: EscoCsvInput, sink: EscoRecordSink, opts: ParseOptions = {}): Promise<EscoReadSummary> {
  const available = languagesIn(input.files);
  if (available.length === 0) {
    throw new IngestError(
      'schema',
      `no occupations_<lang>.csv found in ${input.location}: expected the ESCO CSV download (occupations_en.csv, ISCOGroups_en.csv, skills_en.csv, skillGroups_en.csv, skillsHierarchy_en.csv, occupationSkillRelations.csv, broaderRelationsOccPillar.csv, broaderRelationsSkillPillar.csv, skillSkillRelations.csv)`,
    );
  }
  const languages = opts.languages?.length ? opts.languages : englishFirst(available);
  const missingLangs = languages.filter((l) => !available.includes(l));
  if (missingLangs.length) {
    throw new IngestError('input', `no ESCO files for language ${missingLangs.join(', ')} in ${input.location} (found: ${available.join(', ')})`);
  }
  const primary = languages[0]!;
  const find = (kind: FileKind, lang: string | null): EscoCsvFile => findFile(input, kind, lang);
  for (const lang of languages) for (const kind of textFiles) find(kind, lang);
  for (const kind of ['skillsHierarchy', ...relationFiles] as const) find(kind, primary);
  const read = (kind: FileKind, lang: string, onRow: (r: CsvRow, where: string) => void) => {
    const file = find(kind, lang);
    return readCsv(file, specs[kind], (r) => onRow(r, file.path), opts.log);
  };

  for (const lang of languages) {
    await read('occupations', lang, (r) => sink.occupation(occupationRecord(r), lang, conceptTexts(r)));
    await read('ISCOGroups', lang, (r, where) => sink.iscoGroup(iscoGroupRecord(r, where), lang, conceptTexts(r)));
    await read('skills', lang, (r) => sink.skill(skillRecord(r), lang, conceptTexts(r)));
    await read('skillGroups', lang, (r) => sink.skillGroup(skillGroupRecord(r), lang, conceptTexts(r)));
  }
  await read('skillsHierarchy', primary, (r) => hierarchyNodes(r).forEach((h) => sink.hierarchy(h)));
  await read('occupationSkillRelations', primary, (r, where) => sink.occupationSkill(occupationSkillRecord(r, where)));
  await read('broaderRelationsOccPillar', primary, (r) => sink.broader(broaderRecord(r)));
  await read('broaderRelationsSkillPillar', primary, (r) => sink.broader(broaderRecord(r)));
  await read('skillSkillRelations', primary, (r) => sink.skillRelation(skillRelationRecord(r)));
  return { version: input.version, languages };
}

/** The whole download as ParsedEsco, in memory (for comparing readers and for loads of a few files). */
export async function parseEscoCsv(input: EscoCsvInput, opts: ParseOptions = {}): Promise<ParsedEsco> {
  const occupations = new Map<string, EscoOccupation>();
  const iscoGroups = new Map<string, EscoIscoGroup>();
  const skills = new Map<string, EscoSkill>();
  const skillGroups = new Map<string, EscoSkillGroup>();
  const hierarchy = new Map<string, EscoSkillHierarchyEntry>();
  const occupationSkills: EscoOccupationSkill[] = [];
  const broader: EscoBroader[] = [];
  const skillSkillRelations: EscoSkillSkillRelation[] = [];
  /** The first record of a concept gives its fields; each language's texts are the last record's. */
  const collect = <R extends { uri: string }>(into: Map<string, R & { texts: Record<string, EscoTexts> }>) => (record: R, lang: string, texts: EscoTexts) => {
    const concept = into.get(record.uri) ?? { ...record, texts: {} };
    concept.texts[lang] = texts;
    into.set(record.uri, concept);
  };
  const { version, languages } = await readEscoCsv(
    input,
    {
      occupation: collect(occupations),
      iscoGroup: collect(iscoGroups),
      skill: collect(skills),
      skillGroup: collect(skillGroups),
      hierarchy: (h) => void (hierarchy.has(h.uri) || hierarchy.set(h.uri, h)),
      occupationSkill: (r) => void occupationSkills.push(r),
      broader: (b) => void broader.push(b),
      skillRelation: (r) => void skillSkillRelations.push(r),
    },
    opts,
  );
  return {
    version,
    languages,
    occupations: [...occupations.values()],
    iscoGroups: [...iscoGroups.values()],
    skills: [...skills.values()],
    skillGroups: [...skillGroups.values()],
    occupationSkills,
    broader,
    skillSkillRelations,
    skillsHierarchy: [...hierarchy.values()],
  };
}

/**
 * The file of a kind: `occupations_en.csv` for text files. Relation files hold no text: the
 * language-free name (ESCO v1.1.x) or a suffixed one (`occupationSkillRelations_en.csv`, v1.0.x/v1.2.x),
 * preferring `lang`. The skills hierarchy is read for its structure only, so any language's file does.
 */
function findFile(input: EscoCsvInput, kind: FileKind, lang: string | null): EscoCsvFile {
  const byName = (name: string) => input.files.find((f) => f.name.toLowerCase() === name.toLowerCase());
  const isRelation = (relationFiles as readonly string[]).includes(kind);
  const anyLanguage = isRelation || kind === 'skillsHierarchy';
  const found =
    (lang ? byName(`${kind}_${lang}.csv`) : undefined) ??
    (isRelation ? byName(`${kind}.csv`) : undefined) ??
    (anyLanguage ? input.files.find((f) => new RegExp(`^${kind}_[a-z-]+\\.csv$`, 'i').test(f.name)) : undefined);
  if (!found) {
    const expected = isRelation ? `${kind}.csv or ${kind}_${lang}.csv` : `${kind}_${lang}.csv`;
    throw new IngestError('schema', `${expected} is missing from ${input.location}; it must have the columns ${describeColumns(specs[kind])}`);
  }
  return found;
}
