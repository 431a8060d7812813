/** `lmi ingest nomis`: one configured Nomis query, or saved answers of the data API. */
import { Command } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { IngestError } from '../../data/errors.js';
import { checkDatasetId, configEntry } from '../national/cli.js';
import { datasetSourceName } from '../../data/series.js';
import { nomisSourceType } from './source-type.js';

interface NomisCliOptions {
  from?: string[];
  dataset?: string;
  title?: string;
  db: string;
}

export function nomisIngestCommand(): Command {
  return new Command('nomis')
    .description('load a UK Nomis dataset query (claimant count, annual population survey, …) into the series store, paging past the 25,000-row limit')
    .argument('[id]', 'id of a "type": "nomis" entry in the config file (its dataset id unless it sets "dataset")')
    .option('--from <files...>', 'load saved answers of the data API (…/NM_….data.csv, every page of a query over 25,000 rows) instead of fetching')
    .option('--dataset <id>', 'dataset id for --from without a config id, as the API will serve it (e.g. uk-claimants)')
    .option('--title <text>', 'dataset title for --from without a config id (default: "Nomis <table>", the table read from the rows\' URN)')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Config entry (lmi.config.json), e.g. the claimant count for the English regions, last 12 months:
  "uk-claimants": { "type": "nomis", "table": "NM_162_1",
    "params": { "geography": "TYPE480", "date": "latestMINUS11-latest", "gender": "0", "age": "0", "measure": "1", "measures": "20100" } }
Environment: LMI_NOMIS_URL overrides https://www.nomisweb.co.uk (an entry's "baseUrl" overrides both).

Examples:
  lmi ingest nomis uk-claimants                            fetch the query configured as "uk-claimants"
  lmi ingest nomis uk-claimants --from NM_162_1.data.csv   the same entry, from a saved answer
  lmi ingest nomis --from NM_162_1.data.csv --dataset uk-claimants
Then: GET /api/series?dataset=uk-claimants serves every cell with its status ('Q' missing, '|T' confidential).`,
    )
    .action(async (id: string | undefined, opts: NomisCliOptions) => {
      // The reader (HTTP client, CSV parser) loads only when the command runs, not for every `lmi`.
      const { ingestNomis, ingestNomisFiles } = await import('./source.js');
      const from = opts.from;
      if (from) {
        if (id && (opts.dataset || opts.title)) throw new IngestError('input', '--dataset and --title are for --from without a config id (the entry names its dataset and title)');
        if (!id && !opts.dataset) throw new IngestError('input', '--from needs a config id or --dataset <id> (the id the API will serve it under)');
        const target = id ? nomisSourceType.optionsFor(id, configEntry(id, 'nomis')) : { dataset: checkDatasetId(opts.dataset!), title: opts.title };
        await runSourceFromCli(datasetSourceName('nomis', target.dataset), (ctx) => ingestNomisFiles(from, target, ctx), { dbPath: opts.db });
        return;
      }
      if (!id) throw new IngestError('input', 'give the id of a nomis entry in the config file, or --from FILE --dataset ID');
      const o = nomisSourceType.optionsFor(id, configEntry(id, 'nomis'));
      await runSourceFromCli(datasetSourceName('nomis', o.dataset), (ctx) => ingestNomis(o, ctx), { dbPath: opts.db });
    });
}
