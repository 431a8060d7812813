/** `lmi ingest nomis <id>`: one configured Nomis query. */
import { Command } from 'commander';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { configEntry } from '../national/cli.js';
import { ingestNomis, nomisOptionsFor, nomisUnitName } from './source.js';

export function nomisIngestCommand(): Command {
  return new Command('nomis')
    .description('load a UK Nomis dataset query (claimant count, annual population survey, …) into the series store, paging past the 25,000-row limit')
    .argument('<id>', 'id of a "type": "nomis" entry in the config file')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Config entry (lmi.config.json), e.g. the claimant count for the English regions, last 12 months:
  "uk-claimants": { "type": "nomis", "table": "NM_162_1",
    "params": { "geography": "TYPE480", "date": "latestMINUS11-latest", "gender": "0", "age": "0", "measure": "1", "measures": "20100" } }
Environment: LMI_NOMIS_URL overrides https://www.nomisweb.co.uk (an entry's "baseUrl" overrides both).`,
    )
    .action(async (id: string, opts: { db: string }) => {
      const o = nomisOptionsFor(id, configEntry(id, 'nomis'));
      await runSourceFromCli(nomisUnitName(o.dataset), (ctx) => ingestNomis(o, ctx), { dbPath: opts.db });
    });
}
