/**
 * From decoded cells (flat index, value, flag) to observations with their category codes, once the
 * header says what the dimensions are. Pure. JSON-stat numbers cells row-major over `id`/`size`, the
 * last dimension fastest, so a cell's position in each dimension is its index in mixed radix.
 */
import { IngestError } from '../../data/errors.js';
import type { Observation } from '../../data/series-model.js';
import type { JsonStatHeader, StagedCell } from './decoder.js';

export interface CellLayout {
  sizes: number[];
  /** Category codes of each dimension in position order (time codes already normalised). */
  codes: string[][];
  /** Position of the time dimension in `sizes`. */
  timePos: number;
  /** The status of every cell, when the document gives one string for all. */
  statusAll?: string;
  where: string;
}

export const cellTotal = (sizes: number[]): number => sizes.reduce((a, b) => a * b, 1);

/**
 * The observations of `cells` (in ascending index order), each with the codes of its non-time
 * dimensions and its period. A cell with neither value nor flag is an absent observation and is left
 * out; an empty flag ('') is no flag. With `statusAll`, every cell of the cube is an observation.
 */
export function* resolveCells(cells: Iterable<StagedCell>, layout: CellLayout): Generator<Observation> {
  const { sizes, codes, timePos, statusAll, where } = layout;
  const n = cellTotal(sizes);
  const dims = sizes.length;
  const coords = new Array<number>(dims).fill(0);
  const toObservation = (index: number, value: number | null, rawFlag: string | null): Observation | undefined => {
    const flag = rawFlag === null || rawFlag === '' ? (statusAll === undefined || statusAll === '' ? null : statusAll) : rawFlag;
    if (value === null && flag === null) return undefined;
    let rest = index;
    for (let d = dims - 1; d >= 0; d--) {
      const size = sizes[d]!;
      coords[d] = rest % size;
      rest = Math.floor(rest / size);
    }
    const obsCodes: string[] = [];
    for (let d = 0; d < dims; d++) if (d !== timePos) obsCodes.push(codes[d]![coords[d]!]!);
    return { codes: obsCodes, period: codes[timePos]![coords[timePos]!]!, value, flag };
  };
  let next = 0; // with statusAll: the first index not yet produced
  let previous = -1;
  for (const [index, value, flag] of cells) {
    if (index >= n) throw new IngestError('schema', `${where}: a cell has index ${index}, the dimension sizes make ${n} cells`);
    if (index <= previous) throw new Error(`cells out of order: ${index} after ${previous}`); // a bug, not bad input
    previous = index;
    if (statusAll !== undefined) {
      for (; next < index; next++) {
        const o = toObservation(next, null, null);
        if (o) yield o;
      }
      next = index + 1;
    }
    const o = toObservation(index, value, flag);
    if (o) yield o;
  }
  if (statusAll !== undefined) {
    for (; next < n; next++) {
      const o = toObservation(next, null, null);
      if (o) yield o;
    }
  }
}

/** A dense `value` or `status` array must hold one entry per cell. */
export function checkCellShapes(header: JsonStatHeader, cellCount: number, where: string): void {
  for (const member of ['value', 'status'] as const) {
    const shape = header[member];
    if (shape.form === 'array' && shape.length !== cellCount) {
      throw new IngestError('schema', `${where}: '${member}' has ${shape.length} cells, the dimension sizes make ${cellCount}`);
    }
  }
}
