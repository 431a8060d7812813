/**
 * A JSON-stat 2.0 dataset (as PX-Web answers) and the sub-cube of a selection: what a PX-Web server
 * returns for item selections, and the parts of a split query. Shared by the PX-Web tests.
 */
export interface Cube {
  id: string[];
  size: number[];
  dimension: Record<string, { label: string; category: { index: Record<string, number>; label: Record<string, string> }; extension?: { elimination?: boolean } }>;
  value: (number | null)[];
  status?: Record<string, string>;
  role?: { time?: string[] };
  [k: string]: unknown;
}

/** A dimension's codes in cube order. */
export const codesOf = (cube: Cube, dim: string): string[] =>
  Object.entries(cube.dimension[dim]!.category.index)
    .sort((a, b) => a[1] - b[1])
    .map(([c]) => c);

/** The sub-cube of the codes selected per dimension (absent dimensions: all codes), in selection order. */
export function selectCube(src: Cube, selection: Record<string, string[]>): Cube {
  const keep = src.id.map((dim) => {
    const all = codesOf(src, dim);
    return (selection[dim] ?? all).map((c) => all.indexOf(c));
  });
  const size = keep.map((k) => k.length);
  const total = size.reduce((a, b) => a * b, 1);
  const value: (number | null)[] = [];
  const status: Record<string, string> = {};
  for (let i = 0; i < total; i++) {
    let rest = i;
    const coords = new Array<number>(size.length);
    for (let d = size.length - 1; d >= 0; d--) {
      coords[d] = keep[d]![rest % size[d]!]!;
      rest = Math.floor(rest / size[d]!);
    }
    const srcIndex = coords.reduce((acc, c, d) => acc * src.size[d]! + c, 0);
    value.push(src.value[srcIndex] ?? null);
    const s = src.status?.[String(srcIndex)];
    if (s) status[String(i)] = s;
  }
  const dimension = { ...src.dimension };
  src.id.forEach((dim, d) => {
    const codes = keep[d]!.map((k) => codesOf(src, dim)[k]!);
    const old = src.dimension[dim]!;
    dimension[dim] = { ...old, category: { ...old.category, index: Object.fromEntries(codes.map((c, i) => [c, i])) } };
  });
  return { ...src, size, value, status, dimension };
}
