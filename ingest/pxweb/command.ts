/** `lmi ingest pxweb`: one configured PX-Web table, or a saved JSON-stat 2.0 answer. */
import { Command } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { IngestError } from '../../data/errors.js';
import { checkDatasetId, configEntry } from '../national/cli.js';
import { datasetSourceName } from '../../data/series.js';
import { pxwebSourceType } from './source-type.js';

interface PxwebCliOptions {
  from?: string;
  dataset?: string;
  title?: string;
  db: string;
}

export function pxwebIngestCommand(): Command {
  return new Command('pxweb')
    .description('load a PX-Web statistics table (SSB, SCB, Statistics Finland, SiStat, DZS, Greenland…) into the series store')
    .argument('[id]', 'id of a "type": "pxweb" entry in the config file (its dataset id unless it sets "dataset")')
    .option('--from <file>', 'load a saved JSON-stat 2.0 answer, gzip or not (the body a PX-Web POST with "format": "json-stat2" returns) instead of fetching')
    .option('--dataset <id>', 'dataset id for --from, as the API will serve it (e.g. ssb-07221)')
    .option('--title <text>', 'dataset title for --from (default: the answer\'s own label)')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Examples:
  lmi ingest pxweb ssb-07221                       fetch the table configured as "ssb-07221" in lmi.config.json
  lmi ingest pxweb --from 07221.json --dataset ssb-07221
Then: GET /api/series?dataset=ssb-07221 serves every cell with its status symbol ('..', '-').`,
    )
    .action(async (id: string | undefined, opts: PxwebCliOptions) => {
      // The reader (HTTP client, JSON-stat decoder) loads only when the command runs, not for every `lmi`.
      const { ingestPxweb, ingestPxwebFile } = await import('./source.js');
      if (opts.from) {
        if (id) throw new IngestError('input', 'give either a config id or --from FILE, not both');
        if (!opts.dataset) throw new IngestError('input', '--from needs --dataset <id> (the id the API will serve it under)');
        const from = opts.from;
        const dataset = checkDatasetId(opts.dataset);
        await runSourceFromCli(datasetSourceName('pxweb', dataset), (ctx) => ingestPxwebFile(from, dataset, ctx, { title: opts.title }), { dbPath: opts.db });
        return;
      }
      if (!id) throw new IngestError('input', 'give the id of a pxweb entry in the config file, or --from FILE --dataset ID');
      const o = pxwebSourceType.optionsFor(id, configEntry(id, 'pxweb'));
      await runSourceFromCli(datasetSourceName('pxweb', o.dataset), (ctx) => ingestPxweb(o, ctx), { dbPath: opts.db });
    });
}
