/**
 * `lmi schedule`: the scheduler in the foreground (no server): every enabled source of the config
 * file runs on its cron schedule, each run in its own `lmi ingest all --only ID` process.
 */
import type { Command } from 'commander';
import { openReadOnly } from '../../data/db.js';
import { loadConfig } from '../../ingest/core/config.js';
import { IngestError } from '../../data/errors.js';
import { createLogger } from '../../ingest/core/log.js';
import { configuredSources } from '../../ingest/core/configured.js';
import { childProcessRunner } from '../../ingest/core/runners.js';
import { Scheduler } from '../../ingest/core/scheduler.js';
import { ensureDatabase, exitOnSignal } from './serve.js';
import { catchUp } from './start.js';
import { configOption, dbOption } from './options.js';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('run the ingest scheduler in the foreground: each configured source on its cron schedule (Ctrl-C stops)')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--run-now', 'also run every source once at start (by default only those that missed a run)')
    .addHelpText(
      'after',
      `
Schedules come from each source's "schedule" in the config file (node-cron syntax, with seconds
optional), else its type's default; "timezone" (IANA) else the type's default, else LMI_TZ.
A source never runs twice at once; a run still going when its next time comes is skipped.`,
    )
    .action(async (opts: { config: string; db: string; runNow?: boolean }) => {
      const log = createLogger('scheduler');
      const { sources, problems } = configuredSources(loadConfig(opts.config));
      for (const p of problems) log.warn(p);
      if (!sources.length) throw new IngestError('input', `no enabled source in ${opts.config}: nothing to schedule`);
      ensureDatabase(opts.db);
      const scheduler = new Scheduler(sources, childProcessRunner({ dbPath: opts.db, log }), log);
      scheduler.start();
      exitOnSignal(() => {
        log.info('stopping: runs in progress finish first');
        return scheduler.stop().then(() => scheduler.idle());
      });
      if (opts.runNow) {
        for (const s of sources) await scheduler.run(s.id, 'cli');
        return;
      }
      const db = openReadOnly(opts.db);
      try {
        await catchUp(scheduler, sources, db, log);
      } finally {
        db.close();
      }
    });
}
