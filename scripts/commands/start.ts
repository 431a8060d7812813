/**
 * `lmi start` (what `npm start` runs): create the database if needed, serve the API and the web
 * pages, and keep the data fresh with the scheduler unless `--no-schedule` / LMI_NO_SCHEDULE=1.
 * On a first start (nothing loaded, nothing attempted) every configured source runs once straight
 * away, one after another, and the server serves each as it lands (GET /api/sources shows which are
 * loading). A source that cannot be reached is reported with how to load a downloaded file instead;
 * the server keeps running either way.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Db } from '../../data/db.js';
import { configPath, loadConfig } from '../../ingest/core/config.js';
import { remedies, type IngestErrorKind } from '../../data/errors.js';
import { offlineCommand, unreachableSummary } from '../../ingest/core/offline.js';
import { createLogger, type Logger } from '../../ingest/core/log.js';
import { configuredSources, type ConfiguredSource } from '../../ingest/core/configured.js';
import { childProcessRunner } from '../../ingest/core/runners.js';
import { overdueSources, Scheduler } from '../../ingest/core/scheduler.js';
import { runCount, runsSince } from '../../data/runs.js';
import { sourceCount, sourceStatuses } from '../../data/sources.js';
import { ensureDatabase, exitOnSignal, parsePort, serverOptions } from './serve.js';

const unreachableKinds: IngestErrorKind[] = ['connection', 'timeout', 'http_5xx', 'rate_limited', 'html', 'not_cached'];

/** True when nothing was ever loaded or attempted: the first start of an installation. */
function isFirstStart(db: Db): boolean {
  return sourceCount(db) === 0 && runCount(db) === 0;
}

/**
 * Runs every source once, in order, then says what could not be loaded and what to do about it:
 * unreachable units of a source are grouped by host, so eight datasets behind one dead network link
 * make one line.
 */
async function firstLoad(scheduler: Scheduler, sources: ConfiguredSource[], db: Db, log: Logger): Promise<void> {
  const problems: string[] = [];
  log.info(`first start: loading ${sources.length} configured source(s) now; the site serves each as it lands`);
  for (const source of sources) {
    const since = new Date().toISOString();
    await scheduler.run(source.id, 'startup');
    const unreachable = new Map<string, string[]>();
    for (const run of runsSince(db, since, source.units.map((u) => u.source))) {
      if (run.outcome !== 'failed' && run.outcome !== 'interrupted') continue;
      const kind = (run.errorKind ?? 'internal') as IngestErrorKind;
      const message = run.errorMessage ?? '';
      if (!unreachableKinds.includes(kind)) {
        problems.push(`${run.source}: failed (${kind}: ${message}); ${remedies[kind] ?? ''}`);
        continue;
      }
      // units not tried after the first could not reach the upstream name where: same group
      const where = /^not tried: \S+ could not reach (.*)$/s.exec(message)?.[1] ?? unreachableSummary(message);
      unreachable.set(where, [...(unreachable.get(where) ?? []), run.source]);
    }
    for (const [where, units] of unreachable) {
      const which = units.length === 1 && units[0] === source.id ? '' : units.length === 1 ? ` for ${units[0]}` : ` for ${units.length} units (${units.join(', ')})`;
      problems.push(`${source.id}: not loaded, could not reach ${where}${which}. To load a downloaded file instead, ${offlineCommand(source.type.type, source.id)}`);
    }
  }
  if (problems.length) {
    log.warn('first load finished with problems; the site serves what did load:');
    for (const p of problems) log.warn(`  ${p}`);
  } else {
    log.info('first load finished: every configured source is loaded');
  }
}

/**
 * After a restart: runs now the sources whose last success is older than one schedule period (a slot
 * was missed while the tool was down) or that never succeeded (e.g. newly added to the config).
 */
export async function catchUp(scheduler: Scheduler, sources: ConfiguredSource[], db: Db, log: Logger): Promise<string[]> {
  const last = new Map(sourceStatuses(db).map((s) => [s.name, s.lastSuccess?.finishedAt ?? null]));
  const overdue = overdueSources(sources, (unit) => last.get(unit) ?? null);
  if (overdue.length) log.info(`catching up: ${overdue.map((s) => s.id).join(', ')} missed a scheduled run or never loaded; running now`);
  for (const s of overdue) await scheduler.run(s.id, 'startup');
  return overdue.map((s) => s.id);
}

export function registerStart(program: Command): void {
  serverOptions(program.command('start').description('serve the API and web pages and run the ingest scheduler (first start: load every source now)'))
    .option('--config <file>', 'config file listing the sources (env LMI_CONFIG)', configPath())
    .option('--no-schedule', 'serve only: no scheduled or first-start ingests (env LMI_NO_SCHEDULE=1)')
    .addHelpText(
      'after',
      `
First start (empty database): every enabled source of the config runs once, one after another, while
the site already serves; follow it on the Sources page, GET /api/sources or \`lmi status\`. A source
that cannot be reached is named, with the command that loads a downloaded file instead.
Later starts run at once only the sources that missed a scheduled run or never loaded.
Environment: LMI_ADMIN_TOKEN (enables the admin API), LMI_RATE_LIMIT / LMI_ADMIN_RATE_LIMIT,
LMI_TRUST_PROXY, LMI_INGEST_NICE. Details: docs/operations.md.`,
    )
    .action(async (opts: { port: string; host: string; db: string; config: string; schedule: boolean }) => {
      const log = createLogger('start');
      const schedule = opts.schedule && process.env.LMI_NO_SCHEDULE !== '1';
      ensureDatabase(opts.db);
      let sources: ConfiguredSource[] = [];
      if (existsSync(opts.config)) {
        const configured = configuredSources(loadConfig(opts.config));
        sources = configured.sources;
        for (const p of configured.problems) log.warn(`config: ${p}`);
      } else {
        log.warn(`no config file at ${opts.config}: no source is scheduled (see docs/operations.md)`);
      }
      // Runs (scheduled, first start, admin API) are child processes that write; this process only reads.
      const scheduler = new Scheduler(sources, childProcessRunner({ dbPath: opts.db, log }), createLogger('scheduler'));
      const { startServer } = await import('../../server/index.js');
      const running = await startServer({
        dbPath: opts.db,
        port: parsePort(opts.port),
        host: opts.host,
        onIngestRequest: (id) => scheduler.request(id),
        expectedSources: sources.flatMap((s) => s.units.map((u) => u.source)),
      });
      console.log(`lmi: serving ${opts.db} at ${running.url}/ (API at ${running.url}/api)`);
      exitOnSignal(() => scheduler.stop().then(() => running.close()));
      if (!schedule) {
        log.info('scheduling is off (--no-schedule / LMI_NO_SCHEDULE=1): run `lmi ingest all` to refresh');
        return;
      }
      scheduler.start();
      if (!sources.length) return;
      if (isFirstStart(running.db)) await firstLoad(scheduler, sources, running.db, log);
      else await catchUp(scheduler, sources, running.db, log);
    });
}
