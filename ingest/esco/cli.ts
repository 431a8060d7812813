/** `lmi ingest esco --from PATH [--lang en,fr]`. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { runSourceFromCli } from '../core/cli-run.js';
import { defaultDbPath } from '../../data/db.js';

/** '--lang en,fr' -> ['en', 'fr']; empty means all languages. */
export function parseLanguageList(value: string | undefined): string[] | undefined {
  const langs = (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return langs.length ? langs : undefined;
}

export function escoIngestCommand(): Command {
  return new Command('esco')
    .description('load the ESCO classification (occupations, ISCO groups, skills, relations) from the official ESCO CSV download')
    .requiredOption('--from <path...>', 'the ESCO CSV download: its folder (subfolders such as en/ and relations/ are searched), the .zip, or a URL of the .zip; several when it comes in parts (a language zip and the relations zip)')
    .option('--lang <codes>', 'comma-separated languages to load, e.g. en,fr (default: every language in the download)')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Example:
  lmi ingest esco --from ../shared/fixtures/esco/v1.1.1
  lmi ingest esco --from "ESCO dataset - v1.2.0 - classification - en - csv.zip" --lang en
  lmi ingest esco --from "ESCO dataset - v1.1.1 - classification - en - csv.zip" "ESCO dataset - v1.1.1 - classification -  - csv.zip"

All ESCO data is replaced in one transaction: if the run fails (a missing file, a wrong column),
the ESCO data loaded before stays. Exit codes: 2 bad input, 3 another run in progress, 5 file format.`,
    )
    .action(async (opts: { from: string[]; lang?: string; db: string }) => {
      const from = opts.from.map((f) => (/^https?:\/\//i.test(f) ? f : resolve(f)));
      // The reader (zip, CSV parser) loads only when the command runs, not for every `lmi`.
      const { ingestEscoCsv } = await import('./ingest.js');
      await runSourceFromCli('esco', (ctx) => ingestEscoCsv(ctx, { from, languages: parseLanguageList(opts.lang) }), { dbPath: opts.db });
    });
}
