/**
 * The writer of the series store (data/series.ts): loads any ParsedDataset (data/series-model.ts).
 *
 * Loading is ONE transaction that first removes the previous version of the dataset, so readers
 * (the server, on its own read-only connection under WAL) see either the old or the new version,
 * never a mix; a failure anywhere (bad code, no data, a parser error thrown mid-stream) rolls it all
 * back. Observations are consumed one at a time from the parser's iterator and written straight
 * away: only the series-key -> id map (one entry per series) is held in memory.
 */
import type { Db } from './db.js';
import { IngestError } from './errors.js';
import { datasetSourceName, defaultAttribution, getDatasetHead } from './series.js';
import type { ParsedDataset } from './series-model.js';
import { recordSource, type LoadSummary } from './sources.js';

/** Where a long load reports its progress (the ingester's Logger is one). */
export interface ProgressLog {
  progress(step: string, done: number, total?: number): void;
}

/** Attribution text for the `sources` row when the parsed dataset does not bring its own. */
function attributionFor(parsed: ParsedDataset): string {
  return parsed.attribution || defaultAttribution(parsed.source);
}

/** Removes a dataset and everything under it. Explicit deletes: much faster than row-by-row cascades. */
function deleteDataset(db: Db, code: string): void {
  db.prepare(`DELETE FROM observations WHERE series_id IN (SELECT id FROM series WHERE dataset = ?)`).run(code);
  db.prepare(`DELETE FROM series_codes WHERE series_id IN (SELECT id FROM series WHERE dataset = ?)`).run(code);
  db.prepare(`DELETE FROM series WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM dimension_codes WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM dataset_dimensions WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM dataset_flags WHERE dataset = ?`).run(code);
  db.prepare(`DELETE FROM datasets WHERE code = ?`).run(code);
}

/** The writer's page cache during a dataset load, in SQLite's units (negative: KiB). */
const LOAD_CACHE_KIB = -2000;

/**
 * Writes `parsed` in one transaction, replacing any previous version of the same dataset code, and
 * records the `sources` row '<source>:<code>' with the upstream `updated` as its version.
 * Throws IngestError('empty') when the dataset has no observation at all (nothing is written and the
 * previous version stays), and IngestError('schema') when an observation uses a code the dataset's
 * dimensions do not list.
 */
export function loadDataset(db: Db, parsed: ParsedDataset, log?: ProgressLog): LoadSummary {
  const timeIndex = parsed.dimensions.findIndex((d) => d.id === parsed.timeDim);
  if (timeIndex < 0) throw new IngestError('schema', `${parsed.code}: time dimension '${parsed.timeDim}' is not among the dimensions`);
  const seriesDims = parsed.dimensions.filter((_, i) => i !== timeIndex);
  const knownCodes = seriesDims.map((d) => new Set(d.codes.map((c) => c.code)));

  const run = db.transaction((): LoadSummary => {
    deleteDataset(db, parsed.code);
    db.prepare(
      `INSERT INTO datasets (code, source, title, source_url, updated, loaded_at, time_dim, extension) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      parsed.code,
      parsed.source,
      parsed.title,
      parsed.sourceUrl ?? null,
      parsed.updated ?? null,
      new Date().toISOString(),
      parsed.timeDim,
      parsed.extension === undefined ? null : JSON.stringify(parsed.extension),
    );
    const insertDim = db.prepare(`INSERT INTO dataset_dimensions (dataset, dim, position, label, role) VALUES (?, ?, ?, ?, ?)`);
    const insertCode = db.prepare(`INSERT INTO dimension_codes (dataset, dim, code, position, label) VALUES (?, ?, ?, ?, ?)`);
    let codeCount = 0;
    parsed.dimensions.forEach((d, position) => {
      insertDim.run(parsed.code, d.id, position, d.label, d.role ?? (d.id === parsed.timeDim ? 'time' : null));
      d.codes.forEach((c, i) => {
        insertCode.run(parsed.code, d.id, c.code, i, c.label);
        codeCount++;
      });
    });

    const insertSeries = db.prepare(`INSERT INTO series (dataset, key) VALUES (?, ?)`);
    const insertSeriesCode = db.prepare(`INSERT INTO series_codes (series_id, dim, code) VALUES (?, ?, ?)`);
    // A repeated (series, period) cell keeps the last value: upstream files should not repeat one,
    // and a strict failure here would refuse a whole dataset for one duplicated line.
    const insertObs = db.prepare(
      `INSERT INTO observations (series_id, period, value, flag) VALUES (?, ?, ?, ?)
       ON CONFLICT (series_id, period) DO UPDATE SET value = excluded.value, flag = excluded.flag`,
    );
    // Series ids are looked up in the store (UNIQUE (dataset, key) index) when the key changes, not
    // kept in a map: a map of every series grows with the dataset (830,000 series in a 5M-cell file,
    // about 50 MB). Parsers give a series' cells one after the other (time varies fastest), so a
    // lookup is needed about once per series.
    const findSeries = db.prepare(`SELECT id FROM series WHERE dataset = ? AND key = ?`).pluck();
    let lastKey: string | undefined;
    let lastId = 0;
    let seriesCount = 0;
    const usedFlags = new Set<string>();
    let observations = 0;
    for (const obs of parsed.observations()) {
      if (obs.codes.length !== seriesDims.length) {
        throw new IngestError('schema', `${parsed.code}: an observation has ${obs.codes.length} codes, the dataset has ${seriesDims.length} non-time dimensions`);
      }
      const key = obs.codes.join('.');
      let id = key === lastKey ? lastId : (findSeries.get(parsed.code, key) as number | undefined);
      if (id === undefined) {
        obs.codes.forEach((code, i) => {
          if (!knownCodes[i]!.has(code)) {
            throw new IngestError('schema', `${parsed.code}: code '${code}' is not listed in dimension '${seriesDims[i]!.id}'`);
          }
        });
        id = Number(insertSeries.run(parsed.code, key).lastInsertRowid);
        seriesCount++;
        obs.codes.forEach((code, i) => insertSeriesCode.run(id, seriesDims[i]!.id, code));
      }
      lastKey = key;
      lastId = id;
      insertObs.run(id, obs.period, obs.value, obs.flag);
      if (obs.flag !== null) usedFlags.add(obs.flag);
      observations++;
      if (log && observations % 50_000 === 0) log.progress(`${parsed.code}: observations`, observations, parsed.cellCount);
    }
    if (observations === 0) {
      throw new IngestError('empty', `${parsed.code}: the upstream answer holds no data (no observation), nothing loaded; the previous version, if any, is kept`);
    }
    // Every flag used gets a row, labelled by the upstream when it says, else by the code itself.
    const insertFlag = db.prepare(`INSERT INTO dataset_flags (dataset, flag, label) VALUES (?, ?, ?)`);
    const flagCodes = new Set([...Object.keys(parsed.flags), ...usedFlags]);
    for (const flag of flagCodes) insertFlag.run(parsed.code, flag, parsed.flags[flag] ?? flag);

    const counts = {
      datasets: 1,
      dimensions: parsed.dimensions.length,
      codes: codeCount,
      series: seriesCount,
      observations,
      flags: flagCodes.size,
    };
    recordSource(db, {
      name: datasetSourceName(parsed.source, parsed.code),
      kind: parsed.source,
      upstreamVersion: parsed.updated ?? null,
      upstreamUrl: parsed.sourceUrl ?? null,
      counts,
      attribution: attributionFor(parsed),
    });
    return { counts, upstreamVersion: parsed.updated ?? null, outcome: 'success' };
  });
  // SQLite's own default page cache (2 MB) for the load, not better-sqlite3's 16 MB: the cells come
  // in series order, so the pages written are appended and not read again. Measured on 1M and 5M
  // cells: 14-16 MB less peak RSS, no slower (docs/eurostat.md).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${LOAD_CACHE_KIB}`);
  let summary: LoadSummary;
  try {
    summary = run();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  log?.progress(`${parsed.code}: observations`, summary.counts.observations!, summary.counts.observations);
  return summary;
}

/**
 * When every upstream answer of a run was "304 Not Modified" (see the raw cache in ingest/core/http.ts)
 * and the dataset is loaded, there is nothing to write: the run is 'unchanged'. Null when it must load.
 */
export function unchangedRun(db: Db, datasetCode: string, allNotModified: boolean): LoadSummary | null {
  if (!allNotModified) return null;
  // The head suffices: `updated` is all a run records, the code lists would be read for nothing.
  const loaded = getDatasetHead(db, datasetCode);
  return loaded ? { counts: {}, outcome: 'unchanged', upstreamVersion: loaded.updated } : null;
}
