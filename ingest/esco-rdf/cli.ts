/** `lmi ingest esco-rdf --file DUMP.ttl | --sparql URL [--lang en,fr] [--version v1.1.1]`. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { defaultDbPath } from '../../data/db.js';
import { exitCodes } from '../../data/errors.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { positiveInt } from '../esco-api/cli.js';
import { parseLanguageList } from '../esco/cli.js';

export function escoRdfIngestCommand(): Command {
  const cmd = new Command('esco-rdf');
  return cmd
    .description('load the ESCO classification from its RDF dump (Turtle, N-Triples or RDF/XML, streamed) or from a SPARQL endpoint holding it (same tables as `lmi ingest esco`)')
    .option('--file <path>', 'the ESCO RDF dump: .ttl, .nt, .nq, .trig or .rdf (RDF/XML), optionally .gz')
    .option('--sparql <url>', 'a SPARQL endpoint holding ESCO (env LMI_ESCO_SPARQL_URL), e.g. a Fuseki dataset\'s /sparql')
    .option('--lang <codes>', 'comma-separated languages to keep, e.g. en,fr (default: every language in the data)')
    .option('--version <v>', 'ESCO version to record (default: from the file name, e.g. esco-v1.1.1.ttl)')
    .option('--page-size <n>', 'subjects per SPARQL query', positiveInt, 2000)
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Examples:
  lmi ingest esco-rdf --file esco-v1.1.1.ttl --lang en
  lmi ingest esco-rdf --sparql http://localhost:3030/esco/sparql --lang en,fr --version v1.1.1

All ESCO data is replaced in one transaction; a failed run leaves it as it was.`,
    )
    .action(async (opts: { file?: string; sparql?: string; lang?: string; version?: string; pageSize: number; db: string }) => {
      // Usage errors are printed by commander with the input exit code (no run is recorded for them).
      if (opts.file && opts.sparql) cmd.error('error: give either --file or --sparql, not both', { exitCode: exitCodes.input });
      // The SPARQL client loads only for an endpoint, the RDF readers only when the run starts.
      const sparql = opts.file ? undefined : (await import('./sparql.js')).sparqlEndpoint(opts.sparql);
      if (!opts.file && !sparql) cmd.error('error: give --file DUMP.ttl or --sparql URL (or set LMI_ESCO_SPARQL_URL)', { exitCode: exitCodes.input });
      const { ingestEscoRdf } = await import('./ingest.js');
      await runSourceFromCli(
        'esco',
        (ctx) => ingestEscoRdf(ctx, { file: opts.file ? resolve(opts.file) : undefined, sparql, languages: parseLanguageList(opts.lang), version: opts.version, pageSize: opts.pageSize }),
        { dbPath: opts.db },
      );
    });
}
