/**
 * `lmi cache prune [--dry-run]`: keeps the raw payload cache (data/raw) within the config file's
 * rawCache limits; every ingest command also prunes after its runs.
 */
import { Command, InvalidArgumentError } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { configPath } from '../../ingest/core/config.js';
import { configuredPolicy, describePlan, mb, pruneRawCache, type PrunePlan } from '../../ingest/core/cache-prune.js';
import { rawDir } from '../../ingest/core/rawcache.js';

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

const reasons: Record<PrunePlan['remove'][number]['reason'], string> = {
  age: 'unused too long',
  size: 'over the size limit',
  leftover: 'interrupted write',
};

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('look after the raw payload cache (data/raw, env LMI_RAW_DIR)');
  cache
    .command('prune')
    .description('remove raw cache entries unused for too long, then the least recently used over the size limit; never those the loaded data came from')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--max-age-days <n>', 'remove entries not downloaded or confirmed for this many days (default: rawCache.maxAgeDays in the config, else 90)', positive('--max-age-days'))
    .option('--max-size-mb <n>', 'then trim the cache to this size (default: rawCache.maxSizeMb in the config, else 2048)', positive('--max-size-mb'))
    .option('--config <file>', 'config file (env LMI_CONFIG)', configPath())
    .option('--db <path>', 'database file whose loaded data is kept (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Config (lmi.config.json):  "rawCache": { "maxAgeDays": 90, "maxSizeMb": 2048 }
An entry's age counts from its last download or last 304 "not modified". Entries the data in the
database was read from are always kept, so \`lmi reparse\` keeps working. Every ingest command prunes
after its runs with the config's limits.`,
    )
    .action((opts: { dryRun?: boolean; maxAgeDays?: number; maxSizeMb?: number; config: string; db: string }) => {
      const configured = configuredPolicy(opts.config);
      const policy = { maxAgeDays: opts.maxAgeDays ?? configured.maxAgeDays, maxSizeMb: opts.maxSizeMb ?? configured.maxSizeMb };
      const plan = pruneRawCache({ dbPath: opts.db, policy, dryRun: opts.dryRun });
      for (const r of plan.remove) {
        console.log(`${opts.dryRun ? 'would remove' : 'removed'} ${r.url ?? r.files.join(', ')} (${mb(r.bytes)}, last used ${r.lastUsed.toISOString()}: ${reasons[r.reason]})`);
      }
      if (plan.held) console.log(`age and size limits not applied: ${plan.held}`);
      console.log(`${rawDir()}: ${describePlan(plan, opts.dryRun ?? false)} (limits: ${policy.maxAgeDays} days, ${policy.maxSizeMb} MB)`);
    });
}
