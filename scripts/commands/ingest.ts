/**
 * `lmi ingest <source>`: one subcommand per upstream source, each defined next to its source module.
 */
import { Command } from 'commander';
import { escoIngestCommand } from '../../ingest/esco/cli.js';
import { escoApiIngestCommand } from '../../ingest/esco-api/cli.js';
import { escoRdfIngestCommand } from '../../ingest/esco-rdf/cli.js';
import { eurostatCodelistsCommand, eurostatIngestCommand } from '../../ingest/eurostat/cli.js';
import { htmlIngestCommand } from '../../ingest/html/command.js';
import { nomisIngestCommand } from '../../ingest/nomis/command.js';
import { onetIngestCommand } from '../../ingest/onet/command.js';
import { pxwebIngestCommand } from '../../ingest/pxweb/command.js';

export function registerIngest(program: Command): void {
  const ingest = program
    .command('ingest')
    .description('load data from an upstream source (or a downloaded file) into the database')
    .addHelpText('after', '\nEach run is recorded (see `lmi status`); a failed run leaves the data loaded before unchanged.');
  ingest.addCommand(escoIngestCommand());
  ingest.addCommand(escoApiIngestCommand());
  ingest.addCommand(escoRdfIngestCommand());
  ingest.addCommand(eurostatIngestCommand());
  ingest.addCommand(eurostatCodelistsCommand());
  ingest.addCommand(pxwebIngestCommand());
  ingest.addCommand(nomisIngestCommand());
  ingest.addCommand(htmlIngestCommand());
  ingest.addCommand(onetIngestCommand());
}
