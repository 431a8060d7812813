/**
 * Reading a local ESCO RDF dump (I/O): the file is streamed through n3's StreamParser into the
 * collector, triple by triple, so the whole dump is never held in memory (rdflib is not available to
 * a Node tool, and a full in-memory store of the 6.5-million-triple dump would need gigabytes).
 * Formats n3 parses: Turtle (.ttl), N-Triples (.nt), N-Quads (.nq), TriG (.trig), optionally gzipped
 * (.gz). RDF/XML (.rdf, .owl, .xml) is not one of them: the run stops with a message saying how to
 * convert it.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { StreamParser } from 'n3';
import { IngestError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { EscoGraphCollector, type CollectOptions } from './graph.js';

const formats: [RegExp, string][] = [
  [/\.(ttl|turtle)$/i, 'text/turtle'],
  [/\.nt$/i, 'application/n-triples'],
  [/\.nq$/i, 'application/n-quads'],
  [/\.trig$/i, 'application/trig'],
];

/** n3's format name for a dump file name (after a .gz suffix is removed), or an 'input' error. */
export function rdfFormatFor(path: string): string {
  const name = basename(path).replace(/\.gz$/i, '');
  if (/\.(rdf|owl|xml)$/i.test(name)) {
    throw new IngestError(
      'input',
      `${path}: RDF/XML cannot be streamed by the n3 parser this tool uses. Download the ESCO dump as Turtle (.ttl) instead, or convert it first, e.g. \`riot --output=nt ${basename(path)} > esco.nt\` (Apache Jena) or \`rapper -i rdfxml -o ntriples ${basename(path)} > esco.nt\`.`,
    );
  }
  const found = formats.find(([re]) => re.test(name));
  if (!found) throw new IngestError('input', `${path}: unknown RDF file type; expected .ttl, .nt, .nq or .trig (optionally .gz)`);
  return found[1];
}

/** The ESCO version a dump's file name shows (`esco-v1.1.1.ttl`, `ESCO dataset - v1.2.0 ...`). */
export function versionFromFileName(path: string): string | null {
  const m = basename(path).match(/v(\d+\.\d+(?:\.\d+)?)/i);
  return m ? `v${m[1]}` : null;
}

/** Streams the triples of `source` (already opened) into `collector`. */
export async function streamRdf(source: Readable, format: string, collector: EscoGraphCollector, where: string, log?: Logger): Promise<void> {
  const parser = new StreamParser({ format, baseIRI: 'http://data.europa.eu/esco/' });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const quad of parser as AsyncIterable<import('n3').Quad>) {
      collector.add(quad);
      if (collector.triples % 200_000 === 0) log?.progress(`reading ${where}`, collector.triples);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new IngestError('input', `${where}: cannot read (${e.message})`, { cause: err });
    throw new IngestError('invalid', `${where}: not valid ${format} (${e.message})`, { cause: err });
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
