/** `lmi ingest esco-api [--version v1.1.1] [--lang en,fr]`. */
import { Command, InvalidArgumentError } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { parseLanguageList } from '../esco/cli.js';
import { DEFAULT_ESCO_API_URL, DEFAULT_ESCO_API_VERSION } from './source-type.js';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

export function escoApiIngestCommand(): Command {
  return new Command('esco-api')
    .description('load the ESCO classification from the ESCO web-service API (walks the ISCO tree and the skills hierarchy; same tables as `lmi ingest esco`)')
    .option('--version <v>', 'pinned ESCO version (selectedVersion), e.g. v1.1.1', DEFAULT_ESCO_API_VERSION)
    .option('--lang <codes>', 'comma-separated languages to keep, e.g. en,fr (the first is asked for)', 'en')
    .option('--concurrency <n>', 'requests in flight at once', positiveInt, 4)
    .option('--rate <n>', 'at most this many requests started per second', positiveInt, 10)
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Environment:
  LMI_ESCO_API_URL  the API's base URL (default ${DEFAULT_ESCO_API_URL})

Example:
  lmi ingest esco-api --version v1.1.1 --lang en,fr

The whole classification is some 17,000 resources: at the default 10 requests a second a run takes
about half an hour. All ESCO data is replaced in one transaction; a failed run leaves it as it was.`,
    )
    .action(async (opts: { version: string; lang: string; concurrency: number; rate: number; db: string }) => {
      const languages = parseLanguageList(opts.lang) ?? ['en'];
      const { ingestEscoApi } = await import('./ingest.js');
      await runSourceFromCli(
        'esco',
        (ctx) => ingestEscoApi(ctx, { version: opts.version, languages, concurrency: opts.concurrency, minIntervalMs: Math.ceil(1000 / opts.rate) }),
        { dbPath: opts.db },
      );
    });
}
