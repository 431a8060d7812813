import { Router } from 'express';
import type { Db } from '../../data/db.js';
import { schemaVersion } from '../../data/db.js';

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const sources = db.prepare('SELECT COUNT(*) AS n FROM sources').get() as { n: number };
    res.json({ ok: true, schemaVersion: schemaVersion(db), sourcesLoaded: sources.n });
  });
  return router;
}
