/**
 * `lmi snapshot OUT`: publishes a consistent, read-only copy of the database for `lmi serve
 * --read-only` instances, with a manifest (OUT.manifest.json: sources, versions, sha256).
 * The copy is made with `VACUUM INTO` from a read-only connection, which reads one consistent
 * state even while an ingest is writing; it is written beside OUT and renamed into place, so a
 * reader never sees a half-written snapshot.
 */
import type { Command } from 'commander';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { defaultDbPath, openReadOnly, schemaVersion } from '../../data/db.js';
import { IngestError } from '../../data/errors.js';
import { sourceStatuses } from '../../data/sources.js';

export interface SnapshotManifest {
  file: string;
  createdAt: string;
  schemaVersion: number;
  bytes: number;
  sha256: string;
  sources: { name: string; kind: string | null; upstreamVersion: string | null; upstreamUpdated: string | null; loadedAt: string | null; rowCounts: Record<string, number> }[];
}

function sha256File(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => ok(hash.digest('hex')));
  });
}

export const manifestPath = (out: string) => `${out}.manifest.json`;

export async function createSnapshot(dbPath: string, out: string, opts: { force?: boolean } = {}): Promise<SnapshotManifest> {
  const target = resolve(out);
  if (target === resolve(dbPath)) throw new IngestError('input', 'the snapshot must be a different file from the database');
  if (existsSync(target) && !opts.force) throw new IngestError('input', `${target} exists; add --force to replace it`);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const source = openReadOnly(dbPath);
  try {
    source.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    source.close();
  }
  // A snapshot is served from possibly read-only storage by many processes: no WAL (it needs a
  // writable -shm file), no locks of runs that were in progress when it was taken.
  const copy = new Database(tmp);
  let manifest: Omit<SnapshotManifest, 'bytes' | 'sha256'>;
  try {
    copy.pragma('journal_mode = DELETE');
    copy.prepare('DELETE FROM ingest_locks').run();
    manifest = {
      file: basename(target),
      createdAt: new Date().toISOString(),
      schemaVersion: schemaVersion(copy),
      sources: sourceStatuses(copy)
        .filter((s) => s.loadedAt)
        .map((s) => ({ name: s.name, kind: s.kind, upstreamVersion: s.upstreamVersion, upstreamUpdated: s.upstreamUpdated, loadedAt: s.loadedAt, rowCounts: s.rowCounts })),
    };
  } finally {
    copy.close();
  }
  const full: SnapshotManifest = { ...manifest, bytes: statSync(tmp).size, sha256: await sha256File(tmp) };
  renameSync(tmp, target);
  writeFileSync(manifestPath(target), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('write a consistent read-only copy of the database to OUT, with OUT.manifest.json (sources, versions, sha256)')
    .argument('<out>', 'snapshot file to write, e.g. /srv/lmi/lmi-2026-11-27.sqlite')
    .option('--db <path>', 'database to copy (env LMI_DB)', defaultDbPath())
    .option('--force', 'replace OUT if it exists (atomically: servers that have it open keep their copy)')
    .addHelpText('after', '\nServe it with: LMI_DB=OUT lmi serve --read-only (any number of instances)')
    .action(async (out: string, opts: { db: string; force?: boolean }) => {
      const m = await createSnapshot(opts.db, out, { force: opts.force });
      console.log(`lmi: snapshot ${resolve(out)}: ${m.sources.length} sources, ${(m.bytes / 1e6).toFixed(1)} MB, sha256 ${m.sha256}`);
      console.log(`lmi: manifest ${manifestPath(resolve(out))}`);
    });
}
