import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openReadOnly } from '../../data/db.js';
import { createApp } from '../../server/app.js';
import { getJson, tempDb } from '../helpers.js';

describe('GET /api/sources on a first start', () => {
  test('lists the configured sources that have not run yet, as not loaded, beside those that have', async () => {
    const t = tempDb();
    t.db.prepare(`INSERT INTO ingest_runs (source, trigger, started_at, outcome) VALUES ('eurostat:une_rt_a', 'startup', '2026-11-27T10:00:00.000Z', 'running')`).run();
    t.db.close();
    const db = openReadOnly(t.path);
    const app = createApp({ db, expectedSources: ['eurostat:une_rt_a', 'eurostat:une_rt_m', 'esco'] });
    const server = await new Promise<Server>((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const { status, body } = await getJson(`http://127.0.0.1:${port}`, '/api/sources');
      expect(status).toBe(200);
      const summary = (body.sources as { name: string; loadedAt: string | null; lastAttempt: { outcome: string } | null }[])
        .map((s) => [s.name, s.loadedAt, s.lastAttempt?.outcome ?? null])
        .sort();
      expect(summary).toEqual([
        ['esco', null, null],
        ['eurostat:une_rt_a', null, 'running'],
        ['eurostat:une_rt_m', null, null],
      ]);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
      db.close();
      t.cleanup();
    }
  });
});
