/**
 * O*NET database text files (tab-delimited, header row, no quoting, LF): 'Occupation Data.txt'
 * (O*NET-SOC Code, Title, Description) and 'Interests.txt' (RIASEC profiles). Pure: text in, rows out.
 */
import { IngestError } from '../../data/errors.js';
import type { OnetInterest, OnetOccupationRow as OnetOccupation } from '../../data/onet.js';

// The records the parse makes are the rows data/onet.ts writes.
export type { OnetInterest, OnetOccupation };

const SOC_CODE = /^\d{2}-\d{4}\.\d{2}$/;

/** Rows of a tab-delimited O*NET file as objects keyed by the header, after checking the header has `required`. */
function readTable(text: string, file: string, required: string[]): { line: number; get: (col: string) => string }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new IngestError('schema', `${file}: missing column(s) ${missing.map((m) => `'${m}'`).join(', ')}; the header is ${header.map((h) => `'${h}'`).join(', ')}`);
  }
  const index = new Map(header.map((h, i) => [h, i]));
  const rows: { line: number; get: (col: string) => string }[] = [];
  lines.slice(1).forEach((l, i) => {
    if (l.trim() === '') return;
    const cells = l.split('\t');
    rows.push({ line: i + 2, get: (col) => (cells[index.get(col)!] ?? '').trim() });
  });
  return rows;
}

export function parseOccupationData(text: string, file = 'Occupation Data.txt'): OnetOccupation[] {
  const rows = readTable(text, file, ['O*NET-SOC Code', 'Title', 'Description']);
  const out: OnetOccupation[] = [];
  for (const r of rows) {
    const code = r.get('O*NET-SOC Code');
    if (!SOC_CODE.test(code)) throw new IngestError('schema', `${file} line ${r.line}: '${code}' is not an O*NET-SOC code (like 11-1011.00)`);
    const title = r.get('Title');
    if (!title) throw new IngestError('schema', `${file} line ${r.line}: occupation ${code} has no title`);
    out.push({ code, title, description: r.get('Description') });
  }
  if (out.length === 0) throw new IngestError('empty', `${file} lists no occupation`);
  return out;
}

export function parseInterests(text: string, file = 'Interests.txt'): OnetInterest[] {
  const rows = readTable(text, file, ['O*NET-SOC Code', 'Element ID', 'Element Name', 'Scale ID', 'Data Value']);
  return rows.map((r) => {
    const raw = r.get('Data Value');
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) throw new IngestError('schema', `${file} line ${r.line}: 'Data Value' is '${raw}', not a number`);
    return {
      code: r.get('O*NET-SOC Code'),
      elementId: r.get('Element ID'),
      elementName: r.get('Element Name'),
      scaleId: r.get('Scale ID'),
      value,
      date: r.get('Date') || null,
      domainSource: r.get('Domain Source') || null,
    };
  });
}
