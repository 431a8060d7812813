/**
 * The whole-file JSON-stat reader the project used before the streaming one (JSON.parse, then
 * jsonstat-toolkit's normalisation and an odometer walk), kept unchanged as an independent oracle:
 * tests load the same real file both ways and compare every stored row.
 */
import JSONstat from 'jsonstat-toolkit';
import { IngestError } from '../../data/errors.js';
import { normalisePeriod } from '../../data/periods.js';
import type { DatasetDimension, Observation, ParsedDataset } from '../../data/series-model.js';

export interface JsonStatOptions {
  /** Dataset code used by the API; default the lower-cased `extension.id` (Eurostat), else required. */
  code?: string;
  source?: string;
  sourceUrl?: string | null;
}

/** The parts of a jsonstat-toolkit dataset we use (the package ships no types). */
interface JsonStatCategory {
  label: string | null;
}
interface JsonStatDimension {
  id: string[];
  label: string | null;
  role: string | null;
  Category(i: number): JsonStatCategory | null;
}
interface JsonStatDataset {
  class: string | null;
  error?: unknown;
  id: string[];
  size: number[];
  n: number;
  label: string | null;
  updated: string | null;
  role: Record<string, string[] | null> | null;
  extension: Record<string, unknown> | null;
  value: ArrayLike<number | null> | null;
  status: ArrayLike<string | null> | null;
  Dimension(i: number): JsonStatDimension | null;
}

const TIME_IDS = ['time', 'TIME_PERIOD', 'Tid', 'tid', 'year', 'Year'];

/** Parses a JSON-stat 2.0 dataset given as text, a Buffer or an already parsed object. */
export function parseJsonStatWhole(input: string | Buffer | Record<string, unknown>, options: JsonStatOptions = {}): ParsedDataset {
  let json: Record<string, unknown>;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new IngestError('invalid', `not valid JSON: ${(err as Error).message}`);
    }
  } else {
    json = input;
  }
  if (json === null || typeof json !== 'object' || json.class !== 'dataset') {
    // The Eurostat API answers errors as JSON too: {"error": {"status": 400, "label": "..."}}.
    const error = (json as { error?: { label?: string } } | null)?.error;
    if (error) throw new IngestError('http_status', `the upstream answered with an error: ${error.label ?? JSON.stringify(error)}`);
    throw new IngestError('schema', `not a JSON-stat dataset (class is ${JSON.stringify(json?.class)})`);
  }
  const ds = JSONstat(json) as JsonStatDataset;
  // The toolkit now holds dense copies of value/status: drop the sparse originals so a big dataset
  // is not kept twice while it is loaded.
  delete json.value;
  delete json.status;
  if (!Array.isArray(ds.id) || ds.id.length === 0 || !Array.isArray(ds.size)) {
    throw new IngestError('schema', 'JSON-stat dataset without `id`/`size`/`dimension`');
  }

  const extension = (ds.extension ?? {}) as Record<string, unknown>;
  const code = options.code ?? (typeof extension.id === 'string' ? extension.id.toLowerCase() : undefined);
  if (!code) throw new IngestError('input', 'the JSON-stat file does not name its dataset: give the dataset code');

  const emptyDim = ds.id.find((_, i) => ds.size[i] === 0);
  if (emptyDim !== undefined) {
    throw new IngestError(
      'empty',
      `${code}: the answer holds no data: dimension '${emptyDim}' has no category left (a filter code that does not exist, e.g. geo=XX?)`,
    );
  }

  const roleTime = ds.role?.time?.[0];
  const timeDim = roleTime ?? TIME_IDS.find((t) => ds.id.includes(t));
  if (!timeDim) throw new IngestError('schema', `${code}: no time dimension among ${ds.id.join(', ')}`);
  const geoIds = new Set(ds.role?.geo ?? ['geo']);
  const metricIds = new Set(ds.role?.metric ?? []);

  const dimensions: DatasetDimension[] = ds.id.map((id, d) => {
    const dim = ds.Dimension(d)!;
    const codes = dim.id.map((c, j) => {
      const label = dim.Category(j)?.label ?? c;
      return id === timeDim ? { code: normalisePeriod(c), label: label === c ? normalisePeriod(c) : label } : { code: c, label };
    });
    const role = id === timeDim ? 'time' : geoIds.has(id) ? 'geo' : metricIds.has(id) ? 'metric' : null;
    return { id, label: dim.label ?? id, role, codes };
  });

  const statusExt = extension.status as { label?: Record<string, string> } | undefined;
  const flags: Record<string, string> = { ...(statusExt?.label ?? {}) };

  const timeIndex = ds.id.indexOf(timeDim);
  const sizes = ds.size;
  const values = ds.value;
  const statuses = ds.status;
  const n = ds.n;

  function* observations(): Generator<Observation> {
    const position = new Array<number>(sizes.length).fill(0);
    for (let i = 0; i < n; i++) {
      const value = values?.[i] ?? null;
      const flag = statuses?.[i] ?? null;
      if (value !== null || (flag !== null && flag !== '')) {
        const codes: string[] = [];
        for (let d = 0; d < sizes.length; d++) if (d !== timeIndex) codes.push(dimensions[d]!.codes[position[d]!]!.code);
        yield { codes, period: dimensions[timeIndex]!.codes[position[timeIndex]!]!.code, value, flag: flag === '' ? null : flag };
      }
      // Odometer: advance the last dimension, carrying into the previous ones.
      for (let d = sizes.length - 1; d >= 0; d--) {
        if (++position[d]! < sizes[d]!) break;
        position[d] = 0;
      }
    }
  }

  return {
    code,
    source: options.source ?? 'eurostat',
    title: ds.label ?? code,
    sourceUrl: options.sourceUrl ?? null,
    updated: ds.updated ?? null,
    timeDim,
    dimensions,
    flags,
    cellCount: n,
    observations,
    extension: Object.keys(extension).length ? extension : undefined,
  };
}
