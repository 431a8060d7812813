/**
 * `lmi status`: per source, what is loaded and how fresh it is, the last attempt and when the next
 * scheduled run is. Reads the database only.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { openReadOnly } from '../../data/db.js';
import { loadConfig } from '../../ingest/core/config.js';
import { configuredSources } from '../../ingest/core/configured.js';
import { nextRunOf } from '../../ingest/core/scheduler.js';
import { formatCounts } from '../../ingest/core/source.js';
import { sourceStatuses, type SourceStatus } from '../../data/sources.js';
import { configOption, dbOption } from './options.js';

export interface StatusLine extends SourceStatus {
  nextRun: string | null;
}

/** Status of every loaded, attempted or configured source, with the next scheduled run. */
function collectStatus(dbPath: string, config: string | null): { statuses: StatusLine[]; problems: string[] } {
  const configured = config && existsSync(config) ? configuredSources(loadConfig(config)) : { sources: [], problems: [] };
  const nextByUnit = new Map<string, string | null>();
  for (const s of configured.sources) {
    const next = nextRunOf(s.cron, s.timezone)?.toISOString() ?? null;
    for (const u of s.units) nextByUnit.set(u.source, next);
  }
  const db = openReadOnly(dbPath);
  try {
    const statuses = sourceStatuses(db, { expected: [...nextByUnit.keys()] }).map((s) => ({ ...s, nextRun: nextByUnit.get(s.name) ?? null }));
    return { statuses, problems: configured.problems };
  } finally {
    db.close();
  }
}

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '-');

function formatStatus(s: StatusLine): string {
  const attempt = s.lastAttempt
    ? `${s.lastAttempt.outcome} ${when(s.lastAttempt.startedAt)}${s.lastAttempt.errorKind ? ` (${s.lastAttempt.errorKind}: ${s.lastAttempt.errorMessage})` : ''}`
    : 'never';
  return [
    `${s.name}${s.kind ? ` [${s.kind}]` : ''}`,
    `  last success:  ${s.lastSuccess ? when(s.lastSuccess.finishedAt) : 'never'}${s.ageHours !== null ? ` (data ${s.ageHours} h old)` : ''}`,
    `  last attempt:  ${attempt}`,
    `  rows:          ${s.loadedAt ? formatCounts(s.rowCounts) : 'nothing loaded'}`,
    `  upstream:      version ${s.upstreamVersion ?? '-'}, updated ${s.upstreamUpdated ?? '-'}`,
    `  next run:      ${when(s.nextRun)}`,
  ].join('\n');
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('per source: last success, last attempt and its outcome, rows, upstream version/updated, next scheduled run')
    .addOption(dbOption())
    .addOption(configOption('config file, for the schedule (env LMI_CONFIG)'))
    .option('--json', 'print JSON instead of text')
    .action((opts: { db: string; config: string; json?: boolean }) => {
      if (!existsSync(opts.db)) {
        console.log(`lmi: no database at ${opts.db} yet: run \`lmi start\` or \`lmi ingest all\``);
        return;
      }
      const { statuses, problems } = collectStatus(opts.db, opts.config);
      if (opts.json) {
        console.log(JSON.stringify({ sources: statuses, problems }, null, 2));
        return;
      }
      for (const p of problems) console.log(`config problem: ${p}`);
      console.log(statuses.length ? statuses.map(formatStatus).join('\n\n') : 'no source is configured or loaded');
    });
}
