/**
 * The parsed form of any statistical dataset, whatever its upstream (Eurostat JSON-stat / TSV /
 * SDMX-CSV, PX-Web JSON-stat, Nomis CSV, HTML tables). Parsers produce it; the series store loads it.
 * Observations are produced lazily so a million-cell dataset is never held as a million objects.
 */
export interface DatasetDimension {
  /** Upstream dimension id, e.g. 'geo', 'isco08', 'Region'. */
  id: string;
  label: string;
  role?: 'time' | 'geo' | 'metric' | null;
  /** Categories in upstream order; time codes already normalised (see data/periods.ts). */
  codes: { code: string; label: string }[];
}

export interface Observation {
  /** Codes of the non-time dimensions, in the order of `dimensions` with the time dimension left out. */
  codes: string[];
  /** Normalised period. */
  period: string;
  /** null when the upstream gives a flag but no value (confidential, not available). */
  value: number | null;
  /** Upstream status verbatim ('b', 'p', ':', '..', '|C'), null if none. */
  flag: string | null;
}

export interface ParsedDataset {
  /** Dataset id used by the API (`/api/series?dataset=`), e.g. 'une_rt_a', 'ssb-07221'. */
  code: string;
  /** eurostat | pxweb | nomis | html */
  source: string;
  title: string;
  sourceUrl?: string | null;
  /** Upstream's own last-update time, ISO 8601, if it says. */
  updated?: string | null;
  /** Id of the time dimension within `dimensions`. */
  timeDim: string;
  /** All dimensions in upstream order, the time dimension included. */
  dimensions: DatasetDimension[];
  /** Flag code -> label, e.g. { b: 'break in time series' }. */
  flags: Record<string, string>;
  /** Number of cells, when known up front (for progress). */
  cellCount?: number;
  observations(): Iterable<Observation>;
  /** Upstream extras worth keeping (notes, px metadata), stored as JSON. */
  extension?: unknown;
  /** Attribution text the licence asks for (stored in `sources`); default 'Source: Eurostat' for eurostat. */
  attribution?: string;
}
