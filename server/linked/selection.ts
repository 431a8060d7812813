/**
 * Choosing one code per dimension so that a linked view reads exactly one series: the totals a
 * dataset has (sex T, isced11 TOTAL, ...), the broadest age band it has (Y_GE15 over Y15-74 over
 * Y20-64), or a code the view asks for (unit THS_PER). The choice is shown in every response, so
 * an adviser sees which population a figure covers.
 */
import { preferencesFor } from './defaults.js';
import type { Coded } from '../../wire/linked.js';
import type { DatasetMeta, DimensionInfo } from './series-access.js';
import { coded, findDim, geoDim } from './series-access.js';

/** Dimension id (lower case) -> codes to use, best first. */
export type Preferences = Record<string, string[]>;

/** Codes meaning "everything" in Eurostat and most statistical offices. */
const TOTAL_CODES = ['TOTAL', 'T', '_T'];

/**
 * The code to use for `dim`: the first preferred code the dimension has; else its only code; else
 * its total; else, for an age dimension, the broadest band. Undefined when none of these applies.
 */
export function defaultCode(dim: DimensionInfo, preferred: string[] = []): string | undefined {
  const has = (c: string) => dim.labels.has(c);
  const pick = preferred.find(has);
  if (pick !== undefined) return pick;
  if (dim.codes.length === 1) return dim.codes[0];
  const total = TOTAL_CODES.find(has);
  if (total !== undefined) return total;
  if (dim.id.toLowerCase() === 'age') return broadestAge(dim.codes);
  return undefined;
}

/** Age codes as Eurostat writes them: Y_GE15, Y15-74, Y_LT25, Y15, TOTAL. */
export function ageRange(code: string): [number, number] | undefined {
  let m: RegExpMatchArray | null;
  if (code === 'TOTAL') return [0, Infinity];
  if ((m = code.match(/^Y_GE(\d+)$/))) return [Number(m[1]), Infinity];
  if ((m = code.match(/^Y(\d+)-(\d+)$/))) return [Number(m[1]), Number(m[2])];
  if ((m = code.match(/^Y_LT(\d+)$/))) return [0, Number(m[1]) - 1];
  if ((m = code.match(/^Y(\d+)$/))) return [Number(m[1]), Number(m[1])];
  return undefined;
}

/** The widest age band (ties: the one starting youngest), e.g. Y_GE15 among Y20-64, Y_GE15, Y15-74. */
export function broadestAge(codes: string[]): string | undefined {
  let best: { code: string; span: number; from: number } | undefined;
  for (const code of codes) {
    const range = ageRange(code);
    if (!range) continue;
    const span = range[1] - range[0];
    if (!best || span > best.span || (span === best.span && range[0] < best.from)) best = { code, span, from: range[0] };
  }
  return best?.code;
}

export interface ResolvedSelection {
  /** Dimension id -> code, for every non-time dimension. */
  codes: Record<string, string>;
  /** The same with labels, for the response. Fixed dimensions (geo, the one being listed) are left out. */
  shown: Record<string, Coded>;
}

/**
 * Resolves a code for every non-time dimension: `fixed` ones as given (the caller has checked them),
 * the rest by `defaultCode`. Returns the dimensions it could not decide, so the caller can say which
 * to specify.
 */
export function resolveSelection(
  dims: DimensionInfo[],
  timeDim: string,
  fixed: Record<string, string>,
  preferences: Preferences = {},
): ResolvedSelection & { undecided: DimensionInfo[] } {
  const codes: Record<string, string> = {};
  const shown: Record<string, Coded> = {};
  const undecided: DimensionInfo[] = [];
  for (const dim of dims) {
    if (dim.id === timeDim) continue;
    const given = fixed[dim.id];
    if (given !== undefined) {
      codes[dim.id] = given;
      continue;
    }
    const code = defaultCode(dim, preferences[dim.id.toLowerCase()]);
    if (code === undefined) {
      undecided.push(dim);
      continue;
    }
    codes[dim.id] = code;
    shown[dim.id] = coded(dim, code);
  }
  return { codes, shown, undecided };
}

/** A dataset opened to read one country along one dimension (isco08, nace_r2). */
export interface GeoSelection extends ResolvedSelection {
  /** The dimension the view reads along. */
  by: DimensionInfo;
  geo: DimensionInfo;
}

/**
 * Opens `meta` (its dimensions `dims`) to read `geo` along dimension `byId`, with `byCode` when the
 * view reads one code of it (else the caller fills it in per series; `codeName` names such a code in
 * the reason, e.g. 'ISCO group'): both dimensions must exist,
 * `byCode` and `geo` must be in the dataset, and every other dimension gets its total or the view's
 * default (defaults.ts). A string says why the dataset cannot be used, for the view's 404.
 */
export function selectForGeo(
  meta: DatasetMeta,
  dims: DimensionInfo[],
  byId: string,
  geo: string,
  byCode?: string,
  codeName = `${byId} code`,
): GeoSelection | string {
  const by = findDim(dims, byId);
  const geoD = geoDim(dims);
  if (!by || !geoD) return `${meta.code} has no ${by ? 'geo' : byId} dimension`;
  if (byCode !== undefined && !by.labels.has(byCode)) return `${meta.code} has no ${codeName} ${byCode}`;
  if (!geoD.labels.has(geo)) return `${meta.code} has no data for geo ${geo} (load it with \`lmi ingest eurostat ${meta.code} --geo ${geo}\`)`;
  // Without `byCode`, a placeholder lets the other dimensions resolve.
  const sel = resolveSelection(dims, meta.timeDim, { [geoD.id]: geo, [by.id]: byCode ?? '' }, preferencesFor(meta.code));
  if (sel.undecided.length) return `${meta.code}: cannot choose a total for ${sel.undecided.map((d) => d.id).join(', ')}`;
  return { by, geo: geoD, codes: sel.codes, shown: sel.shown };
}
