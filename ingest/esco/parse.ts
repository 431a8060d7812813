/**
 * Parsing the official ESCO CSV download into ParsedEsco. Pure apart from reading the streams it is
 * handed: csv-parse streams every file (quoted multi-line cells, CRLF records with bare LF inside
 * cells, ragged rows), and columns are looked up by name so ESCO v1.0.x (no `code`, ISCO `iscoGroup`),
 * v1.1.x and v1.2.x (extra columns, relation files with a language suffix) all read the same way.
 */
import { parse as csvParse } from 'csv-parse';
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import type { EscoCsvFile } from './fetch.js';
import { englishFirst, makeTexts, splitLabels, textOrNull } from './normalise.js';
import type {
  EscoBroader,
  EscoIscoGroup,
  EscoOccupation,
  EscoOccupationSkill,
  EscoSkill,
  EscoSkillGroup,
  EscoSkillHierarchyEntry,
  EscoSkillSkillRelation,
  EscoTexts,
  ParsedEsco,
} from './model.js';

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

type Row = Record<string, string | undefined>;

/**
 * Columns a file must have. An entry 'a|b' accepts either name (ESCO v1.0.x called the ISCO group
 * code `iscoGroup`, later versions `code`); the first name present is used.
 */
interface CsvSpec {
  required: string[];
  /** Ragged rows (skillsHierarchy omits trailing empty cells). */
  ragged?: boolean;
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

/** Languages present in the download: those with an occupations_xx.csv. */
function languagesIn(files: EscoCsvFile[]): string[] {
  const langs = new Set<string>();
  for (const f of files) {
    const m = f.name.match(/^occupations_([a-z]{2,3}(?:-[a-z]+)?)\.csv$/i);
    if (m) langs.add(m[1]!);
  }
  return [...langs].sort();
}

export async function parseEscoCsv(input: EscoCsvInput, opts: ParseOptions = {}): Promise<ParsedEsco> {
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
  // Every file is located before any is read, so a missing one fails the run at once.
  for (const lang of languages) for (const kind of textFiles) find(kind, lang);
  for (const kind of ['skillsHierarchy', ...relationFiles] as const) find(kind, primary);

  const occupations = new Map<string, EscoOccupation>();
  const iscoGroups = new Map<string, EscoIscoGroup>();
  const skills = new Map<string, EscoSkill>();
  const skillGroups = new Map<string, EscoSkillGroup>();

  for (const lang of languages) {
    await readCsv(find('occupations', lang), specs.occupations, (r) => {
      const uri = r.conceptUri!;
      const o = occupations.get(uri) ?? {
        uri,
        code: textOrNull(r.code),
        iscoGroup: textOrNull(r.iscoGroup),
        status: textOrNull(r.status),
        modifiedDate: textOrNull(r.modifiedDate),
        regulatedProfessionNote: textOrNull(r.regulatedProfessionNote),
        texts: {},
      };
      o.texts[lang] = texts(r);
      occupations.set(uri, o);
    }, opts.log);
    const iscoFile = find('ISCOGroups', lang);
    await readCsv(iscoFile, specs.ISCOGroups, (r) => {
      const uri = r.conceptUri!;
      // ESCO v1.0.x names the column iscoGroup, later versions code.
      const code = textOrNull(r.code) ?? textOrNull(r.iscoGroup);
      if (!code) throw new IngestError('invalid', `${iscoFile.path}: ISCO group ${uri} has no code`);
      const g = iscoGroups.get(uri) ?? { uri, code, status: textOrNull(r.status), texts: {} };
      g.texts[lang] = texts(r);
      iscoGroups.set(uri, g);
    }, opts.log);
    await readCsv(find('skills', lang), specs.skills, (r) => {
      const uri = r.conceptUri!;
      const s = skills.get(uri) ?? {
        uri,
        skillType: textOrNull(r.skillType),
        reuseLevel: textOrNull(r.reuseLevel),
        status: textOrNull(r.status),
        modifiedDate: textOrNull(r.modifiedDate),
        texts: {},
      };
      s.texts[lang] = texts(r);
      skills.set(uri, s);
    }, opts.log);
    await readCsv(find('skillGroups', lang), specs.skillGroups, (r) => {
      const uri = r.conceptUri!;
      const g = skillGroups.get(uri) ?? { uri, code: textOrNull(r.code), status: textOrNull(r.status), texts: {} };
      g.texts[lang] = texts(r);
      skillGroups.set(uri, g);
    }, opts.log);
  }

  const skillsHierarchy = await parseHierarchy(find('skillsHierarchy', primary), opts.log);

  const occupationSkills: EscoOccupationSkill[] = [];
  const osFile = find('occupationSkillRelations', primary);
  await readCsv(osFile, specs.occupationSkillRelations, (r) => {
    const relationType = r.relationType?.trim();
    if (relationType !== 'essential' && relationType !== 'optional') {
      throw new IngestError('invalid', `${osFile.path}: relationType "${relationType}" for ${r.occupationUri} is neither essential nor optional`);
    }
    occupationSkills.push({ occupationUri: r.occupationUri!, skillUri: r.skillUri!, relationType, skillType: textOrNull(r.skillType) });
  }, opts.log);

  const broader: EscoBroader[] = [];
  for (const kind of ['broaderRelationsOccPillar', 'broaderRelationsSkillPillar'] as const) {
    await readCsv(find(kind, primary), specs[kind], (r) => {
      broader.push({ conceptUri: r.conceptUri!, conceptType: r.conceptType!, broaderUri: r.broaderUri!, broaderType: r.broaderType! });
    }, opts.log);
  }

  const skillSkillRelations: EscoSkillSkillRelation[] = [];
  await readCsv(find('skillSkillRelations', primary), specs.skillSkillRelations, (r) => {
    skillSkillRelations.push({ originalSkillUri: r.originalSkillUri!, relationType: r.relationType!, relatedSkillUri: r.relatedSkillUri! });
  }, opts.log);

  return {
    version: input.version,
    languages,
    occupations: [...occupations.values()],
    iscoGroups: [...iscoGroups.values()],
    skills: [...skills.values()],
    skillGroups: [...skillGroups.values()],
    occupationSkills,
    broader,
    skillSkillRelations,
    skillsHierarchy,
  };
}

function texts(r: Row): EscoTexts {
  return makeTexts({
    preferredLabel: r.preferredLabel!,
    altLabels: splitLabels(r.altLabels),
    hiddenLabels: splitLabels(r.hiddenLabels),
    description: r.description,
    definition: r.definition,
    scopeNote: r.scopeNote,
  });
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

function describeColumns(spec: CsvSpec): string {
  return spec.required.map((c) => c.replace('|', ' (or ') + (c.includes('|') ? ')' : '')).join(', ');
}

/**
 * Streams a CSV file, handing each record (keyed by column name) to `onRow`, after checking the header
 * has the spec's columns. A header mismatch is a 'schema' error naming the file, the missing and the
 * expected columns. Records go to a callback rather than an async iterator: one promise per record
 * would cost more than the parsing itself on the 124k relation rows.
 */
async function readCsv(file: EscoCsvFile, spec: CsvSpec, onRow: (row: Row) => void, log?: Logger): Promise<void> {
  let headerError: IngestError | null = null;
  const parser = csvParse({
    bom: true,
    relax_column_count: spec.ragged ?? false,
    skip_empty_lines: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      const missing = spec.required.filter((c) => !c.split('|').some((alt) => names.includes(alt)));
      if (missing.length) {
        headerError = new IngestError(
          'schema',
          `${file.path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected columns ${describeColumns(spec)} (found: ${names.join(', ') || 'nothing'})`,
        );
      }
      return names;
    },
  });
  const stream = await file.open();
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      stream.unpipe(parser);
      stream.destroy();
      parser.destroy();
      reject(err instanceof IngestError ? err : new IngestError('invalid', `${file.path}: not valid CSV: ${(err as Error).message}`, { cause: err }));
    };
    parser.on('data', (record: Row) => {
      if (failed) return;
      if (headerError) return fail(headerError);
      n++;
      if (n % 10_000 === 0) log?.progress(`reading ${file.name}`, n);
      try {
        onRow(record);
      } catch (err) {
        fail(err);
      }
    });
    parser.once('error', fail);
    parser.once('end', () => (headerError ? fail(headerError) : resolve()));
    stream.once('error', fail);
    stream.pipe(parser);
  });
  if (n === 0) throw new IngestError('empty', `${file.path} has a header but no rows`);
  log?.progress(`reading ${file.name}`, n, n);
}

/** skillsHierarchy rows: each row names a path L0 > L1 > L2 > L3; the deepest URI present is the node. */
async function parseHierarchy(file: EscoCsvFile, log?: Logger): Promise<EscoSkillHierarchyEntry[]> {
  const nodes = new Map<string, EscoSkillHierarchyEntry>();
  await readCsv(file, specs.skillsHierarchy, (r) => {
    let parentUri: string | null = null;
    for (let level = 0; level <= 3; level++) {
      const uri = textOrNull(r[`Level ${level} URI`]);
      if (!uri) break;
      if (!nodes.has(uri)) nodes.set(uri, { uri, level, code: textOrNull(r[`Level ${level} code`]), parentUri });
      parentUri = uri;
    }
  }, log);
  return [...nodes.values()];
}
