/**
 * What the operations routes answer (server/routes/sources.ts): each source's freshness and its
 * recent runs, the run log. Types only: the Sources page imports them too (docs/architecture.md).
 * The store's reads of the run log and sources (data/runs.ts, data/sources.ts) return these very
 * records, so the store, the routes and the page share one definition.
 */

export interface RunRecord {
  id: number;
  source: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  /** 'interrupted' when the log says running but the process running it is gone. */
  outcome: 'running' | 'success' | 'failed' | 'unchanged' | 'interrupted';
  errorKind: string | null;
  errorMessage: string | null;
  rowCounts: Record<string, number> | null;
}

export interface SourceStatus {
  name: string;
  kind: string | null;
  upstreamVersion: string | null;
  /** The upstream's own last-update time, when the source is a dataset. */
  upstreamUpdated: string | null;
  upstreamUrl: string | null;
  loadedAt: string | null;
  rowCounts: Record<string, number>;
  attribution: string | null;
  /** Hours since the data was loaded or last confirmed unchanged; null if never loaded. */
  ageHours: number | null;
  lastSuccess: RunRecord | null;
  lastAttempt: RunRecord | null;
  /** The latest runs, newest first (at most 10; the full log is the admin route). */
  recentRuns: RunRecord[];
}

/** GET /api/sources */
export interface SourcesAnswer {
  sources: SourceStatus[];
}

/** GET /api/admin/runs */
export interface RunsAnswer {
  total: number;
  limit: number;
  offset: number;
  runs: RunRecord[];
}

/** POST /api/admin/ingest/:source (202) */
export interface IngestStarted {
  source: string;
  status: 'started';
  message: string;
}
