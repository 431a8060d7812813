/**
 * Local files named on the command line (`--from`, saved answers, code lists): one wording for a file
 * that cannot be read, as an 'input' error (exit code 2) naming the file, whatever reads it.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { IngestError } from '../../data/errors.js';

/** Runs `access` on the local file `path`; a failure (missing, unreadable) becomes IngestError('input'). */
export function onLocalFile<T>(path: string, access: (path: string) => T): T {
  try {
    return access(path);
  } catch (err) {
    throw new IngestError('input', `cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The bytes of a local file. */
export function readLocalFile(path: string): Buffer;
/** The text of a local file. */
export function readLocalFile(path: string, encoding: 'utf8'): string;
export function readLocalFile(path: string, encoding?: 'utf8'): Buffer | string {
  return onLocalFile(path, (p) => (encoding ? readFileSync(p, encoding) : readFileSync(p)));
}

/** The first `max` bytes of a local file (fewer when it is shorter), without reading the rest. */
export function readLocalHead(path: string, max: number): Buffer {
  return onLocalFile(path, (p) => {
    const head = Buffer.alloc(max);
    const fd = openSync(p, 'r');
    try {
      return head.subarray(0, readSync(fd, head, 0, max, 0));
    } finally {
      closeSync(fd);
    }
  });
}
