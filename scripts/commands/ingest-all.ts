/**
 * `lmi ingest all`: runs every enabled source of the config file once (or those named with --only),
 * one after another, each unit under its own run record and lock. The scheduler runs sources through
 * this command too (`--only ID --trigger schedule`), in a child process.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../ingest/core/config.js';
import { IngestError, remedies, type IngestErrorKind } from '../../data/errors.js';
import { offlineCommand } from '../../ingest/core/offline.js';
import { configuredSources, selectSources, type ConfiguredSource } from '../../ingest/core/configured.js';
import { inProcessRunner } from '../../ingest/core/runners.js';
import { formatCounts, type RunTrigger } from '../../ingest/core/source.js';
import { runAndReport } from './run-report.js';
import { configOption, dbOption } from './options.js';

/** What to do about a failure: for an unreachable upstream, the source type's own offline command. */
function advice(kind: IngestErrorKind, source: ConfiguredSource): string {
  if (kind !== 'connection') return remedies[kind];
  return `the upstream could not be reached: check the network (or proxy); to load a downloaded file instead, ${offlineCommand(source.type.type, source.id)}`;
}

const triggers: RunTrigger[] = ['cli', 'schedule', 'api', 'startup'];

export function registerIngestAll(program: Command): void {
  const ingest = program.commands.find((c) => c.name() === 'ingest');
  if (!ingest) throw new Error('register the ingest command before `ingest all`');
  ingest
    .command('all')
    .description('run every enabled source of the config file once, one after another (exit code: the first failure\'s)')
    .option('--only <ids...>', 'only these config ids or unit names (e.g. esco eurostat:une_rt_a)')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--trigger <kind>', 'what started the run, recorded in the run log (cli | schedule | api | startup)', 'cli')
    .action(async (opts: { only?: string[]; config: string; db: string; trigger: string }) => {
      if (!triggers.includes(opts.trigger as RunTrigger)) throw new IngestError('input', `--trigger must be one of ${triggers.join(', ')}`);
      const config = loadConfig(opts.config);
      const { sources, problems } = configuredSources(config);
      for (const p of problems) console.error(`lmi: ${p}`);
      const selected = selectSources(sources, opts.only ?? []);
      if (!selected.length) {
        console.log(`lmi: no enabled source in ${opts.config}`);
        if (problems.length) process.exitCode = 2;
        return;
      }
      const run = inProcessRunner({ dbPath: opts.db, rawCache: config.rawCache });
      process.exitCode = await runAndReport(
        selected,
        run,
        opts.trigger as RunTrigger,
        (u, source) => {
          if (u.ok && u.result) return `${u.source}: ${u.result.outcome} in ${u.result.seconds.toFixed(1)} s: ${formatCounts(u.result.counts)}`;
          // the message itself was logged when the run failed; the advice is given once per source
          if (u.error?.message.startsWith('not tried:')) return `${u.source}: not tried (${u.error.kind})`;
          if (u.error) return `${u.source}: FAILED (${u.error.kind}) -> ${advice(u.error.kind, source)}`;
          return undefined;
        },
        problems.length && !opts.only ? 2 : 0,
      );
    });
}
