/**
 * What the series API answers (server/routes/series.ts) in JSON: the loaded datasets, one dataset's
 * description, and a dataset's series. Types only (docs/architecture.md).
 */

/** A dataset as GET /api/datasets lists it. */
export interface DatasetSummary {
  code: string;
  label: string;
  /** 'Eurostat', else the body its attribution names. */
  source: string;
  attribution: string;
  updated: string | null;
  loadedAt: string;
  sourceUrl: string | null;
  series: number;
  observations: number;
}

/** GET /api/datasets */
export interface DatasetsAnswer {
  datasets: DatasetSummary[];
}

/** GET /api/datasets/:code */
export interface DatasetDescription extends DatasetSummary {
  timeDimension: string;
  /** First and last period of the time dimension. */
  periods: { first: string | null; last: string | null };
  /** In upstream order, the time dimension included; codes in upstream order. */
  dimensions: { id: string; label: string; role: string | null; codes: { code: string; label: string }[] }[];
  flags: Record<string, string>;
}

/** GET /api/series (format=json) */
export interface SeriesAnswer {
  dataset: string;
  label: string;
  source: string;
  attribution: string;
  updated: string | null;
  series: { key: string; dims: Record<string, { code: string; label: string }>; points: { period: string; value: number | null; flag: string | null }[] }[];
  flags: Record<string, string>;
}
