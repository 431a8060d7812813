import { Router } from 'express';
import type { Db } from '../../data/db.js';
import { schemaVersion } from '../../data/db.js';
import { sourceCount } from '../../data/sources.js';

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    res.json({ ok: true, schemaVersion: schemaVersion(db), sourcesLoaded: sourceCount(db) });
  });
  return router;
}
