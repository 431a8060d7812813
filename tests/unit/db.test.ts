import { latestSchemaVersion, migrate, openReadOnly, prepared, schemaVersion } from '../../data/db.js';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { migrations } from '../../data/migrations/index.js';
import { tempDb } from '../helpers.js';

describe('database', () => {
  test('migrates an empty file to the latest version, in WAL mode, and re-running is a no-op', () => {
    const t = tempDb();
    try {
      expect(schemaVersion(t.db)).toBe(latestSchemaVersion());
      expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(migrate(t.db)).toBe(0);
      const tables = (t.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['sources', 'ingest_runs', 'ingest_locks', 'datasets', 'series', 'observations']));
    } finally {
      t.cleanup();
    }
  });

  test('migrations are numbered 1, 2, 3 … without a gap (a gap would let user_version skip a later-added lower number)', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_m, i) => i + 1));
    expect(latestSchemaVersion()).toBe(8);
  });

  test('prepared() compiles a statement once per connection and SQL text', () => {
    const t = tempDb();
    try {
      const count = 'SELECT COUNT(*) FROM sources';
      const first = prepared(t.db, count);
      expect(prepared(t.db, count)).toBe(first);
      expect(prepared(t.db, 'SELECT COUNT(*) FROM ingest_runs')).not.toBe(first);
      const other = openReadOnly(t.path);
      try {
        expect(prepared(other, count)).not.toBe(first);
        expect(prepared(other, count).get()).toEqual({ 'COUNT(*)': 0 });
      } finally {
        other.close();
      }
    } finally {
      t.cleanup();
    }
  });

  test('the read-only connection refuses writes', () => {
    const t = tempDb();
    try {
      t.db.close();
      const ro = openReadOnly(t.path);
      expect(() => ro.prepare(`INSERT INTO sources (name, kind, loaded_at, attribution) VALUES ('x', 'x', 'x', 'x')`).run()).toThrow(/readonly/i);
      ro.close();
    } finally {
      t.cleanup();
    }
  });

  test('a failed run is recorded with its error kind and releases its lock', async () => {
    const t = tempDb();
    try {
      const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
      await expect(
        runIngest(ctx, 'demo', async () => {
          throw new IngestError('empty', 'no data for geo=XX');
        }),
      ).rejects.toThrow('no data for geo=XX');
      const run = t.db.prepare('SELECT source, outcome, error_kind, error_message FROM ingest_runs').get();
      expect(run).toEqual({ source: 'demo', outcome: 'failed', error_kind: 'empty', error_message: 'no data for geo=XX' });
      expect(t.db.prepare('SELECT COUNT(*) AS n FROM ingest_locks').get()).toEqual({ n: 0 });
      const ok = await runIngest(ctx, 'demo', async () => ({ counts: { rows: 3 } }));
      expect(ok.outcome).toBe('success');
    } finally {
      t.cleanup();
    }
  });
});
