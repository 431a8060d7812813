/** `lmi ingest onet --from DIR`. */
import { Command } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';

export function onetIngestCommand(): Command {
  return new Command('onet')
    .description('load the US O*NET occupations (titles, descriptions, RIASEC interests) from the O*NET database text files')
    .requiredOption('--from <dir>', "folder of the unzipped O*NET text download, holding 'Occupation Data.txt' (and 'Interests.txt', loaded when present)")
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Example:
  lmi ingest onet --from ../shared/fixtures/national/us-onet
Then: GET /api/onet/occupations?q=software and /api/onet/occupations/15-1252.00`,
    )
    .action(async (opts: { from: string; db: string }) => {
      const { ingestOnet } = await import('./source.js');
      await runSourceFromCli('onet', (ctx) => ingestOnet({ from: opts.from }, ctx), { dbPath: opts.db });
    });
}
