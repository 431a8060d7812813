/** One ESCO ingest from the web-service API: walk it, parse the answers, load them like the CSV. */
import type { IngestContext } from '../core/source.js';
import type { LoadSummary } from '../../data/sources.js';
import { loadEsco } from '../esco/load.js';
import { fetchEscoApi, type EscoApiOptions } from './fetch.js';
import { DEFAULT_ESCO_API_URL } from './source-type.js';
import { parseEscoApi } from './parse.js';

export async function ingestEscoApi(ctx: IngestContext, opts: EscoApiOptions = {}): Promise<LoadSummary> {
  const baseUrl = opts.baseUrl ?? process.env.LMI_ESCO_API_URL ?? DEFAULT_ESCO_API_URL;
  const log = opts.log ?? ctx.log;
  log.info(`walking the ESCO API at ${baseUrl} (selectedVersion ${opts.version ?? 'default'}, languages ${(opts.languages ?? ['en']).join(',')})`);
  const walk = await fetchEscoApi({ ...opts, baseUrl, log });
  log.info(`fetched ${walk.iscoGroups.length} ISCO groups, ${walk.occupations.length} occupations, ${walk.skillGroups.length} skill groups, ${walk.skills.length} skills`);
  const parsed = parseEscoApi(walk);
  return loadEsco(ctx.db, parsed, { log, upstreamUrl: baseUrl });
}
