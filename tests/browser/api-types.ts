/**
 * The browser declares the API's response types again (web/src/api.ts) because importing them from
 * the server, even with `import type`, puts the server's whole module graph (data/db.ts, migrations,
 * ingest/core, better-sqlite3 types) into the web program, outside its rootDir and its DOM-only lib.
 * This file is not a test to run: `tsc --noEmit` (root tsconfig, which includes tests/) type-checks it
 * and fails when a server response type no longer fits the type the pages read it as.
 */
import type { Comparison } from '../../server/linked/compare.js';
import type { OccupationTrend } from '../../server/linked/occupation-trend.js';
import type { SectorList, SectorSeries } from '../../server/linked/sectors.js';
import type { Coded, DatasetRef } from '../../server/linked/series-access.js';
import type { RunRecord } from '../../data/runs.js';
import type { SourceStatus } from '../../data/sources.js';
import type * as Web from '../../web/src/api.js';

/** Compiles only when every value of the server's type is a value of the browser's. */
type Fits<Server extends Browser, Browser> = [Server, Browser];

// Not exported: nothing uses it, tsc checks it.
type Checked = [
  Fits<Coded, Web.Coded>,
  Fits<DatasetRef, Web.DatasetRef>,
  Fits<SectorList, Web.SectorList>,
  Fits<SectorSeries, Web.SectorSeries>,
  Fits<OccupationTrend, Web.OccupationTrend>,
  Fits<Comparison, Web.Comparison>,
  Fits<RunRecord, Web.RunRecord>,
  // GET /api/sources adds each source's recent runs to its status (server/routes/sources.ts).
  Fits<SourceStatus & { recentRuns: RunRecord[] }, Web.SourceStatus>,
];
