/**
 * JSON-stat 2.0 (Eurostat dissemination API, and any other JSON-stat dataset) -> ParsedDataset.
 *
 * The cells are read by the one JSON-stat reader (ingest/jsonstat/): a push decoder that hands each
 * cell on as it is decoded, so a live answer or a file is parsed as it streams and never held whole
 * (see ingest/jsonstat/stage.ts for where the cells wait until the dimensions, which Eurostat sends
 * last, are known). This module reads the header the way Eurostat writes it: category order from
 * `index` (object or array, else the order of `label`), labels, the time dimension (`role.time`, else
 * a known id), `extension.id` as the dataset code and `extension.status.label` as the flag labels.
 *
 * Cells with neither value nor status are absent observations and are skipped (this covers
 * `extension.positions-with-no-data`, which only summarises them); a status without a value is a
 * flagged empty cell (e.g. confidential '|C') and is kept with value null.
 */
import { IngestError } from '../../data/errors.js';
import { normalisePeriod } from '../../data/periods.js';
import { cellTotal, checkCellShapes, resolveCells, type CellLayout } from '../jsonstat/cells.js';
import { decodeJsonStat, MemoryCells, type JsonStatHeader, type StagedCell } from '../jsonstat/decoder.js';
import type { DatasetDimension, ParsedDataset } from '../../data/series-model.js';

export interface JsonStatOptions {
  /** Dataset code used by the API; default the lower-cased `extension.id` (Eurostat), else required. */
  code?: string;
  source?: string;
  sourceUrl?: string | null;
}

interface Category {
  index?: Record<string, number> | string[];
  label?: Record<string, string>;
}
interface Dimension {
  label?: string;
  category?: Category;
}

const TIME_IDS = ['time', 'TIME_PERIOD', 'Tid', 'tid', 'year', 'Year'];

/** The category codes of a dimension in position order. */
function categoryOrder(category: Category | undefined): string[] {
  const index = category?.index;
  if (Array.isArray(index)) return index;
  if (index && typeof index === 'object') {
    const codes: string[] = [];
    for (const [code, pos] of Object.entries(index)) codes[pos] = code;
    return codes;
  }
  return Object.keys(category?.label ?? {}); // a lone label object: one category, or label order
}

/** The dataset described by `header`, without its cells: what the load needs besides the observations. */
export type JsonStatDescription = Omit<ParsedDataset, 'observations'> & { layout: CellLayout };

/** Reads a decoded header as Eurostat writes it; throws the IngestError an unusable answer deserves. */
export function describeJsonStat(header: JsonStatHeader, options: JsonStatOptions = {}, where = options.code ?? 'JSON-stat'): JsonStatDescription {
  const json = header.fields;
  if (json.class !== 'dataset') {
    // The Eurostat API answers errors as JSON too: {"error": {"status": 400, "label": "..."}}.
    const error = json.error as { label?: string } | undefined;
    if (error) throw new IngestError('http_status', `the upstream answered with an error: ${error.label ?? JSON.stringify(error)}`);
    throw new IngestError('schema', `not a JSON-stat dataset (class is ${JSON.stringify(json.class)})`);
  }
  const ids = json.id as string[] | undefined;
  const sizes = json.size as number[] | undefined;
  const dims = json.dimension as Record<string, Dimension> | undefined;
  if (!Array.isArray(ids) || ids.length === 0 || !Array.isArray(sizes) || sizes.length !== ids.length || !dims || ids.some((id) => !dims[id])) {
    throw new IngestError('schema', 'JSON-stat dataset without `id`/`size`/`dimension`');
  }

  const extension = (json.extension ?? {}) as Record<string, unknown>;
  const code = options.code ?? (typeof extension.id === 'string' ? extension.id.toLowerCase() : undefined);
  if (!code) throw new IngestError('input', 'the JSON-stat file does not name its dataset: give the dataset code');

  const emptyDim = ids.find((_, i) => sizes[i] === 0);
  if (emptyDim !== undefined) {
    throw new IngestError(
      'empty',
      `${code}: the answer holds no data: dimension '${emptyDim}' has no category left (a filter code that does not exist, e.g. geo=XX?)`,
    );
  }

  const role = (json.role ?? {}) as Record<string, string[] | undefined>;
  const timeDim = role.time?.[0] ?? TIME_IDS.find((t) => ids.includes(t));
  if (!timeDim) throw new IngestError('schema', `${code}: no time dimension among ${ids.join(', ')}`);
  const geoIds = new Set(role.geo ?? ['geo']);
  const metricIds = new Set(role.metric ?? []);

  const dimensions: DatasetDimension[] = ids.map((id, d) => {
    const dim = dims[id]!;
    const order = categoryOrder(dim.category);
    if (order.length !== sizes[d] || order.some((c) => typeof c !== 'string')) {
      throw new IngestError('schema', `${code}: dimension '${id}' has ${order.length} categories, 'size' says ${sizes[d]}`);
    }
    const labels = dim.category?.label ?? {};
    const codes = order.map((c) => {
      const label = labels[c] ?? c;
      return id === timeDim ? { code: normalisePeriod(c), label: label === c ? normalisePeriod(c) : label } : { code: c, label };
    });
    const dimRole = id === timeDim ? 'time' : geoIds.has(id) ? 'geo' : metricIds.has(id) ? 'metric' : null;
    return { id, label: dim.label ?? id, role: dimRole, codes };
  });

  const cellCount = cellTotal(sizes);
  checkCellShapes(header, cellCount, code);
  const statusExt = extension.status as { label?: Record<string, string> } | undefined;
  return {
    code,
    source: options.source ?? 'eurostat',
    title: (json.label as string | undefined) ?? code,
    sourceUrl: options.sourceUrl ?? null,
    updated: (json.updated as string | undefined) ?? null,
    timeDim,
    dimensions,
    flags: { ...(statusExt?.label ?? {}) },
    cellCount,
    extension: Object.keys(extension).length ? extension : undefined,
    layout: { sizes, codes: dimensions.map((d) => d.codes.map((c) => c.code)), timePos: ids.indexOf(timeDim), statusAll: header.statusAll, where: code },
  };
}

/** The ParsedDataset of a described header whose cells `cells()` reads in index order (memory or stage). */
export function jsonStatDataset(description: JsonStatDescription, cells: () => Iterable<StagedCell>): ParsedDataset {
  const { layout, ...meta } = description;
  return { ...meta, observations: () => resolveCells(cells(), layout) };
}

/**
 * Parses a JSON-stat 2.0 dataset held whole in memory: text, a Buffer, or an already parsed object
 * (serialised again, so that it goes through the same reader as a streamed body). For small answers
 * and tests; the ingest streams (ingest/jsonstat/stream.ts).
 */
export function parseJsonStat(input: string | Buffer | Record<string, unknown>, options: JsonStatOptions = {}): ParsedDataset {
  const text = typeof input === 'string' || Buffer.isBuffer(input) ? input : JSON.stringify(input);
  const cells = new MemoryCells();
  const header = decodeJsonStat(text, cells, options.code ?? 'the JSON-stat answer');
  return jsonStatDataset(describeJsonStat(header, options), () => cells.sorted());
}
