/** `lmi snapshot`: a consistent, servable copy with its manifest, even while a writer is mid-transaction. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openReadOnly, openWritable } from '../../data/db.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { loadDataset } from '../../data/series-write.js';
import { createSnapshot, manifestPath } from '../../scripts/commands/snapshot.js';
import { tempDb, tempDir } from '../helpers.js';
import { demoPayload, parseDemo } from '../support/ops-source.js';

test('the snapshot holds the committed state only, without WAL or locks, and its manifest matches it', async () => {
  const t = tempDb();
  const out = tempDir('lmi-snap-');
  try {
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, 'opsdemo:demo', async () => loadDataset(t.db, parseDemo(demoPayload('demo', 4, 5), 'https://example.org/demo.json')));
    t.db.prepare(`INSERT INTO ingest_locks (source, run_id, pid, host, acquired_at) VALUES ('opsdemo:other', NULL, 1, 'h', '2026-11-27T00:00:00Z')`).run();

    // another writer is in the middle of replacing the dataset
    const writer = openWritable(t.path);
    writer.prepare('BEGIN IMMEDIATE').run();
    writer.prepare(`DELETE FROM observations`).run();
    writer.prepare(`UPDATE sources SET upstream_version = 'half-written'`).run();

    const file = join(out.dir, 'snap.sqlite');
    const manifest = await createSnapshot(t.path, file);
    writer.prepare('ROLLBACK').run();
    writer.close();

    expect(manifest).toMatchObject({
      file: 'snap.sqlite',
      schemaVersion: t.db.pragma('user_version', { simple: true }),
      sources: [{ name: 'opsdemo:demo', kind: 'opsdemo', upstreamVersion: '2026-11-01T11:00:00Z', upstreamUpdated: '2026-11-01T11:00:00Z', rowCounts: expect.objectContaining({ observations: 20 }) }],
    });
    expect(JSON.parse(readFileSync(manifestPath(file), 'utf8'))).toEqual(manifest);
    expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(manifest.bytes).toBe(readFileSync(file).length);

    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT COUNT(*) AS n FROM observations').get()).toEqual({ n: 20 });
    expect(copy.prepare('SELECT COUNT(*) AS n FROM ingest_locks').get()).toEqual({ n: 0 });
    copy.close();
    openReadOnly(file).close(); // what `lmi serve --read-only` opens
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(readdirSync(out.dir).sort()).toEqual(['snap.sqlite', 'snap.sqlite.manifest.json']);
  } finally {
    t.cleanup();
    out.cleanup();
  }
});

test('an existing snapshot is replaced only with force, and never the database itself', async () => {
  const t = tempDb();
  const out = tempDir('lmi-snap-');
  try {
    const file = join(out.dir, 'snap.sqlite');
    await createSnapshot(t.path, file);
    await expect(createSnapshot(t.path, file)).rejects.toMatchObject({ kind: 'input', message: `${file} exists; add --force to replace it` });
    await expect(createSnapshot(t.path, file, { force: true })).resolves.toMatchObject({ file: 'snap.sqlite', sources: [] });
    await expect(createSnapshot(t.path, t.path, { force: true })).rejects.toMatchObject({ kind: 'input', message: 'the snapshot must be a different file from the database' });
  } finally {
    t.cleanup();
    out.cleanup();
  }
});
