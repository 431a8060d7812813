/**
 * The JSON API as the pages use it: typed fetches that turn `{"error": "..."}` answers into ApiError
 * (status + the server's message), so every page can show a clear error or "no data" state.
 */
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, t('error.unreachable'));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    const message = body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : t('error.http', { status: String(res.status) });
    throw new ApiError(res.status, message);
  }
  if (body === null) throw new ApiError(res.status, t('error.notJson', { path }));
  return body as T;
}

// ---- ESCO ----

/** labelLang (every ESCO label below): the label's language when ESCO has no text in the one asked. */
export interface OccupationHit {
  id: string;
  uri: string;
  label: string;
  labelLang?: string;
  code: string | null;
  iscoGroup: string | null;
  matchedLabel: string | null;
}

/** A search answer (GET /api/occupations, GET /api/skills). */
export interface SearchAnswer<Hit> {
  items: Hit[];
  total: number;
  /** No label matched as typed: these are the closest, read as `correctedQuery`. */
  fuzzy: boolean;
  correctedQuery?: string;
}

export type OccupationSearch = SearchAnswer<OccupationHit>;

export interface SkillHit {
  id: string;
  uri: string;
  label: string;
  labelLang?: string;
  type: string | null;
  matchedLabel: string | null;
}

export type SkillSearch = SearchAnswer<SkillHit>;

export interface SkillRef {
  id: string;
  label: string;
  labelLang?: string;
  type?: string | null;
}

export interface OccupationRef {
  id: string;
  label: string;
  labelLang?: string;
  code?: string | null;
}

export interface Occupation {
  id: string;
  uri: string;
  label: string;
  labelLang?: string;
  altLabels: string[];
  description: string | null;
  code: string | null;
  isco: { code: string; label: string; labelLang?: string }[];
  skills: { essential: SkillRef[]; optional: SkillRef[] };
  related: OccupationRef[];
  source?: { name: string; version: string | null };
}

export interface Skill {
  id: string;
  uri?: string;
  label: string;
  labelLang?: string;
  altLabels?: string[];
  description?: string | null;
  type?: string | null;
  occupations?: { essential?: OccupationRef[]; optional?: OccupationRef[] };
}

// ---- statistics ----

export interface SeriesPoint {
  period: string;
  value: number | null;
  flag: string | null;
}

// ---- linked views (server/linked/) ----

export interface Coded {
  code: string;
  label: string;
  /** 'en' when the label is not in the language asked (no code list label in it). */
  labelLang?: string;
}

export interface DatasetRef {
  code: string;
  label: string;
  source: string;
  updated: string | null;
  loadedAt: string;
  attribution: string;
}

export type FlagLabels = Record<string, string | null>;

export interface OccupationTrend {
  occupation: { id: string; uri: string; code: string | null; label: string | null };
  mapping: { escoCode: string | null; iscoGroup: Coded; iscoLevel: string; iscoUsed: Coded; dimension: string; datasetCode: string };
  geo: Coded;
  dataset: DatasetRef;
  selection: Record<string, Coded>;
  unit: Coded | null;
  points: SeriesPoint[];
  flags: FlagLabels;
  source: string;
  attribution: string;
}

export interface SectorSummary {
  code: string;
  label: string;
  latest: SeriesPoint | null;
  change5y: { from: SeriesPoint; absolute: number; percent: number | null } | null;
  vacancyRate: SeriesPoint | null;
}

export interface SectorList {
  geo: Coded;
  classification: string;
  dataset: DatasetRef;
  selection: Record<string, Coded>;
  unit: Coded | null;
  total: SectorSummary | null;
  sectors: SectorSummary[];
  vacancies: { dataset: DatasetRef; selection: Record<string, Coded> } | null;
  flags: FlagLabels;
  source: string;
  attribution: string;
}

export interface SectorSeries {
  geo: Coded;
  sector: Coded;
  classification: string;
  dataset: DatasetRef;
  selection: Record<string, Coded>;
  unit: Coded | null;
  points: SeriesPoint[];
  vacancyRate: { dataset: DatasetRef; selection: Record<string, Coded>; points: SeriesPoint[] } | null;
  flags: FlagLabels;
  source: string;
  attribution: string;
}

export interface Comparison {
  dataset: DatasetRef;
  selection: Record<string, Coded>;
  series: { geo: Coded; key: string | null; points: SeriesPoint[] }[];
  flags: FlagLabels;
  source: string;
  attribution: string;
}

// ---- sources (GET /api/sources) ----

export interface RunRecord {
  id: number;
  source: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'success' | 'failed' | 'unchanged' | 'interrupted';
  errorKind: string | null;
  errorMessage: string | null;
  rowCounts: Record<string, number> | null;
}

export interface SourceStatus {
  name: string;
  kind: string | null;
  upstreamVersion: string | null;
  upstreamUpdated: string | null;
  loadedAt: string | null;
  rowCounts: Record<string, number>;
  attribution: string | null;
  ageHours: number | null;
  lastSuccess: RunRecord | null;
  lastAttempt: RunRecord | null;
  /** The latest runs, newest first (at most 10; the full log is the admin route). */
  recentRuns: RunRecord[];
}
