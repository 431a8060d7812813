/**
 * Builds a ParsedDataset from row-shaped upstreams (Nomis CSV, HTML tables): each row names a code
 * (and its label) per dimension, a period, a value and a flag. Categories keep first-seen order.
 * Rows are kept in memory: these sources are small (a Nomis query, a web page's table).
 */
import { normalisePeriod } from '../../data/periods.js';
import type { DatasetDimension, Observation, ParsedDataset } from '../../data/series-model.js';

export interface BuilderDimension {
  id: string;
  label: string;
  role?: 'geo' | 'metric' | null;
}

export interface DatasetMeta {
  code: string;
  source: string;
  title: string;
  sourceUrl?: string | null;
  updated?: string | null;
  attribution?: string;
  extension?: unknown;
}

export class DatasetBuilder {
  private readonly dims: DatasetDimension[];
  private readonly seen: Map<string, string>[];
  private readonly periods = new Map<string, string>();
  private readonly rows: Observation[] = [];
  private readonly flags: Record<string, string> = {};

  /** `dims` are the non-time dimensions; `time` is the id and label of the time dimension. */
  constructor(
    dims: BuilderDimension[],
    private readonly time: { id: string; label: string },
  ) {
    this.dims = dims.map((d) => ({ id: d.id, label: d.label, role: d.role ?? null, codes: [] }));
    this.seen = dims.map(() => new Map());
  }

  get size(): number {
    return this.rows.length;
  }

  /** One cell; `codes` in the order of the dimensions given to the constructor. */
  add(codes: { code: string; label: string }[], period: { code: string; label?: string }, value: number | null, flag: { code: string; label: string } | null): void {
    codes.forEach((c, i) => {
      if (!this.seen[i]!.has(c.code)) {
        this.seen[i]!.set(c.code, c.label);
        this.dims[i]!.codes.push({ code: c.code, label: c.label });
      }
    });
    const p = normalisePeriod(period.code);
    if (!this.periods.has(p)) this.periods.set(p, period.label ?? p);
    if (flag && !(flag.code in this.flags)) this.flags[flag.code] = flag.label;
    this.rows.push({ codes: codes.map((c) => c.code), period: p, value, flag: flag?.code ?? null });
  }

  build(meta: DatasetMeta): ParsedDataset {
    const timeDim: DatasetDimension = {
      id: this.time.id,
      label: this.time.label,
      role: 'time',
      codes: [...this.periods].sort(([a], [b]) => a.localeCompare(b)).map(([code, label]) => ({ code, label })),
    };
    const rows = this.rows;
    return {
      code: meta.code,
      source: meta.source,
      title: meta.title,
      sourceUrl: meta.sourceUrl ?? null,
      updated: meta.updated ?? null,
      attribution: meta.attribution,
      timeDim: this.time.id,
      dimensions: [...this.dims, timeDim],
      flags: { ...this.flags },
      cellCount: rows.length,
      observations: () => rows,
      extension: meta.extension,
    };
  }
}
