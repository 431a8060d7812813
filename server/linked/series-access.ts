/**
 * Read access to the series store (data/migrations/003_series.ts) for the linked views, tuned for
 * views that know every code they want: series by key (see `series`), and dataset metadata and
 * dimensions without the store's getDataset, whose first/last-period scan over all observations
 * would cost every request a pass over a 600k-cell dataset. The reads are data/'s (series.ts,
 * series-query.ts, sources.ts, code-labels.ts); this file shapes them for the views.
 */
import type { Db } from '../../data/db.js';
import { codeLabels } from '../../data/code-labels.js';
import { EUROSTAT_FLAG_LABELS } from '../../data/eurostat-flags.js';
import { codesByDimension, datasetDimensions, datasetFlags, datasetRecord, datasetSourceName, defaultAttribution, sourceLabel, type DatasetRecord } from '../../data/series.js';
import { readPoints, seriesIdsByKey, type SeriesPoint } from '../../data/series-query.js';
import { recordedAttribution } from '../../data/sources.js';
import type { Coded, DatasetRef } from '../../wire/linked.js';
import { labelFor } from './labels.js';

export type DatasetMeta = DatasetRecord;

export interface DimensionInfo {
  id: string;
  label: string;
  role: string | null;
  /** Codes in upstream order. */
  codes: string[];
  labels: Map<string, string>;
  /**
   * Set when an answer is asked in a language other than English: that language and the code
   * labels Eurostat's code list (`code_labels`, `lmi ingest eurostat-codelists`) has in it.
   */
  inLanguage?: { lang: string; labels: Map<string, string> };
}

export type Point = SeriesPoint;

/** A series found by its codes. */
export interface FoundSeries {
  key: string;
  /** Dimension id -> code, every non-time dimension. */
  codes: Record<string, string>;
  points: Point[];
}

export class SeriesAccess {
  /** `lang`: the language of code labels (server/lang.ts); English, the datasets' own, when not given. */
  constructor(
    private readonly db: Db,
    readonly lang = 'en',
  ) {}

  /** The same access answering with code labels in `lang`. */
  inLanguage(lang: string): SeriesAccess {
    return lang === this.lang ? this : new SeriesAccess(this.db, lang);
  }

  /** Labels of `codes` in Eurostat's code list `codelist` in this access's language. */
  private translated(codelist: string, codes: readonly string[]): Map<string, string> {
    return codeLabels(this.db, codelist.toUpperCase(), this.lang, codes);
  }

  dataset(code: string): DatasetMeta | undefined {
    return datasetRecord(this.db, code);
  }

  /** Dimensions in dataset order, the time dimension included, each with its codes and labels. */
  dimensions(dataset: string): DimensionInfo[] {
    const dims = datasetDimensions(this.db, dataset);
    const codes = codesByDimension(this.db, dataset);
    return dims.map((d) => {
      const list = codes.get(d.id) ?? [];
      const info: DimensionInfo = { id: d.id, label: d.label, role: d.role, codes: list.map((c) => c.code), labels: new Map(list.map((c) => [c.code, c.label])) };
      // Eurostat names its code lists after the dimensions (geo -> GEO, nace_r2 -> NACE_R2).
      if (this.lang !== 'en' && d.role !== 'time') info.inLanguage = { lang: this.lang, labels: this.translated(d.id, info.codes) };
      return info;
    });
  }

  /**
   * The series with the given codes: every combination of `codes` (one list per non-time
   * dimension) is a key as the store writes it (the codes joined by '.' in dimension order), looked
   * up through the UNIQUE (dataset, key) index (about 0.003 ms per key on lfsa_egised), as the store's
   * querySeries does for small selections; here without its labels per series, which the views take
   * from `dims`.
   * Cells with neither a value nor a flag carry no information (a bare ':' in a TSV) and are left out.
   */
  series(dataset: DatasetMeta, dims: DimensionInfo[], codes: Record<string, string[]>, since?: string, until?: string): FoundSeries[] {
    const seriesDims = dims.filter((d) => d.id !== dataset.timeDim);
    let combos: Record<string, string>[] = [{}];
    for (const d of seriesDims) {
      const list = codes[d.id];
      if (!list) throw new Error(`no code given for dimension ${d.id}`); // a bug in the caller
      combos = combos.flatMap((c) => list.map((code) => ({ ...c, [d.id]: code })));
    }
    const byKey = new Map(combos.map((c) => [seriesDims.map((d) => c[d.id]).join('.'), c]));
    const rows = seriesIdsByKey(this.db, dataset.code, [...byKey.keys()]);
    if (!rows.length) return [];
    const found = new Map(rows.map((r) => [r.id, { key: r.key, codes: byKey.get(r.key)!, points: [] as Point[] }]));
    const range = { since, until };
    for (const [id, point] of readPoints(this.db, rows.map((r) => r.id), range, true)) found.get(id)!.points.push(point);
    return [...found.values()];
  }

  /** Flag labels the dataset was loaded with; for Eurostat, its standard labels fill the gaps. */
  flagLabels(meta: DatasetMeta): Map<string, string> {
    // TSV and SDMX-CSV downloads carry flags without labels: Eurostat's code list labels its letters.
    const labels = new Map<string, string>(meta.source === 'eurostat' ? Object.entries(EUROSTAT_FLAG_LABELS) : []);
    // The store labels a flag the upstream did not label with the flag itself: that is no label.
    for (const [flag, label] of Object.entries(datasetFlags(this.db, meta.code))) if (label !== flag) labels.set(flag, label);
    // In another language: Eurostat's flag code list, where it has the flag (else the English label stays).
    if (this.lang !== 'en') for (const [flag, label] of this.translated('OBS_FLAG', [...labels.keys()])) labels.set(flag, label);
    return labels;
  }

  /** The attribution recorded with the load (`sources` row '<source>:<code>'), else the source's default. */
  attribution(meta: DatasetMeta): string {
    return recordedAttribution(this.db, datasetSourceName(meta.source, meta.code)) || defaultAttribution(meta.source);
  }

  datasetRef(meta: DatasetMeta): DatasetRef {
    const attribution = this.attribution(meta);
    return {
      code: meta.code,
      label: meta.title,
      // Named as /api/series names it: 'Eurostat', or the office the attribution credits.
      source: sourceLabel(meta.source, attribution),
      updated: meta.updated,
      loadedAt: meta.loadedAt,
      attribution,
    };
  }
}

/** A full selection (dimension id -> one code) as store filters, with `extra` codes for some dimensions. */
export function filtersOf(codes: Record<string, string>, extra: Record<string, string[]> = {}): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [dim, code] of Object.entries(codes)) filters[dim] = [code];
  return { ...filters, ...extra };
}

/** Finds a dimension by id, case-insensitively ('geo', 'GEO', 'isco08'). */
export function findDim(dims: DimensionInfo[], id: string): DimensionInfo | undefined {
  const lower = id.toLowerCase();
  return dims.find((d) => d.id.toLowerCase() === lower);
}

/** The geographic dimension: role 'geo', else the one called 'geo'. */
export function geoDim(dims: DimensionInfo[]): DimensionInfo | undefined {
  return dims.find((d) => d.role === 'geo') ?? findDim(dims, 'geo');
}

/** The unit a resolved selection reads (its `unit` dimension's code with label), null without one. */
export function unitOf(dims: DimensionInfo[], codes: Record<string, string>): Coded | null {
  const unitDim = findDim(dims, 'unit');
  const code = unitDim ? codes[unitDim.id] : undefined;
  return unitDim && code !== undefined ? coded(unitDim, code) : null;
}

/**
 * A code with its label: in the language asked when Eurostat's code list has it, else the
 * dataset's, else Eurostat's English wording (see labels.ts), then marked `labelLang: 'en'`.
 */
export function coded(dim: DimensionInfo, code: string): Coded {
  const inLanguage = dim.inLanguage?.labels.get(code);
  if (inLanguage !== undefined) return { code, label: inLanguage };
  const label = labelFor(dim.id, code, dim.labels.get(code));
  return dim.inLanguage ? { code, label, labelLang: 'en' } : { code, label };
}

/**
 * Labels of the flags that occur in `points`. A combined flag ('bu') that the dataset does not label
 * as a whole is labelled from its letters ('break in time series, low reliability').
 */
export function flagsUsed(points: Iterable<Point>, labels: Map<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const p of points) {
    if (p.flag === null || p.flag in out) continue;
    out[p.flag] = flagLabel(p.flag, labels);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function flagLabel(flag: string, labels: Map<string, string>): string | null {
  const whole = labels.get(flag);
  if (whole !== undefined) return whole;
  const letters = [...flag].map((c) => labels.get(c));
  if (flag.length > 1 && letters.every((l) => l !== undefined)) return letters.join(', ');
  return null;
}
