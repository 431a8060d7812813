/**
 * Locating the ESCO CSV download (I/O only): a folder (files may sit in subfolders such as `en/` and
 * `relations/`), the official `.zip` itself, or the URL of that zip. Files are opened as streams on
 * demand so parse.ts never holds a whole file in memory; a zip given as a URL streams to disk (its raw
 * cache entry) and is opened from there, so the archive is not held either.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { IngestError } from '../../data/errors.js';
import { httpDownload } from '../core/http.js';

/** One CSV file of the download. */
export interface EscoCsvFile {
  /** File name without folders, e.g. 'occupations_en.csv'. */
  name: string;
  /** Where it is, for messages: a path relative to the folder, or the entry path in the zip. */
  path: string;
  open(): Promise<Readable>;
}

export interface EscoDownload {
  /** The folder, zip path or URL given. */
  location: string;
  /** 'v1.1.1' when the folder, zip or URL name says so. */
  version: string | null;
  files: EscoCsvFile[];
  close(): Promise<void>;
}

/** ESCO version from a path or URL such as `.../esco/v1.1.1/` or `ESCO dataset - v1.2.0 - ... .zip`. */
export function versionFromName(location: string): string | null {
  const m = location.match(/v(\d+\.\d+(?:\.\d+)?)/i);
  return m ? `v${m[1]}` : null;
}

const isCsv = (name: string) => /\.csv$/i.test(name) && !name.startsWith('._');

export async function openEscoDownload(from: string): Promise<EscoDownload> {
  if (/^https?:\/\//i.test(from)) {
    const { body } = await httpDownload({ url: from, expect: 'binary', timeoutMs: 300_000 });
    try {
      const zip = await openZip(await yauzlOpen(() => yauzl.openPromise(body.path, { lazyEntries: true, autoClose: false }), from), from);
      // A temporary body (raw cache off) goes once the zip is closed; a cache entry stays for the next run.
      return { ...zip, close: () => zip.close().finally(() => body.release()) };
    } catch (err) {
      body.release();
      throw err;
    }
  }
  let stat;
  try {
    stat = statSync(from);
  } catch {
    throw new IngestError('input', `ESCO download not found: ${from} (give the unzipped folder or the .zip)`);
  }
  if (stat.isDirectory()) return openFolder(from);
  if (/\.zip$/i.test(from)) return openZip(await yauzlOpen(() => yauzl.openPromise(from, { lazyEntries: true, autoClose: false }), from), from);
  throw new IngestError('input', `${from} is neither a folder nor a .zip file`);
}

/**
 * Several parts of one download read as one: ESCO v1.1.x offers the language-independent relation
 * files as their own archive ("classification -  - csv.zip") beside each language's archive, so
 * `--from en.zip relations.zip` (or folders) is one release. A file name present in two parts is taken
 * from the first part given.
 */
export async function openEscoDownloads(froms: readonly string[]): Promise<EscoDownload> {
  if (froms.length === 1) return openEscoDownload(froms[0]!);
  if (froms.length === 0) throw new IngestError('input', 'no ESCO download given (give the unzipped folder or the .zip)');
  const parts: EscoDownload[] = [];
  const close = async () => {
    for (const part of parts) await part.close();
  };
  try {
    for (const from of froms) parts.push(await openEscoDownload(from));
  } catch (err) {
    await close();
    throw err;
  }
  const versions = [...new Set(parts.map((p) => p.version).filter((v): v is string => v !== null))];
  if (versions.length > 1) {
    await close();
    throw new IngestError('input', `the ESCO downloads given are of different versions (${versions.join(', ')}): ${froms.join(', ')}`);
  }
  return {
    location: froms.join(' + '),
    version: versions[0] ?? null,
    // Paths name their part, so a message about a file says which download it came from.
    files: parts.flatMap((part) => part.files.map((f) => ({ ...f, path: `${basename(part.location)}/${f.path}` }))),
    close,
  };
}

function openFolder(folder: string): EscoDownload {
  const files: EscoCsvFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isCsv(entry.name)) files.push({ name: entry.name, path: relative(folder, full), open: async () => createReadStream(full, { highWaterMark: 1 << 20 }) });
    }
  };
  walk(folder);
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { location: folder, version: versionFromName(folder), files, close: async () => {} };
}

async function yauzlOpen(open: () => Promise<yauzl.ZipFile>, where: string): Promise<yauzl.ZipFile> {
  try {
    return await open();
  } catch (err) {
    throw new IngestError('invalid', `${where} is not a readable zip file: ${(err as Error).message}`, { cause: err });
  }
}

/** Lists the zip's CSV entries; each is decompressed as a stream when parse opens it. */
async function openZip(zip: yauzl.ZipFile, location: string): Promise<EscoDownload> {
  const entries = await listCsvEntries(zip).catch((err: unknown) => {
    // The zip's file stays open until it is closed (autoClose is off): a bad list must not leak it.
    zip.close();
    throw new IngestError('invalid', `${location}: the zip's list of files cannot be read: ${(err as Error).message}`, { cause: err });
  });
  return {
    location,
    version: versionFromName(location),
    files: entries.map((entry) => ({
      name: basename(entry.fileName),
      path: entry.fileName,
      open: () => zip.openReadStreamPromise(entry),
    })),
    close: async () => zip.close(),
  };
}

/** The CSV entries in the zip's list, leaving out folders and macOS resource forks. */
function listCsvEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise<yauzl.Entry[]>((resolve, reject) => {
    const found: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/') && !entry.fileName.startsWith('__MACOSX/') && isCsv(basename(entry.fileName))) found.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(found));
    zip.once('error', reject);
    zip.readEntry();
  });
}
