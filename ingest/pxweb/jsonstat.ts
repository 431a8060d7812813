/**
 * PX-Web answers in JSON-stat 2.0 (`"response": {"format": "json-stat2"}`): a dense `value` array
 * (null where there is no figure) and a `status` object keyed by the cell index with the office's
 * symbols ('..', '-'). This module turns one or more such answers (one per split query) into the
 * series store's ParsedDataset. Pure: no I/O. The cells are read by the one JSON-stat reader
 * (ingest/jsonstat/, shared with Eurostat), which the ingest streams into a stage on disk
 * (source.ts); this module reads the header the way PX-Web writes it and merges the answers.
 */
import { z } from 'zod';
import { IngestError } from '../../data/errors.js';
import { isPeriod, normalisePeriod } from '../../data/periods.js';
import { checkCellShapes, resolveCells } from '../jsonstat/cells.js';
import { decodeJsonStat, MemoryCells, type JsonStatHeader, type StagedCell } from '../jsonstat/decoder.js';
import type { DatasetDimension, Observation, ParsedDataset } from '../../data/series-model.js';

const categorySchema = z.object({
  index: z.union([z.record(z.string(), z.number()), z.array(z.string())]).optional(),
  label: z.record(z.string(), z.string()).optional(),
  unit: z.record(z.string(), z.unknown()).optional(),
});

const jsonStatSchema = z.object({
  version: z.literal('2.0'),
  class: z.literal('dataset'),
  label: z.string().optional(),
  source: z.string().optional(),
  updated: z.string().optional(),
  note: z.array(z.string()).optional(),
  role: z.object({ time: z.array(z.string()).optional(), geo: z.array(z.string()).optional(), metric: z.array(z.string()).optional() }).optional(),
  id: z.array(z.string()).min(1),
  size: z.array(z.number().int().nonnegative()).min(1),
  dimension: z.record(z.string(), z.object({ label: z.string().optional(), category: categorySchema })),
  // PX-Web sends a dense array; a sparse object (Eurostat style) is accepted too so a saved answer from either works.
  value: z.union([z.array(z.number().nullable()), z.record(z.string(), z.number().nullable())]),
  status: z.union([z.record(z.string(), z.string()), z.array(z.string().nullable()), z.string()]).nullable().optional(),
  extension: z.unknown().optional(),
});

export type JsonStat2 = z.infer<typeof jsonStatSchema>;

/**
 * Labels for the PX symbols when the answer does not explain them. Offices may give their own
 * meaning in the table notes ('.. = Tallgrunnlag mangler'), which take precedence.
 */
export const pxSymbolLabels: Record<string, string> = {
  '.': 'not applicable',
  '..': 'data not available',
  '...': 'data not available for this period',
  '....': 'data not yet available',
  ':': 'confidential',
  '-': 'nil (magnitude zero)',
};

export interface PxDatasetMeta {
  /** Dataset id in the store, e.g. 'ssb-07221'. */
  code: string;
  /** Overrides the answer's own label. */
  title?: string;
  sourceUrl?: string | null;
}

/**
 * Validates the header of a decoded answer as a JSON-stat 2.0 dataset; a mismatch is a 'schema'
 * IngestError. The cells are not in the header: their members stand in as empty ones of the same form.
 */
export function readJsonStat2(header: JsonStatHeader, where: string): JsonStat2 {
  const json = header.fields;
  if ('query' in json && !('dimension' in json)) {
    throw new IngestError('schema', `${where} is a PX-Web query body, not its answer: save the JSON-stat 2.0 the server returns for it`);
  }
  const standIn = (form: JsonStatHeader['value']['form'], all?: string) =>
    form === 'array' ? [] : form === 'object' ? {} : form === 'string' ? all : form === 'null' ? null : undefined;
  const parsed = jsonStatSchema.safeParse({ ...json, value: standIn(header.value.form), status: standIn(header.status.form, header.statusAll) });
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new IngestError('schema', `${where} is not a JSON-stat 2.0 dataset (${issues.join('; ')}${parsed.error.issues.length > 3 ? '; …' : ''})`);
  }
  const d = parsed.data;
  if (d.id.length !== d.size.length) throw new IngestError('schema', `${where}: 'id' has ${d.id.length} dimensions but 'size' has ${d.size.length}`);
  for (const id of d.id) {
    if (!d.dimension[id]) throw new IngestError('schema', `${where}: dimension '${id}' is listed in 'id' but not described in 'dimension'`);
  }
  return d;
}

function categoryCodes(d: JsonStat2, dimId: string, size: number, where: string): string[] {
  const cat = d.dimension[dimId]!.category;
  let codes: string[];
  if (Array.isArray(cat.index)) codes = cat.index;
  else if (cat.index) {
    codes = new Array<string>(size);
    for (const [code, pos] of Object.entries(cat.index)) codes[pos] = code;
  } else codes = Object.keys(cat.label ?? {}); // JSON-stat allows a lone label object for a single category
  // a for loop, not .some(): .some() skips the holes a short index leaves in the array
  let complete = codes.length === size;
  for (let i = 0; complete && i < size; i++) complete = typeof codes[i] === 'string';
  if (!complete) {
    throw new IngestError('schema', `${where}: dimension '${dimId}' has categories that do not fill positions 0..${size - 1} ('size' says ${size})`);
  }
  return codes;
}

/** The time dimension: the answer's role.time, else the one dimension whose codes are all periods. */
function timeDimension(d: JsonStat2, codesByDim: Map<string, string[]>, where: string): string {
  const declared = d.role?.time?.find((t) => d.id.includes(t));
  if (declared) return declared;
  const candidates = d.id.filter((id) => codesByDim.get(id)!.every((c) => isPeriod(c)));
  if (candidates.length === 1) return candidates[0]!;
  throw new IngestError('schema', `${where}: cannot tell which dimension is time (no role.time, ${candidates.length} candidate dimensions)`);
}

/** Flag labels from the notes ('.. = Tallgrunnlag mangler. ...'), else the PX defaults. */
function flagLabels(d: JsonStat2, used: Set<string>): Record<string, string> {
  const fromNotes = new Map<string, string>();
  for (const note of d.note ?? []) {
    const m = note.match(/^\s*(\.{1,4}|-|:)\s*=\s*(.+?)\s*$/s);
    if (m) fromNotes.set(m[1]!, m[2]!);
  }
  const ext = d.extension as { status?: { label?: Record<string, string> } } | undefined;
  const out: Record<string, string> = {};
  for (const flag of used) out[flag] = ext?.status?.label?.[flag] ?? fromNotes.get(flag) ?? pxSymbolLabels[flag] ?? flag;
  return out;
}

/**
 * One answer as the reader leaves it: its header, the flags its cells carry and its cells in index
 * order. The cells may wait in a stage on disk (the ingest) or in memory (parsePxResponses).
 */
export interface PxAnswer {
  header: JsonStatHeader;
  flagsUsed: Iterable<string>;
  cells: () => Iterable<StagedCell>;
}

interface ParsedPart {
  dimensions: DatasetDimension[];
  timeDim: string;
  flags: Record<string, string>;
  cellCount: number;
  observations: () => Iterable<Observation>;
  source: JsonStat2;
}

/** One answer -> its dimensions and a lazy walk over its cells. */
function describePart(answer: PxAnswer, where: string): ParsedPart {
  const { header } = answer;
  const d = readJsonStat2(header, where);
  const codesByDim = new Map<string, string[]>();
  d.id.forEach((id, i) => codesByDim.set(id, categoryCodes(d, id, d.size[i]!, where)));
  const timeDim = timeDimension(d, codesByDim, where);
  const roleOf = (id: string): DatasetDimension['role'] =>
    id === timeDim ? 'time' : d.role?.geo?.includes(id) ? 'geo' : d.role?.metric?.includes(id) ? 'metric' : null;
  const dimensions: DatasetDimension[] = d.id.map((id) => {
    const dim = d.dimension[id]!;
    const labels = dim.category.label ?? {};
    return {
      id,
      label: dim.label ?? id,
      role: roleOf(id),
      codes: codesByDim.get(id)!.map((code) => ({ code: id === timeDim ? normalisePeriod(code) : code, label: labels[code] ?? code })),
    };
  });
  const cellCount = d.size.reduce((a, b) => a * b, 1);
  checkCellShapes(header, cellCount, where);
  const used = new Set<string>();
  if (header.statusAll) used.add(header.statusAll);
  for (const flag of answer.flagsUsed) if (flag) used.add(flag); // '' is no flag
  const layout = { sizes: d.size, codes: dimensions.map((dim) => dim.codes.map((c) => c.code)), timePos: d.id.indexOf(timeDim), statusAll: header.statusAll, where };
  const observations = (): Iterable<Observation> => resolveCells(answer.cells(), layout);
  return { dimensions, timeDim, flags: flagLabels(d, used), cellCount, observations, source: d };
}

/** A JSON-stat 2.0 answer held in memory (a test body, a small document) as a PxAnswer. */
export function memoryAnswer(json: unknown, where: string): PxAnswer {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new IngestError('schema', `${where} is not a JSON-stat 2.0 dataset (expected a JSON object)`);
  }
  const cells = new MemoryCells();
  // Serialised again so it goes through the same reader as a streamed answer.
  const header = decodeJsonStat(JSON.stringify(json), cells, where);
  const flagsUsed = new Set<string>();
  for (const c of cells.cells.values()) if (c.flag) flagsUsed.add(c.flag);
  return { header, flagsUsed, cells: () => cells.sorted() };
}

/** Where part `i` of `n` answers is, in messages. */
export const partName = (where: string, i: number, n: number): string => (n > 1 ? `${where} (part ${i + 1} of ${n})` : where);

/** Answers held in memory (tests, small documents) -> one dataset; see pxDataset. */
export function parsePxResponses(bodies: unknown[], meta: PxDatasetMeta, where = meta.code): ParsedDataset {
  return pxDataset(bodies.map((b, i) => memoryAnswer(b, partName(where, i, bodies.length))), meta, where);
}

/**
 * Several answers of one table (a query split to respect the server's cell limit) -> one dataset.
 * Categories are the union in first-seen order; the parts must share the same dimensions.
 */
export function pxDataset(answers: PxAnswer[], meta: PxDatasetMeta, where = meta.code): ParsedDataset {
  if (answers.length === 0) throw new IngestError('empty', `${where}: no PX-Web answer to load`);
  const parts = answers.map((a, i) => describePart(a, partName(where, i, answers.length)));
  const first = parts[0]!;
  const dimIds = first.dimensions.map((d) => d.id);
  const dimensions: DatasetDimension[] = first.dimensions.map((d) => ({ ...d, codes: [] }));
  const seen = dimensions.map(() => new Set<string>());
  const flags: Record<string, string> = {};
  for (const part of parts) {
    const ids = part.dimensions.map((d) => d.id);
    if (ids.join('\u0000') !== dimIds.join('\u0000') || part.timeDim !== first.timeDim) {
      throw new IngestError('schema', `${where}: the split answers disagree on the dimensions (${dimIds.join(', ')} vs ${ids.join(', ')})`);
    }
    part.dimensions.forEach((dim, k) => {
      for (const c of dim.codes) {
        if (!seen[k]!.has(c.code)) {
          seen[k]!.add(c.code);
          dimensions[k]!.codes.push(c);
        }
      }
    });
    Object.assign(flags, part.flags);
  }
  const src = first.source;
  const ext = (src.extension ?? {}) as { px?: unknown };
  return {
    code: meta.code,
    source: 'pxweb',
    title: meta.title ?? src.label ?? meta.code,
    sourceUrl: meta.sourceUrl ?? null,
    updated: src.updated ?? null,
    timeDim: first.timeDim,
    dimensions,
    flags,
    cellCount: parts.reduce((n, p) => n + p.cellCount, 0),
    observations: function* () {
      for (const part of parts) yield* part.observations();
    },
    // Keep what an adviser may need to read the figures: the office, its notes, the px table metadata.
    extension: { source: src.source ?? null, note: src.note ?? [], px: ext.px ?? null },
  };
}
