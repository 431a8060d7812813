/**
 * Reading ESCO from a SPARQL endpoint (I/O) with sparql-http-client. ESCO publishes no public
 * SPARQL endpoint: its documentation suggests loading the RDF dump into a store (ESCO itself uses
 * Apache Jena Fuseki), so the endpoint URL is given by the user (`--sparql URL` or LMI_ESCO_SPARQL_URL).
 *
 * One CONSTRUCT query per class (ISCO groups, occupations, skill groups, skills), paged over the
 * class's subjects (ORDER BY, LIMIT/OFFSET) so no answer is huge. Each query flattens what the
 * collector needs into plain triples: description nodes become language-tagged literals
 * (STRLANG(esco:nodeLiteral, esco:language)), and association objects become
 * esco:relatedEssentialSkill / esco:relatedOptionalSkill. The answers go through the same collector
 * as the RDF dump, so both give the same ParsedEsco.
 *
 * Requests go through ingest/core/http.ts (retries, timeouts, typed errors) via the client's
 * `fetch` option.
 */
import { Readable } from 'node:stream';
import { StreamClient, type FetchLike } from 'sparql-http-client';
import { IngestError } from '../../data/errors.js';
import { httpRequest } from '../core/http.js';
import type { Logger } from '../core/log.js';
import { EscoGraphCollector } from './graph.js';
import { CLASSES, P, type QuadLike } from './vocabulary.js';

export interface EscoSparqlOptions {
  /** The endpoint; default LMI_ESCO_SPARQL_URL. */
  endpointUrl?: string;
  languages?: string[];
  /** Subjects per query (default 2,000). */
  pageSize?: number;
  log?: Logger;
}

/** sparql-http-client's fetch, answered by httpRequest (which throws IngestErrors on failure). */
const fetchViaHttpRequest: FetchLike = async (url, init) => {
  const headers: Record<string, string> = {};
  init?.headers?.forEach((v, k) => {
    headers[k] = v;
  });
  if ((init?.method ?? 'GET').toUpperCase() !== 'GET') {
    throw new IngestError('internal', 'the SPARQL reader only sends GET queries');
  }
  const res = await httpRequest({ url: String(url), headers, expect: 'text' });
  return {
    ok: res.status >= 200 && res.status < 300,
    status: res.status,
    statusText: String(res.status),
    headers: new Headers(res.headers),
    body: Readable.from(res.body),
    text: async () => res.body.toString('utf8'),
    json: async () => JSON.parse(res.body.toString('utf8')) as unknown,
  };
};

const sparqlString = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** The CONSTRUCT query for one page of one class's subjects. */
export function constructQuery(classIri: string, languages: string[], limit: number, offset: number): string {
  const direct = [P.type, P.prefLabel, P.altLabel, P.hiddenLabel, P.notation, P.broader, P.status, P.modified, P.regulatedProfessionNote, P.skillType, P.skillReuseLevel, P.relatedEssentialSkill, P.relatedOptionalSkill, P.description, P.definition, P.scopeNote];
  const langFilter = languages.length ? `lang(?o) IN (${languages.map(sparqlString).join(', ')})` : 'true';
  const noteLangFilter = languages.length ? `STR(?l) IN (${languages.map(sparqlString).join(', ')})` : 'true';
  return `CONSTRUCT { ?s ?p ?o }
WHERE {
  { SELECT ?s WHERE { ?s a <${classIri}> } ORDER BY ?s LIMIT ${limit} OFFSET ${offset} }
  {
    ?s ?p ?o .
    FILTER (?p IN (${direct.map((p) => `<${p}>`).join(', ')}))
    FILTER (!isBlank(?o) && (!isLiteral(?o) || lang(?o) = "" || ${langFilter}))
  } UNION {
    ?s ?p ?n .
    FILTER (?p IN (<${P.description}>, <${P.definition}>, <${P.scopeNote}>))
    ?n <${P.nodeLiteral}> ?lit ; <${P.language}> ?l .
    FILTER (${noteLangFilter})
    BIND (STRLANG(STR(?lit), STR(?l)) AS ?o)
  } UNION {
    ?r <${P.isRelationshipFor}> ?s ; <${P.refersConcept}> ?o ; <${P.hasRelationshipType}> ?t .
    BIND (IF(CONTAINS(LCASE(STR(?t)), "optional"), <${P.relatedOptionalSkill}>, <${P.relatedEssentialSkill}>) AS ?p)
  }
}`;
}

/** The SPARQL endpoint a run reads: the one given, else LMI_ESCO_SPARQL_URL (the one place that reads it). */
export function sparqlEndpoint(given?: string): string | undefined {
  return given ?? process.env.LMI_ESCO_SPARQL_URL;
}

export async function fetchEscoSparql(opts: EscoSparqlOptions = {}): Promise<EscoGraphCollector> {
  const endpointUrl = sparqlEndpoint(opts.endpointUrl);
  if (!endpointUrl) {
    throw new IngestError('input', 'no SPARQL endpoint given: pass --sparql URL or set LMI_ESCO_SPARQL_URL (ESCO publishes none; load its RDF dump into a store such as Apache Jena Fuseki)');
  }
  if (!/^https?:\/\//i.test(endpointUrl)) throw new IngestError('input', `the SPARQL endpoint must be an http(s) URL, not ${endpointUrl}`);
  const languages = opts.languages ?? [];
  const pageSize = Math.max(1, opts.pageSize ?? 2000);
  const client = new StreamClient({ endpointUrl, fetch: fetchViaHttpRequest });
  const collector = new EscoGraphCollector({ languages });

  for (const [name, classIri] of Object.entries(CLASSES)) {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += pageSize) {
      const stream = client.query.construct(constructQuery(classIri, languages, pageSize, offset), { operation: 'get' });
      const subjects = new Set<string>();
      try {
        for await (const quad of stream as AsyncIterable<QuadLike>) {
          collector.add(quad);
          if (quad.predicate.value === P.type && quad.object.value === classIri) subjects.add(quad.subject.value);
        }
      } catch (err) {
        if (err instanceof IngestError) throw err;
        throw new IngestError('invalid', `${endpointUrl}: the CONSTRUCT answer for ${name} (offset ${offset}) is not valid RDF (${(err as Error).message})`, { cause: err });
      }
      const before = seen.size;
      for (const s of subjects) seen.add(s);
      opts.log?.progress(`SPARQL ${name}`, seen.size);
      // A short page is the last one; a page with nothing new means the endpoint ignores OFFSET.
      if (subjects.size < pageSize) break;
      if (seen.size === before) {
        opts.log?.warn(`${endpointUrl}: the ${name} page at offset ${offset} repeats earlier subjects (is OFFSET ignored?): stopping there`);
        break;
      }
    }
  }
  if (collector.counts().occupation === 0) throw new IngestError('empty', `${endpointUrl}: no ${CLASSES.occupation} found`);
  return collector;
}
