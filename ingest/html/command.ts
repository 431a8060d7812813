/** `lmi ingest html <id> [--from page.html]`: one configured table of a web page. */
import { Command } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { configEntry } from '../national/cli.js';
import { datasetSourceName } from '../../data/series.js';
import { htmlSourceType } from './source-type.js';

export function htmlIngestCommand(): Command {
  return new Command('html')
    .description('load a table from a statistics web page (configured by URL and CSS selectors) into the series store')
    .argument('<id>', 'id of a "type": "html" entry in the config file')
    .option('--from <file>', 'parse a saved copy of the page instead of fetching its URL')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
The entry names the table selector and the header texts the page must show; when the page changes
(selector finds nothing, other headers, a non-number where a figure should be) the run fails with
exit code 5 and the data loaded before stays. See docs/national.md for a worked example.`,
    )
    .action(async (id: string, opts: { from?: string; db: string }) => {
      const o = htmlSourceType.optionsFor(id, configEntry(id, 'html'));
      // The reader (HTTP client, cheerio) loads only when the command runs, not for every `lmi`.
      const { ingestHtml } = await import('./source.js');
      await runSourceFromCli(datasetSourceName('html', o.dataset), (ctx) => ingestHtml(o, ctx, opts.from), { dbPath: opts.db });
    });
}
