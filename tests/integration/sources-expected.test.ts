import { startServer } from '../../server/index.js';
import { getJson, tempDb } from '../helpers.js';

describe('GET /api/sources on a first start', () => {
  test('lists the configured sources that have not run yet, as not loaded, beside those that have', async () => {
    const t = tempDb();
    // started now: a 'running' run older than LMI_LOCK_MAX_HOURS would be shown as interrupted
    const startedAt = new Date().toISOString();
    t.db.prepare(`INSERT INTO ingest_runs (source, trigger, started_at, outcome) VALUES ('eurostat:une_rt_a', 'startup', ?, 'running')`).run(startedAt);
    t.db.close();
    const server = await startServer({ dbPath: t.path, port: 0, host: '127.0.0.1', expectedSources: ['eurostat:une_rt_a', 'eurostat:une_rt_m', 'esco'] });
    try {
      const { status, body } = await getJson(server.url, '/api/sources');
      expect(status).toBe(200);
      const notLoaded = { kind: null, upstreamVersion: null, upstreamUpdated: null, upstreamUrl: null, loadedAt: null, rowCounts: {}, attribution: null, ageHours: null, lastSuccess: null };
      const running = { id: 1, source: 'eurostat:une_rt_a', trigger: 'startup', startedAt, finishedAt: null, outcome: 'running', errorKind: null, errorMessage: null, rowCounts: null };
      expect(body).toEqual({
        sources: [
          { name: 'esco', ...notLoaded, lastAttempt: null, recentRuns: [] },
          { name: 'eurostat:une_rt_a', ...notLoaded, lastAttempt: running, recentRuns: [running] },
          { name: 'eurostat:une_rt_m', ...notLoaded, lastAttempt: null, recentRuns: [] },
        ],
      });
    } finally {
      await server.close();
      t.cleanup();
    }
  });
});
