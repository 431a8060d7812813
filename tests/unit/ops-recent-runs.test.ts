/** recentRunsBySource: the run history GET /api/sources carries, capped per source, newest first. */
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { recentRunsBySource } from '../../data/runs.js';
import { tempDb } from '../helpers.js';

test('the latest N runs of each source, newest first, with outcome and error', async () => {
  const t = tempDb();
  try {
    const ctx = { db: t.db, log: silentLogger, trigger: 'cli' as const };
    for (let i = 1; i <= 12; i++) {
      await runIngest(ctx, 'a', async () => {
        if (i % 3 === 0) throw new IngestError('timeout', `attempt ${i} timed out`);
        return { counts: { rows: i } };
      }).catch(() => undefined);
    }
    await runIngest(ctx, 'b', async () => ({ counts: { rows: 1 } }));
    const recent = recentRunsBySource(t.db, 10);
    const a = recent.get('a')!;
    expect(a).toHaveLength(10);
    const ids = (t.db.prepare(`SELECT id FROM ingest_runs WHERE source = 'a' ORDER BY id DESC LIMIT 10`).all() as { id: number }[]).map((r) => r.id);
    expect(a.map((r) => r.id)).toEqual(ids);
    expect(a[0]).toMatchObject({ source: 'a', outcome: 'failed', errorKind: 'timeout', errorMessage: 'attempt 12 timed out' });
    expect(a[1]).toMatchObject({ outcome: 'success', errorKind: null, rowCounts: { rows: 11 } });
    expect(a.map((r) => r.outcome).filter((o) => o === 'failed')).toHaveLength(4); // attempts 3, 6, 9 and 12 (1 and 2 are beyond the last 10)
    expect(recent.get('b')).toEqual([expect.objectContaining({ source: 'b', outcome: 'success' })]);
  } finally {
    t.cleanup();
  }
});
