/**
 * Eurostat code lists with their labels in English, French and German (the "Download codelists"
 * files, one `ESTAT_<LIST>.tsv` per list: CODE, Label - English, Label - French, Label - German, …),
 * into `code_labels` (data/migrations/007_code_labels.ts). Datasets come with English labels only;
 * these let the linked views answer in the adviser's language. `lmi ingest eurostat-codelists --from`
 * a folder of such files or the files themselves; each list is replaced as a whole, all in one
 * transaction, recorded as the source 'eurostat:codelists'.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { replaceCodeList } from '../../data/code-labels.js';
import type { Db } from '../../data/db.js';
import { EUROSTAT_ATTRIBUTION } from '../../data/attribution.js';
import { IngestError } from '../../data/errors.js';
import { onLocalFile } from '../core/local-file.js';
import { recordSource, type LoadSummary } from '../../data/sources.js';
import type { IngestContext } from '../core/source.js';
import { decodeText } from './parse-tsv.js';

export const CODELISTS_SOURCE = 'eurostat:codelists';

/** The label columns of a code list file and the language each holds. */
const LABEL_COLUMNS: Record<string, string> = { 'Label - English': 'en', 'Label - French': 'fr', 'Label - German': 'de' };

export interface ParsedCodelist {
  /** 'GEO' from ESTAT_GEO.tsv. */
  id: string;
  labels: { code: string; lang: string; label: string }[];
}

/** The list id a file name gives: 'ESTAT_OBS_FLAG.tsv' -> 'OBS_FLAG'; null for a file that is not a code list. */
export function codelistId(file: string): string | null {
  return /^ESTAT_([A-Z0-9_]+)\.tsv$/i.exec(basename(file))?.[1]?.toUpperCase() ?? null;
}

export function parseCodelist(text: string, id: string): ParsedCodelist {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split('\t').map((h) => h.trim()) ?? [];
  const codeAt = header.indexOf('CODE');
  const columns = header.map((h, i) => ({ i, lang: LABEL_COLUMNS[h] })).filter((c): c is { i: number; lang: string } => c.lang !== undefined);
  if (codeAt < 0 || !columns.length) {
    throw new IngestError('schema', `ESTAT_${id}.tsv: expected a CODE column and label columns (${Object.keys(LABEL_COLUMNS).join(', ')}); found ${header.join(', ') || 'nothing'}`);
  }
  const labels: ParsedCodelist['labels'] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const code = cells[codeAt]?.trim();
    if (!code) continue;
    for (const { i, lang } of columns) {
      const label = cells[i]?.trim();
      // An empty cell is no label in that language: the dataset's own (English) label stays.
      if (label) labels.push({ code, lang, label });
    }
  }
  if (!labels.length) throw new IngestError('empty', `ESTAT_${id}.tsv has no labelled codes`);
  return { id, labels };
}

/** The code list files `from` names: files as given, and every ESTAT_*.tsv in a folder. */
export function codelistFiles(from: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of from) {
    const isDir = onLocalFile(path, (p) => statSync(p).isDirectory());
    if (isDir) files.push(...readdirSync(path).filter((f) => codelistId(f)).sort().map((f) => join(path, f)));
    else if (codelistId(path)) files.push(path);
    else throw new IngestError('input', `${path}: not a Eurostat code list file (ESTAT_<LIST>.tsv)`);
  }
  if (!files.length) throw new IngestError('input', `no Eurostat code list files (ESTAT_<LIST>.tsv) in ${from.join(', ')}`);
  return files;
}

/** Replaces each parsed list's labels in one transaction and records the source. */
export function loadCodelists(db: Db, lists: ParsedCodelist[], upstreamUrl: string): LoadSummary {
  return db.transaction(() => {
    let labels = 0;
    for (const list of lists) {
      replaceCodeList(db, list.id, list.labels);
      labels += list.labels.length;
    }
    const counts = { codelists: lists.length, labels };
    recordSource(db, { name: CODELISTS_SOURCE, kind: 'eurostat', upstreamUrl, counts, attribution: EUROSTAT_ATTRIBUTION });
    return { counts, outcome: 'success' as const };
  })();
}

export async function ingestEurostatCodelists(ctx: IngestContext, opts: { from: string[] }): Promise<LoadSummary> {
  const files = codelistFiles(opts.from);
  const lists = files.map((f) => parseCodelist(decodeText(readFileSync(f)), codelistId(f)!));
  const summary = loadCodelists(ctx.db, lists, opts.from.join(' '));
  ctx.log.info(`eurostat codelists: ${lists.map((l) => l.id).join(', ')} (${summary.counts.labels} labels)`);
  return summary;
}
