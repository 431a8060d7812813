/**
 * Reading a local ESCO RDF dump (I/O): the file is streamed through n3's StreamParser into the
 * collector, triple by triple, so the whole dump is never held in memory (rdflib is not available to
 * a Node tool, and a full in-memory store of the 6.5-million-triple dump would need gigabytes).
 * Formats: Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG (.trig) through n3, and RDF/XML (.rdf,
 * .owl, .xml) through rdfxml-streaming-parser (n3 has no RDF/XML parser; this one streams as well and
 * yields the same RDF/JS quads), each optionally gzipped (.gz).
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { StreamParser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { IngestError } from '../../data/errors.js';
import type { Logger } from '../core/log.js';
import { versionFromName } from '../esco/fetch.js';
import { EscoGraphCollector, type CollectOptions } from './graph.js';

const RDF_XML = 'application/rdf+xml';
const BASE_IRI = 'http://data.europa.eu/esco/';

const formats: [RegExp, string][] = [
  [/\.(ttl|turtle)$/i, 'text/turtle'],
  [/\.nt$/i, 'application/n-triples'],
  [/\.nq$/i, 'application/n-quads'],
  [/\.trig$/i, 'application/trig'],
  [/\.(rdf|owl|xml)$/i, RDF_XML],
];

/** The media type of a dump file name (after a .gz suffix is removed), or an 'input' error. */
export function rdfFormatFor(path: string): string {
  const name = basename(path).replace(/\.gz$/i, '');
  const found = formats.find(([re]) => re.test(name));
  if (!found) throw new IngestError('input', `${path}: unknown RDF file type; expected .ttl, .nt, .nq, .trig or .rdf (RDF/XML), optionally .gz`);
  return found[1];
}

/** The ESCO version a dump's file name shows (`esco-v1.1.1.ttl`, `ESCO dataset - v1.2.0 ...`); its folders are not looked at. */
export function versionFromFileName(path: string): string | null {
  return versionFromName(basename(path));
}

/** Streams the triples of `source` (already opened) into `collector`. */
export async function streamRdf(source: Readable, format: string, collector: EscoGraphCollector, where: string, log?: Logger): Promise<void> {
  const parser = format === RDF_XML ? new RdfXmlParser({ baseIRI: BASE_IRI }) : new StreamParser({ format, baseIRI: BASE_IRI });
  // The RDF/XML parser ends quietly on a document whose tags never close (a dump cut off mid-file):
  // keep the tail to check that the root element was closed.
  let tail = '';
  source.on('error', (err) => parser.destroy(err));
  if (format === RDF_XML) source.on('data', (chunk: Buffer | string) => (tail = (tail + chunk.toString()).slice(-200)));
  source.pipe(parser);
  try {
    for await (const quad of parser as AsyncIterable<import('@rdfjs/types').Quad>) {
      collector.add(quad);
      if (collector.triples % 200_000 === 0) log?.progress(`reading ${where}`, collector.triples);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new IngestError('input', `${where}: cannot read (${e.message})`, { cause: err });
    throw new IngestError('invalid', `${where}: not valid ${format} (${e.message})`, { cause: err });
  }
  if (format === RDF_XML && !/<\/([\w.-]+:)?RDF>\s*$/.test(tail)) {
    throw new IngestError('invalid', `${where}: not valid ${format} (the document ends before its closing </rdf:RDF>: a file cut off?)`);
  }
  log?.progress(`reading ${where}`, collector.triples, collector.triples);
}

export async function readRdfDump(path: string, opts: CollectOptions & { log?: Logger } = {}): Promise<EscoGraphCollector> {
  const format = rdfFormatFor(path);
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch {
    throw new IngestError('input', `ESCO RDF dump not found: ${path}`);
  }
  const collector = new EscoGraphCollector(opts);
  const file = createReadStream(path);
  const source: Readable = /\.gz$/i.test(path) ? file.pipe(createGunzip()) : file;
  if (source !== file) file.on('error', (err) => source.destroy(err));
  await streamRdf(source, format, collector, path, opts.log);
  return collector;
}
