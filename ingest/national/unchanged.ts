/**
 * When every upstream answer of a run was "304 Not Modified" (see the raw cache in ingest/core/http.ts)
 * and the dataset is loaded, there is nothing to write: the run is recorded as 'unchanged', as Eurostat's is.
 */
import type { Db } from '../../data/db.js';
import type { LoadSummary } from '../core/source.js';
import { getDataset } from '../series/store.js';

export function unchangedRun(db: Db, datasetCode: string, allNotModified: boolean): LoadSummary | null {
  if (!allNotModified) return null;
  const loaded = getDataset(db, datasetCode);
  return loaded ? { counts: {}, outcome: 'unchanged', upstreamVersion: loaded.updated } : null;
}
