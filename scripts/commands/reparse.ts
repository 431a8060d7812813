/**
 * `lmi reparse SOURCE`: rebuilds a source's tables from the raw payload cache (data/raw) with no
 * network: every request is answered from the cache, and a request that is not cached fails the run
 * (kind not_cached) with the data loaded before untouched.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../ingest/core/config.js';
import { remedies } from '../../data/errors.js';
import { configuredSources, selectSources } from '../../ingest/core/configured.js';
import { inProcessRunner } from '../../ingest/core/runners.js';
import { formatCounts } from '../../ingest/core/source.js';
import { runAndReport } from './run-report.js';
import { configOption, dbOption } from './options.js';

export function registerReparse(program: Command): void {
  program
    .command('reparse')
    .description('rebuild the tables of a configured source from the raw payload cache, without network')
    .argument('<source...>', 'config id(s) or unit name(s), e.g. esco or eurostat:une_rt_a')
    .addOption(configOption())
    .addOption(dbOption())
    .addHelpText('after', '\nThe cache lives in data/raw (env LMI_RAW_DIR); every networked ingest fills it.')
    .action(async (names: string[], opts: { config: string; db: string }) => {
      const config = loadConfig(opts.config);
      const { sources } = configuredSources(config);
      const selected = selectSources(sources, names);
      const run = inProcessRunner({ dbPath: opts.db, cacheMode: 'only', rawCache: config.rawCache });
      process.exitCode = await runAndReport(selected, run, 'reparse', (u) => {
        if (u.ok && u.result) return `${u.source}: reparsed from the cache: ${formatCounts(u.result.counts)}`;
        if (u.error) return `${u.source}: FAILED (${u.error.kind}): ${u.error.message}\n  -> ${remedies[u.error.kind]}`;
        return undefined;
      });
    });
}
