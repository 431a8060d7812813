/**
 * The other representations of a /api/series answer: CSV (one row per observation) and JSON-stat
 * 2.0 (sparse `value`/`status` objects as Eurostat serves them, flag labels in
 * `extension.status.label`), so tools that read Eurostat's API read ours.
 */
import type { DatasetHead } from '../../data/series.js';
import type { SeriesResult } from '../../data/series-query.js';

export interface SeriesAnswer {
  dataset: DatasetHead;
  /** 'Eurostat', or the dataset's own source name. */
  source: string;
  series: SeriesResult[];
  /** Flags used by the points returned, with labels. */
  flags: Record<string, string>;
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `dataset,<dim>...,period,value,flag`: codes only, one row per observation, header first. */
export function seriesCsv(answer: SeriesAnswer): string {
  const dims = answer.dataset.dimensions.filter((d) => d.id !== answer.dataset.timeDim).map((d) => d.id);
  const lines = [['dataset', ...dims, 'period', 'value', 'flag'].map(csvCell).join(',')];
  for (const s of answer.series) {
    const prefix = [answer.dataset.code, ...dims.map((d) => s.dims[d]?.code ?? '')].map(csvCell).join(',');
    for (const p of s.points) lines.push(`${prefix},${csvCell(p.period)},${csvCell(p.value)},${csvCell(p.flag)}`);
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * A JSON-stat 2.0 dataset of exactly the returned cells. Each dimension lists the codes that occur
 * in the answer, in the dataset's order (time: the periods that occur, ascending); cells are
 * indexed row-major with the last dimension (time) fastest, as the format defines.
 */
export function seriesJsonStat(
  answer: SeriesAnswer,
  /** The upstream position of each code used, per dimension (categories keep the dataset's order). */
  positions: (dim: string, codes: string[]) => Map<string, number>,
): Record<string, unknown> {
  const { dataset } = answer;
  const nonTime = dataset.dimensions.filter((d) => d.id !== dataset.timeDim);
  const timeId = dataset.timeDim;
  const used = nonTime.map(() => new Map<string, string>());
  const periods = new Set<string>();
  for (const s of answer.series) {
    nonTime.forEach((d, i) => used[i]!.set(s.dims[d.id]!.code, s.dims[d.id]!.label));
    for (const p of s.points) periods.add(p.period);
  }
  const categories = nonTime.map((d, i) => {
    const order = positions(d.id, [...used[i]!.keys()]);
    return [...used[i]!]
      .map(([code, label]) => ({ code, label }))
      .sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  });
  const periodList = [...periods].sort();
  const ids = [...nonTime.map((d) => d.id), timeId];
  const size = [...categories.map((c) => c.length), periodList.length];

  const dimension: Record<string, unknown> = {};
  nonTime.forEach((d, i) => {
    dimension[d.id] = {
      label: d.label,
      category: {
        index: Object.fromEntries(categories[i]!.map((c, j) => [c.code, j])),
        label: Object.fromEntries(categories[i]!.map((c) => [c.code, c.label])),
      },
    };
  });
  const timeDim = dataset.dimensions.find((d) => d.id === timeId);
  dimension[timeId] = {
    label: timeDim?.label ?? 'Time',
    category: {
      index: Object.fromEntries(periodList.map((p, j) => [p, j])),
      label: Object.fromEntries(periodList.map((p) => [p, p])),
    },
  };

  const position = categories.map((cats) => new Map(cats.map((c, j) => [c.code, j])));
  const periodPosition = new Map(periodList.map((p, j) => [p, j]));
  const value: Record<string, number> = {};
  const status: Record<string, string> = {};
  for (const s of answer.series) {
    let base = 0;
    nonTime.forEach((d, i) => {
      base = base * size[i]! + position[i]!.get(s.dims[d.id]!.code)!;
    });
    base *= periodList.length;
    for (const p of s.points) {
      const index = base + periodPosition.get(p.period)!;
      if (p.value !== null) value[index] = p.value;
      if (p.flag !== null) status[index] = p.flag;
    }
  }
  const role: Record<string, string[]> = { time: [timeId] };
  const geo = nonTime.filter((d) => d.role === 'geo').map((d) => d.id);
  if (geo.length) role.geo = geo;
  return {
    version: '2.0',
    class: 'dataset',
    label: dataset.title,
    source: answer.source,
    updated: dataset.updated ?? dataset.loadedAt,
    id: ids,
    size,
    role,
    dimension,
    // An empty `value` object reads back in jsonstat-toolkit as a dataset without values, every
    // Data(i) null and the flags lost (all-confidential answers, e.g. sts_inpr_m for IE): the
    // all-null dense array keeps each cell, `{value: null, status: '|C'}`.
    value: Object.keys(value).length > 0 ? value : new Array<null>(size.reduce((a, b) => a * b, 1)).fill(null),
    status,
    extension: { dataset: dataset.code, attribution: dataset.attribution, status: { label: answer.flags } },
  };
}
