/**
 * What the linked views answer (server/linked/, routes in server/routes/linked.ts): an occupation's
 * employment trend, employment by sector, one series compared across countries. Types only: the web
 * pages import them too (docs/architecture.md).
 */

/** A code with its label, as every linked answer shows them. */
export interface Coded {
  code: string;
  label: string;
  /** The label's language ('en') when an answer asked in another language has no label in it. */
  labelLang?: string;
}

/** The dataset block every linked answer carries: what was used, whose it is, how fresh. */
export interface DatasetRef {
  code: string;
  label: string;
  source: string;
  updated: string | null;
  loadedAt: string;
  attribution: string;
}

/** One cell of a series: the value (null: none, e.g. confidential) and its flag verbatim. */
export interface SeriesPoint {
  period: string;
  value: number | null;
  flag: string | null;
}

/** Flag code -> its label (null when neither the dataset nor Eurostat's code list labels it). */
export type FlagLabels = Record<string, string | null>;

/** Change from the same period `years` before to the latest. */
export interface Change {
  from: SeriesPoint;
  absolute: number;
  /** Percent of the earlier value, one decimal; null when the earlier value is 0. */
  percent: number | null;
}

/** What every linked answer ends with. */
interface LinkedAnswer {
  dataset: DatasetRef;
  /** The code read for every other dimension (age, sex, education, unit, ...): asked for, or the default. */
  selection: Record<string, Coded>;
  flags: FlagLabels;
  source: string;
  attribution: string;
}

/** GET /api/occupations/:id/trend */
export interface OccupationTrend extends LinkedAnswer {
  occupation: { id: string; uri: string; code: string | null; label: string | null; labelLang?: string };
  mapping: {
    escoCode: string | null;
    iscoGroup: Coded;
    iscoLevel: string;
    iscoUsed: Coded;
    dimension: string;
    datasetCode: string;
  };
  geo: Coded;
  unit: Coded | null;
  points: SeriesPoint[];
}

export interface SectorSummary {
  code: string;
  label: string;
  latest: SeriesPoint | null;
  change5y: Change | null;
  vacancyRate: SeriesPoint | null;
}

/** GET /api/sectors */
export interface SectorList extends LinkedAnswer {
  geo: Coded;
  classification: string;
  unit: Coded | null;
  total: SectorSummary | null;
  sectors: SectorSummary[];
  vacancies: { dataset: DatasetRef; selection: Record<string, Coded> } | null;
}

/** GET /api/sectors/:nace */
export interface SectorSeries extends LinkedAnswer {
  geo: Coded;
  sector: Coded;
  classification: string;
  unit: Coded | null;
  points: SeriesPoint[];
  vacancyRate: { dataset: DatasetRef; selection: Record<string, Coded>; points: SeriesPoint[] } | null;
}

/** GET /api/compare */
export interface Comparison extends LinkedAnswer {
  series: { geo: Coded; key: string | null; points: SeriesPoint[] }[];
}
