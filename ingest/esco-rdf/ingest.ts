/** One ESCO ingest from a local RDF dump or a SPARQL endpoint: collect the triples, load like the CSV. */
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import { loadEsco } from '../esco/load.js';
import { readRdfDump, versionFromFileName } from './dump.js';
import { fetchEscoSparql, sparqlEndpoint } from './sparql.js';

export interface EscoRdfOptions {
  /** A local dump: .ttl, .nt, .nq or .trig, optionally .gz. */
  file?: string;
  /** A SPARQL endpoint URL (default LMI_ESCO_SPARQL_URL when no file is given). */
  sparql?: string;
  /** Languages to keep; default every language in the data. */
  languages?: string[];
  /** ESCO version recorded in `sources`; default from the file name (…v1.1.1…). */
  version?: string;
  /** Subjects per SPARQL query. */
  pageSize?: number;
}

export async function ingestEscoRdf(ctx: IngestContext, opts: EscoRdfOptions): Promise<LoadSummary> {
  const started = Date.now();
  const collector = opts.file
    ? await readRdfDump(opts.file, { languages: opts.languages, log: ctx.log })
    : await fetchEscoSparql({ endpointUrl: opts.sparql, languages: opts.languages, pageSize: opts.pageSize, log: ctx.log });
  const c = collector.counts();
  ctx.log.info(
    `read ${collector.triples.toLocaleString('en')} triples in ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.isco} ISCO groups, ${c.occupation} occupations, ${c.skillGroup} skill groups, ${c.skill} skills`,
  );
  const version = opts.version ?? (opts.file ? versionFromFileName(opts.file) : null);
  const parsed = collector.build(version);
  return loadEsco(ctx.db, parsed, { log: ctx.log, upstreamUrl: opts.file ?? sparqlEndpoint(opts.sparql) ?? null });
}
