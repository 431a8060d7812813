import { Router } from 'express';
import type { Db } from '../../data/db.js';
import { schemaVersion } from '../../data/db.js';

export function healthRoutes(db: Db): Router {
  const router = Router();
  const sourcesLoaded = db.prepare('SELECT COUNT(*) FROM sources').pluck();
  router.get('/api/health', (_req, res) => {
    res.json({ ok: true, schemaVersion: schemaVersion(db), sourcesLoaded: sourcesLoaded.get() as number });
  });
  return router;
}
