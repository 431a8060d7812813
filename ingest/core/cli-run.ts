/**
 * How an `lmi ingest ...` command runs a source: open the database for writing, run the work under
 * the run log and lock, print a one-line summary, prune the raw cache. Failures propagate as IngestError; scripts/lmi.ts
 * turns them into exit codes.
 */
import { defaultDbPath } from '../../data/db.js';
import { pruneAfterRuns } from './cache-prune.js';
import { createLogger } from './log.js';
import { formatCounts, openIngestDb, runIngest, type IngestContext, type RunResult, type RunTrigger } from './source.js';
import type { LoadSummary } from '../../data/sources.js';

export async function runSourceFromCli(
  source: string,
  work: (ctx: IngestContext) => Promise<LoadSummary>,
  opts: { dbPath?: string; trigger?: RunTrigger } = {},
): Promise<RunResult> {
  const db = openIngestDb(opts.dbPath ?? defaultDbPath());
  const ctx: IngestContext = { db, log: createLogger(source), trigger: opts.trigger ?? 'cli' };
  try {
    const result = await runIngest(ctx, source, () => work(ctx));
    console.log(`${source}: ${result.outcome} in ${result.seconds.toFixed(1)} s: ${formatCounts(result.counts)}${result.upstreamVersion ? ` (upstream version ${result.upstreamVersion})` : ''}`);
    return result;
  } finally {
    db.close();
    pruneAfterRuns(opts.dbPath ?? defaultDbPath(), ctx.log);
  }
}
