/**
 * The adviser's web pages: one HTML shell for every page (the browser code picks the page from the
 * path), the compiled browser code, the stylesheet and Chart.js from the installed package. Nothing
 * is fetched from anywhere else, and every response here carries a strict Content-Security-Policy
 * (scripts and styles from this origin only, no inline code), which the JSON API does not need.
 */
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Page paths served by the shell; the browser code maps each to its page module. */
export const WEB_PAGES = ['/', '/occupation', '/skill', '/sectors', '/sector', '/unemployment', '/sources'] as const;

/** The project root: the nearest folder above this module holding package.json (works from src and dist). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('web routes: project root (package.json) not found');
    dir = parent;
  }
  return dir;
}

export function chartJsPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

const pageSecurity: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      // PNG downloads are data: URLs made from the chart canvas; CSV downloads are blob: URLs.
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // Served over plain http on a LAN as often as not: do not force https.
  strictTransportSecurity: false,
});

export interface WebRoutesOptions {
  /** Folder of the page shell and stylesheets (default: <root>/web). */
  webDir?: string;
  /** Folder of the compiled browser code (default: <root>/dist/web). */
  scriptsDir?: string;
}

export function webRoutes(opts: WebRoutesOptions = {}): Router {
  const root = projectRoot();
  const webDir = resolve(opts.webDir ?? join(root, 'web'));
  const scriptsDir = resolve(opts.scriptsDir ?? join(root, 'dist', 'web'));
  const shell = join(webDir, 'index.html');
  const chartJs = chartJsPath();
  // Assets are named without a content hash, so ask the browser to revalidate (cheap 304s).
  const staticOptions = { index: false, fallthrough: false, maxAge: 0, etag: true } as const;

  const router = Router();
  router.get([...WEB_PAGES], pageSecurity, (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(shell);
  });
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/assets/vendor/chart.umd.js', pageSecurity, (_req, res) => {
    res.sendFile(chartJs, { maxAge: '1d' });
  });
  router.use('/assets/css', pageSecurity, express.static(join(webDir, 'css'), staticOptions));
  router.use('/assets/js', pageSecurity, express.static(scriptsDir, staticOptions));
  return router;
}
