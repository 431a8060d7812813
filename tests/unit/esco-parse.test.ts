import { crc32, deflateRawSync } from 'node:zlib';
import { readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { IngestError } from '../../data/errors.js';
import { openEscoDownload, openEscoDownloads, versionFromName, type EscoCsvFile } from '../../ingest/esco/fetch.js';
import { splitLabels } from '../../ingest/esco/normalise.js';
import { parseEscoCsv } from '../../ingest/esco/parse.js';
import { tempDir } from '../helpers.js';
import { reply, startReplay } from '../replay/server.js';

const FIX = join(process.cwd(), 'tests', 'fixtures', 'esco');
const NURSE = 'http://data.europa.eu/esco/occupation/18e14e61-495b-44cc-a7c6-df4c625934ba';
const GP = 'http://data.europa.eu/esco/occupation/71f09c8b-a172-408c-b9e7-32e580e39ff6';
const FLEET = 'http://data.europa.eu/esco/occupation/0b1d8dcb-d941-4d79-99bf-fc10c1806c43';

async function parseFolder(folder: string, languages?: string[]) {
  const download = await openEscoDownload(folder);
  return parseEscoCsv(download, { languages });
}

/** The fixture files, with some replaced or removed, as an in-memory download. */
function memoryDownload(folder: string, replace: Record<string, string | null>): { version: string | null; location: string; files: EscoCsvFile[] } {
  const files: EscoCsvFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.csv') && replace[name] !== null) {
        const text = replace[name] ?? readFileSync(full, 'utf8');
        files.push({ name, path: relative(folder, full), open: async () => Readable.from([text]) });
      }
    }
  };
  walk(folder);
  for (const [name, text] of Object.entries(replace)) {
    if (text !== null && !files.some((f) => f.name === name)) files.push({ name, path: name, open: async () => Readable.from([text]) });
  }
  return { version: null, location: folder, files };
}

/** A minimal zip writer (deflate), enough for yauzl: local headers, central directory, end record. */
function writeZip(path: string, entries: { name: string; data: Buffer }[]): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
}

async function expectIngestError(promise: Promise<unknown>, kind: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  expect((err as IngestError).kind).toBe(kind);
  expect((err as IngestError).message).toMatch(message);
}

describe('ESCO CSV parsing', () => {
  test('reads the v1.1 layout from subfolders, with every language found (en first) and multi-line label cells', async () => {
    const p = await parseFolder(join(FIX, 'v1.1.1'));
    expect(p.version).toBe('v1.1.1');
    expect(p.languages).toEqual(['en', 'fr']);
    expect([p.occupations.length, p.iscoGroups.length, p.skills.length, p.skillGroups.length]).toEqual([4, 10, 19, 15]);
    expect([p.occupationSkills.length, p.broader.length, p.skillSkillRelations.length, p.skillsHierarchy?.length]).toEqual([16, 36, 2, 6]);
    const nurse = p.occupations.find((o) => o.uri === NURSE)!;
    expect(nurse).toMatchObject({ code: '2221.3', iscoGroup: '2221', status: 'released', modifiedDate: '2022-01-13T10:00:11.902Z' });
    expect(nurse.regulatedProfessionNote).toBe('http://data.europa.eu/esco/regulated-professions/unregulated');
    expect(nurse.texts.en!.altLabels).toEqual([
      'nursing specialist',
      'nurse practitioner',
      'diabetes nurse',
      'company nurse',
      'vascular nurse',
      'heart failure nurse',
      'specialist nurse practitioner',
      'specialist nurse',
      'cardiovascular nurse',
      'nurse heart diseases',
      'nurse specialist',
    ]);
    expect(nurse.texts.fr).toEqual({
      preferredLabel: 'infirmier spécialisé/infirmière spécialisée',
      altLabels: ['infirmière clinicienne', 'infirmier clinicien'],
      hiddenLabels: [],
      description: 'Les infirmiers spécialisés promeuvent et rétablissent la santé des personnes.',
      definition: null,
      scopeNote: null,
    });
    const gp = p.occupations.find((o) => o.uri === GP)!;
    expect(gp.texts.en!.hiddenLabels).toHaveLength(25);
    expect(gp.texts.en!.hiddenLabels.slice(0, 3)).toEqual(['physician', 'general practice doctor', 'dr']);
    // Codes stay strings with their leading zeros.
    expect(p.occupations.find((o) => o.uri === FLEET)).toMatchObject({ code: '0110.9', iscoGroup: '0110' });
    expect(p.iscoGroups.map((g) => g.code).sort()).toEqual(['0', '01', '011', '0110', '2', '22', '221', '2211', '222', '2221']);
    expect(p.occupationSkills.filter((r) => r.occupationUri === NURSE).map((r) => r.relationType)).toEqual(['essential', 'essential', 'essential', 'optional']);
  });

  test('reads the ragged skills hierarchy rows into levels with codes and parents', async () => {
    const p = await parseFolder(join(FIX, 'v1.1.1'), ['en']);
    const h = p.skillsHierarchy!;
    expect(h.map((n) => [n.level, n.code])).toEqual([[0, 'L'], [1, 'L1'], [1, 'L2'], [0, 'T'], [1, 'T3'], [2, 'T3.1']]);
    expect(h[0]).toEqual({ uri: 'http://data.europa.eu/esco/skill/e35a5936-091d-4e87-bafe-f264e55bd656', level: 0, code: 'L', parentUri: null });
    expect(h[5]).toEqual({
      uri: 'http://data.europa.eu/esco/skill/14c41899-0224-4cbc-bd8c-e946ada2da87',
      level: 2,
      code: 'T3.1',
      parentUri: 'http://data.europa.eu/esco/skill/021a23e1-907e-4627-b05a-555f889cbb65',
    });
  });

  test('--lang en reads English only', async () => {
    const p = await parseFolder(join(FIX, 'v1.1.1'), ['en']);
    expect(p.languages).toEqual(['en']);
    // Every concept of every pillar, not only the first occupation, has texts in that language alone.
    const concepts = [...p.occupations, ...p.iscoGroups, ...p.skills, ...p.skillGroups];
    expect([...new Set(concepts.flatMap((c) => Object.keys(c.texts)))]).toEqual(['en']);
  });

  test('reads the v1.0 layout: no occupation code, ISCO code in iscoGroup, suffixed relation files, no hierarchy codes', async () => {
    const p = await parseFolder(join(FIX, 'v1.0.8'));
    expect(p.version).toBe('v1.0.8');
    expect(p.languages).toEqual(['en']);
    expect([p.occupations.length, p.iscoGroups.length, p.skills.length, p.occupationSkills.length, p.broader.length, p.skillSkillRelations.length]).toEqual([4, 10, 19, 16, 36, 2]);
    expect(p.occupations.find((o) => o.uri === FLEET)).toMatchObject({ code: null, iscoGroup: '0110' });
    expect(p.iscoGroups.find((g) => g.code === '0110')).toMatchObject({ uri: 'http://data.europa.eu/esco/isco/C0110', status: null });
    expect(p.skillGroups.every((g) => g.code === null)).toBe(true);
    expect(p.skillsHierarchy![1]).toMatchObject({ level: 1, code: null });
  });

  test('reads v1.2-style extra columns (naceCode, labels in the relation file) by column name', async () => {
    const folder = join(FIX, 'v1.1.1');
    const occupations = readFileSync(join(folder, 'en', 'occupations_en.csv'), 'utf8')
      .replace(/\r\n/g, ',Q86\r\n')
      .replace('description,code,Q86\r\n', 'description,code,naceCode\r\n');
    const relations =
      'occupationUri,occupationLabel,relationType,skillType,skillUri,skillLabel\r\n' +
      `${NURSE},specialist nurse,essential,knowledge,http://data.europa.eu/esco/skill/99a09006-31f4-41d3-b3aa-feb2aeff730b,specialist nursing care\r\n`;
    const p = await parseEscoCsv(memoryDownload(folder, { 'occupations_en.csv': occupations, 'occupationSkillRelations.csv': null, 'occupationSkillRelations_en.csv': relations }), { languages: ['en'] });
    expect(p.occupations.find((o) => o.uri === NURSE)).toMatchObject({ code: '2221.3', iscoGroup: '2221' });
    expect(p.occupationSkills).toEqual([
      { occupationUri: NURSE, skillUri: 'http://data.europa.eu/esco/skill/99a09006-31f4-41d3-b3aa-feb2aeff730b', relationType: 'essential', skillType: 'knowledge' },
    ]);
  });

  test('a missing file is a schema error naming the file and the columns it must have', async () => {
    await expectIngestError(
      parseEscoCsv(memoryDownload(join(FIX, 'v1.1.1'), { 'skills_en.csv': null }), { languages: ['en'] }),
      'schema',
      /^skills_en\.csv is missing from .*v1\.1\.1; it must have the columns conceptUri, skillType, reuseLevel, preferredLabel, altLabels, description$/,
    );
    await expectIngestError(
      parseEscoCsv(memoryDownload(join(FIX, 'v1.1.1'), { 'occupationSkillRelations.csv': null }), { languages: ['en'] }),
      'schema',
      /^occupationSkillRelations\.csv or occupationSkillRelations_en\.csv is missing/,
    );
  });

  test('wrong columns are a schema error naming the file, the missing and the expected columns', async () => {
    const bad = 'conceptType,uri,iscoGroup,preferredLabel,altLabels,description\r\nOccupation,x,2221,nurse,,\r\n';
    await expectIngestError(
      parseEscoCsv(memoryDownload(join(FIX, 'v1.1.1'), { 'occupations_en.csv': bad }), { languages: ['en'] }),
      'schema',
      /^en\/occupations_en\.csv: missing column conceptUri; expected columns conceptUri, iscoGroup, preferredLabel, altLabels, description \(found: conceptType, uri, iscoGroup, preferredLabel, altLabels, description\)$/,
    );
    const badIsco = 'conceptType,conceptUri,preferredLabel\r\nISCOGroup,http://data.europa.eu/esco/isco/C2,Professionals\r\n';
    await expectIngestError(
      parseEscoCsv(memoryDownload(join(FIX, 'v1.1.1'), { 'ISCOGroups_en.csv': badIsco }), { languages: ['en'] }),
      'schema',
      /ISCOGroups_en\.csv: missing column code\|iscoGroup; expected columns conceptUri, code \(or iscoGroup\), preferredLabel/,
    );
  });

  test('an unknown relation type, a header-only file and a missing language are clear errors', async () => {
    const folder = join(FIX, 'v1.1.1');
    await expectIngestError(
      parseEscoCsv(memoryDownload(folder, { 'occupationSkillRelations.csv': `occupationUri,relationType,skillType,skillUri\r\n${NURSE},mandatory,knowledge,http://x\r\n` }), { languages: ['en'] }),
      'invalid',
      /relationType "mandatory" .* is neither essential nor optional/,
    );
    await expectIngestError(
      parseEscoCsv(memoryDownload(folder, { 'skillSkillRelations.csv': 'originalSkillUri,relationType,relatedSkillUri\r\n' }), { languages: ['en'] }),
      'empty',
      /skillSkillRelations\.csv has a header but no rows/,
    );
    await expectIngestError(parseFolder(folder, ['de']), 'input', /no ESCO files for language de .* \(found: en, fr\)/);
    await expectIngestError(openEscoDownload(join(FIX, 'nope')), 'input', /ESCO download not found/);
  });

  test('a download in parts reads as one; parts of different ESCO versions are refused', async () => {
    const download = await openEscoDownloads([join(FIX, 'v1.1.1', 'en'), join(FIX, 'v1.1.1', 'relations')]);
    expect([download.version, download.files.find((f) => f.name === 'occupationSkillRelations.csv')?.path]).toEqual(['v1.1.1', 'relations/occupationSkillRelations.csv']);
    const parsed = await parseEscoCsv(download);
    expect([parsed.occupations.length, parsed.occupationSkills.length]).toEqual([4, 16]);
    await download.close();
    await expectIngestError(openEscoDownloads([join(FIX, 'v1.0.8'), join(FIX, 'v1.1.1')]), 'input', /different versions \(v1\.0\.8, v1\.1\.1\)/);
  });

  test('reads the official .zip itself, with its folders, streaming each entry', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const folder = join(FIX, 'v1.1.1');
      const entries: { name: string; data: Buffer }[] = [];
      const walk = (d: string) => {
        for (const name of readdirSync(d)) {
          const full = join(d, name);
          if (statSync(full).isDirectory()) walk(full);
          else if (name.endsWith('.csv')) entries.push({ name: `esco/${relative(folder, full)}`, data: readFileSync(full) });
        }
      };
      walk(folder);
      const zipPath = join(dir, 'ESCO dataset - v1.1.1 - classification - en - csv.zip');
      writeZip(zipPath, entries);
      const download = await openEscoDownload(zipPath);
      try {
        expect(download.version).toBe('v1.1.1');
        expect(download.files.map((f) => f.path)).toContain('esco/relations/occupationSkillRelations.csv');
        const p = await parseEscoCsv(download, { languages: ['en'] });
        expect([p.occupations.length, p.iscoGroups.length, p.skills.length, p.occupationSkills.length]).toEqual([4, 10, 19, 16]);
      } finally {
        await download.close();
      }
      // The same zip from a URL (the replay server standing in for the ESCO download site): it streams to
      // disk and is opened from there; with the raw cache on the file is the cache entry (a second open is
      // a 304 answered from it), with it off a temporary file removed on close.
      const path = '/download/ESCO%20dataset%20-%20v1.1.1%20-%20classification%20-%20en%20-%20csv.zip';
      const replay = await startReplay([{ path, replies: [reply.file(zipPath, { headers: { ETag: '"z1"' } }), { status: 304 }] }]);
      const raw = tempDir('lmi-raw-');
      const scratch = tempDir('lmi-stage-');
      const saved = { ...process.env };
      Object.assign(process.env, { LMI_RAW_DIR: raw.dir, LMI_STAGE_DIR: scratch.dir, LMI_HTTP_RETRIES: '0' });
      delete process.env.LMI_RAW_CACHE;
      try {
        const url = `${replay.url}${path}`;
        for (const expected of [200, 304]) {
          const remote = await openEscoDownload(url);
          expect([remote.location, remote.version, remote.files.length]).toEqual([url, 'v1.1.1', 13]);
          expect((await parseEscoCsv(remote, { languages: ['en'] })).skills).toHaveLength(19);
          await remote.close();
          expect(replay.requests.at(-1)?.status).toBe(expected);
        }
        expect(replay.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"z1"']);
        process.env.LMI_RAW_CACHE = 'off';
        replay.reset([{ path, replies: reply.file(zipPath) }]);
        const uncached = await openEscoDownload(url);
        expect(readdirSync(scratch.dir)).toHaveLength(1);
        expect((await parseEscoCsv(uncached, { languages: ['en'] })).occupations).toHaveLength(4);
        await uncached.close();
        expect(readdirSync(scratch.dir)).toEqual([]);
        await expectIngestError(openEscoDownload(url.replace('/download/', '/missing/')), 'http_status', /HTTP 404/);
      } finally {
        process.env = saved;
        await replay.close();
        raw.cleanup();
        scratch.cleanup();
      }
      writeFileSync(join(dir, 'broken.zip'), 'not a zip');
      await expectIngestError(openEscoDownload(join(dir, 'broken.zip')), 'invalid', /broken\.zip is not a readable zip file/);

      // A zip whose end record reads but whose list of files is broken (the second entry's header
      // signature overwritten): an 'invalid' error, and the zip's file is closed again.
      const listed = join(dir, 'bad-list.zip');
      writeZip(listed, [{ name: 'a.csv', data: Buffer.from('x\n1\n') }, { name: 'b.csv', data: Buffer.from('y\n2\n') }]);
      const bytes = readFileSync(listed);
      bytes.writeUInt32LE(0, bytes.readUInt32LE(bytes.length - 6) + 46 + 'a.csv'.length);
      writeFileSync(listed, bytes);
      // The descriptors open on this zip (a count of all of them races with the test runner's own files).
      const openOnZip = () =>
        readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`) === listed;
          } catch {
            return false; // closed meanwhile
          }
        }).length;
      await expectIngestError(openEscoDownload(listed), 'invalid', /bad-list\.zip: the zip's list of files cannot be read: invalid central directory file header signature/);
      expect(openOnZip()).toBe(0);
    } finally {
      cleanup();
    }
  });
});

describe('ESCO text helpers', () => {
  test('label lists split on newlines (CRLF too), dropping blanks', () => {
    expect(splitLabels('nurse\nward sister\r\n\n district nurse ')).toEqual(['nurse', 'ward sister', 'district nurse']);
    expect(splitLabels('')).toEqual([]);
  });

  test('the version comes from the folder or zip name', () => {
    expect(versionFromName('/data/esco/v1.1.1/')).toBe('v1.1.1');
    expect(versionFromName('ESCO dataset - v1.2.0 - classification - en - csv.zip')).toBe('v1.2.0');
    expect(versionFromName('/data/esco-latest')).toBeNull();
  });
});
