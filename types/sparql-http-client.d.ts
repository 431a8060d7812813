/**
 * The part of sparql-http-client 3 (ESM, ships no types) this tool uses: the stream client's
 * CONSTRUCT query, with a caller-supplied fetch so requests go through ingest/core/http.ts.
 */
declare module 'sparql-http-client' {
  import type { Readable } from 'node:stream';

  /** The subset of the fetch Response the client reads. */
  export interface FetchResponseLike {
    ok: boolean;
    status: number;
    statusText: string;
    headers: Headers;
    body: Readable;
    text(): Promise<string>;
    json(): Promise<unknown>;
  }
  export type FetchLike = (url: string | URL, init?: { method?: string; headers?: Headers; body?: unknown }) => Promise<FetchResponseLike>;

  export interface StreamClientOptions {
    endpointUrl: string;
    fetch?: FetchLike;
    headers?: Record<string, string>;
  }

  export interface QueryOptions {
    headers?: Record<string, string>;
    operation?: 'get' | 'postUrlencoded' | 'postDirect';
  }

  export class StreamClient {
    constructor(options: StreamClientOptions);
    query: {
      /** Quads (RDF/JS) of a CONSTRUCT or DESCRIBE answer, as an object-mode stream. */
      construct(query: string, options?: QueryOptions): Readable;
    };
  }
  export default StreamClient;
}
